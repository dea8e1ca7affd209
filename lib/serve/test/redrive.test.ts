/**
 * RedriveExecution through the real @aws-sdk/client-sfn (API reference
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html;
 * developer guide "Redriving state machine executions"): a failed execution continues from the
 * failed state with that state's input and the variables set before it, the succeeded steps not
 * run again, the same execution ARN; the history goes on with ExecutionRedriven; DescribeExecution
 * shows redriveStatus, redriveCount and redriveDate; a succeeded execution is not redrivable.
 */
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, RedriveExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { apiError, localEndpoint } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/local';
let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
let sfn: SFNClient;
/** The `flaky` function fails while this is true. */
let down = true;
const seen: unknown[] = [];

beforeAll(async () => {
  const flaky = (e: unknown) => {
    seen.push(e);
    if (down) throw Object.assign(new Error('the service is down'), { name: 'ServiceDown' });
    return { ok: e };
  };
  endpoint = await localEndpoint({ clock: 'virtual', runOptions: { functions: { flaky } } });
  sfn = endpoint.sfn;
});

afterAll(() => endpoint.close());

async function ended(executionArn: string) {
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const definition = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'order.$': '$.order' }, Assign: { attempt: 'first' }, Next: 'Call' },
    Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:flaky', Parameters: { 'order.$': '$.order', 'tag.$': '$attempt' }, Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
});

test('a failed execution continues from the failed state; the history goes on with ExecutionRedriven', async () => {
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'redriven', definition, roleArn: ROLE }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'first', input: '{"order":42}' }));
  const failed = await ended(executionArn as string);
  expect(failed).toMatchObject({ status: 'FAILED', error: 'ServiceDown', redriveStatus: 'REDRIVABLE', redriveCount: 0 });
  const before = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
  down = false;
  const r = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'retry-1' }));
  expect(r.redriveDate).toBeInstanceOf(Date);
  expect((await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'retry-1' }))).redriveDate).toEqual(r.redriveDate);
  const after = await ended(executionArn as string);
  expect(after).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' });
  expect(after.redriveDate).toEqual(r.redriveDate);
  expect(JSON.parse(after.output as string)).toEqual({ ok: { order: 42, tag: 'first' } });
  expect(seen).toEqual([{ order: 42, tag: 'first' }, { order: 42, tag: 'first' }]);
  const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
  expect(events.slice(0, before.length)).toEqual(before);
  const rest = events.slice(before.length);
  expect(rest.map((e) => e.type)).toEqual([
    'ExecutionRedriven',
    'TaskStateEntered',
    'LambdaFunctionScheduled',
    'LambdaFunctionStarted',
    'LambdaFunctionSucceeded',
    'TaskStateExited',
    'PassStateEntered',
    'PassStateExited',
    'ExecutionSucceeded',
  ]);
  expect(rest[0]).toMatchObject({ id: before.length + 1, previousEventId: before.length, executionRedrivenEventDetails: { redriveCount: 1 } });
  expect(rest[1]).toMatchObject({ id: before.length + 2, previousEventId: before.length + 1, stateEnteredEventDetails: { name: 'Call', input: '{"order":42}' } });
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  expect(events.filter((e) => e.stateEnteredEventDetails?.name === 'Prepare')).toHaveLength(1);
});

test('a succeeded or running execution is not redrivable', async () => {
  down = false;
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'fine', definition, roleArn: ROLE }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"order":1}' }));
  await ended(executionArn as string);
  expect(await apiError(sfn.send(new RedriveExecutionCommand({ executionArn })))).toMatchObject({ name: 'ExecutionNotRedrivable', status: 400 });
  expect((await apiError(sfn.send(new RedriveExecutionCommand({ executionArn: `${(stateMachineArn as string).replace(':stateMachine:', ':execution:')}:none` })))).name).toBe('ExecutionDoesNotExist');
});
