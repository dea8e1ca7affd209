/**
 * `sfn validate` in a project checks what synth checks: every declaration (located in its file at
 * the field), each workflow's template against its bindings, and the permissions synth derives;
 * `sfn run NAME` refuses a declaration that does not validate. VS Code: the task of
 * .vscode/tasks.json puts each problem at its file:line:col (its problem matcher's pattern, applied
 * here to the output), and "Run the open template" runs a workflow's template as that workflow.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { buildApp, projectApp } from '../../../modules/app';
import { loadProject } from '../../project/load';
import { main } from '../sfn';
import { newProject, type NewProject } from './new-project';

jest.setTimeout(60_000);
const REPO = join(__dirname, '..', '..', '..');
const vscode = (file: string) => JSON.parse(fs.readFileSync(join(REPO, '.vscode', file), 'utf8'));
let project: NewProject;
let pristine: { template: string; declaration: string };

async function sfn(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd: project.root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

const TEMPLATE = join('statemachine', 'orders.asl.json');
const DECLARATION = join('workflows', 'orders.ts');
const edit = (file: string, from: string | RegExp, to: string) => fs.writeFileSync(join(project.root, file), fs.readFileSync(join(project.root, file), 'utf8').replace(from, to));

/** The problems the task's problem matcher finds in `sfn validate`'s output, as VS Code reads them. */
function matched(stdout: string): Array<{ file: string; line: number; column: number; severity: string; message: string }> {
  const task = vscode('tasks.json').tasks.find((t: { label: string }) => t.label === 'sfn validate');
  const { regexp, file, line, column, severity, message } = task.problemMatcher.pattern;
  return stdout
    .split('\n')
    .map((l) => new RegExp(regexp).exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: m[file], line: Number(m[line]), column: Number(m[column]), severity: m[severity], message: m[message] }));
}

/** The text at a problem's position. */
const at = (p: { file: string; line: number; column: number }, length: number) => fs.readFileSync(join(project.root, p.file), 'utf8').split('\n')[p.line - 1].slice(p.column - 1, p.column - 1 + length);

beforeAll(async () => {
  project = newProject();
  expect((await sfn('new', 'orders')).code).toBe(0);
  pristine = { template: fs.readFileSync(join(project.root, TEMPLATE), 'utf8'), declaration: fs.readFileSync(join(project.root, DECLARATION), 'utf8') };
});
afterEach(() => {
  fs.writeFileSync(join(project.root, TEMPLATE), pristine.template);
  fs.writeFileSync(join(project.root, DECLARATION), pristine.declaration);
});
afterAll(() => project.cleanup());

