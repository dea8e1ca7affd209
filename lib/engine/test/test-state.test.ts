/**
 * TestState on the local engine, against AWS's recorded answers: the API reference
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html, its types
 * InspectionData, InspectionErrorDetails, TestStateConfiguration, MockInput) and the responses AWS
 * gave to LocalStack's parity tests (tests/aws/services/stepfunctions/v2/test_state/*.snapshot.json:
 * test_test_state_scenarios, test_state_configuration, test_state_mock_validation,
 * test_state_context_object, test_test_state_machine_scenarios), whose templates these states copy.
 */
import { testState, TestStateError, type TestStateRequest } from '../test-state';

const ROLE = 'arn:aws:iam::123456789012:role/test';
const HELLO = JSON.stringify({ Value: 'HelloWorld' });
const NESTED = JSON.stringify({ initialData: { fieldFromInput: 'value from input', otherField: 'other' }, unrelatedData: { someOtherField: 1234 } });

const parse = (s: string | undefined) => (s === undefined ? undefined : JSON.parse(s));
/** inspectionData with its JSON text parsed, to compare values. */
function data(r: { inspectionData?: object }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r.inspectionData ?? {})) out[k] = typeof v === 'string' ? JSON.parse(v) : v;
  return out;
}

async function refused(request: TestStateRequest): Promise<{ code: string; message: string }> {
  try {
    await testState(request);
  } catch (e) {
    expect(e).toBeInstanceOf(TestStateError);
    return { code: (e as TestStateError).code, message: (e as Error).message };
  }
  throw new Error('expected TestState to refuse the request');
}

