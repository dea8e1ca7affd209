/**
 * EXPRESS state machines and activities through the local endpoint against AWS's recorded answers
 * (LocalStack's AWS-validated snapshots, tests/aws/services/stepfunctions/v2/):
 * - test_sfn_api_express.snapshot.json, TestSfnApiExpress (recorded 26-06-2024 to 03-07-2024);
 * - test_sfn_api_activities.snapshot.json, TestSnfApiActivities (recorded 03-03-2024 to 17-03-2024).
 * Members of each answer (not their order), error codes and messages word for word; generated
 * values by shape.
 */
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DeleteStateMachineCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { apiError, localEndpoint, members, passResult } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/recorded';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PASS_RESULT = passResult();

let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
beforeAll(async () => {
  endpoint = await localEndpoint({ clock: 'virtual', pollMs: 50 });
});
afterAll(() => endpoint.close());

const send = <T>(command: T) => endpoint.sfn.send(command as never) as unknown as Promise<Record<string, unknown>>;
const error = (name: string, message: string) => ({ name, message, status: 400 });

let n = 0;
async function createExpress(definition: unknown = PASS_RESULT): Promise<string> {
  return (await send(new CreateStateMachineCommand({ name: `express_${++n}`, definition: JSON.stringify(definition), roleArn: ROLE, type: 'EXPRESS' }))).stateMachineArn as string;
}

