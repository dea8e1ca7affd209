/** Task: Lambda functions run in-process (states/task/function.ts): function ARN and lambda:invoke, handler errors. */
import type { LambdaContext } from '../types';
import { FN_ARN, details, eventsOf, oneTask, run, types } from './helpers';

const INVOKE = 'arn:aws:states:::lambda:invoke';

describe('Task: Lambda function ARN as Resource', () => {
  test('the result is the bare payload; the handler gets a copy of the effective input', async () => {
    const input = { n: 1, list: [1] };
    const r = await run(oneTask(FN_ARN('f')), input, {
      functions: {
        f: (e: unknown) => {
          const ev = e as { n: number; list: number[] };
          ev.list.push(2); // must not change the execution's data
          return { n: ev.n + 1 };
        },
      },
    });
    expect(r.output).toEqual({ n: 2 });
    expect(input).toEqual({ n: 1, list: [1] });
    expect(types(r)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(details(eventsOf(r, 'LambdaFunctionScheduled')[0])).toEqual({ resource: FN_ARN('f'), input: '{"n":1,"list":[1]}', inputDetails: { truncated: false } });
  });

  test.each([':$LATEST', ':7', ':live'])('a qualifier (%s) is ignored to find the function', async (q) => {
    const r = await run(oneTask(FN_ARN('f') + q), {}, { functions: { f: () => 'ok' } });
    expect(r.output).toBe('ok');
  });

  test('the result goes through JSON as the Lambda runtime sends it (undefined -> null, Date -> string)', async () => {
    expect((await run(oneTask(FN_ARN('f')), {}, { functions: { f: async () => undefined } })).output).toBeNull();
    const d = new Date('2024-05-06T07:08:09.000Z');
    expect((await run(oneTask(FN_ARN('f')), {}, { functions: { f: () => ({ d, skip: undefined }) } })).output).toEqual({ d: '2024-05-06T07:08:09.000Z' });
  });

  test('a result that cannot be serialized fails the task as the runtime does', async () => {
    const r = await run(oneTask(FN_ARN('f')), {}, { functions: { f: () => ({ big: BigInt(1) }) } });
    expect(r.error).toBe('Error');
    expect(JSON.parse(r.cause as string)).toMatchObject({ errorType: 'Error', errorMessage: 'Unable to stringify response body' });
  });

  test('sync handlers, async handlers and callback-style handlers', async () => {
    const cb = (_e: unknown, _c: unknown, callback: (err: unknown, v?: unknown) => void) => setTimeout(() => callback(null, 'from callback'), 1);
    expect((await run(oneTask(FN_ARN('f')), {}, { functions: { f: cb as never } })).output).toBe('from callback');
    const cbErr = (_e: unknown, _c: unknown, callback: (err: unknown) => void) => callback(new TypeError('bad'));
    const failed = await run(oneTask(FN_ARN('f')), {}, { functions: { f: cbErr as never } });
    expect(failed.error).toBe('TypeError');
  });

  test('the Lambda context: names, ARN, memory, request id and remaining time from the function timeout', async () => {
    let ctx: LambdaContext | undefined;
    let remaining = 0;
    await run(oneTask(FN_ARN('f') + ':3'), {}, {
      functions: {
        f: {
          handler: (_e, c) => {
            ctx = c;
            remaining = c.getRemainingTimeInMillis();
          },
          timeout: 10,
          memorySize: 512,
        },
      },
    });
    expect(ctx?.functionName).toBe('f');
    expect(ctx?.functionVersion).toBe('3');
    expect(ctx?.invokedFunctionArn).toBe(FN_ARN('f') + ':3');
    expect(ctx?.memoryLimitInMB).toBe('512');
    expect(ctx?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx?.logGroupName).toBe('/aws/lambda/f');
    expect(ctx?.callbackWaitsForEmptyEventLoop).toBe(true);
    expect(remaining).toBeGreaterThan(9_000);
    expect(remaining).toBeLessThanOrEqual(10_000);

    await run(oneTask(FN_ARN('g')), {}, { functions: { g: (_e, c) => void (remaining = c.getRemainingTimeInMillis()) } });
    expect(remaining).toBeGreaterThan(2_500);
    expect(remaining).toBeLessThanOrEqual(3_000);
  });
});

describe('Task: arn:aws:states:::lambda:invoke', () => {
  test('the result is the Invoke response with the payload in Payload', async () => {
    let requestId = '';
    const r = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'f', 'Payload.$': '$' }, End: true } } },
      { a: 1 },
      {
        functions: {
          f: async (e, c) => {
            requestId = c.awsRequestId;
            return { got: e };
          },
        },
      },
    );
    const out = r.output as Record<string, any>;
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(out.Payload).toEqual({ got: { a: 1 } });
    expect(out.StatusCode).toBe(200);
    expect(out.SdkResponseMetadata).toEqual({ RequestId: requestId });
    expect(out.SdkHttpMetadata.HttpStatusCode).toBe(200);
    expect(out.SdkHttpMetadata.HttpHeaders['Content-Type']).toBe('application/json');
    expect(out.SdkHttpMetadata.HttpHeaders['Content-Length']).toBe(String(JSON.stringify({ got: { a: 1 } }).length));
    expect(out.SdkHttpMetadata.AllHttpHeaders['X-Amz-Executed-Version']).toEqual(['$LATEST']);
    expect(out.SdkHttpMetadata.HttpHeaders['x-amzn-RequestId']).toBe(requestId);
    expect(types(r).slice(2, 5)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSucceeded']);
    expect(details(eventsOf(r, 'TaskScheduled')[0])).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"FunctionName":"f","Payload":{"a":1}}',
    });
    expect(details(eventsOf(r, 'TaskStarted')[0])).toEqual({ resourceType: 'lambda', resource: 'invoke' });
  });

  test.each([
    ['a name', 'f'],
    ['a name and version', 'f:2'],
    ['a partial ARN', '123456789012:function:f'],
    ['a full ARN', FN_ARN('f')],
    ['a full ARN with a version', FN_ARN('f') + ':2'],
  ])('FunctionName may be %s', async (_label, name) => {
    const r = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: name, Payload: { x: 1 } }, OutputPath: '$.Payload', End: true } } },
      {},
      { functions: { f: (e: unknown) => e } },
    );
    expect(r.output).toEqual({ x: 1 });
  });

  test('a numeric qualifier is the ExecutedVersion; no Payload parameter gives the function {}', async () => {
    const r = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'f:12' }, End: true } } },
      {},
      { functions: { f: (e: unknown) => e } },
    );
    expect((r.output as { ExecutedVersion: string }).ExecutedVersion).toBe('12');
    expect((r.output as { Payload: unknown }).Payload).toEqual({});
  });

  test("a function's error fails the task with errorType as error and the runtime's error document as cause", async () => {
    const r = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'f' }, End: true } } },
      {},
      {
        functions: {
          f: async () => {
            throw new RangeError('out of range');
          },
        },
      },
    );
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('RangeError');
    const cause = JSON.parse(r.cause as string);
    expect(Object.keys(cause)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(cause.errorType).toBe('RangeError');
    expect(cause.errorMessage).toBe('out of range');
    expect(cause.trace[0]).toBe('RangeError: out of range');
    expect(cause.trace.length).toBeGreaterThan(1);
    expect(details(eventsOf(r, 'TaskFailed')[0])).toEqual({ resourceType: 'lambda', resource: 'invoke', error: 'RangeError', cause: r.cause });
    expect(types(r).slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
  });
});

