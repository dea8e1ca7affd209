/** Callback tasks (.waitForTaskToken) and activities with a task token broker (RunOptions.callbacks). */
import { TaskTokenBroker, TaskTokenError } from '../callbacks';
import type { Json } from '../types';
import { data, details, eventsOf, run, sleep, types, until } from './helpers';

const SQS_CALLBACK = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:approve';

/** An invoker of sqs:sendMessage (the base action) that records the token it was given. */
function sqsInvoker(seen: { token?: string; resource?: string; input?: Json }) {
  return (req: { resource: string; input: Json; taskToken?: string }) => {
    if (req.resource !== 'arn:aws:states:::sqs:sendMessage') return undefined;
    seen.token = req.taskToken;
    seen.resource = req.resource;
    seen.input = req.input;
    return Promise.resolve({ MessageId: 'm-1' } as Json);
  };
}

const callbackMachine = (extra: Record<string, unknown> = {}) => ({
  StartAt: 'Ask',
  States: {
    Ask: { Type: 'Task', Resource: SQS_CALLBACK, Parameters: { 'token.$': '$$.Task.Token', 'order.$': '$.order' }, ResultPath: '$.answer', End: true, ...extra },
  },
});

describe('.waitForTaskToken with a broker', () => {
  test('the base action gets the token (resource without the suffix); SendTaskSuccess gives the result', async () => {
    const broker = new TaskTokenBroker();
    const seen: { token?: string; resource?: string; input?: Json } = {};
    const p = run(callbackMachine(), { order: 7 }, { callbacks: broker, resources: [sqsInvoker(seen)] });
    const token = await until(() => (broker.isOpen(seen.token ?? '') ? seen.token : undefined));
    expect(seen.input).toEqual({ token, order: 7 });
    broker.sendTaskSuccess(token, '{"approved":true}');
    const r = await p;
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ order: 7, answer: { approved: true } });
    expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(details(eventsOf(r, 'TaskSubmitted')[0])).toMatchObject({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', output: '{"MessageId":"m-1"}' });
    expect(() => broker.sendTaskSuccess(token, '{}')).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
    expect(() => broker.sendTaskSuccess('no-such-token', '{}')).toThrow(expect.objectContaining({ code: 'TaskDoesNotExist' }));
    expect(() => broker.sendTaskHeartbeat('')).toThrow(TaskTokenError);
  });

  test('SendTaskFailure fails the task with its error and cause (Catch sees them)', async () => {
    const broker = new TaskTokenBroker();
    const seen: { token?: string } = {};
    const def = callbackMachine({ Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.err', Next: 'Done' }], End: undefined, Next: 'X' });
    (def.States as Record<string, unknown>).X = { Type: 'Succeed' };
    (def.States as Record<string, unknown>).Done = { Type: 'Pass', End: true };
    const p = run(def, { order: 1 }, { callbacks: broker, resources: [sqsInvoker(seen)] });
    const token = await until(() => seen.token);
    expect(() => broker.sendTaskSuccess(token, 'not json')).toThrow(expect.objectContaining({ code: 'InvalidOutput' }));
    broker.sendTaskFailure(token, 'Rejected', 'no stock');
    const r = await p;
    expect(r.output).toEqual({ order: 1, err: { Error: 'Rejected', Cause: 'no stock' } });
    expect(details(eventsOf(r, 'TaskFailed')[0])).toMatchObject({ error: 'Rejected', cause: 'no stock' });
  });

  // Reported as States.Timeout, as AWS records it (LocalStack's timeouts/test_heartbeats.snapshot.json).
  test('HeartbeatSeconds: heartbeats keep the task alive; without them, States.Timeout (TaskTimedOut)', async () => {
    const broker = new TaskTokenBroker();
    const seen: { token?: string } = {};
    const p = run(callbackMachine({ HeartbeatSeconds: 1 }), { order: 1 }, { callbacks: broker, resources: [sqsInvoker(seen)] });
    const token = await until(() => seen.token);
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      broker.sendTaskHeartbeat(token);
    }
    expect(broker.isOpen(token)).toBe(true);
    const r = await p;
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Timeout');
    expect(eventsOf(r, 'TaskTimedOut')).toHaveLength(1);
    expect(() => broker.sendTaskSuccess(token, '{}')).toThrow(expect.objectContaining({ code: 'TaskTimedOut' }));
  });

  test('TimeoutSeconds: States.Timeout when no answer comes', async () => {
    const broker = new TaskTokenBroker();
    const r = await run(callbackMachine({ TimeoutSeconds: 1 }), { order: 1 }, { callbacks: broker, resources: [sqsInvoker({})] });
    expect(r.error).toBe('States.Timeout');
    expect(broker.pending).toBe(0);
  });

  test('lambda:invoke.waitForTaskToken runs the local function, which may answer at once', async () => {
    const broker = new TaskTokenBroker();
    const def = {
      StartAt: 'L',
      States: { L: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'approver', Payload: { 'token.$': '$$.Task.Token' } }, End: true } },
    };
    const approver = (event: unknown) => {
      broker.sendTaskSuccess((event as { token: string }).token, JSON.stringify({ by: 'approver' }));
      return { queued: true };
    };
    const r = await run(def, {}, { callbacks: broker, functions: { approver } });
    expect(r.output).toEqual({ by: 'approver' });
    expect(data(eventsOf(r, 'TaskSubmitted')[0]) as Record<string, unknown>).toMatchObject({ Payload: { queued: true }, StatusCode: 200 });
    const failing = await run(def, {}, { callbacks: broker, functions: { approver: () => Promise.reject(new TypeError('bad')) } });
    expect(failing.error).toBe('TypeError');
  });

  test('JSONata: $states.context.Task.Token in Arguments; Output sees the answer as $states.result', async () => {
    const broker = new TaskTokenBroker();
    const seen: { token?: string; input?: Json } = {};
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Ask',
      States: { Ask: { Type: 'Task', Resource: SQS_CALLBACK, Arguments: { token: '{% $states.context.Task.Token %}' }, Output: '{% {"got": $states.result.v} %}', End: true } },
    };
    const p = run(def, {}, { callbacks: broker, resources: [sqsInvoker(seen)] });
    const token = await until(() => seen.token);
    expect(seen.input).toEqual({ token });
    broker.sendTaskSuccess(token, '{"v":3}');
    expect((await p).output).toEqual({ got: 3 });
  });

  test('a base action no invoker runs: States.Runtime naming the state', async () => {
    const r = await run(callbackMachine(), { order: 1 }, { callbacks: new TaskTokenBroker() });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain("'Ask'");
  });
});