describe('JSONPath states (test_base_inspection_level_* snapshots)', () => {
  const ioPass = { Type: 'Pass', InputPath: '$.initialData', Parameters: { staticValue: 'some value', 'inputValue.$': '$.fieldFromInput' }, ResultPath: '$.modifiedData', End: true };

  test('INFO: the output and status only', async () => {
    const r = await testState({ definition: JSON.stringify({ Type: 'Pass', End: true }), input: HELLO, roleArn: ROLE });
    expect(r).toEqual({ output: HELLO, status: 'SUCCEEDED' });
  });

  test('DEBUG Pass: input, afterInputPath, afterParameters, afterResultSelector, afterResultPath', async () => {
    const r = await testState({ definition: JSON.stringify(ioPass), input: NESTED, inspectionLevel: 'DEBUG' });
    const staticParams = { staticValue: 'some value', inputValue: 'value from input' };
    expect(data(r)).toEqual({
      input: JSON.parse(NESTED),
      afterInputPath: { fieldFromInput: 'value from input', otherField: 'other' },
      afterParameters: staticParams,
      afterResultSelector: staticParams,
      afterResultPath: { ...JSON.parse(NESTED), modifiedData: staticParams },
    });
    expect(parse(r.output)).toEqual({ ...JSON.parse(NESTED), modifiedData: staticParams });
    expect(r.status).toBe('SUCCEEDED');
  });

  test('DEBUG Pass with a Result: no InputPath or Parameters step is reported', async () => {
    const r = await testState({ definition: { ...ioPass, Result: { resultKey: 'result value' } }, input: NESTED, inspectionLevel: 'TRACE' });
    expect(Object.keys(r.inspectionData ?? {})).toEqual(['input', 'result', 'afterResultSelector', 'afterResultPath']);
    expect(parse(r.output)).toEqual({ ...JSON.parse(NESTED), modifiedData: { resultKey: 'result value' } });
  });

  test('Fail: FAILED with its error and cause; Succeed and Choice report afterInputPath, Choice its nextState', async () => {
    const fail = await testState({ definition: { Type: 'Fail', Error: 'SomeFailure', Cause: "This state machines raises a 'SomeFailure' failure." }, input: HELLO, inspectionLevel: 'DEBUG' });
    expect(fail).toMatchObject({ error: 'SomeFailure', cause: "This state machines raises a 'SomeFailure' failure.", status: 'FAILED' });
    expect(data(fail)).toEqual({ input: { Value: 'HelloWorld' }, afterInputPath: { Value: 'HelloWorld' } });
    expect(fail.output).toBeUndefined();
    const choice = {
      Type: 'Choice',
      Choices: [
        { Variable: '$.type', StringEquals: 'Public', Next: 'Public' },
        { And: [{ Variable: '$.value', NumericGreaterThanEquals: 20 }, { Variable: '$.value', NumericLessThan: 30 }], Next: 'ValueInTwenties' },
      ],
      Default: 'DefaultState',
    };
    const r = await testState({ definition: choice, input: { type: 'Private', value: 22 }, inspectionLevel: 'DEBUG' });
    expect(r).toMatchObject({ nextState: 'ValueInTwenties', status: 'SUCCEEDED', output: '{"type":"Private","value":22}' });
    expect(Object.keys(r.inspectionData ?? {})).toEqual(['input', 'afterInputPath']);
    const none = await testState({ definition: { ...choice, Default: undefined }, input: { type: 'Private', value: 2 } });
    expect(none).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
  });

  test('a Task running a local function (the run options answer it): its result through the data flow', async () => {
    const task = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:greet', End: true };
    const functions = { greet: (e: unknown) => `${(e as { inputData: string }).inputData}!` };
    const r = await testState({ definition: task, roleArn: ROLE, input: { inputData: 'HelloWorld' }, inspectionLevel: 'DEBUG' }, { functions });
    expect(r.output).toBe('"HelloWorld!"');
    expect(data(r)).toEqual({
      input: { inputData: 'HelloWorld' },
      afterInputPath: { inputData: 'HelloWorld' },
      afterParameters: { inputData: 'HelloWorld' },
      result: 'HelloWorld!',
      afterResultSelector: 'HelloWorld!',
      afterResultPath: 'HelloWorld!',
    });
    const failing = await testState({ definition: task, roleArn: ROLE }, { functions: { greet: () => { throw new TypeError('no name'); } } });
    expect(failing).toMatchObject({ status: 'FAILED', error: 'TypeError' });
  });

  test('a Task without a mock needs a role (test_base_lambda_service_task_state_no_role_arn_validation)', async () => {
    expect(await refused({ definition: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } })).toEqual({
      code: 'ValidationException',
      message: 'RoleArn must be specified when testing a Task state',
    });
  });

  test('a path that matches nothing is States.Runtime (not caught, not retried)', async () => {
    const r = await testState({
      definition: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', InputPath: '$.missing', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }], End: true },
      mock: { result: '{}' },
    });
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(r.cause).toContain('$.missing');
  });
});

