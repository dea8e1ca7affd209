/**
 * Execution operations of the local endpoint against AWS's recorded answers (LocalStack's
 * AWS-validated snapshot tests/aws/services/stepfunctions/v2/test_sfn_api.snapshot.json,
 * TestSnfApi, recorded 22-06-2023 to 03-07-2024): StartExecution, StopExecution,
 * DescribeExecution, DescribeStateMachineForExecution, ListExecutions, GetExecutionHistory and
 * their errors. The members of each answer (not their order), error codes and messages word for
 * word; generated values (ARNs, dates, execution names) by shape.
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  type ExecutionStatus,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { apiError, localEndpoint, members, passResult } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/recorded';
const EXEC_ARN = /^arn:aws:states:us-east-1:123456789012:execution:[\w.-]+:[\w-]+$/;
/** LocalStack's BASE_PASS_RESULT and BASE_WAIT_1_MIN templates. */
const PASS_RESULT = passResult();
const WAIT_1_MIN = { Comment: 'BASE_WAIT_1_MIN', StartAt: 'State_1', States: { State_1: { Type: 'Wait', Seconds: 60, End: true } } };

let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
beforeAll(async () => {
  endpoint = await localEndpoint();
});
afterAll(() => endpoint.close());

const send = <T>(command: T) => endpoint.sfn.send(command as never) as unknown as Promise<Record<string, unknown>>;

let n = 0;
async function create(definition: unknown, name = `statemachine_${++n}`): Promise<string> {
  return (await send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }))).stateMachineArn as string;
}

