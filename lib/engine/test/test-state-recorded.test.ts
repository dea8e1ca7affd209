/**
 * TestState answers as AWS recorded them, case by case (LocalStack's AWS-validated snapshots under
 * tests/aws/services/stepfunctions/v2/test_state/; each row names its snapshot test and recorded
 * date). The definitions are our own equivalents of the templates the tests use; inputs as theirs.
 * Values AWS generates (execution names and ids, dates, role ARNs) are checked by form only.
 * API reference: https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
 */
import { testState, TestStateError, type TestStateRequest, type TestStateResult } from '../test-state';

const ROLE = 'arn:aws:iam::123456789012:role/test';
const HELLO = { Value: 'HelloWorld' };
const NESTED = { initialData: { fieldFromInput: 'value from input', otherField: 'other' }, unrelatedData: { someOtherField: 1234 } };
const CHOICE_IN = { type: 'Private', value: 22 };

/** The answer with its JSON text parsed (output and inspectionData documents), as the snapshots show it. */
function parsed(r: TestStateResult): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  if (r.output !== undefined) out.output = JSON.parse(r.output);
  if (r.inspectionData !== undefined) {
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.inspectionData)) data[k] = typeof v === 'string' ? JSON.parse(v) : v;
    out.inspectionData = data;
  }
  return out;
}

async function refusal(request: TestStateRequest): Promise<{ code: string; message: string }> {
  try {
    await testState(request);
  } catch (e) {
    if (!(e instanceof TestStateError)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected TestState to refuse the request');
}

// Our equivalents of the test_state templates.
const PASS = { Type: 'Pass', End: true };
const RESULT_PASS = { Type: 'Pass', Result: { resultKey: 'result value' }, End: true };
const IO_PASS = { Type: 'Pass', InputPath: '$.initialData', Parameters: { staticValue: 'some value', 'inputValue.$': '$.fieldFromInput' }, ResultPath: '$.modifiedData', End: true };
const IO_RESULT_PASS = { Type: 'Pass', InputPath: '$.initialData', Result: { resultKey: 'result value' }, ResultPath: '$.modifiedData', End: true };
const FAIL = { Type: 'Fail', Error: 'SomeFailure', Cause: "This state machines raises a 'SomeFailure' failure." };
const SUCCEED = { Type: 'Succeed' };
const CHOICE = {
  Type: 'Choice',
  Choices: [
    { Variable: '$.type', StringEquals: 'Public', Next: 'Public' },
    { And: [{ Variable: '$.value', NumericGreaterThanEquals: 20 }, { Variable: '$.value', NumericLessThan: 30 }], Next: 'ValueInTwenties' },
  ],
  Default: 'DefaultState',
};
const IO_PASS_OUT = { ...NESTED, modifiedData: { staticValue: 'some value', inputValue: 'value from input' } };
const IO_RESULT_OUT = { ...NESTED, modifiedData: { resultKey: 'result value' } };

describe('test_base_inspection_level_{info,debug,trace} (test_test_state_scenarios, recorded 14-11-2025)', () => {
  // [template, input, INFO answer, inspectionData at DEBUG and TRACE]
  const cases: Array<[string, object, object, Record<string, unknown>, Record<string, unknown>]> = [
    ['BASE_PASS_STATE', PASS, HELLO, { output: HELLO, status: 'SUCCEEDED' }, { input: HELLO, afterInputPath: HELLO, afterParameters: HELLO, afterResultSelector: HELLO, afterResultPath: HELLO }],
    ['BASE_RESULT_PASS_STATE', RESULT_PASS, HELLO, { output: { resultKey: 'result value' }, status: 'SUCCEEDED' }, { input: HELLO, result: { resultKey: 'result value' }, afterResultSelector: { resultKey: 'result value' }, afterResultPath: { resultKey: 'result value' } }],
    ['IO_PASS_STATE', IO_PASS, NESTED, { output: IO_PASS_OUT, status: 'SUCCEEDED' }, { input: NESTED, afterInputPath: NESTED.initialData, afterParameters: IO_PASS_OUT.modifiedData, afterResultSelector: IO_PASS_OUT.modifiedData, afterResultPath: IO_PASS_OUT }],
    ['IO_RESULT_PASS_STATE', IO_RESULT_PASS, NESTED, { output: IO_RESULT_OUT, status: 'SUCCEEDED' }, { input: NESTED, result: { resultKey: 'result value' }, afterResultSelector: { resultKey: 'result value' }, afterResultPath: IO_RESULT_OUT }],
    ['BASE_FAIL_STATE', FAIL, HELLO, { cause: FAIL.Cause, error: 'SomeFailure', status: 'FAILED' }, { input: HELLO, afterInputPath: HELLO }],
    ['BASE_SUCCEED_STATE', SUCCEED, HELLO, { output: HELLO, status: 'SUCCEEDED' }, { input: HELLO, afterInputPath: HELLO }],
    ['BASE_CHOICE_STATE', CHOICE, CHOICE_IN, { nextState: 'ValueInTwenties', output: CHOICE_IN, status: 'SUCCEEDED' }, { input: CHOICE_IN, afterInputPath: CHOICE_IN }],
  ];
  test.each(cases)('%s', async (_name, definition, input, info, data) => {
    const req = { definition: JSON.stringify(definition), roleArn: ROLE, input: JSON.stringify(input) };
    expect(parsed(await testState({ ...req, inspectionLevel: 'INFO' }))).toEqual(info);
    for (const inspectionLevel of ['DEBUG', 'TRACE'] as const) expect(parsed(await testState({ ...req, inspectionLevel }))).toEqual({ ...info, inspectionData: data });
  });
});

/** A default Context Object as AWS's TestState makes it (values generated per call checked by form). */
function defaultContext(input: unknown, opts: { roleArn: string | null; retryCount?: number }) {
  const state: Record<string, unknown> = { Name: 'StateName', EnteredTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) };
  if (opts.retryCount !== undefined) state.RetryCount = opts.retryCount;
  return {
    Execution: {
      Id: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:express:[^:]+:[^:]+$/),
      Input: input,
      Name: expect.any(String),
      RoleArn: opts.roleArn,
      StartTime: expect.any(String),
    },
    StateMachine: { Id: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:stateMachine:/), Name: expect.any(String) },
    State: state,
  };
}

