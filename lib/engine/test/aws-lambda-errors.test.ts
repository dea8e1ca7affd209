/**
 * A Lambda function that raises, and one that does not exist, as recorded on AWS: LocalStack's
 * AWS-validated tests/aws/services/stepfunctions/v2/error_handling/test_task_lambda.snapshot.json
 * (a Task on the function's ARN, recorded 22-06-2023) and test_task_service_lambda.snapshot.json
 * (`lambda:invoke`, recorded 22-06-2023; test_invoke_timeout 10-03-2024).
 *
 * The recorded function (Python) raises `Exception("Some exception was raised.")`; Step Functions
 * fails the task with error = the runtime's errorType and cause = the runtime's error document as
 * JSON text. Python's document is {errorMessage, errorType, requestId, stackTrace}; the Node.js
 * runtime's, which this engine runs, is {errorType, errorMessage, trace} (the handler here throws
 * an Error named "Exception"). A Catch of Lambda.Unknown does not take it; States.TaskFailed does.
 */
import { FN_ARN, def, run } from './helpers';
import { lambdaCause, links, typedDetails } from './recorded';

const INVOKE = 'arn:aws:states:::lambda:invoke';
const PARAMETERS = { 'FunctionName.$': '$.FunctionName', 'Payload.$': '$.Payload' };
const DATA = { truncated: false };

function raise(): never {
  const e = new Error('Some exception was raised.');
  e.name = 'Exception';
  throw e;
}

/** The runtime's error document of `raise`, as the task's cause (its trace is this process's stack). */
const RAISED = expect.stringMatching(/^\{"errorType":"Exception","errorMessage":"Some exception was raised\.","trace":\["Exception: Some exception was raised\.",/);
const NOT_FOUND = (name: string) =>
  expect.stringMatching(
    new RegExp(`^Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name} \\(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`),
  );

/** task_(service_)lambda_invoke_catch_unknown: only Lambda.Unknown is caught. */
const catchUnknown = (resource: string) =>
  def({
    StartAt: 'Start',
    States: {
      Start: { Type: 'Task', Resource: resource, Parameters: PARAMETERS, Catch: [{ ErrorEquals: ['Lambda.Unknown'], Next: 'EndWithHandler' }], Next: 'EndWithFinal' },
      EndWithHandler: { Type: 'Pass', ResultPath: '$.error', End: true },
      EndWithFinal: { Type: 'Pass', ResultPath: '$.final', End: true },
    },
  });

/** task_(service_)lambda_invoke_catch_relevant: Lambda.Unknown, then States.TaskFailed, then States.ALL. */
const catchRelevant = (resource: string) =>
  def({
    StartAt: 'Start',
    States: {
      Start: {
        Type: 'Task',
        Resource: resource,
        Parameters: PARAMETERS,
        Catch: [
          { ErrorEquals: ['Lambda.Unknown'], Next: 'EndWithLambdaUnknownHandler' },
          { ErrorEquals: ['States.TaskFailed'], Next: 'EndWithStateTaskFailedHandler' },
          { ErrorEquals: ['States.ALL'], Next: 'EndWithAllHandler' },
        ],
        Next: 'EndWithFinal',
      },
      EndWithLambdaUnknownHandler: { Type: 'Pass', ResultPath: '$.lambda_unknown', End: true },
      EndWithStateTaskFailedHandler: { Type: 'Pass', ResultPath: '$.task_failed_error', End: true },
      EndWithAllHandler: { Type: 'Pass', ResultPath: '$.all_error', End: true },
      EndWithFinal: { Type: 'Pass', ResultPath: '$.final', End: true },
    },
  });

const functions = { f: raise };

/** The events of the attempt: on the function ARN (LambdaFunction*), or `lambda:invoke` (Task*). */
function attempt(resource: string, input: Record<string, unknown>, error: string, cause: unknown) {
  if (resource !== INVOKE) {
    return [
      ['LambdaFunctionScheduled', { input, inputDetails: DATA, resource }],
      ['LambdaFunctionStarted', undefined],
      ['LambdaFunctionFailed', { cause, error }],
    ];
  }
  const service = { resource: 'invoke', resourceType: 'lambda' };
  return [
    ['TaskScheduled', { parameters: input, region: 'us-east-1', ...service }],
    ['TaskStarted', service],
    ['TaskFailed', { cause, error, ...service }],
  ];
}

// test_raise_exception and test_no_such_function of both files (on the function ARN the
// FunctionName parameter is only data: the Resource's function runs).
describe.each([
  ['test_task_lambda', FN_ARN('f')],
  ['test_task_service_lambda', INVOKE],
])('%s', (_file, resource) => {
  const failing = (fnName: string) => {
    const invoke = resource === INVOKE;
    const error = invoke && fnName !== 'f' ? 'Lambda.ResourceNotFoundException' : 'Exception';
    return { error, cause: invoke && fnName !== 'f' ? NOT_FOUND(fnName) : RAISED };
  };

  test.each([['test_raise_exception', 'f'], ['test_no_such_function', 'no_such_f']])('%s: not caught by Lambda.Unknown; the execution fails', async (_name, fnName) => {
    const input = { FunctionName: fnName, Payload: null };
    const { error, cause } = failing(fnName);
    const r = await run(catchUnknown(resource), input, { functions });
    expect(r.status).toBe('FAILED');
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input, inputDetails: DATA }],
      ['TaskStateEntered', { input, inputDetails: DATA, name: 'Start' }],
      ...attempt(resource, input, error, cause),
      ['ExecutionFailed', { cause, error }],
    ]);
    expect(links(r)).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5]]);
  });

  test.each([['test_raise_exception_catch', 'f'], ['test_no_such_function_catch', 'no_such_f']])('%s: States.TaskFailed catches it', async (_name, fnName) => {
    const input = { FunctionName: fnName, Payload: null };
    const { error, cause } = failing(fnName);
    const r = await run(catchRelevant(resource), input, { functions });
    const errorOutput = { Error: error, Cause: cause };
    expect(r.status).toBe('SUCCEEDED');
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input, inputDetails: DATA }],
      ['TaskStateEntered', { input, inputDetails: DATA, name: 'Start' }],
      ...attempt(resource, input, error, cause),
      ['TaskStateExited', { name: 'Start', output: errorOutput, outputDetails: DATA }],
      ['PassStateEntered', { input: errorOutput, inputDetails: DATA, name: 'EndWithStateTaskFailedHandler' }],
      ['PassStateExited', { name: 'EndWithStateTaskFailedHandler', output: { ...errorOutput, task_failed_error: errorOutput }, outputDetails: DATA }],
      ['ExecutionSucceeded', { output: { ...errorOutput, task_failed_error: errorOutput }, outputDetails: DATA }],
    ]);
    expect(links(r)).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6], [8, 7], [9, 8]]);
  });
});