describe('mocks, Retry and Catch (test_state_task_catch_error, test_state_configuration_retrier_retry_count)', () => {
  const lambda = { QueryLanguage: 'JSONata', Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'foo', Payload: 'bar' } };
  const catching = { ...lambda, Catch: [{ ErrorEquals: ['MockException'], Output: '{% $states %}', Next: 'HandleMockError' }, { ErrorEquals: ['States.TaskFailed'], Output: '{% $states %}', Next: 'HandleThreshold' }], End: true };
  const retrying = { ...lambda, Retry: [{ ErrorEquals: ['MockException'], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2.0 }], End: true };
  const mockError = { errorOutput: { error: 'MockException', cause: 'Mock the cause of the error.' } };

  test('CAUGHT_ERROR: the catcher\'s Next and Output ($states.errorOutput), catchIndex', async () => {
    const r = await testState({ definition: catching, input: HELLO, inspectionLevel: 'DEBUG', mock: mockError });
    expect(r).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'HandleMockError', error: 'MockException', cause: 'Mock the cause of the error.' });
    const out = parse(r.output);
    expect(out.errorOutput).toEqual({ Error: 'MockException', Cause: 'Mock the cause of the error.' });
    expect(out.input).toEqual({ Value: 'HelloWorld' });
    expect(out.context.State).toMatchObject({ Name: 'StateName', RetryCount: 0 });
    expect(out.context.Execution.Id).toMatch(/^arn:aws:states:us-east-1:123456789012:express:/);
    expect(data(r)).toEqual({ input: { Value: 'HelloWorld' }, afterArguments: { FunctionName: 'foo', Payload: 'bar' }, errorDetails: { catchIndex: 0 } });
    const second = await testState({ definition: catching, input: HELLO, mock: { errorOutput: { error: 'States.TaskFailed', cause: 'The task failed.' } } });
    expect(second).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'HandleThreshold' });
  });

  test('RETRIABLE while the retrier has attempts left (backoff IntervalSeconds x BackoffRate^retries); FAILED after', async () => {
    const below = await testState({ definition: retrying, input: HELLO, inspectionLevel: 'DEBUG', mock: mockError, stateConfiguration: { retrierRetryCount: 4 } });
    expect(below).toMatchObject({ status: 'RETRIABLE', error: 'MockException' });
    expect(below.inspectionData?.errorDetails).toEqual({ retryBackoffIntervalSeconds: 16, retryIndex: 0 });
    expect(below.output).toBeUndefined();
    const over = await testState({ definition: retrying, input: HELLO, inspectionLevel: 'DEBUG', mock: mockError, stateConfiguration: { retrierRetryCount: 5 } });
    expect(over).toMatchObject({ status: 'FAILED', error: 'MockException' });
    expect(over.inspectionData?.errorDetails).toEqual({ retryIndex: 0 });
  });

  test('a mocked result goes through ResultSelector and ResultPath (JSONPath)', async () => {
    const r = await testState({
      definition: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { 'QueueUrl.$': '$.q', MessageBody: 'hi' }, ResultSelector: { 'id.$': '$.MessageId' }, ResultPath: '$.sent', Next: 'After' },
      input: { q: 'https://sqs/queue' },
      mock: { result: '{"MessageId":"m-1","MD5OfMessageBody":"x"}' },
      inspectionLevel: 'TRACE',
    });
    expect(r).toMatchObject({ status: 'SUCCEEDED', nextState: 'After' });
    expect(parse(r.output)).toEqual({ q: 'https://sqs/queue', sent: { id: 'm-1' } });
    expect(data(r).afterParameters).toEqual({ QueueUrl: 'https://sqs/queue', MessageBody: 'hi' });
    expect(data(r).result).toEqual({ MessageId: 'm-1', MD5OfMessageBody: 'x' });
  });

  test('what AWS refuses about mocks (test_state_mock_validation snapshots)', async () => {
    expect(await refused({ definition: { Type: 'Pass', End: true }, mock: { result: '{}' } })).toEqual({ code: 'ValidationException', message: "State type 'Pass' is not supported when a mock is specified" });
    expect(await refused({ definition: catching, mock: { result: '{}', errorOutput: { error: 'E' } } })).toEqual({
      code: 'ValidationException',
      message: 'A test mock should have only one of the following fields: [result, errorOutput].',
    });
    expect(await refused({ definition: catching, mock: { result: '{}' }, revealSecrets: true })).toEqual({ code: 'ValidationException', message: 'TestState does not support RevealSecrets when a mock is specified.' });
    expect((await refused({ definition: catching, mock: { result: 'not JSON' } })).code).toBe('ValidationException');
  });
});

