/**
 * Task time-outs and heartbeat time-outs as recorded on AWS: LocalStack's AWS-validated
 * tests/aws/services/stepfunctions/v2/timeouts/test_timeouts.snapshot.json (recorded 10-03-2024)
 * and test_heartbeats.snapshot.json (recorded 18-04-2024).
 *
 * AWS: the task's TimedOut event and the execution's failure carry `error: States.Timeout` and no
 * cause at all, for TimeoutSeconds (a Lambda function ARN: LambdaFunctionTimedOut; lambda:invoke:
 * TaskTimedOut with resource and resourceType) and for HeartbeatSeconds alike (a heartbeat
 * time-out is reported as States.Timeout, not States.HeartbeatTimeout).
 *
 * The recordings use 5 s limits; a task's limit passes in wall-clock time here (README, "Callbacks
 * and activities"), so these use 1 s (the events' timeoutInSeconds / heartbeatInSeconds follow)
 * and run concurrently.
 */
import { TaskTokenBroker } from '../callbacks';
import type { Json } from '../types';
import { FN_ARN, def, run } from './helpers';
import { links, typedDetails } from './recorded';

const DATA = { truncated: false };
const INVOKE = 'arn:aws:states:::lambda:invoke';
const PARAMETERS = { 'FunctionName.$': '$.FunctionName', 'Payload.$': '$.Payload' };
/** The recorded function sleeps 60 s (its own timeout is longer than the task's). */
const sleeper = { handler: () => new Promise(() => undefined), timeout: 60 };
const SERVICE = { resource: 'invoke', resourceType: 'lambda' };

describe('TimeoutSeconds (test_timeouts.snapshot.json)', () => {
  test.concurrent('test_fixed_timeout_lambda: LambdaFunctionTimedOut {error: States.Timeout}, ExecutionFailed {error: States.Timeout}, no cause', async () => {
    const input = { Payload: null };
    const r = await run(def({ StartAt: 'Start', States: { Start: { Type: 'Task', Resource: FN_ARN('sleeper'), TimeoutSeconds: 1, End: true } } }), input, { functions: { sleeper } });
    expect(r.status).toBe('FAILED');
    expect(typedDetails(r)).toStrictEqual([
      ['ExecutionStarted', { input, inputDetails: DATA }],
      ['TaskStateEntered', { input, inputDetails: DATA, name: 'Start' }],
      ['LambdaFunctionScheduled', { input, inputDetails: DATA, resource: FN_ARN('sleeper'), timeoutInSeconds: 1 }],
      ['LambdaFunctionStarted', undefined],
      ['LambdaFunctionTimedOut', { error: 'States.Timeout' }],
      ['ExecutionFailed', { error: 'States.Timeout' }],
    ]);
    expect(links(r)).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5]]);
  });

  const serviceTimeout = (input: Record<string, Json>) => [
    ['ExecutionStarted', { input, inputDetails: DATA }],
    ['TaskStateEntered', { input, inputDetails: DATA, name: 'Start' }],
    ['TaskScheduled', { parameters: { FunctionName: 'sleeper', Payload: null }, region: 'us-east-1', timeoutInSeconds: 1, ...SERVICE }],
    ['TaskStarted', SERVICE],
    ['TaskTimedOut', { error: 'States.Timeout', ...SERVICE }],
    ['ExecutionFailed', { error: 'States.Timeout' }],
  ];

  test.concurrent.each([
    ['test_fixed_timeout_service_lambda', { TimeoutSeconds: 1 }],
    ['test_fixed_timeout_service_lambda_with_path', { TimeoutSecondsPath: '$.TimeoutSecondsValue' }],
  ])('%s: TaskTimedOut {error, resource, resourceType}, ExecutionFailed {error}', async (_name, limit) => {
    const input = { FunctionName: 'sleeper', Payload: null, TimeoutSecondsValue: 1 };
    const r = await run(def({ StartAt: 'Start', States: { Start: { Type: 'Task', Resource: INVOKE, ...limit, Parameters: PARAMETERS, End: true } } }), input, { functions: { sleeper } });
    expect(r.status).toBe('FAILED');
    expect(typedDetails(r)).toStrictEqual(serviceTimeout(input));
  });

  // test_service_lambda_map_timeout: four iterations time out together; the first fails the Map,
  // the other three are aborted. Recorded: after the four TaskTimedOut events, MapIterationFailed
  // (index 0), then TaskStateAborted and MapIterationAborted for each other iteration, MapStateFailed,
  // all following the first TaskTimedOut, then ExecutionFailed {error: States.Timeout}.
  test.concurrent('test_service_lambda_map_timeout: the iterations after the first failed one are aborted', async () => {
    const definition = def({
      StartAt: 'MapWait',
      States: {
        MapWait: {
          Type: 'Map',
          InputPath: '$.Inputs',
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'LambdaInvoke', States: { LambdaInvoke: { Type: 'Task', Resource: INVOKE, TimeoutSeconds: 1, Parameters: PARAMETERS, End: true } } },
          End: true,
        },
      },
    });
    const item = { FunctionName: 'sleeper', Payload: null };
    const r = await run(definition, { Inputs: [item, item, item, item] }, { functions: { sleeper } });
    const events = typedDetails(r);
    expect(events).toHaveLength(33);
    expect(events.slice(19)).toStrictEqual([
      ...Array.from({ length: 4 }, () => ['TaskTimedOut', { error: 'States.Timeout', ...SERVICE }]),
      ['MapIterationFailed', { index: 0, name: 'MapWait' }],
      ...[1, 2, 3].flatMap((index) => [
        ['TaskStateAborted', undefined],
        ['MapIterationAborted', { index, name: 'MapWait' }],
      ]),
      ['TaskStateAborted', undefined],
      ['MapStateFailed', undefined],
      ['ExecutionFailed', { error: 'States.Timeout' }],
    ]);
    const firstTimedOut = r.events[19].id;
    expect(r.events.slice(23, 32).map((e) => e.previousEventId)).toEqual(Array(9).fill(firstTimedOut));
    expect(r.events[32].previousEventId).toBe(r.events[31].id);
  });
});