describe('test_base_map_state_inspect[*] (test_test_state_scenarios, recorded 14-11-2025) and _inspect_trace (12-11-2025)', () => {
  const task = { Type: 'Task', QueryLanguage: 'JSONata', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'foo', Payload: 'bar' }, End: true };
  const map = {
    Type: 'Map',
    QueryLanguage: 'JSONata',
    Items: '{% $states.input.Values %}',
    ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'TestState', States: { TestState: task } },
    Output: '{% $states %}',
    End: true,
  };
  const input = { Values: [1, 2, 3] };
  const cases: Array<[string, Record<string, unknown>]> = [
    ['MaxConcurrency', { maxConcurrency: 1 }],
    ['ToleratedFailurePercentage', { maxConcurrency: 0, toleratedFailurePercentage: 1.0 }],
    ['ToleratedFailureCount', { maxConcurrency: 0, toleratedFailureCount: 1 }],
  ];
  test.each(cases)('%s given as a JSONata expression', async (field, reported) => {
    const definition = JSON.stringify({ ...map, [field]: '{% $variable := 1 %}' });
    const output = { input, context: defaultContext(input, { roleArn: ROLE, retryCount: 0 }), result: [1, 1, 1] };
    for (const inspectionLevel of ['INFO', 'DEBUG', 'TRACE'] as const) {
      const r = parsed(await testState({ definition, roleArn: ROLE, input: JSON.stringify(input), inspectionLevel, mock: { result: '[1, 1, 1]' } }));
      expect(r).toEqual({ output, status: 'SUCCEEDED', ...(inspectionLevel === 'INFO' ? {} : { inspectionData: { input, ...reported } }) });
    }
  });
});

