/**
 * States.DataLimitExceeded as recorded on AWS: LocalStack's AWS-validated
 * tests/aws/services/stepfunctions/v2/error_handling/test_states_errors.snapshot.json (recorded
 * 21-03-2024). A Lambda function returns 257 KiB (the recording's function returns 257 * 1024
 * bytes of "a"; here a string of them, whose JSON is as long plus its quotes), called through
 * `lambda:invoke` or its function ARN, with a catcher of States.DataLimitExceeded before one of
 * States.ALL, or States.ALL alone; and a Pass whose Result is 257 KiB.
 * AWS: the task fails with the quota's cause naming `lambda` (the integration) or the function's
 * ARN, the catcher takes it (States.ALL too), and the Pass fails the execution at once.
 */
import { FN_ARN, def, run } from './helpers';
import { links, typedDetails } from './recorded';

const BIG = () => 'a'.repeat(257 * 1024);
const INPUT = { FunctionName: 'f', Payload: null };
const INVOKE = 'arn:aws:states:::lambda:invoke';
const cause = (name: string) => `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`;

/** The recorded machines: task_service_lambda_invoke_catch_data_limit_exceeded / _catch_all and their function-ARN forms. */
function machine(resource: string, catchAllOnly: boolean) {
  const handled = catchAllOnly ? 'HandleGeneralError' : 'HandleDataLimitExceeded';
  return def({
    StartAt: 'InvokeLambda',
    States: {
      InvokeLambda: {
        Type: 'Task',
        Resource: resource,
        ...(resource === INVOKE ? { Parameters: { 'FunctionName.$': '$.FunctionName', 'Payload.$': '$.Payload' } } : {}),
        Next: 'ProcessResult',
        Catch: [...(catchAllOnly ? [] : [{ ErrorEquals: ['States.DataLimitExceeded'], Next: handled }]), { ErrorEquals: ['States.ALL'], Next: 'HandleGeneralError' }],
      },
      ProcessResult: { Type: 'Pass', End: true },
      [handled]: { Type: 'Pass', End: true },
      HandleGeneralError: { Type: 'Pass', End: true },
    },
  });
}

describe('a Lambda result over 256 KiB (test_states_errors.snapshot.json)', () => {
  const invokeEvents = (c: string) => [
    ['TaskScheduled', { parameters: INPUT, region: 'us-east-1', resource: 'invoke', resourceType: 'lambda' }],
    ['TaskStarted', { resource: 'invoke', resourceType: 'lambda' }],
    ['TaskFailed', { cause: c, error: 'States.DataLimitExceeded', resource: 'invoke', resourceType: 'lambda' }],
  ];
  const functionEvents = (c: string) => [
    ['LambdaFunctionScheduled', { input: INPUT, inputDetails: { truncated: false }, resource: FN_ARN('f') }],
    ['LambdaFunctionStarted', undefined],
    ['LambdaFunctionFailed', { cause: c, error: 'States.DataLimitExceeded' }],
  ];
  test.each([
    ['test_service_task_lambada_data_limit_exceeded_on_large_utf8_response', INVOKE, false, 'lambda'],
    ['test_service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response', INVOKE, true, 'lambda'],
    ['test_task_lambda_data_limit_exceeded_on_large_utf8_response', FN_ARN('f'), false, FN_ARN('f')],
    ['test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response', FN_ARN('f'), true, FN_ARN('f')],
  ])('%s', async (_name, resource, catchAllOnly, owner) => {
    const r = await run(machine(resource, catchAllOnly), INPUT, { functions: { f: BIG } });
    const errorOutput = { Error: 'States.DataLimitExceeded', Cause: cause(owner) };
    const handler = catchAllOnly ? 'HandleGeneralError' : 'HandleDataLimitExceeded';
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual(errorOutput);
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: INPUT, inputDetails: { truncated: false } }],
      ['TaskStateEntered', { input: INPUT, inputDetails: { truncated: false }, name: 'InvokeLambda' }],
      ...(resource === INVOKE ? invokeEvents(cause(owner)) : functionEvents(cause(owner))),
      ['TaskStateExited', { name: 'InvokeLambda', output: errorOutput, outputDetails: { truncated: false } }],
      ['PassStateEntered', { input: errorOutput, inputDetails: { truncated: false }, name: handler }],
      ['PassStateExited', { name: handler, output: errorOutput, outputDetails: { truncated: false } }],
      ['ExecutionSucceeded', { output: errorOutput, outputDetails: { truncated: false } }],
    ]);
    expect(links(r)).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6], [8, 7], [9, 8]]);
  });
});

// test_start_large_input: a Pass whose Result holds 257 KiB: PassStateEntered, then ExecutionFailed.
test('test_start_large_input: a Pass state\'s output over the quota fails the execution, naming the state', async () => {
  const r = await run(def({ StartAt: 'State_1', States: { State_1: { Type: 'Pass', Result: { Arg1: BIG() }, End: true } } }), {});
  expect(r.status).toBe('FAILED');
  expect(typedDetails(r)).toEqual([
    ['ExecutionStarted', { input: {}, inputDetails: { truncated: false } }],
    ['PassStateEntered', { input: {}, inputDetails: { truncated: false }, name: 'State_1' }],
    ['ExecutionFailed', { cause: cause('State_1'), error: 'States.DataLimitExceeded' }],
  ]);
  expect(links(r)).toEqual([[1, 0], [2, 0], [3, 2]]);
});