describe('HeartbeatSeconds (test_heartbeats.snapshot.json)', () => {
  /** service_sqs_send_and_wait_for_task_token_with_heartbeat(_path): no heartbeat ever comes. */
  const machine = (limits: Record<string, unknown>) =>
    def({
      StartAt: 'SendMessageWithWait',
      States: {
        SendMessageWithWait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          ...limits,
          Parameters: { 'QueueUrl.$': '$.QueueUrl', MessageBody: { 'Message.$': '$.Message', 'TaskToken.$': '$$.Task.Token' } },
          End: true,
        },
      },
    });
  const SQS = { resource: 'sendMessage.waitForTaskToken', resourceType: 'sqs' };
  const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/queue';
  const sent = { MessageId: 'm-1' };

  test.concurrent.each([
    ['test_heartbeat_timeout', { TimeoutSeconds: 600, HeartbeatSeconds: 1 }, {}],
    ['test_heartbeat_path_timeout', { TimeoutSeconds: 600, HeartbeatSecondsPath: '$.HeartbeatSecondsPath' }, { HeartbeatSecondsPath: 1 }],
    ['test_heartbeat_no_timeout', { HeartbeatSeconds: 1 }, {}],
  ])('%s: TaskSubmitted, then TaskTimedOut {error: States.Timeout} and ExecutionFailed {error: States.Timeout}', async (_name, limits, extra) => {
    const input = { QueueUrl: QUEUE, Message: 'test_message_txt', ...extra };
    const broker = new TaskTokenBroker();
    const r = await run(machine(limits), input, { callbacks: broker, resources: [(req) => (req.resource === 'arn:aws:states:::sqs:sendMessage' ? Promise.resolve(sent) : undefined)] });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Timeout');
    expect(typedDetails(r)).toStrictEqual([
      ['ExecutionStarted', { input, inputDetails: DATA }],
      ['TaskStateEntered', { input, inputDetails: DATA, name: 'SendMessageWithWait' }],
      [
        'TaskScheduled',
        {
          heartbeatInSeconds: 1,
          parameters: { MessageBody: { Message: 'test_message_txt', TaskToken: expect.any(String) }, QueueUrl: QUEUE },
          region: 'us-east-1',
          ...SQS,
          ...('TimeoutSeconds' in limits ? { timeoutInSeconds: 600 } : {}),
        },
      ],
      ['TaskStarted', SQS],
      ['TaskSubmitted', { output: sent, outputDetails: DATA, ...SQS }],
      ['TaskTimedOut', { error: 'States.Timeout', ...SQS }],
      ['ExecutionFailed', { error: 'States.Timeout' }],
    ]);
    expect(links(r)).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6]]);
  });

  test.concurrent('a heartbeat time-out is States.Timeout to Catch, and States.HeartbeatTimeout matches it too (the guide)', async () => {
    const caught = (errorEquals: string[]) =>
      def({
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', HeartbeatSeconds: 1, Parameters: { 'T.$': '$$.Task.Token' }, Catch: [{ ErrorEquals: errorEquals, Next: 'C' }], End: true },
          C: { Type: 'Pass', End: true },
        },
      });
    const options = () => ({ callbacks: new TaskTokenBroker(), resources: [() => Promise.resolve(sent as Json)] });
    const [byName, byTimeout] = await Promise.all([run(caught(['States.HeartbeatTimeout']), {}, options()), run(caught(['States.Timeout']), {}, options())]);
    expect(byName.output).toEqual({ Error: 'States.Timeout', Cause: '' });
    expect(byTimeout.output).toEqual({ Error: 'States.Timeout', Cause: '' });
  });
});
