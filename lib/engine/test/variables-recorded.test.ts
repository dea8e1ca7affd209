/**
 * Workflow variables as recorded on AWS: LocalStack's AWS-validated snapshots (each execution
 * recorded against AWS) of tests/aws/services/stepfunctions/v2/assign/test_assign_base and
 * test_assign_reference_variables, and query_language/test_mixed_query_language. Definitions and
 * inputs are ours, equivalent to the test's templates; the expected values are what AWS recorded:
 * the output, and per state that exits, its `assignedVariables` (each variable's value as compact
 * JSON text; AWS developer guide, "Passing data between states with variables").
 */
import { conditionChoice, details, eventsOf, run } from './helpers';
import type { ExecutionResult, Json } from '../types';

const FN = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** The exited events of the run, each as [state, its assigned variables parsed (null when it records none)]. */
function assignments(r: ExecutionResult): Array<[string, Record<string, Json> | null]> {
  return r.events
    .filter((e) => e.type?.endsWith('StateExited'))
    .map((e) => {
      const d = details(e) as { name: string; assignedVariables?: Record<string, string>; assignedVariablesDetails?: unknown };
      if (d.assignedVariables === undefined) return [d.name, null];
      expect(d.assignedVariablesDetails).toEqual({ truncated: false });
      const vars: Record<string, Json> = {};
      for (const [k, text] of Object.entries(d.assignedVariables)) {
        // AWS's text is compact JSON (`[null,0,0.1,true,...]`, `"constant string"`).
        expect(text).toBe(JSON.stringify(JSON.parse(text)));
        vars[k] = JSON.parse(text) as Json;
      }
      return [d.name, vars];
    });
}

// The constants of base_constant_literals.json5: literal values that look like paths, variables,
// intrinsics or JSONata are stored as written.
const LITERALS: Record<string, Json> = {
  constant_null: null,
  constant_int: 0,
  constant_float: 0.1,
  constant_bool: true,
  constant_str: 'constant string',
  constant_str_path_root: '$',
  constant_str_path: '$.no.such.path',
  constant_str_contextpath_root: '$$',
  constant_str_contextpath: '$$.Execution.Id',
  constant_str_var: '$noSuchVar',
  constant_str_var_expr: '$noSuchVar.noSuchMember',
  constant_str_intrinsic_func: "States.Format('Format Func {}', $varname)",
  constant_str_jsonata_expr: '{% $varname.varfield %}',
  constant_lst_empty: [],
  constant_lst: [null, 0, 0.1, true, '$.no.such.path', '$varname', '{% $varname %}', '$$', "States.Format('{}', $varname)", [], { constant: 0 }],
  constant_obj_empty: {},
};
const IN_OBJ: Record<string, Json> = Object.fromEntries(Object.entries(LITERALS).filter(([k]) => k !== 'constant_obj_empty').map(([k, v]) => [`in_obj_${k}`, v]));
Object.assign(IN_OBJ, { in_obj_constant_obj_empty: {}, in_obj_constant_obj: { constant: 0 } });
const ALL_LITERALS: Record<string, Json> = { ...LITERALS, constant_obj: IN_OBJ };
const INPUT = { input_value: 'input_value_literal' };
const pass = (Assign: unknown, more: Record<string, unknown> = {}) => ({ Type: 'Pass', Assign, End: true, ...more });