describe('mock.fieldValidationMode (test_field_validation_mode snapshots)', () => {
  const task = (resource: string) => ({ Type: 'Task', Resource: resource, End: true });
  const check = async (resource: string, result: unknown, fieldValidationMode?: 'STRICT' | 'PRESENT' | 'NONE') =>
    (await refused({ definition: task(resource), mock: { result: JSON.stringify(result), fieldValidationMode } })).message;

  test('STRICT (the default): required members and the types of those present, as AWS words them', async () => {
    expect(await check('arn:aws:states:::states:startExecution', { StartDate: '2025-01-01' })).toBe("Mock result schema validation error: Required field 'ExecutionArn' is missing");
    expect(await check('arn:aws:states:::states:startExecution', { ExecutionArn: 'a', StartDate: true })).toBe("Mock result schema validation error: Field 'StartDate' must be a string");
    expect(await check('arn:aws:states:::lambda:invoke', { StatusCode: '200' })).toBe("Mock result schema validation error: Field 'StatusCode' must be a number");
    expect(await check('arn:aws:states:::events:putEvents', { Entries: { EventId: 'x' } })).toBe("Mock result schema validation error: Field 'Entries' must be an array");
    expect(await check('arn:aws:states:::events:putEvents', { Entries: [{ EventId: 'a' }, { EventId: 1 }] })).toBe("Mock result schema validation error: Field 'EventId' must be a string");
    expect(await check('arn:aws:states:::dynamodb:putItem', { ConsumedCapacity: { CapacityUnits: 'one' } })).toBe("Mock result schema validation error: Field 'CapacityUnits' must be a number");
  });

  test('members the API does not have are accepted; PRESENT does not require members; NONE checks nothing', async () => {
    const ok = (resource: string, result: unknown, mode?: 'STRICT' | 'PRESENT' | 'NONE') => testState({ definition: task(resource), mock: { result: JSON.stringify(result), fieldValidationMode: mode } });
    expect((await ok('arn:aws:states:::lambda:invoke', { random: 'json' })).status).toBe('SUCCEEDED');
    expect((await ok('arn:aws:states:::lambda:invoke', { Payload: 'function output', SdkHttpMetadata: { HttpStatusCode: 200 } })).output).toBe('{"Payload":"function output","SdkHttpMetadata":{"HttpStatusCode":200}}');
    expect((await ok('arn:aws:states:::states:startExecution', { StartDate: '2025-01-01' }, 'PRESENT')).status).toBe('SUCCEEDED');
    expect(await check('arn:aws:states:::states:startExecution', { StartDate: 1 }, 'PRESENT')).toBe("Mock result schema validation error: Field 'StartDate' must be a string");
    expect((await ok('arn:aws:states:::lambda:invoke', { StatusCode: 'x' }, 'NONE')).status).toBe('SUCCEEDED');
    expect((await ok('arn:aws:states:::lambda:invoke.waitForTaskToken', { anything: 1 })).status).toBe('SUCCEEDED');
  });
});