describe('Task: errors thrown by handlers', () => {
  class CrmApiUnavailable extends Error {
    override name = 'CrmApiUnavailable';
  }

  test('a custom error name is the error, and Catch matches it', async () => {
    const r = await run(
      {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: FN_ARN('f'), Catch: [{ ErrorEquals: ['Other'], Next: 'No' }, { ErrorEquals: ['CrmApiUnavailable'], Next: 'Yes' }], End: true },
          No: { Type: 'Fail' },
          Yes: { Type: 'Pass', End: true },
        },
      },
      {},
      {
        functions: {
          f: () => {
            throw new CrmApiUnavailable('down');
          },
        },
      },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect((r.output as { Error: string }).Error).toBe('CrmApiUnavailable');
    expect(JSON.parse((r.output as { Cause: string }).Cause)).toMatchObject({ errorType: 'CrmApiUnavailable', errorMessage: 'down' });
    expect(details(eventsOf(r, 'LambdaFunctionFailed')[0])).toMatchObject({ error: 'CrmApiUnavailable' });
  });

  test.each([
    ['a string', 'boom', { errorType: 'string', errorMessage: 'boom', trace: [] }],
    ['a number', 42, { errorType: 'number', errorMessage: '42', trace: [] }],
    ['an object', { a: 1 }, { errorType: 'object', errorMessage: '[object Object]', trace: [] }],
    ['undefined', undefined, { errorType: 'string', errorMessage: 'handled', trace: [] }],
  ])('rejecting with %s is reported as the Node.js runtime reports it', async (_label, value, cause) => {
    const r = await run(oneTask(FN_ARN('f')), {}, { functions: { f: () => Promise.reject(value) } });
    expect(r.error).toBe(cause.errorType);
    expect(JSON.parse(r.cause as string)).toEqual(cause);
  });
});
