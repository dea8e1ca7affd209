/**
 * `sfn test-state`: AWS's TestState response JSON (API reference
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html) for a state
 * given as JSON, as a template file, or as a state of a project workflow (the fixture project's);
 * exit 0 SUCCEEDED, 1 for a state that did not succeed, 2 for usage errors and what AWS refuses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_PROJECT } from '../../test/fixture-project';
import { main } from '../sfn';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sfn-test-state-'));
  writeFileSync(join(tmp, 'handlers.ts'), 'export default { shout: async (e: { text: string }) => ({ text: e.text.toUpperCase() }) };\n');
  writeFileSync(join(tmp, 'shout.asl.json'), JSON.stringify({ Type: 'Task', Resource: '${ShoutArn}', ResultPath: '$.shouted', Next: 'Done' }, null, 2));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function sfn(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['test-state', ...argv], { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr, json: stdout ? JSON.parse(stdout) : undefined };
}

test('a state given as JSON, at DEBUG: the response JSON, exit 0', async () => {
  const ok = await sfn(tmp, '--definition', '{"Type":"Pass","Parameters":{"n.$":"$.n"},"End":true}', '--input', '{"n":2}', '--inspection-level', 'DEBUG');
  expect(ok.code).toBe(0);
  expect(ok.json).toEqual({
    output: '{"n":2}',
    inspectionData: { input: '{"n":2}', afterInputPath: '{"n":2}', afterParameters: '{"n":2}', afterResultSelector: '{"n":2}', afterResultPath: '{"n":2}' },
    status: 'SUCCEEDED',
  });
});

test('a template file: its placeholders from --var, its Task run by --functions', async () => {
  const r = await sfn(tmp, '--definition', 'shout.asl.json', '--var', 'ShoutArn=arn:aws:lambda:eu-west-1:123456789012:function:shout', '--functions', 'handlers.ts', '--input', '{"text":"hi"}');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.json).toEqual({ output: '{"text":"hi","shouted":{"text":"HI"}}', nextState: 'Done', status: 'SUCCEEDED' });
});

test('a state of a project workflow runs with the workflow\'s function', async () => {
  const r = await sfn(FIXTURE_PROJECT, '--definition', 'greet', '--state-name', 'Greet', '--input', '{"name":"Ada"}', '--inspection-level', 'TRACE');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.json.output)).toEqual({ greeting: 'Hello, Ada!' });
  expect(JSON.parse(r.json.inspectionData.afterParameters)).toMatchObject({ Payload: { name: 'Ada' } });
  const failing = await sfn(FIXTURE_PROJECT, '--definition', 'greet', '--state-name', 'Greet', '--input', '{"name":""}');
  expect(failing.code).toBe(1);
  expect(failing.json).toMatchObject({ status: 'FAILED', error: 'InvalidInput' });
});

test('a mocked error that a catcher takes: CAUGHT_ERROR, exit 1; a retriable one: RETRIABLE', async () => {
  const task = { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' }, Retry: [{ ErrorEquals: ['SQS.ThrottlingException'], MaxAttempts: 2 }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }], End: true };
  const caught = await sfn(tmp, '--definition', JSON.stringify(task), '--mock', '{"errorOutput":{"error":"SQS.QueueDoesNotExist","cause":"no queue"}}');
  expect(caught.code).toBe(1);
  expect(caught.json).toEqual({ output: '{"Error":"SQS.QueueDoesNotExist","Cause":"no queue"}', error: 'SQS.QueueDoesNotExist', cause: 'no queue', nextState: 'Failed', status: 'CAUGHT_ERROR' });
  const retried = await sfn(tmp, '--definition', JSON.stringify(task), '--mock', '{"errorOutput":{"error":"SQS.ThrottlingException"}}', '--state-configuration', '{"retrierRetryCount":1}', '--inspection-level', 'DEBUG');
  expect(retried.json).toMatchObject({ status: 'RETRIABLE', inspectionData: { errorDetails: { retryIndex: 0, retryBackoffIntervalSeconds: 2 } } });
  const mocked = await sfn(tmp, '--definition', JSON.stringify(task), '--mock', '{"result":{"MessageId":"m-1"}}');
  expect(mocked.json).toEqual({ output: '{"MessageId":"m-1"}', status: 'SUCCEEDED' });
});

test('usage errors and what AWS refuses: exit 2 with the reason on stderr', async () => {
  const map = JSON.stringify({ Type: 'Map', ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, End: true });
  const refused = await sfn(tmp, '--definition', map);
  expect(refused).toMatchObject({ code: 2, stdout: '' });
  expect(refused.stderr).toBe('sfn: InvalidDefinition: TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]\n');
  expect((await sfn(tmp, '--definition', '{"Type":"Pass","End":true}', '--inspection-level', 'LOUD')).stderr).toContain('--inspection-level must be INFO, DEBUG or TRACE');
  expect((await sfn(tmp, '--definition', '{"Type":"Pass","End":true}', '--input', '{oops')).stderr).toContain('--input is not valid JSON');
  expect((await sfn(FIXTURE_PROJECT, '--definition', 'greet')).stderr).toContain('give --state-name');
  expect((await sfn(tmp, '--definition', 'missing.asl.json')).stderr).toContain('no such file missing.asl.json');
  expect((await sfn(tmp)).code).toBe(2);
});
