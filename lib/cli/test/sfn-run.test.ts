/** `sfn run`: templates and project workflows on the local engine, and every kind of bad input. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_PROJECT } from '../../test/fixture-project';
import { main } from '../sfn';

// Project workflows are the fixture project's (lib/test/fixtures/project).
const project = FIXTURE_PROJECT;
let tmp: string;

async function sfn(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

const ADD = 'arn:aws:lambda:us-east-1:123456789012:function:add';
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sfn-run-'));
  mkdirSync(join(tmp, 'statemachine'));
  writeFileSync(join(tmp, 'handlers.ts'), "export default { add: async (e: { x: number }) => ({ x: e.x + 1 }), hang: () => new Promise(() => {}) };\n");
  writeFileSync(
    join(tmp, 'statemachine', 'add.asl.json'),
    JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: ADD, Next: 'B' }, B: { Type: 'Task', Resource: '${Second}', End: true } } }, null, 2),
  );
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('a template file with --functions, --input and --var: the output on stdout, exit 0', async () => {
  const r = await sfn(tmp, 'run', 'statemachine/add.asl.json', '--functions', 'handlers.ts', '--input', '{"x": 1}', '--var', `Second=${ADD}`);
  expect(r).toEqual({ code: 0, stdout: '{\n  "x": 3\n}\n', stderr: '' });
});

test('--history prints status, output and the events', async () => {
  const r = await sfn(tmp, 'run', 'statemachine/add.asl.json', '--functions', 'handlers.ts', '--input', '{"x": 1}', '--var', `Second=${ADD}`, '--history');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ status: 'SUCCEEDED', output: { x: 3 } });
  expect(out.events[0].type).toBe('ExecutionStarted');
  expect(out.events.at(-1).type).toBe('ExecutionSucceeded');
});

test('a project workflow by name, with its sample input and the project functions', async () => {
  const r = await sfn(project, 'run', 'greet');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ greeting: 'Hello, Ada!' });
});

test("a failed execution: exit 1, the failing state, its error, the handler's message and its stack in the .ts source on stderr", async () => {
  const r = await sfn(project, 'run', 'greet', '--input', '{"name": 3}');
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  // functions/greet/src/index.ts throws InvalidInput on its line 11 (the handler is compiled; the frame is mapped back).
  expect(r.stderr).toMatch(/^FAILED at state "Greet" \(Task\): InvalidInput\n {2}name: must be a non-empty string, got 3\n {4}at handler \(functions\/greet\/src\/index\.ts:11:\d+\)\n$/);
});

test('a --functions module that throws: its frames in its .ts file, relative to the working folder, without the toolkit', async () => {
  writeFileSync(join(tmp, 'throws.ts'), 'interface Order {\n  id: string;\n}\nfunction check(o: Order): void {\n  throw new TypeError(`order ${o.id} has no lines`);\n}\nexport default { add: async (o: Order) => (check(o), o) };\n');
  const r = await sfn(tmp, 'run', 'statemachine/add.asl.json', '--functions', 'throws.ts', '--input', '{"id": "o-1"}', '--var', `Second=${ADD}`);
  expect(r.code).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.slice(0, 2)).toEqual(['FAILED at state "A" (Task): TypeError', '  order o-1 has no lines']);
  expect(lines[2]).toMatch(/^ {4}at check \(throws\.ts:5:\d+\)$/);
  expect(lines.slice(2).every((l) => / \(?throws\.ts:\d+:\d+\)?$/.test(l))).toBe(true);
});

test('input that is not JSON: exit 2, located', async () => {
  const r = await sfn(project, 'run', 'greet', '--input', '{"name": }');
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('sfn: --input is not valid JSON: --input:1:10: invalid JSON: unexpected \'}\', expected a value\n');
  writeFileSync(join(tmp, 'in.json'), '[1,\n2,]');
  const f = await sfn(tmp, 'run', 'statemachine/add.asl.json', '--input', '@in.json', '--var', `Second=${ADD}`);
  expect(f.code).toBe(2);
  expect(f.stderr).toContain('in.json:2:2: invalid JSON: trailing comma');
});

test('an unknown workflow: exit 2, the known ones named', async () => {
  const r = await sfn(project, 'run', 'nope');
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('sfn: unknown workflow "nope"; the workflows are: greet, fanout, transfer (or give a template file)\n');
});

test('a definition that fails validation: exit 1, FILE:LINE:COL', async () => {
  writeFileSync(join(tmp, 'bad.asl.json'), '{\n  "StartAt": "A",\n  "States": { "A": { "Type": "Pass", "Next": "Nowhere" } }\n}\n');
  const r = await sfn(tmp, 'run', 'bad.asl.json');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^bad\.asl\.json:3:\d+: .*Nowhere/m);
});

test('a loop that never ends stops at the max transitions with a clear error', async () => {
  // Valid (Done is reachable), but the input never says stop.
  const loop = {
    StartAt: 'A',
    States: {
      A: { Type: 'Pass', Next: 'Check' },
      Check: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'A' },
      Done: { Type: 'Succeed' },
    },
  };
  writeFileSync(join(tmp, 'loop.asl.json'), JSON.stringify(loop));
  const r = await sfn(tmp, 'run', 'loop.asl.json', '--max-transitions', '1000');
  expect(r.code).toBe(1);
  // The execution stops between two states: no state failed.
  expect(r.stderr).toMatch(/^FAILED: States\.Runtime\n.*1,?000/s);
});

test('a handler that hangs is cut by its timeout (Sandbox.Timedout), not a hung process', async () => {
  writeFileSync(join(tmp, 'hang.ts'), 'export default { hang: { handler: () => new Promise(() => {}), timeout: 1 } };\n');
  writeFileSync(join(tmp, 'hang.asl.json'), JSON.stringify({ StartAt: 'H', States: { H: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:hang', End: true } } }));
  const r = await sfn(tmp, 'run', 'hang.asl.json', '--functions', 'hang.ts');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^FAILED at state "H" \(Task\): Sandbox\.Timedout/);
});

test('a template with a placeholder and no value: exit 1, located', async () => {
  const r = await sfn(tmp, 'run', 'statemachine/add.asl.json', '--functions', 'handlers.ts');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^statemachine\/add\.asl\.json:\d+:\d+: no value for placeholder \$\{Second\}/);
});

test('usage errors exit 2', async () => {
  expect((await sfn(tmp, 'run', 'missing/file.asl.json')).code).toBe(2);
  expect((await sfn(tmp, 'run', 'statemachine/add.asl.json', '--functions', 'nope.ts', '--var', `Second=${ADD}`)).code).toBe(2);
  expect((await sfn(project, 'run', 'greet', '--max-transitions', '0')).code).toBe(2);
});
