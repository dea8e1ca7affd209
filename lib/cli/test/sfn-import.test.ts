/**
 * `sfn import`: writes the template, prints the declaration, --vars-out values that `sfn render
 * --vars` accepts (checked with the real command, in process and through bin/sfn.js), --update
 * with its diff, and every kind of bad input: clear message, exit 1 or 2, nothing overwritten.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { main } from '../sfn';

const repo = join(__dirname, '..', '..', '..');
const fixtures = join(repo, 'lib', 'asl', 'import', 'test', 'fixtures');
let tmp: string;

async function sfn(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd: tmp, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}
const read = (path: string) => readFileSync(join(tmp, path), 'utf8');
const fixture = (name: string, as = name) => copyFileSync(join(fixtures, name), join(tmp, as));

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sfn-import-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('imports an export: template written, declaration printed, values that sfn render --vars accepts', async () => {
  fixture('crm-lead.json');
  const r = await sfn('import', 'crm-lead.json', '--vars-out', 'values.json');
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('wrote statemachine/crm-lead.asl.json: 4 placeholders; their values in values.json (sfn render statemachine/crm-lead.asl.json --vars values.json)\n');
  expect(r.stdout).toContain("export const crmLead: Workflow = () => ({");
  expect(r.stdout).toContain("ReceiveLeadFunctionArn: fn('receive-lead'),");
  expect(read('statemachine/crm-lead.asl.json')).toContain('"FunctionName": "${ReceiveLeadFunctionArn}"');
  expect(JSON.parse(read('values.json'))).toMatchObject({ ReceiveLeadFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ReceiveLead:$LATEST' });
  const rendered = await sfn('render', 'statemachine/crm-lead.asl.json', '--vars', 'values.json');
  expect(rendered.code).toBe(0);
  expect(JSON.parse(rendered.stdout)).toEqual(JSON.parse(read('crm-lead.json')));
  // No temporary file is left behind.
  expect(readdirSync(join(tmp, 'statemachine'))).toEqual(['crm-lead.asl.json']);
});

test('the installed command: bin/sfn.js import, then bin/sfn.js render --vars gives the export back', () => {
  fixture('jsonata-sqs.yaml', 'Batch Sender.asl.yaml');
  const bin = join(repo, 'bin', 'sfn.js');
  execFileSync(process.execPath, [bin, 'import', 'Batch Sender.asl.yaml', '--vars-out', 'vars.json'], { cwd: tmp, stdio: 'pipe' });
  const out = execFileSync(process.execPath, [bin, 'render', 'statemachine/batch-sender.asl.json', '--vars', 'vars.json'], { cwd: tmp, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual(parseYaml(read('Batch Sender.asl.yaml')));
});

test('ambiguous identifiers are reported as warnings with file:line:column, and the import goes on', async () => {
  fixture('comments.json');
  const r = await sfn('import', 'comments.json');
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('comments.json:2:21: warning: function arn:aws:lambda:us-east-1:123456789012:function:Audit inside a Comment: left unchanged');
  expect(r.stderr).toContain('comments.json:9:52: warning: region us-east-1 inside an intrinsic function: left unchanged');
});

test('--update shows the change as a diff, keeps the names, and writes; --dry-run writes nothing', async () => {
  fixture('crm-lead.json', 'v1.json');
  expect((await sfn('import', 'v1.json', '--name', 'crm-lead', '--vars-out', 'v1.vars.json')).code).toBe(0);
  const v2 = JSON.parse(read('v1.json'));
  v2.States.CreatePartner.Next = 'CreateBenefit';
  delete v2.States.CreatePartner.End;
  v2.States.CreateBenefit = {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:CreateBenefit:$LATEST', 'Payload.$': '$' },
    End: true,
  };
  writeFileSync(join(tmp, 'v2.json'), JSON.stringify(v2, null, 2));
  const before = read('statemachine/crm-lead.asl.json');

  const dry = await sfn('import', 'v2.json', '--name', 'crm-lead', '--update', '--vars', 'v1.vars.json', '--dry-run');
  expect(dry.code).toBe(0);
  expect(dry.stdout).toMatch(/^--- a\/statemachine\/crm-lead\.asl\.json\n\+\+\+ b\/statemachine\/crm-lead\.asl\.json\n@@ /);
  expect(dry.stdout).toContain('-      "End": true\n+      "Next": "CreateBenefit"\n');
  expect(dry.stdout).toContain('+        "FunctionName": "${CreateBenefitFunctionArn}",\n');
  expect(dry.stderr).toContain('--dry-run, nothing written');
  expect(read('statemachine/crm-lead.asl.json')).toBe(before);

  const r = await sfn('import', 'v2.json', '--name', 'crm-lead', '--update', '--vars', 'v1.vars.json', '--vars-out', 'v2.vars.json');
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`${dry.stdout}${r.stdout.slice(dry.stdout.length)}`);
  const after = read('statemachine/crm-lead.asl.json');
  expect(after).not.toBe(before);
  for (const name of ['ReceiveLeadFunctionArn', 'CreateClientFunctionArn', 'CreatePartnerFunctionArn', 'CatchErrorsFunctionArn', 'CreateBenefitFunctionArn'])
    expect(after).toContain(`\${${name}}`);
  const rendered = await sfn('render', 'statemachine/crm-lead.asl.json', '--vars', 'v2.vars.json');
  expect(JSON.parse(rendered.stdout)).toEqual(v2);

  const again = await sfn('import', 'v2.json', '--name', 'crm-lead', '--update');
  expect(again.stdout).toMatch(/^statemachine\/crm-lead\.asl\.json: no change\n/);
});

describe('bad input: a clear message, nothing overwritten', () => {
  test('an existing template without --update: exit 2', async () => {
    fixture('crm-lead.json');
    await sfn('import', 'crm-lead.json');
    writeFileSync(join(tmp, 'statemachine', 'crm-lead.asl.json'), 'hand-edited');
    const r = await sfn('import', 'crm-lead.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'sfn: statemachine/crm-lead.asl.json already exists: re-import over it with --update (it keeps the placeholder names and shows the change first), or choose another --name\n',
    );
    expect(read('statemachine/crm-lead.asl.json')).toBe('hand-edited');
  });

  test('an export that is not valid ASL: every error located in the export, exit 1', async () => {
    writeFileSync(join(tmp, 'bad.json'), '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Next": "Nowhere" }\n  }\n}\n');
    const r = await sfn('import', 'bad.json', '--vars-out', 'v.json');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      'bad.json:3:13: error: the state machine has no terminal state: at least one state must be a Succeed or Fail state or have "End": true [MISSING_END_STATE]',
      'bad.json:4:100: error: state "A": field "Next" names "Nowhere", which is not a state of this scope [MISSING_TRANSITION_TARGET]',
      'sfn import: bad.json is not a valid state machine definition: 2 errors (nothing written)',
      '',
    ]);
    expect(existsSync(join(tmp, 'statemachine'))).toBe(false);
    expect(existsSync(join(tmp, 'v.json'))).toBe(false);
  });

  test('not JSON at all, and YAML with anchors: located, exit 1', async () => {
    writeFileSync(join(tmp, 'broken.json'), '{"StartAt": "A",\n  "States": {]\n}');
    const broken = await sfn('import', 'broken.json');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^broken\.json:2:14: error: invalid JSON: /);
    writeFileSync(join(tmp, 'anchors.yaml'), 'StartAt: A\nStates:\n  A: &pass\n    Type: Pass\n    End: true\n  B: *pass\n');
    const anchors = await sfn('import', 'anchors.yaml');
    expect(anchors.code).toBe(1);
    expect(anchors.stderr).toContain('anchors.yaml:3:6: error: YAML anchor &pass is not supported');
    expect(anchors.stderr).toContain('anchors.yaml:6:6: error: YAML alias *pass is not supported');
    expect(existsSync(join(tmp, 'statemachine'))).toBe(false);
  });

  test('a name that is not a workflow name, and usage mistakes: exit 2', async () => {
    fixture('crm-lead.json', 'My Export!.json');
    expect(await sfn('import', 'My Export!.json', '--name', 'Crm_Lead')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'sfn: --name "Crm_Lead": a workflow name is lower-case letters and digits in words joined by "-" (e.g. crm-lead); it names statemachine/<name>.asl.json and the <name>-<env> stacks\n',
    });
    expect((await sfn('import', 'My Export!.json')).code).toBe(0);
    expect(existsSync(join(tmp, 'statemachine', 'my-export.asl.json'))).toBe(true);
    expect((await sfn('import', 'missing.json')).stderr).toBe('sfn: missing.json: no such file\n');
    expect((await sfn('import', 'My Export!.json', '--name', 'other', '--update')).stderr).toBe(
      'sfn: --update: statemachine/other.asl.json does not exist; import without --update to create it\n',
    );
    expect((await sfn('import', 'My Export!.json', '--name', 'x', '--dry-run')).code).toBe(2);
  });

  test('a broken template to update is reported, not overwritten', async () => {
    fixture('crm-lead.json');
    await sfn('import', 'crm-lead.json');
    writeFileSync(join(tmp, 'statemachine', 'crm-lead.asl.json'), '{"StartAt": "${a.b}"}');
    const r = await sfn('import', 'crm-lead.json', '--update');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('statemachine/crm-lead.asl.json:1:14: error: malformed placeholder "${a.b}"');
    expect(read('statemachine/crm-lead.asl.json')).toBe('{"StartAt": "${a.b}"}');
  });
});