describe('test_state_task_catch_error[INFO, DEBUG, TRACE] (test_test_state_scenarios, recorded 21-11-2025)', () => {
  const definition = JSON.stringify({
    QueryLanguage: 'JSONata',
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Arguments: { FunctionName: 'foo', Payload: 'bar' },
    Catch: [
      { ErrorEquals: ['MockException'], Output: '{% $states %}', Next: 'HandleMockError' },
      { ErrorEquals: ['States.TaskFailed'], Output: '{% $states %}', Next: 'HandleThreshold' },
    ],
    End: true,
  });
  const cases: Array<[string, string, string, number]> = [
    ['MockException', 'Mock the cause of the error.', 'HandleMockError', 0],
    ['States.TaskFailed', 'The task failed.', 'HandleThreshold', 1],
  ];
  test.each(cases)('a mocked %s is caught', async (error, cause, nextState, catchIndex) => {
    const output = { input: HELLO, context: defaultContext(HELLO, { roleArn: ROLE, retryCount: 0 }), errorOutput: { Error: error, Cause: cause } };
    for (const inspectionLevel of ['INFO', 'DEBUG', 'TRACE'] as const) {
      const r = parsed(await testState({ definition, roleArn: ROLE, input: JSON.stringify(HELLO), inspectionLevel, mock: { errorOutput: { error, cause } } }));
      const data = { input: HELLO, afterArguments: { FunctionName: 'foo', Payload: 'bar' }, errorDetails: { catchIndex } };
      expect(r).toEqual({ cause, error, nextState, output, status: 'CAUGHT_ERROR', ...(inspectionLevel === 'INFO' ? {} : { inspectionData: data }) });
    }
  });
});

describe('test_localstack_blogpost_scenario (test_test_state_scenarios, recorded 02-12-2025): states of a whole JSONata machine, TRACE', () => {
  const machine = JSON.stringify({
    QueryLanguage: 'JSONata',
    StartAt: 'Approval Required',
    States: {
      'Approval Required': { Type: 'Choice', Choices: [{ Condition: '{% $states.input.cost < 10 %}', Next: 'Purchase Approved' }], Default: 'Ask for Approval' },
      'Purchase Approved': { Type: 'Succeed' },
      'Ask for Approval': {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Arguments: { Method: 'POST', ApiEndpoint: 'example.execute-api.us-east-1.amazonaws.com', Path: '/approval', RequestBody: { cost: '{% $states.input.cost %}', dept_id: '12345678' }, AuthType: 'NO_AUTH' },
        Retry: [{ ErrorEquals: ['States.ALL'], BackoffRate: 2, IntervalSeconds: 1, MaxAttempts: 3, JitterStrategy: 'FULL' }],
        Next: 'Check Approval',
        Output: { approval: '{% $states.result.approval %}', approval_code: '2387462', approved_by: 'Mary' },
      },
      'Check Approval': { Type: 'Choice', Choices: [{ Next: 'Purchase Approved', Condition: '{% $states.input.approval %}' }], Default: 'Not Approved' },
      'Not Approved': { Type: 'Fail' },
    },
  });
  const granted = { approval: true, approval_code: '2387462', approved_by: 'Mary' };
  const cases: Array<[string, string, object, string | undefined, object]> = [
    ['small_purchase_approval_required', 'Approval Required', { cost: 9 }, undefined, { inspectionData: { input: { cost: 9 } }, nextState: 'Purchase Approved', output: { cost: 9 } }],
    ['large_purchase_approval_required', 'Approval Required', { cost: 10 }, undefined, { inspectionData: { input: { cost: 10 } }, nextState: 'Ask for Approval', output: { cost: 10 } }],
    [
      'large_purchase_ask_for_approval',
      'Ask for Approval',
      { cost: 10 },
      '{"approval": true }',
      {
        inspectionData: {
          afterArguments: { Method: 'POST', ApiEndpoint: 'example.execute-api.us-east-1.amazonaws.com', Path: '/approval', RequestBody: { cost: 10, dept_id: '12345678' }, AuthType: 'NO_AUTH' },
          input: { cost: 10 },
          result: { approval: true },
        },
        nextState: 'Check Approval',
        output: granted,
      },
    ],
    ['check_approval_granted', 'Check Approval', granted, undefined, { inspectionData: { input: granted }, nextState: 'Purchase Approved', output: granted }],
    ['check_approval_denied', 'Check Approval', { approval: false }, undefined, { inspectionData: { input: { approval: false } }, nextState: 'Not Approved', output: { approval: false } }],
  ];
  test.each(cases)('%s', async (_name, stateName, input, mock, expected) => {
    const r = await testState({ definition: machine, stateName, input: JSON.stringify(input), inspectionLevel: 'TRACE', ...(mock === undefined ? {} : { mock: { result: mock } }) });
    expect(parsed(r)).toEqual({ ...expected, status: 'SUCCEEDED' });
  });
});

