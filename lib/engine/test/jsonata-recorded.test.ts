/**
 * JSONata fields as recorded on AWS: LocalStack's AWS-validated snapshots (each execution recorded
 * against AWS) of tests/aws/services/stepfunctions/v2/outputdecl/test_output, arguments/test_arguments,
 * evaluate_jsonata/test_base_evaluate_expressions, query_language/test_base_query_language and
 * test_mixed_query_language. Definitions and inputs are ours, equivalent to the tests' templates;
 * the expected outputs, Lambda inputs and event details are what AWS recorded (AWS developer guide,
 * "Transforming data with JSONata in Step Functions").
 */
import { conditionChoice, data, details, eventsOf, run, types } from './helpers';
import type { Json } from '../types';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:id';
const identity = { functions: { id: (e: unknown) => e } };
const INPUT = { input_value: 'string literal', input_values: [1, 2, 3] };

// Literal values that look like JSONata, JSONPath or variables stay as written (base_literals.json5).
const LIST: Json = [null, 0, 0.1, true, [], { constant: 0 }, ' {% states.input %} ', '$states.input', '$no.such.var.path'];
const LITERALS: Record<string, Json> = {
  constant_null: null,
  constant_int: 0,
  constant_float: 0.1,
  constant_bool: true,
  constant_str: 'constant string',
  constant_not_jsonata: ' {% states.input %} ',
  constant_varpath_states: '$states.input',
  constant_varpath: '$no.such.var.path',
  constant_lst_empty: [],
  constant_lst: LIST,
  constant_obj_empty: {},
  constant_obj: { in_obj_constant_null: null, in_obj_constant_str: 'constant string', in_obj_constant_not_jsonata: ' {% states.input %} ', in_obj_constant_lst: LIST, in_obj_constant_obj: { constant: 0 } },
};
const INIT = { Type: 'Pass', Assign: { 'var_input_value.$': '$.input_value', var_constant_1: 1 }, Next: 'State0' };
const EXPRESSIONS = { ja_states_input: '{% $states.input %}', ja_var_access: '{% $var_input_value %}', ja_expr: '{% $sum($states.input.input_values) + $var_constant_1 %}' };
const EVALUATED = { ja_states_input: INPUT, ja_var_access: 'string literal', ja_expr: 7 };

