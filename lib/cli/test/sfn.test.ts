import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_PROJECT } from '../../test/fixture-project';
import { main } from '../sfn';

// `cwd` is where a command runs; `tmp` is the only folder a test may delete.
let tmp: string;
let cwd: string;

async function sfn(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

const good = JSON.stringify(
  {
    StartAt: 'Invoke',
    States: {
      Invoke: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: '${Fn}', 'Payload.$': '$' },
        TimeoutSeconds: '${Timeout}',
        End: true,
      },
    },
  },
  null,
  2,
);

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sfn-cli-'));
  cwd = tmp;
  mkdirSync(join(cwd, 'statemachine'));
  writeFileSync(join(cwd, 'statemachine', 'good.asl.json'), good);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('sfn validate', () => {
  test('validates every template of statemachine/ by default: exit 0', async () => {
    const r = await sfn('validate');
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'ok 1 template valid\n' });
  });

  test('in a project: every template of its statemachine/ (the fixture project\'s three), valid, no warning', async () => {
    cwd = FIXTURE_PROJECT;
    const r = await sfn('validate');
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'ok 3 templates valid\n' });
  });

  test('a project without templates (no statemachine/ folder, or an empty one): nothing to check, exit 0', async () => {
    rmSync(join(cwd, 'statemachine'), { recursive: true });
    expect(await sfn('validate')).toEqual({ code: 0, stdout: '', stderr: 'ok no templates in statemachine/ yet\n' });
    mkdirSync(join(cwd, 'statemachine'));
    expect(await sfn('validate')).toEqual({ code: 0, stdout: '', stderr: 'ok no templates in statemachine/ yet\n' });
    expect(JSON.parse((await sfn('validate', '--json')).stdout)).toEqual({ valid: true, files: [] });
    expect(await sfn('validate', 'statemachine')).toMatchObject({ code: 2, stderr: 'sfn: statemachine: no *.asl.json files in this directory\n' });
  });

  test('one FILE:LINE:COL line per problem, exit 1', async () => {
    writeFileSync(join(cwd, 'statemachine', 'bad.asl.json'), '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "B" }\n  }\n}\n');
    const r = await sfn('validate');
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line).toMatch(/^statemachine\/bad\.asl\.json:\d+:\d+: error: /);
    expect(r.stdout).toContain('statemachine/bad.asl.json:4:36: error: ');
    expect(r.stderr).toMatch(/problems? in 1 of 2 templates/);
  });

  test('template errors are located too', async () => {
    writeFileSync(join(cwd, 'x.asl.json'), '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "${a.b}", "End": true}}}');
    const r = await sfn('validate', 'x.asl.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('x.asl.json:1:63: error: malformed placeholder "${a.b}"');
  });

  test('--json is machine-readable', async () => {
    writeFileSync(join(cwd, 'bad.asl.json'), '{"StartAt": "A", "States": {}');
    const r = await sfn('validate', '--json', 'bad.asl.json', 'statemachine/good.asl.json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.files).toEqual([
      { file: 'bad.asl.json', valid: false, problems: [{ line: 1, column: 30, pointer: null, severity: 'error', message: expect.stringContaining('invalid JSON') }] },
      { file: 'statemachine/good.asl.json', valid: true, problems: [] },
    ]);
  });

  test('values given with --var/--vars replace the stand-ins', async () => {
    writeFileSync(join(cwd, 'v.json'), '{"Timeout": -5}');
    const r = await sfn('validate', '--vars', 'v.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/statemachine\/good\.asl\.json:11:25: error: .*TimeoutSeconds/);
  });

  test('warnings are shown but do not fail', async () => {
    writeFileSync(
      join(cwd, 'statemachine', 'warn.asl.json'),
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, Retry: [{ ErrorEquals: ['States.Runtime'] }], End: true } } }, null, 2),
    );
    const r = await sfn('validate');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^statemachine\/warn\.asl\.json:\d+:\d+: warning: .*States\.Runtime.*\[UNRETRIABLE_ERROR\]\n$/);
  });

  test('usage errors exit 2', async () => {
    expect((await sfn('validate', 'missing.json')).code).toBe(2);
    expect((await sfn('validate', '--var', 'nope')).code).toBe(2);
    expect((await sfn('frobnicate')).code).toBe(2);
    expect((await sfn('validate', '--unknown-flag')).code).toBe(2);
    const r = await sfn('validate', 'missing.json');
    expect(r.stderr).toBe('sfn: missing.json: no such file or directory\n');
  });

  test('--version prints the package name and version of package.json, and Node.js\'s; exit 0', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const r = await sfn(flag);
      expect(r).toEqual({ code: 0, stdout: `${pkg.name} ${pkg.version} (node ${process.version})\n`, stderr: '' });
    }
  });

  test('a mistyped command: "did you mean", exit 2', async () => {
    const r = await sfn('valdate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'valdate'");
    expect(r.stderr).toContain('Did you mean validate?');
  });

  test('--help on every command', async () => {
    for (const argv of [['--help'], ['validate', '--help'], ['render', '--help']]) {
      const r = await sfn(...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: sfn/);
    }
  });
});

describe('sfn render', () => {
  test('prints the rendered definition with typed values', async () => {
    writeFileSync(join(cwd, 'v.json'), '{"Timeout": 30}');
    const r = await sfn('render', 'statemachine/good.asl.json', '--vars', 'v.json', '--var', 'Fn=arn:aws:lambda:eu-west-1:123456789012:function:f');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.States.Invoke.TimeoutSeconds).toBe(30);
    expect(out.States.Invoke.Parameters.FunctionName).toBe('arn:aws:lambda:eu-west-1:123456789012:function:f');
  });

  test('a missing value: exit 1, located, names what is available', async () => {
    const r = await sfn('render', 'statemachine/good.asl.json', '--var', 'Fn=x', '--var', 'Timout=3');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('statemachine/good.asl.json:11:26: no value for placeholder ${Timeout} (did you mean Timout?); values given: Fn, Timout');
    expect(r.stderr).toContain('value "Timout" is not used by any placeholder');
  });

  test('a --vars file that is not valid JSON is reported with its location', async () => {
    writeFileSync(join(cwd, 'v.json'), '{"Timeout": 30,}');
    const r = await sfn('render', 'statemachine/good.asl.json', '--vars', 'v.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sfn: --vars: v.json:1:15: invalid JSON: trailing comma before "}"\n');
  });

  test('the template file is left untouched', async () => {
    await sfn('render', 'statemachine/good.asl.json', '--var', 'Fn=x');
    expect(readFileSync(join(cwd, 'statemachine', 'good.asl.json'), 'utf8')).toBe(good);
  });
});
