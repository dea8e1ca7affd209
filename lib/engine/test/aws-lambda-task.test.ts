/**
 * Lambda functions that succeed, as recorded on AWS: LocalStack's AWS-validated
 * tests/aws/services/stepfunctions/v2/services/test_lambda_task.snapshot.json (a Task on the
 * function's ARN; recorded 22-06-2023, 04-08-2023, 22-09-2023) and
 * test_lambda_task_service.snapshot.json (`lambda:invoke`; recorded 06-11-2025). The recorded
 * functions: an identity function (returns its event), one returning the raw bytes
 * `"HelloWorld!"` (a JSON string), and an echo function returning {"Return": "HelloWorld"}.
 *
 * Left out: the inputs `0.0` (AWS keeps the number's text, "0.0", through the history and the
 * function; this engine's values are JavaScript numbers, so it shows 0: README, known deviations)
 * and test_list_functions (its recording is empty).
 */
import { FN_ARN, def, run } from './helpers';
import { links, typedDetails } from './recorded';

const DATA = { truncated: false };
const identity = (event: unknown) => event;
const bytes = () => 'HelloWorld!';
const echo = () => ({ Return: 'HelloWorld' });

/** A function ARN Task's events: Scheduled with its input, Started, Succeeded with its output. */
const functionEvents = (fn: string, input: unknown, output: unknown) => [
  ['LambdaFunctionScheduled', { input, inputDetails: DATA, resource: FN_ARN(fn) }],
  ['LambdaFunctionStarted', undefined],
  ['LambdaFunctionSucceeded', { output, outputDetails: DATA }],
];

describe('a Task on the function ARN (test_lambda_task.snapshot.json)', () => {
  const oneStep = def({ StartAt: 'step1', States: { step1: { Type: 'Task', Resource: FN_ARN('f'), End: true } } });

  test.each([
    ['test_invoke_bytes_payload', bytes, {}, 'HelloWorld!'],
    ['test_invoke_json_values[None]', identity, null, null],
    ['test_invoke_json_values[HelloWorld]', identity, 'HelloWorld', 'HelloWorld'],
    ['test_invoke_json_values[0_0]', identity, 0, 0],
    ['test_invoke_json_values[0_1]', identity, -0, 0],
    ['test_invoke_json_values[True]', identity, true, true],
    ['test_invoke_json_values[json_value5]', identity, {}, {}],
    ['test_invoke_json_values[json_value6]', identity, [], []],
  ])('%s', async (_name, f, input, output) => {
    const r = await run(oneStep, input, { functions: { f } });
    expect(r.status).toBe('SUCCEEDED');
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: input === -0 ? 0 : input, inputDetails: DATA }],
      ['TaskStateEntered', { input: input === -0 ? 0 : input, inputDetails: DATA, name: 'step1' }],
      ...functionEvents('f', input === -0 ? 0 : input, output),
      ['TaskStateExited', { name: 'step1', output, outputDetails: DATA }],
      ['ExecutionSucceeded', { output, outputDetails: DATA }],
    ]);
    // The texts are JSON's (-0 is written 0, as Python's json wrote it).
    expect(r.events.map((e) => e.executionSucceededEventDetails?.output).filter(Boolean)).toEqual([JSON.stringify(output)]);
    expect(links(r)).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6]]);
  });

  test('test_invoke_pipe: the second function\'s result placed by ResultPath $.Return', async () => {
    const pipe = def({
      StartAt: 'step1',
      States: { step1: { Type: 'Task', Resource: FN_ARN('one'), Next: 'step2' }, step2: { Type: 'Task', Resource: FN_ARN('two'), ResultPath: '$.Return', End: true } },
    });
    const r = await run(pipe, {}, { functions: { one: echo, two: echo } });
    const first = { Return: 'HelloWorld' };
    const last = { Return: first };
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: {}, inputDetails: DATA }],
      ['TaskStateEntered', { input: {}, inputDetails: DATA, name: 'step1' }],
      ...functionEvents('one', {}, first),
      ['TaskStateExited', { name: 'step1', output: first, outputDetails: DATA }],
      ['TaskStateEntered', { input: first, inputDetails: DATA, name: 'step2' }],
      ...functionEvents('two', first, first),
      ['TaskStateExited', { name: 'step2', output: last, outputDetails: DATA }],
      ['ExecutionSucceeded', { output: last, outputDetails: DATA }],
    ]);
  });

  test('test_lambda_task_filter_parameters_input: the function gets the Parameters (LambdaFunctionScheduled shows them)', async () => {
    const definition = def({
      StartAt: 'StartCheckLoop',
      States: {
        StartCheckLoop: { Type: 'Pass', Result: { count: 0 }, ResultPath: '$.loop', Next: 'CheckComplete' },
        CheckComplete: { Type: 'Task', Resource: FN_ARN('f'), Parameters: { 'loop.$': '$.loop' }, ResultPath: '$.result', End: true },
      },
    });
    const r = await run(definition, {}, { functions: { f: identity } });
    const loop = { loop: { count: 0 } };
    const output = { ...loop, result: loop };
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: {}, inputDetails: DATA }],
      ['PassStateEntered', { input: {}, inputDetails: DATA, name: 'StartCheckLoop' }],
      ['PassStateExited', { name: 'StartCheckLoop', output: loop, outputDetails: DATA }],
      ['TaskStateEntered', { input: loop, inputDetails: DATA, name: 'CheckComplete' }],
      ...functionEvents('f', loop, loop),
      ['TaskStateExited', { name: 'CheckComplete', output, outputDetails: DATA }],
      ['ExecutionSucceeded', { output, outputDetails: DATA }],
    ]);
  });
});