describe('Output (test_output, recorded 04-11-2024 to 27-12-2024)', () => {
  const passOutput = (Output: unknown) => ({ StartAt: 'State0', States: { State0: { QueryLanguage: 'JSONata', Type: 'Pass', Output, End: true } } });

  test.each<[string, unknown, Json]>([
    ['BASE_EMPTY', {}, {}],
    ['BASE_LITERALS (a "x.$" key kept as written)', { ...LITERALS, 'constant_jp_input.$': '$', constant_jp_context: '$$', constant_if: "States.Format('Format:{}', 101)" }, { ...LITERALS, 'constant_jp_input.$': '$', constant_jp_context: '$$', constant_if: "States.Format('Format:{}', 101)" }],
  ])('%s', async (_name, output, expected) => {
    const r = await run(passOutput(output), INPUT);
    expect(r.output).toEqual(expected);
  });

  test.each<[string, Json, Json]>([
    ['NULL', null, null],
    ['INT', 0, 0],
    ['FLOAT', 0.1, 0.1],
    ['BOOL', true, true],
    ['STR_LIT', 'string literal', 'string literal'],
    ['JSONATA_EXPR', '{% $states.input %}', { input_value: 'stringliteral' }],
    ['LIST_EMPY', [], []],
    ['LIST_RICH', [null, 0, 0.1, true, 'string', [], '$nosuchvar', '$.no.such.path', '{% $states.input %}', { key: '{% true %}' }], [null, 0, 0.1, true, 'string', [], '$nosuchvar', '$.no.such.path', { input_value: 'stringliteral' }, { key: true }]],
  ])('test_base_output_any_non_dict[%s]: Output of any JSON type', async (_name, output, expected) => {
    const r = await run(passOutput(output), { input_value: 'stringliteral' });
    expect(r.output).toEqual(expected);
    expect(details(eventsOf(r, 'PassStateExited')[0]).output).toBe(JSON.stringify(expected));
  });

  test('BASE_EXPR and BASE_DIRECT_EXPR: $states.context, $states.input, variables, expressions', async () => {
    const r = await run({ StartAt: 'Init', States: { Init: INIT, State0: { QueryLanguage: 'JSONata', Type: 'Pass', Output: { ja_states_context: '{% $states.context %}', ...EXPRESSIONS }, End: true } } }, INPUT);
    const out = r.output as { ja_states_context: { Execution: Record<string, Json>; State: Record<string, Json> } };
    expect(out).toMatchObject(EVALUATED);
    expect(Object.keys(out.ja_states_context)).toEqual(['Execution', 'StateMachine', 'State']);
    expect(out.ja_states_context.Execution).toMatchObject({ Id: r.executionArn, Input: INPUT, RedriveCount: 0 });
    expect(out.ja_states_context.State.Name).toBe('State0');
    const direct = await run({ StartAt: 'Init', States: { Init: INIT, State0: { QueryLanguage: 'JSONata', Type: 'Pass', Output: EXPRESSIONS.ja_expr, End: true } } }, INPUT);
    expect(direct.output).toBe(7);
  });

  test('BASE_LAMBDA: Arguments to a function ARN, then Output with $states.result', async () => {
    const Output = { ...EXPRESSIONS, ja_states_result: '{% $states.result %}', ja_states_result_access: '{% $states.result.ja_expr %}' };
    const r = await run({ StartAt: 'Init', States: { Init: INIT, State0: { QueryLanguage: 'JSONata', Type: 'Task', Resource: FN, Arguments: EXPRESSIONS, Output, End: true } } }, INPUT, identity);
    expect(data(eventsOf(r, 'LambdaFunctionScheduled')[0], 'input')).toEqual(EVALUATED);
    expect(r.output).toEqual({ ...EVALUATED, ja_states_result: EVALUATED, ja_states_result_access: 7 });
  });

  test('BASE_TASK_LAMBDA: lambda:invoke Arguments; Output sees the Invoke response as $states.result', async () => {
    const def = { StartAt: 'State0', States: { State0: { QueryLanguage: 'JSONata', Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: '{% $states.input.FunctionName %}', Payload: '{% $states.input.Payload %}' }, Output: { ja_states_input: '{% $states.input %}', ja_states_result: '{% $states.result %}' }, End: true } } };
    const input = { FunctionName: FN, Payload: INPUT };
    const r = await run(def, input, identity);
    expect(data(eventsOf(r, 'TaskScheduled')[0], 'parameters')).toEqual(input);
    const out = r.output as { ja_states_input: Json; ja_states_result: { Payload: Json; StatusCode: number; ExecutedVersion: string } };
    expect(out.ja_states_input).toEqual(input);
    expect(out.ja_states_result).toMatchObject({ ExecutedVersion: '$LATEST', Payload: INPUT, StatusCode: 200 });
  });

  test.each([
    [true, 'SUCCEEDED', 'Condition Output block'],
    [false, 'FAILED', 'Default Output block'],
  ])('test_output_in_choice condition %s: the matching rule\'s Output, else the state\'s', async (condition, status, output) => {
    const r = await run(conditionChoice({ Output: 'Condition Output block' }, { Output: 'Default Output block' }), { condition });
    expect(r.status).toBe(status);
    expect(data(eventsOf(r, 'ChoiceStateExited')[0])).toBe(output);
    expect(data(r.events[3], 'input')).toBe(output);
  });
});

describe('Arguments (test_arguments, recorded 04-11-2024): the function ARN gets them as its input', () => {
  test.each<[string, Record<string, unknown>, unknown, Json]>([
    ['BASE_LAMBDA_EMPTY', { QueryLanguage: 'JSONata' }, {}, {}],
    ['BASE_LAMBDA_EMPTY_GLOBAL_QL_JSONATA', {}, {}, {}],
    ['BASE_LAMBDA_LITERALS', { QueryLanguage: 'JSONata' }, LITERALS, LITERALS],
  ])('%s', async (name, stateQl, args, expected) => {
    const machineQl = name.endsWith('GLOBAL_QL_JSONATA') ? { QueryLanguage: 'JSONata' } : {};
    const r = await run({ ...machineQl, StartAt: 'State0', States: { State0: { ...stateQl, Type: 'Task', Resource: FN, Arguments: args, End: true } } }, INPUT, identity);
    expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(data(eventsOf(r, 'LambdaFunctionScheduled')[0], 'input')).toEqual(expected);
    expect(r.output).toEqual(expected);
  });

  test('BASE_LAMBDA_EXPRESSION: Arguments and Assign evaluated with the variables of Init', async () => {
    const r = await run({ StartAt: 'Init', States: { Init: INIT, State0: { QueryLanguage: 'JSONata', Type: 'Task', Resource: FN, Arguments: EXPRESSIONS, Assign: { ja_var_access: EXPRESSIONS.ja_var_access, ja_expr: EXPRESSIONS.ja_expr }, End: true } } }, INPUT, identity);
    expect(data(eventsOf(r, 'LambdaFunctionScheduled')[0], 'input')).toEqual(EVALUATED);
    expect(details(eventsOf(r, 'TaskStateExited')[0]).assignedVariables).toEqual({ ja_var_access: '"string literal"', ja_expr: '7' });
  });
});