describe('Map and Parallel, with a mock (test_state_configuration snapshots)', () => {
  const processor = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'TestState', States: { TestState: { Type: 'Pass', End: true } } };
  const map = { Type: 'Map', QueryLanguage: 'JSONata', Items: '{% $states.input.Values %}', ItemProcessor: processor, ToleratedFailureCount: 1, End: true };
  const values = JSON.stringify({ Values: ['first', 'second', 'third'] });

  test('without a mock AWS refuses a Map or a Parallel (InvalidDefinition)', async () => {
    expect(await refused({ definition: map })).toEqual({
      code: 'InvalidDefinition',
      message: 'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
    });
  });

  test('the mocked result is the Map\'s result; maxConcurrency and toleratedFailureCount are reported', async () => {
    const r = await testState({ definition: { ...map, Output: '{% $states.result %}' }, input: values, mock: { result: '[1,1,1]' }, stateConfiguration: { mapIterationFailureCount: 0 }, inspectionLevel: 'DEBUG' });
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: '[1,1,1]' });
    expect(data(r)).toEqual({ input: JSON.parse(values), maxConcurrency: 0, toleratedFailureCount: 1 });
  });

  test('mapIterationFailureCount over the tolerated count: States.ExceedToleratedFailureThreshold, caught or retriable', async () => {
    const caught = { ...map, Catch: [{ ErrorEquals: ['MockException'], Next: 'HandleMockError' }, { ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'HandleThreshold' }] };
    const c = await testState({ definition: caught, input: values, mock: { result: '[0,0,1]' }, stateConfiguration: { mapIterationFailureCount: 2 }, inspectionLevel: 'DEBUG' });
    expect(c).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'HandleThreshold', error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' });
    expect(c.inspectionData?.errorDetails).toEqual({ catchIndex: 1 });
    const retried = { ...map, Retry: [{ ErrorEquals: ['MockException'], MaxAttempts: 3 }, { ErrorEquals: ['States.ExceedToleratedFailureThreshold'], MaxAttempts: 2 }] };
    const r = await testState({ definition: retried, input: values, mock: { result: '[0,0,1]' }, stateConfiguration: { mapIterationFailureCount: 2 }, inspectionLevel: 'DEBUG' });
    expect(r).toMatchObject({ status: 'RETRIABLE', error: 'States.ExceedToleratedFailureThreshold' });
    expect(r.inspectionData?.errorDetails).toEqual({ retryIndex: 1, retryBackoffIntervalSeconds: 1 });
    const untolerated = { ...map, ToleratedFailureCount: undefined };
    expect((await testState({ definition: untolerated, input: values, mock: { result: '[0,0,1]' }, stateConfiguration: { mapIterationFailureCount: 2 } })).status).toBe('SUCCEEDED');
  });

  test('JSONPath Map: ItemsPath on the Context Object given, afterItemsPath, no result; a mocked error with errorCausedByState', async () => {
    const jsonPathMap = { Type: 'Map', ItemsPath: '$$.Execution.Input.values', MaxConcurrency: 1, ItemProcessor: { ...processor, ProcessorConfig: undefined }, End: true };
    const context = { Execution: { Input: { values: ['charizard', 'pikachu', 'bulbasaur'] } } };
    const r = await testState({ definition: jsonPathMap, input: ['fire', 'electricity', 'grass'], context: JSON.stringify(context), mock: { result: '["CHARIZARD","PIKACHU","BULBASAUR"]' }, inspectionLevel: 'TRACE' });
    expect(data(r)).toEqual({
      input: ['fire', 'electricity', 'grass'],
      afterInputPath: ['fire', 'electricity', 'grass'],
      afterItemsPath: ['charizard', 'pikachu', 'bulbasaur'],
      maxConcurrency: 1,
      afterResultSelector: ['CHARIZARD', 'PIKACHU', 'BULBASAUR'],
      afterResultPath: ['CHARIZARD', 'PIKACHU', 'BULBASAUR'],
    });
    const failed = await testState({ definition: jsonPathMap, input: [], context: JSON.stringify(context), mock: { errorOutput: { error: 'MockException', cause: 'Mock the error cause.' } }, stateConfiguration: { errorCausedByState: 'TestState' } });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'MockException', cause: 'Mock the error cause.' });
    expect((await refused({ definition: jsonPathMap, mock: { errorOutput: { error: 'E' } }, stateConfiguration: { errorCausedByState: 'Nope' } })).code).toBe('ValidationException');
  });

  test('the mocked result of a Map must be an array; of a Parallel, one item per branch', async () => {
    expect(await refused({ definition: map, mock: { result: '{}' } })).toEqual({ code: 'ValidationException', message: 'Mocked result must be an array.' });
    const branch = (n: string) => ({ StartAt: n, States: { [n]: { Type: 'Pass', End: true } } });
    const parallel = { Type: 'Parallel', Branches: [branch('A'), branch('B')], End: true };
    expect(await refused({ definition: parallel, mock: { result: '[1]' } })).toEqual({
      code: 'ValidationException',
      message: 'Mocked result must contain the same number of items as number of Parallel branches.',
    });
    const r = await testState({ definition: { ...parallel, ResultPath: '$.branches' }, input: { a: 1 }, mock: { result: '[1,2]' } });
    expect(parse(r.output)).toEqual({ a: 1, branches: [1, 2] });
  });
});

