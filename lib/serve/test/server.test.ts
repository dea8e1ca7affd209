/**
 * The local Step Functions endpoint through the real, unmodified @aws-sdk/client-sfn: every
 * operation, AWS's error codes, callback tasks answered (or not) through the API, an activity
 * worker loop, nested executions, and malformed requests that must not bring the server down.
 */
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  ValidateStateMachineDefinitionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { request } from 'node:http';
import { LocalQueues, sqsInvoker } from '../../services/sqs/integration';
import { localSfnClient } from '../../local/activity-workers';
import { until } from '../../engine/test/helpers';
import { Registry } from '../registry';
import { startSfnServer, type SfnServer } from '../server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROLE = 'arn:aws:iam::123456789012:role/local';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: SfnServer;
let sfn: SFNClient;
/** Tokens the `approver` function was given (lambda:invoke.waitForTaskToken). */
const tokens: string[] = [];
/** The local SQS sink of `sqs:sendMessage` (helper integrations' invoker). */
const queues = new LocalQueues();
const approvals = queues.add('approvals');

beforeAll(async () => {
  const registry = new Registry({
    pollMs: 300,
    runOptions: {
      resources: [sqsInvoker(queues)],
      functions: {
        approver: (event: unknown) => {
          tokens.push((event as { token: string }).token);
          return { queued: true };
        },
        double: (event: unknown) => ({ n: (event as { n: number }).n * 2 }),
      },
    },
  });
  server = await startSfnServer({ registry, port: 0 });
  sfn = localSfnClient(server.url);
});

afterAll(async () => {
  sfn.destroy();
  await server.close();
});

async function apiError(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SFNServiceException);
    const x = e as SFNServiceException;
    return { name: x.name, message: x.message, status: x.$metadata.httpStatusCode };
  }
  throw new Error('expected an API error');
}

async function createMachine(name: string, definition: unknown, type?: 'STANDARD' | 'EXPRESS'): Promise<string> {
  const r = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE, type }));
  return r.stateMachineArn as string;
}

async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (let i = 0; i < 400; i++) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d;
    await sleep(10);
  }
  throw new Error(`${executionArn} still running`);
}

const passMachine = { StartAt: 'Double', States: { Double: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:double', End: true } } };

describe('state machines', () => {
  test('create (idempotent), describe, list, delete', async () => {
    const arn = await createMachine('doubler', passMachine);
    expect(arn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:doubler');
    expect(await createMachine('doubler', passMachine)).toBe(arn);
    const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(d).toMatchObject({ name: 'doubler', status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE });
    expect(JSON.parse(d.definition as string)).toEqual(passMachine);
    expect(d.creationDate).toBeInstanceOf(Date);
    const list = await sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.map((m) => m.name)).toContain('doubler');
    await createMachine('short-lived', passMachine);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:short-lived' }));
    expect((await apiError(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:short-lived' })))).name).toBe('StateMachineDoesNotExist');
  });

  test('errors: StateMachineAlreadyExists, InvalidDefinition, InvalidName, InvalidArn, ValidationException', async () => {
    await createMachine('taken', passMachine);
    expect((await apiError(createMachine('taken', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }))).name).toBe('StateMachineAlreadyExists');
    const invalid = await apiError(createMachine('broken', { StartAt: 'Nowhere', States: { P: { Type: 'Pass', End: true } } }));
    expect(invalid.name).toBe('InvalidDefinition');
    expect(invalid.message).toContain('Nowhere');
    expect(invalid.status).toBe(400);
    expect((await apiError(createMachine('bad name', passMachine))).name).toBe('InvalidName');
    expect((await apiError(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not-an-arn' })))).name).toBe('InvalidArn');
    expect((await apiError(sfn.send(new CreateStateMachineCommand({ name: 'x', definition: undefined, roleArn: ROLE } as never)))).name).toBe('ValidationException');
  });

  test('ValidateStateMachineDefinition: OK, FAIL with located diagnostics, malformed JSON', async () => {
    const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(passMachine) }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [] });
    const bad = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } }) }));
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics?.[0]).toMatchObject({ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', location: '/States/A/Next' });
    const json = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt": ' }));
    expect(json.result).toBe('FAIL');
    expect(json.diagnostics?.[0].code).toBe('INVALID_JSON_DESCRIPTION');
  });
});

