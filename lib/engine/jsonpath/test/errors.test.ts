import { PREDEFINED_ERRORS } from '../../../asl/validate/common/retry-catch';
import * as data from '../index';
import { PAYLOAD_PATH_FAILURE, STATES_ERRORS, StatesError, stateCause } from '../errors';

describe('StatesError', () => {
  test('carries the error name and the cause; name === error; an Error', () => {
    const e = new StatesError('States.Runtime', 'something broke');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(StatesError);
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe('something broke');
    expect(e.name).toBe('States.Runtime');
    expect(e.message).toBe('something broke');
  });
});

describe('STATES_ERRORS', () => {
  test('every predefined States.* name ("Handling errors in Step Functions workflows"), the same list as the validator\'s', () => {
    expect([...STATES_ERRORS].sort()).toEqual([...PREDEFINED_ERRORS].sort());
    for (const name of [
      'States.ALL',
      'States.DataLimitExceeded',
      'States.ExceedToleratedFailureThreshold',
      'States.HeartbeatTimeout',
      'States.Http.Socket',
      'States.IntrinsicFailure',
      'States.ItemReaderFailed',
      'States.NoChoiceMatched',
      'States.ParameterPathFailure',
      'States.Permissions',
      'States.QueryEvaluationError',
      'States.ResultPathMatchFailure',
      'States.ResultWriterFailed',
      'States.Runtime',
      'States.TaskFailed',
      'States.Timeout',
      'States.BranchFailed',
    ])
      expect(STATES_ERRORS).toContain(name);
    expect(Object.isFrozen(STATES_ERRORS)).toBe(true);
  });

  test('the names this layer raises are all predefined', () => {
    for (const name of ['States.Runtime', 'States.ResultPathMatchFailure', 'States.IntrinsicFailure', PAYLOAD_PATH_FAILURE]) expect(STATES_ERRORS).toContain(name);
  });
});

test('stateCause: AWS\'s prefix for errors raised while a state runs', () => {
  expect(stateCause('Glue StartJobRun', 8, "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'")).toBe(
    "An error occurred while executing the state 'Glue StartJobRun' (entered at the event id #8). The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'",
  );
});

test('index.ts exports the API', () => {
  for (const name of [
    'StatesError',
    'STATES_ERRORS',
    'compilePath',
    'selectPath',
    'applyResultPath',
    'compilePayload',
    'compileIntrinsic',
    'compileChoiceRule',
    'parseTimestamp',
    'compileSelectPath',
    'compileResultPath',
    'stateCause',
  ])
    expect(typeof (data as Record<string, unknown>)[name]).not.toBe('undefined');
});