describe('the Context Object, variables and stateName', () => {
  const contextTask = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'Payload.$': '$$.Execution.Input' }, ResultPath: '$.out', End: true };

  test('a Context Object given replaces the default one; AWS\'s checks of it (test_state_context_object)', async () => {
    const r = await testState({ definition: contextTask, input: {}, mock: { result: '{}' }, context: '{"Execution":{"Input":{"n":1}}}', inspectionLevel: 'DEBUG' });
    expect(data(r).afterParameters).toEqual({ Payload: { n: 1 } });
    expect((await refused({ definition: contextTask, mock: { result: '{}' }, context: '{"Map":{}}' })).message).toBe("Invalid Context object provided: 'Map' field is not supported when mocking a Context object");
    expect((await refused({ definition: contextTask, mock: { result: '{}' }, context: '{"Pokedex":{}}' })).message).toBe("Invalid Context object provided: Field 'Pokedex' is not allowed");
    expect((await refused({ definition: contextTask, mock: { result: '{}' }, context: '{"Execution":{"Id":1}}' })).message).toBe('Invalid Context object provided: Execution.Id must be a string');
    expect((await refused({ definition: contextTask, mock: { result: '{}' }, context: '{"Task":{"Token":"t"}}' })).message).toBe(
      "Invalid Context object provided: Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern",
    );
  });

  test('a .waitForTaskToken Task (with its mock) sees a task token in the default Context Object', async () => {
    const wait = { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } }, End: true };
    const r = await testState({ definition: wait, mock: { result: '{"approved":true}' }, inspectionLevel: 'DEBUG' });
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    expect(JSON.parse(r.inspectionData?.afterParameters as string).MessageBody.token).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
  });

  test('variables given and assigned are reported (test_state_with_variables)', async () => {
    const pass = { Type: 'Pass', QueryLanguage: 'JSONata', Assign: { var_constant_1: 10 }, Output: { got: '{% $var_input_value %}', sum: '{% $sum($states.input.input_values) %}' }, End: true };
    const r = await testState({ definition: pass, input: { input_values: [1, 2, 3] }, variables: '{"var_input_value":"test_value"}', inspectionLevel: 'TRACE' });
    expect(parse(r.output)).toEqual({ got: 'test_value', sum: 6 });
    expect(data(r)).toEqual({ input: { input_values: [1, 2, 3] }, variables: { var_input_value: 'test_value', var_constant_1: 10 } });
  });

  test('stateName: a state of a whole machine; a state that is not an end state reports its input only (test_base_state_name_multi_state)', async () => {
    const machine = { StartAt: 'State0', States: { State0: { Type: 'Pass', Next: 'State1' }, State1: { Type: 'Fail', Error: 'SomeFailure', Cause: 'c' } } };
    const r = await testState({ definition: JSON.stringify(machine), stateName: 'State0', input: HELLO, inspectionLevel: 'DEBUG' });
    expect(r).toEqual({ output: HELLO, inspectionData: { input: HELLO }, nextState: 'State1', status: 'SUCCEEDED' });
    const f = await testState({ definition: machine, stateName: 'State1', input: HELLO, inspectionLevel: 'DEBUG' });
    expect(f).toEqual({ error: 'SomeFailure', cause: 'c', inspectionData: { input: HELLO }, status: 'FAILED' });
    expect(await refused({ definition: machine, stateName: 'dne' })).toEqual({ code: 'ValidationException', message: 'State not found in definition' });
  });

  test('an invalid definition: InvalidDefinition in AWS\'s format, pointing into the state given', async () => {
    const e = await refused({ definition: { Type: 'Pass', Nope: 1, End: true } });
    expect(e.code).toBe('InvalidDefinition');
    expect(e.message).toMatch(/^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: .* at \/Nope'$/);
    expect((await refused({ definition: '{"Type": ' })).code).toBe('InvalidDefinition');
    expect((await refused({ definition: { Type: 'Pass', End: true }, input: '{oops' })).code).toBe('InvalidExecutionInput');
  });
});