describe('executions', () => {
  test('start, describe, list, history; same name: idempotent while running with the same input, else ExecutionAlreadyExists', async () => {
    const machine = await createMachine('doubler-2', passMachine);
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'run-1', input: '{"n":21}' }));
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:doubler-2:run-1');
    expect(started.startDate).toBeInstanceOf(Date);
    const d = await finished(started.executionArn as string);
    expect(d).toMatchObject({ status: 'SUCCEEDED', name: 'run-1', stateMachineArn: machine, input: '{"n":21}', output: '{"n":42}' });
    expect(d.stopDate!.getTime()).toBeGreaterThanOrEqual(d.startDate!.getTime());
    expect((await apiError(sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'run-1', input: '{"n":21}' })))).name).toBe('ExecutionAlreadyExists');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    expect(history.events?.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history.events?.[0].timestamp).toBeInstanceOf(Date);
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true, maxResults: 2, includeExecutionData: false }));
    expect(reversed.events?.map((e) => e.type)).toEqual(['ExecutionSucceeded', 'TaskStateExited']);
    expect(reversed.events?.[0].executionSucceededEventDetails?.output).toBeUndefined();
    expect(reversed.nextToken).toBeDefined();
    const next = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true, maxResults: 2, nextToken: reversed.nextToken }));
    expect(next.events?.map((e) => e.type)).toEqual(['LambdaFunctionSucceeded', 'LambdaFunctionStarted']);
    await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'run-2', input: '{"n":1}' }));
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
    expect(listed.executions?.map((e) => e.name)).toEqual(['run-2', 'run-1']);
    await finished('arn:aws:states:us-east-1:123456789012:execution:doubler-2:run-2');
    const succeeded = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'SUCCEEDED', maxResults: 1 }));
    expect(succeeded.executions).toHaveLength(1);
    expect(succeeded.nextToken).toBeDefined();
  });

  test('errors: InvalidExecutionInput, ExecutionDoesNotExist, StateMachineDoesNotExist, InvalidToken of a page', async () => {
    const machine = await createMachine('doubler-3', passMachine);
    expect((await apiError(sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{not json' })))).name).toBe('InvalidExecutionInput');
    expect((await apiError(sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:doubler-3:none' })))).name).toBe('ExecutionDoesNotExist');
    expect((await apiError(sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:none' })))).name).toBe('StateMachineDoesNotExist');
    expect((await apiError(sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, nextToken: 'forged' })))).name).toBe('InvalidToken');
  });

  test('StopExecution: ABORTED with the error and cause given', async () => {
    const machine = await createMachine('waiter', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'not needed' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'not needed' });
  });

  test('StartSyncExecution: EXPRESS machines answer at once; STANDARD ones are refused as AWS does', async () => {
    const express = await createMachine('express-doubler', passMachine, 'EXPRESS');
    const r = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express, input: '{"n":5}', name: 'test' }));
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: '{"n":10}', stateMachineArn: express });
    // The Express form of the ARN, as AWS answers StartSyncExecution (the sample output of the
    // serverless-patterns "sfn-express-sync-bedrock" pattern: "arn:aws:states:us-east-1:123456789012:
    // express:StateMachineExpressSyncToBedrock-MXFRi47uY7pX:test:4f3726da-74e1-4762-bd43-babeb2a291be").
    expect(r.executionArn).toMatch(/^arn:aws:states:[a-z0-9-]+:\d{12}:express:express-doubler:test:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const standard = await createMachine('standard-doubler', passMachine);
    expect((await apiError(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard })))).name).toBe('StateMachineTypeNotSupported');
  });

  test('states:startExecution inside a served execution starts an execution visible through the API', async () => {
    const child = await createMachine('child', passMachine);
    const parent = await createMachine('parent', {
      StartAt: 'Start',
      States: { Start: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: child, Input: { n: 4 }, Name: 'from-parent' }, End: true } },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: parent }));
    const d = await finished(executionArn as string);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toMatchObject({ Output: { n: 8 }, Status: 'SUCCEEDED' });
    const children = await sfn.send(new ListExecutionsCommand({ stateMachineArn: child }));
    expect(children.executions?.map((e) => e.name)).toEqual(['from-parent']);
  });
});