test('a placeholder typo fails sfn validate as it fails synth, at the same place (it used to pass sfn validate)', async () => {
  edit(TEMPLATE, '${OrdersFunctionArn}', '${OrdersFunctionAr}');
  const r = await sfn('validate');
  expect(r.code).toBe(1);
  const problems = matched(r.stdout);
  expect(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual([
    'statemachine/orders.asl.json:11:26: no binding for placeholder ${OrdersFunctionAr} in workflow "orders" (did you mean OrdersFunctionArn?); its bindings: OrdersFunctionArn',
    `workflows/orders.ts:${pristine.declaration.split('\n').findIndex((l) => l.includes('OrdersFunctionArn:')) + 1}:5: workflow "orders": binding "OrdersFunctionArn" is not used by any placeholder of statemachine/orders.asl.json (did you mean OrdersFunctionAr?); placeholders in this template: OrdersFunctionAr`,
  ]);
  expect(at(problems[0], 20)).toBe('${OrdersFunctionAr}"');
  expect(at(problems[1], 17)).toBe('OrdersFunctionArn');
  expect(() => buildApp(projectApp(loadProject(project.root), { outdir: fs.mkdtempSync(join(project.root, 'out-')) }))).toThrow(
    'statemachine/orders.asl.json:11:26: no value for placeholder ${OrdersFunctionAr}',
  );
});

test('a misspelled declaration field: located at the field in workflows/orders.ts, and sfn run refuses to start', async () => {
  edit(DECLARATION, 'sampleInput:', 'sampleInptu:');
  const r = await sfn('validate');
  expect(r.code).toBe(1);
  const problems = matched(r.stdout);
  expect(problems.map((p) => p.message)).toEqual([
    'workflow "orders", field "sampleInput": required field is missing',
    'workflow "orders", field "sampleInptu": unknown field (check its spelling: did you mean "sampleInput"?)',
  ]);
  const problem = problems[1];
  expect(problem).toMatchObject({ file: 'workflows/orders.ts', severity: 'error' });
  expect(at(problem, 11)).toBe('sampleInptu');
  const run = await sfn('run', 'orders');
  expect(run).toMatchObject({ code: 1, stdout: '' });
  expect(run.stderr).toContain('workflow "orders", field "sampleInptu": unknown field');
});

test('a binding of a resource the workflow does not declare: located at its placeholder in the declaration', async () => {
  edit(DECLARATION, "OrdersFunctionArn: fn('orders')", "OrdersFunctionArn: fn('order')");
  const [problem] = matched((await sfn('validate')).stdout);
  expect(problem.message).toMatch(/^workflow "orders", field "bindings\.OrdersFunctionArn\.name": Lambda function "order" is not declared in "functions" \(did you mean "orders"\?\)/);
  expect(at(problem, 17)).toBe('OrdersFunctionArn');
});

test('a task whose permission cannot be derived fails with the grants to add; with them, sfn validate is clean', async () => {
  const topic = 'arn:aws:sns:eu-west-1:111122223333:alerts';
  const template = JSON.parse(pristine.template);
  template.States['Lambda Invoke'].Next = 'Notify';
  delete template.States['Lambda Invoke'].End;
  template.States.Notify = { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: topic, Message: 'done' }, End: true };
  fs.writeFileSync(join(project.root, TEMPLATE), JSON.stringify(template, null, 2));
  const problems = matched((await sfn('validate')).stdout);
  expect(problems).toHaveLength(1);
  expect(problems[0].message).toContain(`add to the workflow's declaration grants: [{ states: ['Notify'], actions: ['sns:Publish'], resources: ['${topic}'] }]`);
  edit(DECLARATION, '  sampleInput:', `  grants: [{ states: ['Notify'], actions: ['sns:Publish'], resources: ['${topic}'] }],\n  sampleInput:`);
  expect(await sfn('validate')).toEqual({ code: 0, stdout: '', stderr: 'ok 1 template valid\n' });
});

test('the VS Code task runs sfn validate without colours, its matcher relative to the workspace', () => {
  const task = vscode('tasks.json').tasks.find((t: { label: string }) => t.label === 'sfn validate');
  expect(task).toMatchObject({ command: 'node', args: ['${workspaceFolder}/bin/sfn.js', 'validate'], options: { env: { NO_COLOR: '1' } } });
  expect(task.problemMatcher.fileLocation).toEqual(['relative', '${workspaceFolder}']);
});

test('"Run the open template" on a workflow\'s template runs that workflow: its bindings, and its sample input when the prompt is left empty', async () => {
  const launch = vscode('launch.json').configurations.find((c: { args: string[] }) => c.args.includes('${file}'));
  const input = vscode('launch.json').inputs.find((i: { id: string }) => i.id === 'executionInput');
  expect(input.default).toBe('');
  const args = launch.args.map((a: string) => (a === '${file}' ? join(project.root, TEMPLATE) : a === '${input:executionInput}' ? input.default : a));
  const r = await sfn(...args);
  expect(r).toEqual({ code: 0, stdout: `${JSON.stringify({ message: 'Hello, Ada!' }, null, 2)}\n`, stderr: '' });
  const given = await sfn(...args.slice(0, -1), '{"name": "Bo"}');
  expect(JSON.parse(given.stdout)).toEqual({ message: 'Hello, Bo!' });
});