describe('test_state_with_variables (test_test_state_scenarios, recorded 24-02-2026)', () => {
  test('$states.context: State.Name is "StateName" for a state picked by stateName; RoleArn null without a role; no RetryCount for a Pass', async () => {
    const machine = { QueryLanguage: 'JSONata', StartAt: 'State0', States: { State0: { Type: 'Pass', Output: { ctx: '{% $states.context %}', v: '{% $var_input_value %}' }, End: true } } };
    const input = { input_values: [1, 2, 3] };
    const r = parsed(await testState({ definition: JSON.stringify(machine), stateName: 'State0', input: JSON.stringify(input), variables: '{"var_input_value":"test_value"}', inspectionLevel: 'TRACE' }));
    expect(r.output).toEqual({ ctx: defaultContext(input, { roleArn: null }), v: 'test_value' });
  });
});

describe('test_test_state_mock_scenarios (recorded 24/25-11-2025): a mocked result through the state, INFO', () => {
  const ddb = { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { 'TableName.$': '$.TableName', 'Item.$': '$.Item' }, End: true };
  const ddbIn = { TableName: 'sfn_test_table', Item: { data: { S: 'HelloWorld' }, id: { S: 'id1' } } };
  const http200 = { SdkHttpMetadata: { HttpStatusCode: 200 } };
  const target = 'arn:aws:states:us-east-1:123456789012:execution:TargetStateMachine:TestStartTarget';
  const startExecution = {
    Type: 'Task',
    QueryLanguage: 'JSONata',
    Resource: 'arn:aws:states:::states:startExecution',
    Arguments: { Input: '{% $states.input.targetInput %}', StateMachineArn: '{% $states.input.stateMachineArn %}', Name: '{% $states.input.name %}' },
    Output: { targetExecutionResult: '{% $states.result %}' },
    End: true,
  };
  const cases: Array<[string, object, object, object, object]> = [
    ['test_base_lambda_service_task_mock_success', { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true }, { FunctionName: 'f', Payload: null }, { Payload: 'function output', ...http200 }, { Payload: 'function output', ...http200 }],
    ['test_io_dynamodb_service_task_mock_success[base]', ddb, ddbIn, http200, http200],
    ['test_io_dynamodb_service_task_mock_success[io]', { ...ddb, ResultPath: '$.putItemOutput' }, ddbIn, http200, { ...ddbIn, putItemOutput: http200 }],
    ['test_io_dynamodb_service_task_mock_success[io_output_path]', { ...ddb, ResultPath: '$.putItemOutput', OutputPath: '$.putItemOutput' }, ddbIn, http200, http200],
    [
      'test_put_events_mock_success',
      { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { 'Entries.$': '$.Entries' }, End: true },
      { Entries: [{ Detail: 'detail', DetailType: 'detail_type', Source: 'source' }] },
      { Entries: [{ EventId: '11111111-2222-3333-4444-555555555555' }] },
      { Entries: [{ EventId: '11111111-2222-3333-4444-555555555555' }] },
    ],
    [
      'test_send_sqs_message_success',
      { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { 'QueueUrl.$': '$.QueueUrl', 'MessageBody.$': '$.MessageBody' }, End: true },
      { QueueUrl: 'queue_url', MessageBody: 'message_body' },
      { MD5OfMessageBody: 'fb4d2b8c0e5d1c1b9b4d3fa7d0b1a7f0', MessageId: 'a1b2c3d4-0000-1111-2222-333344445555' },
      { MD5OfMessageBody: 'fb4d2b8c0e5d1c1b9b4d3fa7d0b1a7f0', MessageId: 'a1b2c3d4-0000-1111-2222-333344445555' },
    ],
    [
      'test_sfn_start_execution_success',
      startExecution,
      { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:TargetStateMachine', targetInput: null, name: 'TestStartTarget' },
      { ExecutionArn: target, StartDate: '2025-11-25T00:48:49.123456' },
      { targetExecutionResult: { ExecutionArn: target, StartDate: '2025-11-25T00:48:49.123456' } },
    ],
  ];
  test.each(cases)('%s', async (_name, definition, input, result, output) => {
    const r = await testState({ definition: JSON.stringify(definition), roleArn: ROLE, input: JSON.stringify(input), inspectionLevel: 'INFO', mock: { result: JSON.stringify(result) } });
    expect(parsed(r)).toEqual({ output, status: 'SUCCEEDED' });
  });

  test('test_base_lambda_service_task_mock_is_not_json_string: the result must be JSON even with fieldValidationMode NONE', async () => {
    const definition = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true });
    expect(await refusal({ definition, roleArn: ROLE, input: '{"FunctionName":"f","Payload":null}', mock: { result: 'not JSON string', fieldValidationMode: 'NONE' } })).toEqual({
      code: 'ValidationException',
      message: 'Mocked result must be valid JSON',
    });
  });
});