describe('a timed-out execution', () => {
  // LocalStack's AWS-validated timeouts/test_timeouts.snapshot.json, test_global_timeout (recorded
  // 10-03-2024): a Wait of 60 s in a machine with TimeoutSeconds 1 is TIMED_OUT, and
  // DescribeExecution has neither error nor cause (the API reference: "if the state machine
  // execution failed").
  test('DescribeExecution: status TIMED_OUT, no error, no cause', async () => {
    const machine = await createMachine('global-timeout', { TimeoutSeconds: 1, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'timing-out' }));
    const d = await finished(executionArn as string);
    expect(d.status).toBe('TIMED_OUT');
    expect(d.stopDate).toBeInstanceOf(Date);
    expect(d).not.toHaveProperty('error');
    expect(d).not.toHaveProperty('cause');
  });
});

describe('callback tasks through the API', () => {
  const callbackMachine = (extra: Record<string, unknown>) => ({
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'approver', Payload: { 'token.$': '$$.Task.Token' } },
        Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.rejected', Next: 'Rejected' }],
        End: true,
        ...extra,
      },
      Rejected: { Type: 'Pass', End: true },
    },
  });

  async function startCallback(name: string, extra: Record<string, unknown> = {}): Promise<{ executionArn: string; token: string }> {
    const seen = tokens.length;
    const machine = await createMachine(name, callbackMachine(extra));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"order":1}' }));
    const token = await until(() => tokens[seen]);
    return { executionArn: executionArn as string, token };
  }

  test('SendTaskSuccess: the output is the task result; a second answer gets TaskTimedOut, an unknown token TaskDoesNotExist', async () => {
    const { executionArn, token } = await startCallback('cb-success');
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    expect((await apiError(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' })))).name).toBe('InvalidOutput');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const d = await finished(executionArn);
    expect(d).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    const types = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events?.map((e) => e.type);
    expect(types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect((await apiError(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).name).toBe('TaskTimedOut');
    expect((await apiError(sfn.send(new SendTaskSuccessCommand({ taskToken: 'AAAA', output: '{}' })))).name).toBe('TaskDoesNotExist');
  });

  test('SendTaskFailure: the error and cause reach Catch', async () => {
    const { executionArn, token } = await startCallback('cb-failure');
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'out of stock' }));
    const d = await finished(executionArn);
    expect(JSON.parse(d.output as string)).toEqual({ order: 1, rejected: { Error: 'Rejected', Cause: 'out of stock' } });
  });

  test('SendTaskHeartbeat keeps a task with HeartbeatSeconds alive; without heartbeats it times out (States.Timeout, as AWS reports it)', async () => {
    const { executionArn, token } = await startCallback('cb-heartbeat', { HeartbeatSeconds: 1 });
    for (let i = 0; i < 3; i++) {
      await sleep(400);
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    const d = await finished(executionArn);
    expect(d).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect((await apiError(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })))).name).toBe('TaskTimedOut');
  });

  test('sqs:sendMessage.waitForTaskToken: the message carries the token; the answer comes through the API', async () => {
    const machine = await createMachine('cb-sqs', {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: approvals.url, MessageBody: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
          End: true,
        },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"order":9}' }));
    const message = await until(() => approvals.messages[0]);
    const body = JSON.parse(message.MessageBody) as { token: string; order: number };
    expect(body.order).toBe(9);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: body.token, output: '{"ok":true}' }));
    expect(await finished(executionArn as string)).toMatchObject({ status: 'SUCCEEDED', output: '{"ok":true}' });
    const submitted = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events?.find((e) => e.type === 'TaskSubmitted');
    expect(submitted?.taskSubmittedEventDetails).toMatchObject({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken' });
    expect(JSON.parse(submitted?.taskSubmittedEventDetails?.output as string)).toMatchObject({ MessageId: message.MessageId });
  });

  test('TimeoutSeconds: States.Timeout when no answer comes', async () => {
    const { executionArn } = await startCallback('cb-timeout', { TimeoutSeconds: 1 });
    expect(await finished(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });
});