async function ended(executionArn: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 500; i++) {
    const d = await send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${executionArn} still running`);
}

/** An event as the snapshot shows it: id, previousEventId, type and its details (the timestamp by shape). */
function event(e: HistoryEvent): Record<string, unknown> {
  expect(e.timestamp).toBeInstanceOf(Date);
  const { timestamp: _t, ...rest } = e;
  return rest;
}

const STARTED = { id: 1, previousEventId: 0, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', inputDetails: { truncated: false }, roleArn: ROLE } };
const PASS_HISTORY = [
  STARTED,
  { id: 2, previousEventId: 0, type: 'PassStateEntered', stateEnteredEventDetails: { input: '{}', inputDetails: { truncated: false }, name: 'State_1' } },
  { id: 3, previousEventId: 2, type: 'PassStateExited', stateExitedEventDetails: { name: 'State_1', output: '{"Arg1":"argument1"}', outputDetails: { truncated: false } } },
  { id: 4, previousEventId: 3, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"Arg1":"argument1"}', outputDetails: { truncated: false } } },
];

describe('StartExecution, ListExecutions, GetExecutionHistory, DescribeExecution', () => {
  test('test_start_execution (22-06-2023): {executionArn, startDate}; listed; its history', async () => {
    const arn = await create(PASS_RESULT);
    const started = await send(new StartExecutionCommand({ stateMachineArn: arn }));
    expect(members(started)).toEqual(['executionArn', 'startDate']);
    expect(started.executionArn).toMatch(EXEC_ARN);
    await ended(started.executionArn as string);
    const list = await send(new ListExecutionsCommand({ stateMachineArn: arn }));
    expect(members(list)).toEqual(['executions']);
    const [item] = list.executions as Record<string, unknown>[];
    // redriveCount as recorded since 2024 (test_state_machine_status_filter, 14-03-2024).
    expect(members(item)).toEqual(['executionArn', 'name', 'redriveCount', 'startDate', 'stateMachineArn', 'status', 'stopDate']);
    expect(item).toMatchObject({ executionArn: started.executionArn, stateMachineArn: arn, status: 'SUCCEEDED', redriveCount: 0 });
    const history = await send(new GetExecutionHistoryCommand({ executionArn: started.executionArn as string }));
    expect(members(history)).toEqual(['events']);
    expect((history.events as HistoryEvent[]).map(event)).toEqual(PASS_HISTORY);
  });

  test('test_get_execution_history_reversed (28-01-2024): reverseOrder gives the same events newest first', async () => {
    const arn = await create(PASS_RESULT);
    const { executionArn } = (await send(new StartExecutionCommand({ stateMachineArn: arn }))) as { executionArn: string };
    await ended(executionArn);
    const reversed = await send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    expect((reversed.events as HistoryEvent[]).map(event)).toEqual([...PASS_HISTORY].reverse());
  });

  test('test_describe_execution (30-06-2024) and test_describe_execution_arn_containing_punctuation (11-06-2024)', async () => {
    for (const name of [undefined, `state.machine_${++n}`]) {
      const arn = await create(PASS_RESULT, name);
      const { executionArn } = (await send(new StartExecutionCommand({ stateMachineArn: arn }))) as { executionArn: string };
      const d = await ended(executionArn);
      expect(members(d)).toEqual(['executionArn', 'input', 'inputDetails', 'name', 'output', 'outputDetails', 'redriveCount', 'redriveStatus', 'redriveStatusReason', 'startDate', 'stateMachineArn', 'status', 'stopDate']);
      expect(d).toMatchObject({
        executionArn,
        input: '{}',
        inputDetails: { included: true },
        output: '{"Arg1":"argument1"}',
        outputDetails: { included: true },
        redriveCount: 0,
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
        stateMachineArn: arn,
        status: 'SUCCEEDED',
      });
    }
  });

  test('test_describe_state_machine_for_execution (21-08-2023): the revision the execution ran', async () => {
    const arn = await create(PASS_RESULT);
    const { executionArn } = (await send(new StartExecutionCommand({ stateMachineArn: arn }))) as { executionArn: string };
    await ended(executionArn);
    const d = await send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(members(d)).toEqual(['definition', 'loggingConfiguration', 'name', 'roleArn', 'stateMachineArn', 'tracingConfiguration', 'updateDate']);
    expect(d).toMatchObject({ stateMachineArn: arn, roleArn: ROLE, loggingConfiguration: { includeExecutionData: false, level: 'OFF' }, tracingConfiguration: { enabled: false } });
  });

  test('test_stop_execution (06-05-2024): {stopDate}; the history ends with ExecutionAborted without details', async () => {
    const arn = await create(WAIT_1_MIN);
    const { executionArn } = (await send(new StartExecutionCommand({ stateMachineArn: arn }))) as { executionArn: string };
    for (let i = 0; i < 100 && ((await send(new GetExecutionHistoryCommand({ executionArn }))).events as HistoryEvent[]).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const stopped = await send(new StopExecutionCommand({ executionArn }));
    expect(members(stopped)).toEqual(['stopDate']);
    expect((await ended(executionArn)).status).toBe('ABORTED');
    const history = await send(new GetExecutionHistoryCommand({ executionArn }));
    expect((history.events as HistoryEvent[]).map(event)).toEqual([
      STARTED,
      { id: 2, previousEventId: 0, type: 'WaitStateEntered', stateEnteredEventDetails: { input: '{}', inputDetails: { truncated: false }, name: 'State_1' } },
      { id: 3, previousEventId: 0, type: 'ExecutionAborted', executionAbortedEventDetails: {} },
    ]);
  });
});

describe('errors', () => {
  const exists = (name: string, message: string) => ({ name, message, status: 400 });

  test('test_invalid_start_execution_arn (22-06-2023): StateMachineDoesNotExist naming the ARN', async () => {
    const arn = await create(PASS_RESULT);
    await send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    const other = arn.replace(/stateMachine:/, 'stateMachine:statemachine_invalid_');
    expect(await apiError(send(new StartExecutionCommand({ stateMachineArn: other })))).toEqual(exists('StateMachineDoesNotExist', `State Machine Does Not Exist: '${other}'`));
  });

  test('test_invalid_start_execution_input (22-06-2023): InvalidExecutionInput; a number, a string and null are inputs', async () => {
    const arn = await create(PASS_RESULT);
    const start = (input: string) => send(new StartExecutionCommand({ stateMachineArn: arn, input }));
    expect(await apiError(start('not some json'))).toEqual(
      exists('InvalidExecutionInput', "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'"),
    );
    expect(await apiError(start("{'not': 'json'"))).toEqual(exists('InvalidExecutionInput', "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'"));
    expect(await apiError(start(''))).toEqual(exists('InvalidExecutionInput', "Invalid State Machine Execution Input: 'Invalid execution input.'"));
    for (const input of ['2', '"some text"', 'null']) expect(members(await start(input))).toEqual(['executionArn', 'startDate']);
  });

  test('test_start_sync_execution (03-07-2024): StartSyncExecution of a STANDARD state machine', async () => {
    const arn = await create(PASS_RESULT);
    expect(await apiError(send(new StartSyncExecutionCommand({ stateMachineArn: arn })))).toEqual(exists('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine'));
  });

  test.each([
    ['test_describe_execution_no_such_state_machine (08-03-2024)', (executionArn: string) => new DescribeExecutionCommand({ executionArn })],
    ['test_get_execution_history_no_such_execution (08-03-2024)', (executionArn: string) => new GetExecutionHistoryCommand({ executionArn })],
  ])('%s: ExecutionDoesNotExist naming the ARN', async (_case, command) => {
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:statemachine_none:execution_none';
    expect(await apiError(send(command(arn)))).toEqual(exists('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`));
  });

  test.each([
    ['test_describe_execution_invalid_arn (08-03-2024)', () => new DescribeExecutionCommand({ executionArn: 'invalid_state_machine_arn' })],
    ['test_get_execution_history_invalid_arn (08-03-2024)', () => new GetExecutionHistoryCommand({ executionArn: 'invalid_state_machine_arn' })],
    ['test_list_execution_invalid_arn (08-03-2024)', () => new ListExecutionsCommand({ stateMachineArn: 'invalid_state_machine_arn' })],
  ])('%s: InvalidArn "Invalid ARN prefix"', async (_case, command) => {
    expect(await apiError(send(command()))).toEqual(exists('InvalidArn', "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'"));
  });

  test('test_list_execution_no_such_state_machine (08-03-2024): StateMachineDoesNotExist naming the ARN', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:statemachine_nonexistent';
    expect(await apiError(send(new ListExecutionsCommand({ stateMachineArn: arn })))).toEqual(exists('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`));
  });
});