describe('test_assign_base (recorded 04-11-2024 and 27-12-2024)', () => {
  test('BASE_EMPTY: an empty Assign records no assignedVariables', async () => {
    const r = await run({ StartAt: 'State0', States: { State0: pass({}) } }, INPUT);
    expect(r.output).toEqual(INPUT);
    expect(assignments(r)).toEqual([['State0', null]]);
  });

  test('BASE_CONSTANT_LITERALS: literals that look like paths, intrinsics or JSONata are stored as written', async () => {
    const r = await run({ StartAt: 'State0', States: { State0: pass(ALL_LITERALS) } }, INPUT);
    expect(r.output).toEqual(INPUT);
    expect(assignments(r)).toEqual([['State0', ALL_LITERALS]]);
  });

  test('BASE_PATHS: paths, context paths and intrinsics in Assign', async () => {
    const assign = { 'str_path_root.$': '$', 'str_path.$': '$.input_value', 'str_contextpath_root.$': '$$', 'str_contextpath.$': '$$.Execution.Id', 'str_intrinsic_func.$': "States.Format('Format Func {}', $.input_value)" };
    const r = await run({ StartAt: 'State0', States: { State0: pass(assign) } }, INPUT);
    const [[, vars]] = assignments(r);
    const context = vars?.str_contextpath_root as { Execution: Record<string, Json>; StateMachine: Json; State: Json };
    expect(vars).toMatchObject({ str_path_root: INPUT, str_path: 'input_value_literal', str_contextpath: r.executionArn, str_intrinsic_func: 'Format Func input_value_literal' });
    // The Context Object of a Pass: Execution (Id, Input, StartTime, Name, RoleArn, RedriveCount), StateMachine, State (Name, EnteredTime).
    expect(Object.keys(context)).toEqual(['Execution', 'StateMachine', 'State']);
    expect(Object.keys(context.Execution)).toEqual(['Id', 'Input', 'StartTime', 'Name', 'RoleArn', 'RedriveCount']);
    expect(context.Execution).toMatchObject({ Id: r.executionArn, Input: INPUT, RedriveCount: 0 });
    expect(Object.keys(context.State as object)).toEqual(['Name', 'EnteredTime']);
  });

  test('BASE_VAR: variables read back with .$ keys, one member of an object variable', async () => {
    const copy = Object.fromEntries(Object.keys(ALL_LITERALS).map((k) => [`varname${k}.$`, `$${k}`]));
    const r = await run(
      {
        StartAt: 'State0',
        States: {
          State0: { Type: 'Pass', Assign: { 'varname.$': '$.input_value', ...ALL_LITERALS }, Next: 'State1' },
          State1: pass({ varname2: 'varname2', ...copy, 'varnameconstant_obj_access.$': '$constant_obj.in_obj_constant_lst' }),
        },
      },
      INPUT,
    );
    const read = Object.fromEntries(Object.entries(ALL_LITERALS).map(([k, v]) => [`varname${k}`, v]));
    expect(assignments(r)).toEqual([
      ['State0', { varname: 'input_value_literal', ...ALL_LITERALS }],
      ['State1', { varname2: 'varname2', ...read, varnameconstant_obj_access: LITERALS.constant_lst }],
    ]);
  });

  test('BASE_SCOPE_MAP: an iteration reads the outer variables; its own stay in it', async () => {
    const r = await run(
      {
        StartAt: 'State0',
        States: {
          State0: { Type: 'Pass', Assign: { x: 42, items: [1, 2, 3] }, Next: 'State1' },
          State1: { Type: 'Map', ItemsPath: '$items', MaxConcurrency: 1, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Inner', States: { Inner: pass({ 'innerX.$': '$x' }) } }, Next: 'State2' },
          State2: pass({ 'final.$': '$x' }),
        },
      },
      INPUT,
    );
    expect(r.output).toEqual([1, 2, 3]);
    const inner = ['Inner', { innerX: 42 }];
    expect(assignments(r)).toEqual([['State0', { x: 42, items: [1, 2, 3] }], inner, inner, inner, ['State1', null], ['State2', { final: 42 }]]);
  });

  test('BASE_SCOPE_PARALLEL: each branch reads the outer variables', async () => {
    const branch = (name: string) => ({ StartAt: name, States: { [name]: pass({ 'innerX.$': '$x', 'value.$': '$' }) } });
    const r = await run({ StartAt: 'State0', States: { State0: { Type: 'Pass', Assign: { x: 42 }, Next: 'State1' }, State1: { Type: 'Parallel', End: true, Branches: [branch('Branch1'), branch('Branch21'), branch('Branch31')] } } }, {});
    expect(r.output).toEqual([{}, {}, {}]);
    const v = { innerX: 42, value: {} };
    expect(assignments(r)).toEqual([['State0', { x: 42 }], ['Branch1', v], ['Branch21', v], ['Branch31', v], ['State1', null]]);
  });

  test.each([
    [true, 'SUCCEEDED', 'Condition assignment'],
    [false, 'FAILED', 'Default Assignment'],
  ])('test_assign_in_choice (JSONata) condition %s: the matching rule\'s Assign, else the state\'s', async (condition, status, assigned) => {
    const r = await run(conditionChoice({ Assign: { Assignment: 'Condition assignment' } }, { Assign: { Assignment: 'Default Assignment' } }), { condition });
    expect(r.status).toBe(status);
    expect(assignments(r)[0]).toEqual(['ChoiceState', { Assignment: assigned }]);
    if (!condition) expect([r.error, r.cause]).toEqual([undefined, 'Condition is false']);
  });
});

const CHOICE_ASSIGN = {
  CheckInputState: {
    Type: 'Choice',
    Choices: [
      { Variable: '$.input_value', IsPresent: false, Assign: { status: 'UNKNOWN' }, Next: 'FinalState' },
      { Variable: '$.input_value', NumericEquals: 42, Assign: { status: 'CORRECT' }, Next: 'FinalState' },
    ],
    Assign: { status: 'INCORRECT', 'guess.$': '$.input_value' },
    Default: 'FinalState',
  },
  FinalState: { Type: 'Pass', Parameters: { 'result.$': '$status' }, End: true },
};

describe('test_assign_reference_variables (recorded 06-11-2024 to 21-11-2024)', () => {
  test.each<[string, unknown, Json, 'SUCCEEDED' | 'FAILED', Json | { error: string; cause: string }]>([
    ['BASE_REFERENCE_IN_PARAMETERS', { State0: { Type: 'Pass', Parameters: { result: '$result' }, Assign: { result: 'foobar' }, Next: 'State1' }, State1: { Type: 'Pass', ResultPath: '$.result', Parameters: { 'result.$': '$result' }, End: true } }, {}, 'SUCCEEDED', { result: { result: 'foobar' } }],
    ['BASE_REFERENCE_IN_INPUTPATH', { State0: { Type: 'Pass', Assign: { theAnswer: 42 }, Next: 'State1' }, State1: { Type: 'Pass', InputPath: '$theAnswer', End: true } }, {}, 'SUCCEEDED', 42],
    ['BASE_REFERENCE_IN_OUTPUTPATH', { State0: { Type: 'Pass', Result: { answer: 42 }, Assign: { 'theAnswer.$': '$.answer' }, Next: 'State1' }, State1: { Type: 'Pass', OutputPath: '$theAnswer', End: true } }, {}, 'SUCCEEDED', 42],
    ['BASE_REFERENCE_IN_WAIT', { Start: { Type: 'Pass', Assign: { waitTime: 0, startAt: '2024-11-06T09:42:03Z' }, Next: 'W1' }, W1: { Type: 'Wait', SecondsPath: '$waitTime', Next: 'W2' }, W2: { Type: 'Wait', TimestampPath: '$startAt', End: true } }, {}, 'SUCCEEDED', {}],
    ['BASE_REFERENCE_IN_FAIL', { Pass: { Type: 'Pass', Assign: { errorVar: 'Exception', causeVar: 'An Exception was encountered' }, Next: 'Fail' }, Fail: { Type: 'Fail', CausePath: '$causeVar', ErrorPath: '$errorVar' } }, {}, 'FAILED', { error: 'Exception', cause: 'An Exception was encountered' }],
    ['BASE_ASSIGN_FROM_PARAMETERS', { State0: { Type: 'Pass', Parameters: { input: 'PENDING' }, Assign: { 'result.$': '$.input' }, Next: 'State1' }, State1: { Type: 'Pass', Assign: { result: 'SUCCESS', 'originalResult.$': '$.input' }, End: true } }, {}, 'SUCCEEDED', { input: 'PENDING' }],
    ['BASE_ASSIGN_FROM_RESULT', { State0: { Type: 'Pass', Result: { answer: 42 }, Assign: { 'theAnswer.$': '$.answer' }, End: true } }, {}, 'SUCCEEDED', { answer: 42 }],
    ['test_assign_in_choice_state CORRECT ("42" is a string: NumericEquals 42 is false)', CHOICE_ASSIGN, { input_value: '42' }, 'SUCCEEDED', { result: 'INCORRECT' }],
    ['test_assign_in_choice_state INCORRECT', CHOICE_ASSIGN, { input_value: '0' }, 'SUCCEEDED', { result: 'INCORRECT' }],
    ['test_assign_in_wait_state', { WaitState: { Type: 'Wait', Seconds: 0, Assign: { foo: 'oof' }, End: true } }, {}, 'SUCCEEDED', {}],
  ])('%s', async (_name, states, input, status, expected) => {
    const r = await run({ StartAt: Object.keys(states as object)[0], States: states }, input);
    expect(r.status).toBe(status);
    if (status === 'SUCCEEDED') expect(r.output).toEqual(expected);
    else expect({ error: r.error, cause: r.cause }).toEqual(expected);
  });

  test('the variables each state assigned, as recorded', async () => {
    const choice = await run({ StartAt: 'CheckInputState', States: CHOICE_ASSIGN }, { input_value: '42' });
    expect(assignments(choice)[0]).toEqual(['CheckInputState', { status: 'INCORRECT', guess: '42' }]);
    const wait = await run({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 0, Assign: { foo: 'oof' }, End: true } } });
    expect(assignments(wait)).toEqual([['W', { foo: 'oof' }]]);
    const params = await run({ StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { input: 'PENDING' }, Assign: { 'result.$': '$.input' }, Next: 'B' }, B: { Type: 'Pass', Assign: { result: 'SUCCESS', 'originalResult.$': '$.input' }, End: true } } });
    expect(assignments(params)).toEqual([['A', { result: 'PENDING' }], ['B', { result: 'SUCCESS', originalResult: 'PENDING' }]]);
  });

  test('BASE_EVALUATION_ORDER_PASS_STATE: InputPath and OutputPath read the old value; Assign sets the new one', async () => {
    const r = await run({
      StartAt: 'State0',
      States: {
        State0: { Type: 'Pass', Result: { theQuestion: 'Q?' }, Assign: { 'question.$': '$.theQuestion', answer: 42 }, Next: 'State1' },
        State1: { Type: 'Pass', InputPath: '$answer', ResultPath: '$.theAnswer', OutputPath: '$answer', Assign: { answer: '<omitted>' }, End: true },
      },
    });
    expect(r.output).toBe(42);
    expect(assignments(r)).toEqual([['State0', { question: 'Q?', answer: 42 }], ['State1', { answer: '<omitted>' }]]);
  });

  test('BASE_REFERENCE_IN_CHOICE: Variable and StringEqualsPath read variables; a loop reassigns', async () => {
    const r = await run({
      StartAt: 'Setup',
      States: {
        Setup: { Type: 'Pass', Assign: { guess: 'the_guess', answer: 'the_answer' }, Next: 'CheckAnswer' },
        CheckAnswer: { Type: 'Choice', Choices: [{ Variable: '$guess', StringEqualsPath: '$answer', Next: 'CorrectAnswer' }], Default: 'WrongAnswer' },
        CorrectAnswer: { Type: 'Pass', Result: { state: 'CORRECT' }, End: true },
        WrongAnswer: { Type: 'Pass', Assign: { 'guess.$': '$answer' }, Result: { state: 'WRONG' }, Next: 'CheckAnswer' },
      },
    });
    expect(r.output).toEqual({ state: 'CORRECT' });
    expect(assignments(r)).toEqual([['Setup', { guess: 'the_guess', answer: 'the_answer' }], ['CheckAnswer', null], ['WrongAnswer', { guess: 'the_answer' }], ['CheckAnswer', null], ['CorrectAnswer', null]]);
  });

  test('BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE: nested Maps read both scopes; States.MathAdd drops the fraction of 4.3', async () => {
    const r = await run({
      StartAt: 'Input',
      States: {
        Input: { Type: 'Pass', Result: [[9, 44, 6], [82, 25, 76], [18, 42, 2]], Assign: { bias: 4.3 }, Next: 'IterateLevels' },
        IterateLevels: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemProcessor: {
            StartAt: 'AssignCurrentVector',
            States: {
              AssignCurrentVector: { Type: 'Pass', Assign: { 'xCurrent.$': '$[0]', 'yCurrent.$': '$[1]', 'zCurrent.$': '$[2]' }, Next: 'Calculate' },
              Calculate: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: { StartAt: 'Summate', States: { Summate: pass({ 'Sum.$': 'States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)' }) } }, End: true },
            },
          },
          End: true,
        },
      },
    });
    expect(r.output).toEqual([[9, 44, 6], [82, 25, 76], [18, 42, 2]]);
    const sums = assignments(r).filter(([s]) => s === 'Summate').map(([, v]) => v?.Sum);
    expect(sums).toEqual([63, 63, 63, 187, 187, 187, 66, 66, 66]);
  });

  test('BASE_REFERENCE_IN_INTRINSIC_FUNCTION: intrinsics over variables', async () => {
    const vars = { rawString: 'Hello World', encodedString: 'SGVsbG8gV29ybGQ=', inputString: 'Hash this string', json1: { a: 1, b: 2 }, json2: { c: 3, d: 4 }, jsonString: '{"key":"value"}', jsonObject: { test: 'object' }, value1: 5, value2: 3, csvString: 'a,b,c,d,e', name: 'John', place: 'LocalStack' };
    const r = await run({
      StartAt: 'State0',
      States: {
        State0: { Type: 'Pass', Assign: vars, Next: 'State1' },
        State1: {
          Type: 'Pass',
          Parameters: {
            encodingOps: { 'encoded.$': 'States.Base64Encode($rawString)', 'decoded.$': 'States.Base64Decode($encodedString)' },
            hashOps: { 'hashValue.$': "States.Hash($inputString, 'SHA-256')" },
            jsonOps: { 'mergedJson.$': 'States.JsonMerge($json1, $json2, false)', 'parsedJson.$': 'States.StringToJson($jsonString)', 'stringifiedJson.$': 'States.JsonToString($jsonObject)' },
            mathOps: { 'sum.$': 'States.MathAdd($value1, $value2)' },
            stringOps: { 'splitString.$': "States.StringSplit($csvString, ',')", 'formattedString.$': "States.Format('Hello {}, welcome to {}!', $name, $place)" },
          },
          End: true,
        },
      },
    });
    expect(assignments(r)[0]).toEqual(['State0', vars]);
    expect(r.output).toEqual({
      encodingOps: { decoded: 'Hello World', encoded: 'SGVsbG8gV29ybGQ=' },
      hashOps: { hashValue: '1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e' },
      jsonOps: { parsedJson: { key: 'value' }, mergedJson: { a: 1, b: 2, c: 3, d: 4 }, stringifiedJson: '{"test":"object"}' },
      mathOps: { sum: 8 },
      stringOps: { formattedString: 'Hello John, welcome to LocalStack!', splitString: ['a', 'b', 'c', 'd', 'e'] },
    });
  });
});