describe('activities with a broker', () => {
  const activityMachine = (extra: Record<string, unknown> = {}) => ({ StartAt: 'A', States: { A: { Type: 'Task', Resource: ACTIVITY, End: true, ...extra } } });

  test('a worker takes the task (ActivityStarted with its name) and answers', async () => {
    const broker = new TaskTokenBroker();
    const p = run(activityMachine(), { doc: 1 }, { callbacks: broker });
    const task = await broker.activities.poll(ACTIVITY, 'worker-1', 5000);
    expect(task).not.toBeNull();
    expect(JSON.parse(task!.input)).toEqual({ doc: 1 });
    broker.sendTaskSuccess(task!.taskToken, '{"done":1}');
    const r = await p;
    expect(r.output).toEqual({ done: 1 });
    expect(types(r).slice(2, 5)).toEqual(['ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded']);
    expect(details(eventsOf(r, 'ActivityStarted')[0])).toEqual({ workerName: 'worker-1' });
  });

  test('a poll with no task answers null after its wait; a task no worker takes times out', async () => {
    const broker = new TaskTokenBroker();
    expect(await broker.activities.poll(ACTIVITY, 'w', 20)).toBeNull();
    const r = await run(activityMachine({ TimeoutSeconds: 1 }), {}, { callbacks: broker });
    expect(r.error).toBe('States.Timeout');
    expect(eventsOf(r, 'ActivityTimedOut')).toHaveLength(1);
    expect(broker.activities.waiting(ACTIVITY)).toBe(0);
  });

  test('a stopped execution leaves no task for workers', async () => {
    const broker = new TaskTokenBroker();
    const controller = new AbortController();
    const p = run(activityMachine(), {}, { callbacks: broker, signal: controller.signal });
    await sleep(10);
    controller.abort();
    expect((await p).status).toBe('ABORTED');
    expect(await broker.activities.poll(ACTIVITY, 'w', 10)).toBeNull();
  });
});