test('the cause is the runtime\'s error document: the same text in the failed event, the execution and the error output', async () => {
  const r = await run(catchUnknown(FN_ARN('f')), { FunctionName: 'f', Payload: null }, { functions });
  expect(lambdaCause(r.cause)).toMatchObject({ errorType: 'Exception', errorMessage: 'Some exception was raised.' });
  expect((lambdaCause(r.cause).trace as string[])[0]).toBe('Exception: Some exception was raised.');
});

// test_task_service_lambda test_invoke_timeout: the function sleeps 60 s, caught by States.Timeout
// into $.error. Recorded with TimeoutSeconds 5; 1 here (a task's time limit passes in wall-clock
// time, README "Callbacks and activities"), so TaskScheduled's timeoutInSeconds is 1.
test('test_invoke_timeout: TaskTimedOut {error: States.Timeout} without a cause; the error output\'s Cause is ""', async () => {
  const definition = def({
    StartAt: 'Start',
    States: {
      Start: { Type: 'Task', Resource: INVOKE, TimeoutSeconds: 1, Parameters: PARAMETERS, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'EndWithHandler' }], Next: 'EndWithFinal' },
      EndWithHandler: { Type: 'Pass', ResultPath: '$.error', End: true },
      EndWithFinal: { Type: 'Pass', ResultPath: '$.final', End: true },
    },
  });
  const input = { FunctionName: 'sleeper', Payload: null };
  const r = await run(definition, input, { functions: { sleeper: { handler: () => new Promise(() => undefined), timeout: 60 } } });
  const errorOutput = { Error: 'States.Timeout', Cause: '' };
  const service = { resource: 'invoke', resourceType: 'lambda' };
  expect(typedDetails(r)).toStrictEqual([
    ['ExecutionStarted', { input, inputDetails: DATA }],
    ['TaskStateEntered', { input, inputDetails: DATA, name: 'Start' }],
    ['TaskScheduled', { parameters: input, region: 'us-east-1', timeoutInSeconds: 1, ...service }],
    ['TaskStarted', service],
    ['TaskTimedOut', { error: 'States.Timeout', ...service }],
    ['TaskStateExited', { name: 'Start', output: errorOutput, outputDetails: DATA }],
    ['PassStateEntered', { input: errorOutput, inputDetails: DATA, name: 'EndWithHandler' }],
    ['PassStateExited', { name: 'EndWithHandler', output: { ...errorOutput, error: errorOutput }, outputDetails: DATA }],
    ['ExecutionSucceeded', { output: { ...errorOutput, error: errorOutput }, outputDetails: DATA }],
  ]);
});