describe('test_state_mock_validation (recorded 10-12-2025 and 25-02-2026): what AWS refuses', () => {
  const pokemonItems = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
  const map = { Type: 'Map', ItemProcessor: pokemonItems, End: true };
  const mapTask = { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } } }, End: true };
  const branch = (n: string) => ({ StartAt: n, States: { [n]: { Type: 'Pass', End: true } } });
  const parallel = { Type: 'Parallel', Branches: [branch('A'), branch('B'), branch('C')], End: true };
  const withWriter = { ...map, ItemProcessor: { ...pokemonItems, ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } }, ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } } };
  const UNSUPPORTED = 'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]';
  const mockResult = { result: JSON.stringify({ mock: 'the unmockable' }) };
  const mockError = { errorOutput: { error: 'Error', cause: 'Cause' } };
  const cases: Array<[string, TestStateRequest, string, string]> = [
    ['test_state_type_does_not_accept_mock[mock_result-PassState]', { definition: PASS, mock: mockResult }, 'ValidationException', "State type 'Pass' is not supported when a mock is specified"],
    ['test_state_type_does_not_accept_mock[mock_result-FailState]', { definition: FAIL, mock: mockResult }, 'ValidationException', "State type 'Fail' is not supported when a mock is specified"],
    ['test_state_type_does_not_accept_mock[mock_result-SucceedState]', { definition: SUCCEED, mock: mockResult }, 'ValidationException', "State type 'Succeed' is not supported when a mock is specified"],
    ['test_state_type_does_not_accept_mock[mock_error_output-PassState]', { definition: PASS, mock: mockError }, 'ValidationException', "State type 'Pass' is not supported when a mock is specified"],
    ['test_state_type_does_not_accept_mock[mock_error_output-FailState]', { definition: FAIL, mock: mockError }, 'ValidationException', "State type 'Fail' is not supported when a mock is specified"],
    ['test_state_type_does_not_accept_mock[mock_error_output-SucceedState]', { definition: SUCCEED, mock: mockError }, 'ValidationException', "State type 'Succeed' is not supported when a mock is specified"],
    ['test_state_type_requires_mock[MapState]', { definition: map }, 'InvalidDefinition', UNSUPPORTED],
    ['test_state_type_requires_mock[MapTaskState]', { definition: mapTask }, 'InvalidDefinition', UNSUPPORTED],
    ['test_state_type_requires_mock[ParallelState]', { definition: parallel }, 'InvalidDefinition', UNSUPPORTED],
    ['test_both_mock_result_and_mock_error_output_are_set', { definition: mapTask, mock: { ...mockResult, ...mockError } }, 'ValidationException', 'A test mock should have only one of the following fields: [result, errorOutput].'],
    ['test_reveal_secrets_is_true_and_mock_result_is_set', { definition: mapTask, mock: { result: '[]' }, revealSecrets: true }, 'ValidationException', 'TestState does not support RevealSecrets when a mock is specified.'],
    ['test_mock_result_is_not_array_on_map_state_without_result_writer', { definition: map, mock: { result: '{}' } }, 'ValidationException', 'Mocked result must be an array.'],
    ['test_mock_result_is_not_object_on_map_state_with_result_writer', { definition: withWriter, mock: { result: '[]' } }, 'ValidationException', 'Mocked result must be a JSON object.'],
    ['test_mock_result_is_not_array_on_parallel_state', { definition: parallel, mock: { result: '{}' } }, 'ValidationException', 'Mocked result must be an array.'],
    ['test_mock_result_array_size_mismatch_on_parallel_state', { definition: parallel, mock: { result: '[1, 2]' } }, 'ValidationException', 'Mocked result must contain the same number of items as number of Parallel branches.'],
  ];
  test.each(cases)('%s', async (_name, request, code, message) => {
    expect(await refusal({ inspectionLevel: 'TRACE', ...request, definition: JSON.stringify(request.definition) })).toEqual({ code, message });
  });
});