describe('variables in a Map: ItemSelector, ItemsPath, MaxConcurrencyPath (test_reference_in_map_state, recorded 18-11-2024)', () => {
  const processor = { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Pass', States: { Pass: { Type: 'Pass', Parameters: { 'Question.$': '$Question', 'Answer.$': '$.AnnouncePokemon' }, End: true } } };
  const answers = ['Charizard', 'Pikachu', 'Squirtle'].map((p) => ({ Question: "Who's that Pokemon?", Answer: `It's ${p}!` }));

  test('MAP_STATE_REFERENCE_IN_INTRINSIC_FUNCTION: a variable in an ItemSelector intrinsic', async () => {
    const r = await run({
      StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Assign: { AnswerTemplate: "It's {}!", Question: "Who's that Pokemon?" }, Result: ['Charizard', 'Pikachu', 'Squirtle'], Next: 'M' },
        M: { Type: 'Map', MaxConcurrency: 1, ItemSelector: { 'AnnouncePokemon.$': 'States.Format($AnswerTemplate, $$.Map.Item.Value)' }, ItemProcessor: processor, End: true },
      },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual(answers);
  });

  test('MAP_STATE_REFERENCE_IN_ITEMS_PATH: ItemsPath names a variable', async () => {
    const r = await run({
      StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Assign: { Question: "Who's that Pokemon?", PokemonList: ['Charizard', 'Pikachu', 'Squirtle'] }, Result: { AnswerTemplate: "It's {}!" }, Next: 'M' },
        M: { Type: 'Map', MaxConcurrency: 1, ItemsPath: '$PokemonList', ItemSelector: { 'AnnouncePokemon.$': 'States.Format($.AnswerTemplate, $$.Map.Item.Value)' }, ItemProcessor: processor, End: true },
      },
    });
    expect(r.output).toEqual(answers);
  });

  test('MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH: a string "1" from a variable is accepted', async () => {
    const r = await run({
      StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Assign: { maxConcurrency: '1' }, Result: { Values: [1, 2, 3] }, Next: 'M' },
        M: { Type: 'Map', ItemsPath: '$.Values', MaxConcurrencyPath: '$maxConcurrency', ItemProcessor: { StartAt: 'H', States: { H: { Type: 'Pass', End: true } } }, End: true },
      },
    });
    expect(r.output).toEqual([1, 2, 3]);
    expect(eventsOf(r, 'MapIterationStarted')).toHaveLength(3);
  });
});