describe('EXPRESS state machines (test_sfn_api_express)', () => {
  test('test_create_describe_delete (26-06-2024): described with type EXPRESS', async () => {
    const arn = await createExpress();
    const d = await send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(members(d)).toEqual(['creationDate', 'definition', 'loggingConfiguration', 'name', 'roleArn', 'stateMachineArn', 'status', 'tracingConfiguration', 'type']);
    expect(d.type).toBe('EXPRESS');
    expect(members(await send(new DeleteStateMachineCommand({ stateMachineArn: arn })))).toEqual([]);
  });

  test('test_start_async_describe_history_execution (03-07-2024): an Express ARN the execution operations refuse', async () => {
    const arn = await createExpress();
    const started = await send(new StartExecutionCommand({ stateMachineArn: arn }));
    expect(members(started)).toEqual(['executionArn', 'startDate']);
    const executionArn = started.executionArn as string;
    expect(executionArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:123456789012:express:express_${n}:${UUID}:${UUID}$`));
    expect(await apiError(send(new ListExecutionsCommand({ stateMachineArn: arn })))).toEqual(error('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine'));
    const notValid = error('InvalidArn', "Invalid Arn: 'Resource type not valid in this context: express'");
    expect(await apiError(send(new DescribeExecutionCommand({ executionArn })))).toEqual(notValid);
    expect(await apiError(send(new StopExecutionCommand({ executionArn })))).toEqual(notValid);
    expect(await apiError(send(new GetExecutionHistoryCommand({ executionArn })))).toEqual(notValid);
  });

  test('test_start_sync_execution (26-06-2024): the answer and its billing details', async () => {
    const arn = await createExpress();
    const r = await send(new StartSyncExecutionCommand({ stateMachineArn: arn }));
    expect(members(r)).toEqual(['billingDetails', 'executionArn', 'input', 'inputDetails', 'name', 'output', 'outputDetails', 'startDate', 'stateMachineArn', 'status', 'stopDate']);
    expect(r).toMatchObject({
      billingDetails: { billedDurationInMilliseconds: 100, billedMemoryUsedInMB: 64 },
      input: '{}',
      inputDetails: { included: true },
      output: '{"Arg1":"argument1"}',
      outputDetails: { included: true },
      stateMachineArn: arn,
      status: 'SUCCEEDED',
    });
    expect(r.executionArn).toBe(`arn:aws:states:us-east-1:123456789012:express:express_${n}:${r.name}:${(r.executionArn as string).split(':').pop()}`);
  });

  const refused = (message: string) => error('InvalidDefinition', `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${message}'`);

  test.each([
    [
      'test_illegal_callbacks[WAIT_FOR_TASK_TOKEN] (03-07-2024)',
      { StartAt: 'Publish', States: { Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', Parameters: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:topic', Message: { 'TaskToken.$': '$$.Task.Token' } }, End: true } } },
      "Express state machine does not support '.waitForTaskToken' service integration  at /States/Publish/Resource",
    ],
    [
      'test_illegal_callbacks[SYNC] (03-07-2024)',
      { StartAt: 'StartExecution', States: { StartExecution: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync', Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child', Input: {} }, End: true } } },
      "Express state machine does not support '.sync' service integration at /States/StartExecution/Resource",
    ],
    [
      'test_illegal_activity_task (03-07-2024)',
      { StartAt: 'ActivityTask', States: { ActivityTask: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:recorded', End: true } } },
      'Express state machine does not support Activity ARN at /States/ActivityTask/Resource',
    ],
  ])('%s: CreateStateMachine refuses it', async (_case, definition, message) => {
    expect(await apiError(createExpress(definition))).toEqual(refused(message));
  });
});

test('an ended Express execution leaves no trace: the ended STANDARD executions kept (keepEnded) stay describable', async () => {
  const local = await localEndpoint({ clock: 'virtual', keepEnded: 1 });
  try {
    const sendLocal = <T>(command: T) => local.sfn.send(command as never) as unknown as Promise<Record<string, unknown>>;
    const create = async (name: string, type: 'STANDARD' | 'EXPRESS') =>
      (await sendLocal(new CreateStateMachineCommand({ name, definition: JSON.stringify(PASS_RESULT), roleArn: ROLE, type }))).stateMachineArn as string;
    const standard = await create('kept_standard', 'STANDARD');
    const express = await create('kept_express', 'EXPRESS');
    const executionArn = (await sendLocal(new StartExecutionCommand({ stateMachineArn: standard }))).executionArn as string;
    for (let i = 0; i < 50 && (await sendLocal(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 3; i++) await sendLocal(new StartExecutionCommand({ stateMachineArn: express }));
    // The Express runs (a Pass each) end meanwhile; nothing can describe them to wait for it.
    await new Promise((r) => setTimeout(r, 100));
    expect((await sendLocal(new DescribeExecutionCommand({ executionArn }))).status).toBe('SUCCEEDED');
  } finally {
    await local.close();
  }
});

describe('activities (test_sfn_api_activities)', () => {
  test('test_create_describe_delete_activity (03-03-2024): idempotent creation, description, deletion twice', async () => {
    const created = await send(new CreateActivityCommand({ name: 'activity_name' }));
    expect(members(created)).toEqual(['activityArn', 'creationDate']);
    expect(created.activityArn).toBe('arn:aws:states:us-east-1:123456789012:activity:activity_name');
    const again = await send(new CreateActivityCommand({ name: 'activity_name' }));
    expect(again).toMatchObject({ activityArn: created.activityArn, creationDate: created.creationDate });
    const d = await send(new DescribeActivityCommand({ activityArn: created.activityArn as string }));
    expect(members(d)).toEqual(['activityArn', 'creationDate', 'name']);
    expect(d).toMatchObject({ activityArn: created.activityArn, name: 'activity_name', creationDate: created.creationDate });
    expect(members(await send(new DeleteActivityCommand({ activityArn: created.activityArn as string })))).toEqual([]);
    expect(members(await send(new DeleteActivityCommand({ activityArn: created.activityArn as string })))).toEqual([]);
  });

  test('test_create_activity_invalid_name (04-03-2024): InvalidName naming the name', async () => {
    expect(await apiError(send(new CreateActivityCommand({ name: 'TestActivity InvalidName$' })))).toEqual(error('InvalidName', "Invalid Name: 'TestActivity InvalidName$'"));
  });

  test.each([
    ['test_describe_deleted_activity (03-03-2024)', (activityArn: string) => new DescribeActivityCommand({ activityArn })],
    ['test_get_activity_task_deleted (03-03-2024)', (activityArn: string) => new GetActivityTaskCommand({ activityArn })],
  ])('%s: ActivityDoesNotExist naming the ARN', async (_case, command) => {
    const { activityArn } = (await send(new CreateActivityCommand({ name: `deleted_${++n}` }))) as { activityArn: string };
    await send(new DeleteActivityCommand({ activityArn }));
    expect(await apiError(send(command(activityArn)))).toEqual(error('ActivityDoesNotExist', `Activity Does Not Exist: '${activityArn}'`));
  });

  test.each([
    ['test_describe_activity_invalid_arn (11-03-2024)', () => new DescribeActivityCommand({ activityArn: 'no_an_activity_arn' })],
    ['test_get_activity_task_invalid_arn (11-03-2024)', () => new GetActivityTaskCommand({ activityArn: 'no_an_activity_arn' })],
  ])('%s: InvalidArn "Invalid ARN prefix"', async (_case, command) => {
    expect(await apiError(send(command()))).toEqual(error('InvalidArn', "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'"));
  });

  test('test_list_activities (17-03-2024): items {activityArn, creationDate, name}', async () => {
    const names = ['list_0', 'list_1', 'list_2'];
    for (const name of names) await send(new CreateActivityCommand({ name }));
    const listed = ((await send(new ListActivitiesCommand({}))).activities as Record<string, unknown>[]).filter((a) => names.includes(a.name as string));
    expect(listed.map((a) => a.name)).toEqual(names);
    for (const a of listed) expect(members(a)).toEqual(['activityArn', 'creationDate', 'name']);
  });
});