describe('test_test_state_machine_scenarios (recorded 03-12-2025): stateName in a whole machine', () => {
  const passMachine = { StartAt: 'State0', States: { State0: PASS } };
  const failMachine = { StartAt: 'State0', States: { State0: FAIL } };
  const mapMachine = {
    StartAt: 'State0',
    States: { State0: { Type: 'Map', ItemsPath: '$.Values', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'HandleItem', States: { HandleItem: PASS } }, ToleratedFailureCount: 2, End: true } },
  };
  const multi = { StartAt: 'State0', States: { State0: { Type: 'Pass', Next: 'State1' }, State1: FAIL } };
  const fullPass = { input: HELLO, afterInputPath: HELLO, afterParameters: HELLO, afterResultSelector: HELLO, afterResultPath: HELLO };
  const failed = { cause: FAIL.Cause, error: 'SomeFailure', status: 'FAILED' };
  const cases: Array<[string, object, string, object, object]> = [
    ['test_base_state_name[BASE_PASS_STATE_MACHINE]', passMachine, 'State0', { output: HELLO, status: 'SUCCEEDED' }, fullPass],
    ['test_base_state_name[BASE_FAIL_STATE_MACHINE]', failMachine, 'State0', failed, { input: HELLO }],
    ['test_base_state_name[BASE_MAP_STATE_MACHINE] (a state inside a Map\'s processor)', mapMachine, 'HandleItem', { output: HELLO, status: 'SUCCEEDED' }, fullPass],
    ['test_base_state_name_multi_state[State0]', multi, 'State0', { nextState: 'State1', output: HELLO, status: 'SUCCEEDED' }, { input: HELLO }],
    ['test_base_state_name_multi_state[State1]', multi, 'State1', failed, { input: HELLO }],
  ];
  test.each(cases)('%s', async (_name, machine, stateName, info, data) => {
    const req = { definition: JSON.stringify(machine), stateName, input: JSON.stringify(HELLO) };
    expect(parsed(await testState({ ...req, inspectionLevel: 'INFO' }))).toEqual(info);
    for (const inspectionLevel of ['DEBUG', 'TRACE'] as const) expect(parsed(await testState({ ...req, inspectionLevel }))).toEqual({ ...info, inspectionData: data });
  });

  test.each(['dne', '"invalid"'])('test_base_state_name_validation_failures[%s]', async (stateName) => {
    expect(await refusal({ definition: JSON.stringify(passMachine), stateName, input: JSON.stringify(HELLO) })).toEqual({ code: 'ValidationException', message: 'State not found in definition' });
  });
});