describe('activities', () => {
  test('create (idempotent), describe, list; GetActivityTask of an unknown activity: ActivityDoesNotExist; no task: an empty answer', async () => {
    const a = await sfn.send(new CreateActivityCommand({ name: 'approvals' }));
    expect(a.activityArn).toBe('arn:aws:states:us-east-1:123456789012:activity:approvals');
    expect((await sfn.send(new CreateActivityCommand({ name: 'approvals' }))).activityArn).toBe(a.activityArn);
    expect((await sfn.send(new DescribeActivityCommand({ activityArn: a.activityArn }))).name).toBe('approvals');
    expect((await sfn.send(new ListActivitiesCommand({}))).activities?.map((x) => x.name)).toContain('approvals');
    expect((await apiError(sfn.send(new GetActivityTaskCommand({ activityArn: 'arn:aws:states:us-east-1:123456789012:activity:none' })))).name).toBe('ActivityDoesNotExist');
    const empty = await sfn.send(new GetActivityTaskCommand({ activityArn: a.activityArn, workerName: 'w' }));
    expect(empty.taskToken).toBeUndefined();
  });

  test('a worker loop takes each task, heartbeats and answers; a failure reaches Catch', async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'doubling' }));
    const machine = await createMachine('with-activity', {
      StartAt: 'Work',
      States: {
        Work: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 5, TimeoutSeconds: 30, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', Result: 'caught', End: true },
      },
    });
    const controller = new AbortController();
    const worker = (async () => {
      while (!controller.signal.aborted) {
        const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'test-worker' }), { abortSignal: controller.signal }).catch(() => ({ taskToken: undefined, input: undefined }));
        if (!task.taskToken) continue;
        await sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
        const n = (JSON.parse(task.input as string) as { n: number }).n;
        if (n < 0) await sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Negative', cause: `${n}` }));
        else await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ n: n * 2 }) }));
      }
    })();
    const runs = await Promise.all([3, -1, 7].map((n) => sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify({ n }) }))));
    const outcomes = await Promise.all(runs.map((r) => finished(r.executionArn as string)));
    controller.abort();
    await worker;
    expect(outcomes.map((o) => o.output)).toEqual(['{"n":6}', '"caught"', '{"n":14}']);
    const history = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: runs[0].executionArn }))).events ?? [];
    expect(history.map((e) => e.type).slice(2, 5)).toEqual(['ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded']);
    expect(history[3].activityStartedEventDetails?.workerName).toBe('test-worker');
  });
});

describe('malformed requests get AWS-shaped errors and the server keeps serving', () => {
  function raw(body: string, headers: Record<string, string>, method = 'POST'): Promise<{ status: number; body: { __type?: string; message?: string } }> {
    return new Promise((resolve, reject) => {
      const req = request(`${server.url}/`, { method, headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode as number, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const target = (op: string) => ({ 'X-Amz-Target': `AWSStepFunctions.${op}`, 'Content-Type': 'application/x-amz-json-1.0' });

  test('bad JSON, a body that is not an object, an unknown or missing target, GET, missing fields', async () => {
    expect(await raw('{oops', target('ListStateMachines'))).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect(await raw('[1,2]', target('ListStateMachines'))).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect(await raw('{}', target('DescribeUniverse'))).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(await raw('{}', { 'Content-Type': 'application/x-amz-json-1.0' })).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(await raw('', {}, 'GET')).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    const missing = await raw('{}', target('StartExecution'));
    expect(missing).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    expect(missing.body.message).toContain("'stateMachineArn'");
    expect(await raw('{"taskToken": 5, "output": "{}"}', target('SendTaskSuccess'))).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toBeDefined();
  });
});