describe('JSONata in other fields (test_base_evaluate_expressions, recorded 22-07-2025)', () => {
  const task = (fields: Record<string, unknown>) => ({ QueryLanguage: 'JSONata', StartAt: 'Start', States: { Start: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { Payload: {}, FunctionName: FN }, End: true, ...fields } } });
  const map = (fields: Record<string, unknown>) => ({ QueryLanguage: 'JSONata', StartAt: 'Start', States: { Start: { Type: 'Map', Items: [1], ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Process', States: { Process: { Type: 'Pass', End: true } } }, End: true, ...fields } } });
  const ASSIGNING = '{% $variable := 1 %}';
  const FROM_INPUT = '{% $states.input.input_value %}';

  test.each<[string, unknown, Json, string, number]>([
    ['TIMEOUT_SECONDS', { TimeoutSeconds: ASSIGNING }, {}, 'timeoutInSeconds', 1],
    ['HEARTBEAT_SECONDS', { HeartbeatSeconds: ASSIGNING }, {}, 'heartbeatInSeconds', 1],
    ['HEARTBEAT_SECONDS from the input', { HeartbeatSeconds: FROM_INPUT }, { input_value: 1 }, 'heartbeatInSeconds', 1],
  ])('test_base_task[%s]: TaskScheduled records the evaluated number', async (_name, fields, input, key, value) => {
    const r = await run(task(fields as Record<string, unknown>), input, identity);
    expect(r.status).toBe('SUCCEEDED');
    expect(details(eventsOf(r, 'TaskScheduled')[0])[key]).toBe(value);
  });

  test.each<[string, unknown, Json, number]>([
    ['ITEMS', { Items: [1, '{% $number("2") %}', 3] }, {}, 3],
    ['ITEMS_DOUBLE_QUOTES', { Items: [1, "{% $number('2') %}", 3] }, {}, 3],
    ['MAX_CONCURRENCY', { MaxConcurrency: ASSIGNING }, {}, 1],
    ['TOLERATED_FAILURE_PERCENTAGE (inline Map)', { ToleratedFailurePercentage: ASSIGNING }, {}, 1],
    ['TOLERATED_FAILURE_COUNT (inline Map)', { ToleratedFailureCount: ASSIGNING }, {}, 1],
    ['ITEMS from the input', { Items: FROM_INPUT }, { input_value: [1, 2, 3] }, 3],
    ['MAX_CONCURRENCY from the input', { MaxConcurrency: FROM_INPUT }, { input_value: 1 }, 1],
    ['TOLERATED_FAILURE_PERCENTAGE from the input', { ToleratedFailurePercentage: FROM_INPUT }, { input_value: 100 }, 1],
    ['TOLERATED_FAILURE_COUNT from the input', { ToleratedFailureCount: FROM_INPUT }, { input_value: 1 }, 1],
  ])('test_base_map[%s]', async (_name, fields, input, length) => {
    const r = await run(map(fields as Record<string, unknown>), input);
    expect(r.status).toBe('SUCCEEDED');
    expect(details(eventsOf(r, 'MapStateStarted')[0])).toEqual({ length });
    expect(r.output).toEqual(length === 3 ? [1, 2, 3] : [1]);
  });

  test.each([
    ['BASE', '{% $contains("hello$world", /^hello\\$/) %}', true],
    ['BASE_FALSE', '{% $contains("hello$world", /^hello\\ /) %}', false],
    ['BASE_SINGLE_QUOTE', "{% $contains('hello$world', /^hello\\$/) %}", true],
    ['BASE_SINGLE_QUOTE_FALSE', "{% $contains('hello$world', /^hello\\ /) %}", false],
  ])('test_base_jsonata_regular_expressions[%s]', async (_name, output, expected) => {
    const r = await run({ QueryLanguage: 'JSONata', StartAt: 'Start', States: { Start: { Type: 'Pass', Output: output, End: true } } });
    expect(r.output).toBe(expected);
  });
});

describe('query languages (test_base_query_language and test_mixed_query_language, recorded 07-11-2024 to 08-11-2024)', () => {
  test.each([
    ['JSON_PATH', 'JSONPath', undefined],
    ['JSONATA', 'JSONata', undefined],
    ['JSONATA_OVERRIDE', 'JSONPath', 'JSONata'],
    ['JSONATA_OVERRIDE_DEFAULT', undefined, 'JSONata'],
  ])('%s: a Pass passes its input through', async (_name, machine, state) => {
    const r = await run({ ...(machine ? { QueryLanguage: machine } : {}), StartAt: 'StartState', States: { StartState: { ...(state ? { QueryLanguage: state } : {}), Type: 'Pass', End: true } } }, {});
    expect(types(r)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(r.output).toEqual({});
  });

  test.each([
    ['JSONATA_OUTPUT_TO_JSONPATH', { QueryLanguage: 'JSONata', Type: 'Pass', Output: { foo: 'foobar', bar: '{% $states.input %}' } }, 'JSONPath'],
    ['JSONPATH_OUTPUT_TO_JSONATA', { QueryLanguage: 'JSONPath', Type: 'Pass', Parameters: { foo: 'foobar', 'bar.$': '$' } }, 'JSONata'],
  ])('%s: one state\'s output is the next one\'s input', async (_name, first, second) => {
    const r = await run({ StartAt: 'A', States: { A: { ...first, Next: 'B' }, B: { QueryLanguage: second, Type: 'Pass', End: true } } }, { input_data: 'test' });
    expect(r.output).toEqual({ foo: 'foobar', bar: { input_data: 'test' } });
  });

  test.each([
    ['TASK_LAMBDA_LEGACY_RESOURCE_JSONATA_TO_JSONPATH', FN, { Payload: { foo: 'foo-1' } }],
    ['TASK_LAMBDA_SDK_RESOURCE_JSONATA_TO_JSONPATH', 'arn:aws:states:::lambda:invoke', { Payload: { foo: 'foo-1' }, FunctionName: FN }],
  ])('%s: Assign and Output read $states.result', async (name, Resource, Arguments) => {
    const r = await run(
      { StartAt: 'J', States: { J: { QueryLanguage: 'JSONata', Type: 'Task', Resource, Arguments, Assign: { resultsVar: '{% $states.result %}' }, Output: { results: '{% $states.result %}' }, Next: 'P' }, P: { QueryLanguage: 'JSONPath', Type: 'Pass', End: true } } },
      {},
      identity,
    );
    const result = name.includes('LEGACY') ? { Payload: { foo: 'foo-1' } } : expect.objectContaining({ Payload: { foo: 'foo-1' }, StatusCode: 200 });
    expect(r.output).toEqual({ results: result });
    expect(JSON.parse(String((details(eventsOf(r, 'TaskStateExited')[0]).assignedVariables as Record<string, string>).resultsVar))).toEqual(result);
  });

  test.each([
    ['TASK_LAMBDA_LEGACY_RESOURCE_JSONPATH_TO_JSONATA', FN, { Payload: { foo: 'foo-1' } }],
    ['TASK_LAMBDA_SDK_RESOURCE_JSONPATH_TO_JSONATA', 'arn:aws:states:::lambda:invoke', { Payload: { foo: 'foo-1' }, FunctionName: FN }],
  ])('%s: a JSONPath Assign of $ is the result', async (name, Resource, Parameters) => {
    const r = await run({ StartAt: 'J', States: { J: { QueryLanguage: 'JSONPath', Type: 'Task', Resource, Parameters, Assign: { 'resultsVar.$': '$' }, OutputPath: '$', Next: 'N' }, N: { QueryLanguage: 'JSONata', Type: 'Pass', End: true } } }, {}, identity);
    const result = name.includes('LEGACY') ? { Payload: { foo: 'foo-1' } } : expect.objectContaining({ Payload: { foo: 'foo-1' }, StatusCode: 200 });
    expect(r.output).toEqual(result);
    expect(JSON.parse(String((details(eventsOf(r, 'TaskStateExited')[0]).assignedVariables as Record<string, string>).resultsVar))).toEqual(result);
  });
});
