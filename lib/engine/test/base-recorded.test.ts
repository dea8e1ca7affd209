/**
 * Pass and Fail basics as recorded on AWS: LocalStack's AWS-validated snapshots in
 * tests/aws/services/stepfunctions/v2/base/test_base.snapshot.json (test name and recorded date at
 * each case). The definitions are ours, equivalent to the recorded ones; outputs, errors, causes
 * and event types are what AWS recorded.
 */
import type { ExecutionResult, Json } from '../types';
import { def, prevIds, run, types } from './helpers';

const pairs = (r: ExecutionResult) => types(r).map((t, i) => [t, prevIds(r)[i]]);
const fail = (fields: Record<string, unknown>) => def({ StartAt: 'FailState', States: { FailState: { Type: 'Fail', ...fields } } });
const FAILED = [
  ['ExecutionStarted', 0],
  ['FailStateEntered', 0],
  ['ExecutionFailed', 2],
];
const ERROR_INPUT = { Error: 'error string', Cause: 'cause string' };

describe('Fail (test_state_fail*)', () => {
  test.each<[string, Record<string, unknown>, Json, Record<string, string>]>([
    ['test_state_fail (06-03-2024)', { Error: 'SomeFailure', Cause: "This state machines raises a 'SomeFailure' failure." }, {}, { error: 'SomeFailure', cause: "This state machines raises a 'SomeFailure' failure." }],
    ['test_state_fail_path (07-02-2024)', { ErrorPath: '$.Error', CausePath: '$.Cause' }, ERROR_INPUT, { error: 'error string', cause: 'cause string' }],
    [
      'test_state_fail_intrinsic (07-02-2024)',
      { ErrorPath: "States.Format('{}', $.Error)", CausePath: "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)" },
      ERROR_INPUT,
      { error: 'error string', cause: 'This is a custom error message for error string, caused by cause string.' },
    ],
    ['test_state_fail_empty (06-03-2024): no Error, no Cause', {}, {}, {}],
  ])('%s', async (_name, fields, input, details) => {
    const r = await run(fail(fields), input);
    expect(r.status).toBe('FAILED');
    expect([r.error, r.cause]).toEqual([details.error, details.cause]);
    expect(r.events[2].executionFailedEventDetails).toEqual(details);
    expect(pairs(r)).toEqual(FAILED);
  });
});

describe('Pass (test_state_pass_*, recorded 07-02-2024)', () => {
  const pass = (fields: Record<string, unknown>) => def({ StartAt: 'State_1', States: { State_1: { Type: 'Pass', End: true, ...fields } } });

  test.each<[string, Record<string, unknown>, Json, Json]>([
    ['test_state_pass_result', { Result: { Arg1: 'argument1' } }, {}, { Arg1: 'argument1' }],
    ['test_state_pass_result_jsonpaths: paths in Result are kept as they are', { Result: { 'unsupported1.$': '$.jsonpath', 'unsupported2.$': '$$' } }, {}, { 'unsupported1.$': '$.jsonpath', 'unsupported2.$': '$$' }],
    [
      'test_state_pass_regex_json_path_base: a filter in Parameters selects the matching items',
      { Parameters: { 'FromInput.$': '$.users[?(@.status == 0)]' } },
      { users: [{ year: 1997, status: 0 }, { year: 1998, status: 1 }] },
      { FromInput: [{ year: 1997, status: 0 }] },
    ],
  ])('%s', async (_name, fields, input, output) => {
    const r = await run(pass(fields), input);
    expect(r.output).toEqual(output);
    expect(types(r)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  test('test_decl_version_1_0: a definition declaring Version "1.0" runs', async () => {
    const r = await run(def({ Version: '1.0', StartAt: 'State_1', States: { State_1: { Type: 'Pass', End: true } } }));
    expect(r.output).toEqual({});
    expect(types(r)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  test('test_state_pass_result_null_input_output_paths: InputPath null gives {} to Parameters, OutputPath null outputs {}', async () => {
    const r = await run(
      def({
        StartAt: 'State0',
        States: {
          State0: { Type: 'Pass', Parameters: { Arg1: 'argument1', 'FromInput.$': '$' }, Next: 'State1' },
          State1: { Type: 'Pass', InputPath: null, Parameters: { Arg2: 'argument2', 'FromInput.$': '$' }, Next: 'State2' },
          State2: { Type: 'Pass', OutputPath: null, End: true },
        },
      }),
      { InputValue: 0 },
    );
    expect(r.events[4].stateExitedEventDetails?.output).toBe(JSON.stringify({ Arg2: 'argument2', FromInput: {} }));
    expect(r.output).toEqual({});
  });
});

test('test_query_context_object_values (15-07-2024): the Context Object and its members in Parameters', async () => {
  const r = await run(
    def({
      StartAt: 'QueryValues1',
      States: {
        QueryValues1: {
          Type: 'Pass',
          Next: 'QueryValues2',
          ResultPath: '$.query_values_1',
          Parameters: {
            'context_object.$': '$$',
            'execution.$': '$$.Execution',
            'execution_id.$': '$$.Execution.Id',
            'execution_input.$': '$$.Execution.Input',
            'execution_name.$': '$$.Execution.Name',
            'execution_rolearn.$': '$$.Execution.RoleArn',
            'execution_starttime.$': '$$.Execution.StartTime',
            'state.$': '$$.State',
            'state_enteredtime.$': '$$.State.EnteredTime',
            'state_name.$': '$$.State.Name',
            'statemachine.$': '$$.StateMachine',
            'statemachine_id.$': '$$.StateMachine.Id',
            'statemachine_name.$': '$$.StateMachine.Name',
          },
        },
        QueryValues2: { Type: 'Pass', End: true, ResultPath: '$.query_values_2', Parameters: { 'context_object.$': '$$' } },
      },
    }),
    { message: 'TestMessage' },
  );
  const out = r.output as { query_values_1: Record<string, Json>; query_values_2: { context_object: Record<string, Json> } };
  const q = out.query_values_1;
  const execution = q.execution as Record<string, Json>;
  // Execution has exactly these members (RedriveCount 0), StateMachine {Id, Name}, State {Name, EnteredTime}.
  expect(Object.keys(execution).sort()).toEqual(['Id', 'Input', 'Name', 'RedriveCount', 'RoleArn', 'StartTime']);
  expect(execution).toMatchObject({ Id: r.executionArn, Input: { message: 'TestMessage' }, Name: 'exec-1', RedriveCount: 0 });
  const statemachine = q.statemachine as Record<string, Json>;
  expect(Object.keys(statemachine).sort()).toEqual(['Id', 'Name']);
  expect(q.state).toEqual({ Name: 'QueryValues1', EnteredTime: q.state_enteredtime });
  expect(q.context_object).toEqual({ Execution: execution, StateMachine: statemachine, State: q.state });
  expect([q.execution_id, q.execution_input, q.execution_name, q.execution_rolearn, q.execution_starttime]).toEqual([
    execution.Id,
    execution.Input,
    execution.Name,
    execution.RoleArn,
    execution.StartTime,
  ]);
  expect([q.statemachine_id, q.statemachine_name, q.state_name]).toEqual([statemachine.Id, statemachine.Name, 'QueryValues1']);
  expect(out.query_values_2.context_object).toEqual({ Execution: execution, StateMachine: statemachine, State: { Name: 'QueryValues2', EnteredTime: expect.any(String) } });
});