describe('mixed query languages share the variables (test_mixed_query_language, recorded 07-11-2024)', () => {
  test.each([
    ['JSONATA_ASSIGN_JSONPATH_REF', 'JSONPath', '$theAnswer', 'oldAnswer.$'],
    ['JSONPATH_ASSIGN_JSONATA_REF', 'JSONata', '{% $theAnswer %}', 'oldAnswer'],
  ])('%s: the second state reads the value before its own Assign', async (_name, second, reference, key) => {
    const r = await run({
      StartAt: 'A',
      States: { A: { QueryLanguage: 'JSONPath', Type: 'Pass', Assign: { theAnswer: 42 }, Next: 'B' }, B: { QueryLanguage: second, Type: 'Pass', Assign: { theAnswer: 18, [key]: reference }, End: true } },
    });
    expect(assignments(r)).toEqual([['A', { theAnswer: 42 }], ['B', { theAnswer: 18, oldAnswer: 42 }]]);
  });

  test('JSONPATH_TO_JSONATA_DATAFLOW: a JSONPath Assign sees the Result; the JSONata Task reads the variable', async () => {
    const r = await run(
      {
        StartAt: 'StateJsonPath',
        States: {
          StateJsonPath: { QueryLanguage: 'JSONPath', Type: 'Pass', Result: { riddle: 'What?' }, Assign: { answer: 42, 'inputData.$': '$' }, OutputPath: '$', ResultPath: '$.enigma.mystery', Next: 'StateJsonata' },
          StateJsonata: {
            QueryLanguage: 'JSONata',
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: '{% $states.input.functionName %}', Payload: { theQuestion: '{% $states.input.enigma.mystery.riddle %}', theAnswer: '{% $answer %}' } },
            Assign: { answer: '<omitted>', message: '{% $states.result.Payload %}' },
            Output: { result: '{% $states.result.Payload %}' },
            End: true,
          },
        },
      },
      { functionName: FN('id') },
      { functions: { id: (e: unknown) => e } },
    );
    const payload = { theQuestion: 'What?', theAnswer: 42 };
    expect(r.output).toEqual({ result: payload });
    expect(assignments(r)).toEqual([['StateJsonPath', { answer: 42, inputData: { riddle: 'What?' } }], ['StateJsonata', { answer: '<omitted>', message: payload }]]);
  });
});