describe('ListExecutions', () => {
  test('test_state_machine_status_filter (14-03-2024): by status; a status not of the enum', async () => {
    const arn = await create(PASS_RESULT);
    const list = (statusFilter?: string) => send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: statusFilter as ExecutionStatus }));
    expect(await list()).toMatchObject({ executions: [] });
    const { executionArn } = (await send(new StartExecutionCommand({ stateMachineArn: arn }))) as { executionArn: string };
    await ended(executionArn);
    expect(((await list('SUCCEEDED')).executions as unknown[]).length).toBe(1);
    expect(await list('RUNNING')).toMatchObject({ executions: [] });
    expect(await apiError(list('succeeded'))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
      status: 400,
    });
  });

  test.each([
    ['test_list_executions_pagination (01-07-2024)', false],
    ['test_list_executions_versions_pagination (01-07-2024)', true],
  ])('%s: newest first, pages of maxResults; maxResults and nextToken limits', async (_case, version) => {
    const arn = await create(PASS_RESULT);
    const target = version ? ((await send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }))).stateMachineVersionArn as string) : arn;
    const arns: string[] = [];
    for (let i = 0; i < 13; i++) arns.push(((await send(new StartExecutionCommand({ stateMachineArn: target, name: `execution_${i}` }))) as { executionArn: string }).executionArn);
    for (const a of arns) await ended(a);
    const p1 = await send(new ListExecutionsCommand({ stateMachineArn: target, maxResults: 10 }));
    expect(members(p1)).toEqual(['executions', 'nextToken']);
    const p2 = await send(new ListExecutionsCommand({ stateMachineArn: target, maxResults: 10, nextToken: p1.nextToken as string }));
    expect(members(p2)).toEqual(['executions']);
    const listed = [...(p1.executions as Record<string, unknown>[]), ...(p2.executions as Record<string, unknown>[])];
    expect(listed.map((e) => e.executionArn)).toEqual([...arns].reverse());
    const itemMembers = ['executionArn', 'name', 'redriveCount', 'startDate', 'stateMachineArn', 'status', 'stopDate'];
    expect(members(listed[0])).toEqual(version ? [...itemMembers, 'stateMachineVersionArn'].sort() : itemMembers);
    if (version) expect(listed[0].stateMachineVersionArn).toBe(`${arn}:1`);
    expect(await apiError(send(new ListExecutionsCommand({ stateMachineArn: target, maxResults: 1001 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
      status: 400,
    });
    const long = 'x'.repeat(3097);
    expect(await apiError(send(new ListExecutionsCommand({ stateMachineArn: target, nextToken: long })))).toEqual({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${long}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 3096`,
      status: 400,
    });
  });
});