describe('lambda:invoke (test_lambda_task_service.snapshot.json)', () => {
  const machine = (extra: Record<string, string> = {}) =>
    def({
      StartAt: 'Start',
      States: {
        Start: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName.$': '$.FunctionName', 'Payload.$': '$.Payload', ...extra }, Next: 'EndWithFinal' },
        EndWithFinal: { Type: 'Pass', ResultPath: '$.final', End: true },
      },
    });
  const SERVICE = { resource: 'invoke', resourceType: 'lambda' };

  /** Lambda's Invoke response as recorded: its members in order, the headers' names in order, Content-Length the payload's. */
  function expectInvokeResponse(response: Record<string, unknown>, payload: unknown, tail = false) {
    expect(Object.keys(response)).toEqual(['ExecutedVersion', ...(tail ? ['LogResult'] : []), 'Payload', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StatusCode']);
    expect(response).toMatchObject({ ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 });
    const http = response.SdkHttpMetadata as { AllHttpHeaders: Record<string, string[]>; HttpHeaders: Record<string, string>; HttpStatusCode: number };
    const log = tail ? ['X-Amz-Log-Result'] : [];
    expect(Object.keys(http.AllHttpHeaders)).toEqual([...log, 'X-Amz-Executed-Version', 'x-amzn-Remapped-Content-Length', 'Connection', 'x-amzn-RequestId', 'Content-Length', 'Date', 'X-Amzn-Trace-Id', 'Content-Type']);
    expect(Object.keys(http.HttpHeaders)).toEqual(['Connection', 'Content-Length', 'Content-Type', 'Date', 'X-Amz-Executed-Version', ...log, 'x-amzn-Remapped-Content-Length', 'x-amzn-RequestId', 'X-Amzn-Trace-Id']);
    expect(http.HttpHeaders['Content-Length']).toBe(String(Buffer.byteLength(JSON.stringify(payload))));
    expect(http.HttpStatusCode).toBe(200);
    if (tail) expect(http.HttpHeaders['X-Amz-Log-Result']).toBe(response.LogResult);
  }

  test.each([
    ['test_invoke', identity, null, {}],
    ['test_invoke_bytes_payload', bytes, JSON.stringify("'{'Hello':'World'}'"), 'HelloWorld!'],
    ['test_invoke_json_values[None]', identity, JSON.stringify(null), null],
    ['test_invoke_json_values[HelloWorld]', identity, JSON.stringify('HelloWorld'), 'HelloWorld'],
    ['test_invoke_json_values[0_0]', identity, JSON.stringify(0), 0],
    ['test_invoke_json_values[0_1]', identity, JSON.stringify(-0), 0],
    ['test_invoke_json_values[True]', identity, JSON.stringify(true), true],
    ['test_invoke_json_values[json_value5]', identity, JSON.stringify({}), {}],
    ['test_invoke_json_values[json_value6]', identity, JSON.stringify([]), []],
  ])('%s', async (_name, f, payloadParameter, payload) => {
    const input = { FunctionName: 'f', Payload: payloadParameter };
    const r = await run(machine(), input, { functions: { f } });
    expect(r.status).toBe('SUCCEEDED');
    const events = typedDetails(r);
    expect(events.map(([type]) => type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(events[2][1]).toEqual({ parameters: input, region: 'us-east-1', ...SERVICE });
    expect(events[3][1]).toEqual(SERVICE);
    const response = events[4][1]?.output as Record<string, unknown>;
    expect(events[4][1]).toEqual({ output: response, outputDetails: DATA, ...SERVICE });
    expectInvokeResponse(response, payload);
    expect(r.output).toEqual({ ...response, final: response });
  });

  // test_invoke_unsupported_param: LogType Tail (which AWS's documentation calls unsupported) gives
  // the response a LogResult (the log's tail, base64) and an X-Amz-Log-Result header.
  test('test_invoke_unsupported_param: LogType Tail adds LogResult', async () => {
    const input = { FunctionName: 'f', Payload: null, LogType: 'Tail' };
    const r = await run(machine({ 'LogType.$': '$.LogType' }), input, { functions: { f: identity } });
    const response = typedDetails(r)[4][1]?.output as Record<string, unknown>;
    expectInvokeResponse(response, {}, true);
    expect(Buffer.from(String(response.LogResult), 'base64').toString()).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\nEND RequestId: [0-9a-f-]{36}\nREPORT RequestId: [0-9a-f-]{36}\tDuration: /);
  });
});
