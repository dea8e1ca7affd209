/** Task: time limits (states/task/task.ts), overrides and resource invokers (integration.ts). */
import type { LambdaContext } from '../types';
import { FN_ARN, at, data, details, eventsOf, oneTask, run, sleep, types } from './helpers';

const INVOKE = 'arn:aws:states:::lambda:invoke';

describe('Task: timeouts', () => {
  test("a handler running past its function's timeout fails the task as Lambda reports it: Sandbox.Timedout", async () => {
    let requestId = '';
    const r = await run(oneTask(FN_ARN('slow')), {}, {
      functions: {
        slow: {
          handler: (_e: unknown, c: LambdaContext) => {
            requestId = c.awsRequestId;
            return sleep(2_000);
          },
          timeout: 0.1,
        },
      },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Sandbox.Timedout');
    const cause = { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after 0.10 seconds` };
    expect(r.cause).toBe(JSON.stringify(cause));
    expect(types(r).slice(-3)).toEqual(['LambdaFunctionStarted', 'LambdaFunctionFailed', 'ExecutionFailed']);
    expect(details(eventsOf(r, 'LambdaFunctionFailed')[0])).toEqual({ error: 'Sandbox.Timedout', cause: JSON.stringify(cause) });
    // The virtual clock moves by the function's timeout.
    expect(at(eventsOf(r, 'LambdaFunctionFailed')[0])).toBe(100);
  });

  test('a handler that never resolves is cut by its timeout', async () => {
    const r = await run(oneTask(FN_ARN('hang')), {}, { functions: { hang: { handler: () => new Promise(() => undefined), timeout: 0.05 } } });
    expect(r.error).toBe('Sandbox.Timedout');
    expect(JSON.parse(r.cause as string)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 0\.05 seconds$/) });
  });

  test('through lambda:invoke, a function past its timeout fails the task with TaskFailed, Sandbox.Timedout', async () => {
    const r = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'hang' }, End: true } } },
      {},
      { functions: { hang: { handler: () => new Promise(() => undefined), timeout: 0.05 } } },
    );
    expect(r.error).toBe('Sandbox.Timedout');
    expect(types(r).slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
    expect(details(eventsOf(r, 'TaskFailed')[0])).toEqual({ resourceType: 'lambda', resource: 'invoke', error: 'Sandbox.Timedout', cause: r.cause });
  });

  test('Sandbox.Timedout is a task failure: States.TaskFailed and States.ALL catch it, not States.Timeout', async () => {
    const hang = { handler: () => new Promise(() => undefined), timeout: 0.02 };
    const caught = (errorEquals: string[]) =>
      run(
        {
          StartAt: 'T',
          States: {
            T: { Type: 'Task', Resource: FN_ARN('hang'), Catch: [{ ErrorEquals: errorEquals, Next: 'C' }], End: true },
            C: { Type: 'Pass', End: true },
          },
        },
        {},
        { functions: { hang } },
      );
    for (const names of [['States.TaskFailed'], ['States.ALL'], ['Sandbox.Timedout']]) {
      const r = await caught(names);
      expect(r.status).toBe('SUCCEEDED');
      expect((r.output as { Error: string }).Error).toBe('Sandbox.Timedout');
    }
    const notCaught = await caught(['States.Timeout']);
    expect(notCaught.status).toBe('FAILED');
    expect(notCaught.error).toBe('Sandbox.Timedout');
  });

  test('an answer that comes after the timeout is ignored; the retry runs the function again', async () => {
    let calls = 0;
    const r = await run(oneTask(FN_ARN('late'), { Retry: [{ ErrorEquals: ['Sandbox.Timedout'], IntervalSeconds: 1, MaxAttempts: 1 }] }), {}, {
      functions: {
        late: {
          handler: async () => {
            calls++;
            if (calls === 1) await sleep(80);
            return { call: calls };
          },
          timeout: 0.03,
        },
      },
    });
    await sleep(100); // the first call has answered by now
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ call: 2 });
    expect(types(r).filter((t) => t.startsWith('LambdaFunction'))).toEqual([
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
    ]);
  });

  test("the context counts the function's timeout down, also under a shorter TimeoutSeconds", async () => {
    const seen: number[] = [];
    await run(oneTask(FN_ARN('f'), { TimeoutSeconds: 1 }), {}, {
      functions: {
        f: {
          handler: async (_e: unknown, c: LambdaContext) => {
            seen.push(c.getRemainingTimeInMillis());
            await sleep(30);
            seen.push(c.getRemainingTimeInMillis());
          },
          timeout: 10,
        },
      },
    });
    expect(seen[0]).toBeGreaterThan(9_000);
    expect(seen[0]).toBeLessThanOrEqual(10_000);
    expect(seen[0] - seen[1]).toBeGreaterThanOrEqual(20);
  });

  test('TimeoutSeconds cuts the task with States.Timeout (TaskTimedOut, no cause) and the virtual clock moves by it', async () => {
    const r = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: INVOKE, TimeoutSeconds: 1, Parameters: { FunctionName: 'hang' }, End: true } } },
      {},
      { functions: { hang: { handler: () => new Promise(() => undefined), timeout: 60 } } },
    );
    expect(r.error).toBe('States.Timeout');
    expect(r.cause).toBeUndefined();
    const timedOut = eventsOf(r, 'TaskTimedOut')[0];
    expect(details(timedOut)).toEqual({ resourceType: 'lambda', resource: 'invoke', error: 'States.Timeout' });
    expect(details(eventsOf(r, 'TaskScheduled')[0]).timeoutInSeconds).toBe(1);
    expect(at(timedOut)).toBe(1_000);
    expect(r.stopDate.getTime() - r.startDate.getTime()).toBe(1_000);
  });

  test('TimeoutSecondsPath reads the limit from the state input', async () => {
    const r = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN_ARN('hang'), TimeoutSecondsPath: '$.limit', End: true } } },
      { limit: 1 },
      { functions: { hang: { handler: () => new Promise(() => undefined), timeout: 60 } } },
    );
    expect(r.error).toBe('States.Timeout');
    expect(details(eventsOf(r, 'LambdaFunctionScheduled')[0]).timeoutInSeconds).toBe(1);
    const bad = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN_ARN('f'), TimeoutSecondsPath: '$.limit', End: true } } },
      { limit: 'soon' },
      { functions: { f: () => 1 } },
    );
    expect(bad.error).toBe('States.Runtime');
  });

  test('HeartbeatSeconds on a callback task: no heartbeat can come, so it times out (States.Timeout, as AWS reports a heartbeat time-out)', async () => {
    const r = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', HeartbeatSeconds: 1, TimeoutSeconds: 5, End: true } } },
      {},
      { resources: [() => new Promise(() => undefined)] },
    );
    expect(r.error).toBe('States.Timeout');
    expect(details(eventsOf(r, 'TaskScheduled')[0])).toMatchObject({ heartbeatInSeconds: 1, timeoutInSeconds: 5 });
  });
});

describe('Task: overrides and resource invokers', () => {
  test('an override replaces the work: a fixed result, an error, or a function of the effective input', async () => {
    const definition = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FN_ARN('f'), InputPath: '$.in', ResultPath: '$.out', End: true } },
    };
    const called: unknown[] = [];
    const functions = { f: () => called.push('function') };
    expect((await run(definition, { in: 1 }, { functions, overrides: { T: { result: { fixed: true } } } })).output).toEqual({ in: 1, out: { fixed: true } });
    const failed = await run(definition, { in: 1 }, { functions, overrides: { T: { error: 'Custom.Error', cause: 'why' } } });
    expect([failed.error, failed.cause]).toEqual(['Custom.Error', 'why']);
    const seen: unknown[] = [];
    const fn = await run(definition, { in: 2 }, {
      functions,
      overrides: {
        T: async (input, c) => {
          seen.push([input, c]);
          return 'computed';
        },
      },
    });
    expect(fn.output).toEqual({ in: 2, out: 'computed' });
    expect(seen).toEqual([[2, { stateName: 'T', retryCount: 0 }]]);
    expect(called).toEqual([]);
  });

  test('an override error is retried and caught like any task error', async () => {
    let calls = 0;
    const r = await run(
      {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: FN_ARN('f'), Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 5 }], End: true },
        },
      },
      {},
      {
        overrides: {
          T: (_i, c) => {
            calls++;
            if (c.retryCount < 2) throw Object.assign(new Error('flaky'), { name: 'Flaky' });
            return c.retryCount;
          },
        },
      },
    );
    expect(r.output).toBe(2);
    expect(calls).toBe(3);
  });

  test('resource invokers run service integrations; the first that answers takes the task', async () => {
    const requests: unknown[] = [];
    const r = await run(
      {
        StartAt: 'Put',
        States: {
          Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 't', 'Item.$': '$' }, TimeoutSeconds: 30, Next: 'Get' },
          Get: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', Parameters: { Bucket: 'b', Key: 'k' }, End: true },
        },
      },
      { id: 1 },
      {
        resources: [
          () => undefined,
          (req) => {
            requests.push(req);
            return Promise.resolve({ from: req.resource });
          },
        ],
      },
    );
    expect(r.output).toEqual({ from: 'arn:aws:states:::aws-sdk:s3:getObject' });
    expect(requests[0]).toEqual({ resource: 'arn:aws:states:::dynamodb:putItem', input: { TableName: 't', Item: { id: 1 } }, stateName: 'Put', taskToken: undefined, timeoutSeconds: 30 });
    const scheduled = eventsOf(r, 'TaskScheduled').map(details);
    expect(scheduled.map((d) => [d.resourceType, d.resource])).toEqual([
      ['dynamodb', 'putItem'],
      ['aws-sdk:s3', 'getObject'],
    ]);
    expect(data(eventsOf(r, 'TaskSucceeded')[1])).toEqual({ from: 'arn:aws:states:::aws-sdk:s3:getObject' });
  });

  test('an invoker that throws or rejects fails the task with the error name and message', async () => {
    const r = await run(oneTask('arn:aws:states:::sns:publish'), {}, {
      resources: [() => Promise.reject(Object.assign(new Error('no topic'), { name: 'SNS.NotFoundException' }))],
    });
    expect([r.error, r.cause]).toEqual(['SNS.NotFoundException', 'no topic']);
  });

  test('a Lambda function not given locally can be run by an invoker', async () => {
    const r = await run(oneTask(FN_ARN('remote')), {}, { resources: [(req) => (req.resource === FN_ARN('remote') ? Promise.resolve('remote result') : undefined)] });
    expect(r.output).toBe('remote result');
  });

  test('a resource no one runs fails the execution with a cause naming the state and the resource, past any Catch', async () => {
    const r = await run(
      {
        StartAt: 'Send',
        States: {
          Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
          Caught: { Type: 'Pass', End: true },
        },
      },
      {},
    );
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toContain("'Send'");
    expect(r.cause).toContain("'arn:aws:states:::sqs:sendMessage'");
  });

  test('an activity resource writes Activity* events', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:activity:approve';
    const r = await run(oneTask(arn, { TimeoutSeconds: 30, HeartbeatSeconds: 10 }), { doc: 1 }, { resources: [(req) => (req.resource === arn ? Promise.resolve({ approved: true }) : undefined)] });
    expect(r.output).toEqual({ approved: true });
    expect(types(r).slice(2, 5)).toEqual(['ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded']);
    expect(details(eventsOf(r, 'ActivityScheduled')[0])).toEqual({ resource: arn, input: '{"doc":1}', inputDetails: { truncated: false }, timeoutInSeconds: 30, heartbeatInSeconds: 10 });
  });
});
