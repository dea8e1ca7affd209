/**
 * The intrinsic functions against executions recorded on AWS: LocalStack's AWS-validated snapshot
 * tests, `localstack/localstack` tests/aws/services/stepfunctions/v2/intrinsic_functions/
 * <file>.snapshot.json (each case cites its file, test and recorded date). Each recorded machine is
 * one Pass state `State_0` with `Parameters: {"FunctionResult.$": <call>}` run on
 * `{"FunctionInput": <value>}`; AWS's history was ExecutionStarted, PassStateEntered,
 * PassStateExited, ExecutionSucceeded (previous ids 0, 0, 2, 3) and the output
 * `{"FunctionResult": <value>}`, compared here as JSON text (key order included).
 */
import { runExecution } from '../..';
import type { ExecutionResult, Json } from '../../types';

const machine = (call: string, state = 'State_0') => ({
  StartAt: state,
  States: { [state]: { Type: 'Pass', Parameters: { 'FunctionResult.$': call }, End: true } },
});

async function execute(definition: unknown, input: unknown, name = 'statemachine_a1b2c3d4'): Promise<ExecutionResult> {
  const r = await runExecution(definition as Json, input as Json, { executionName: 'exec-0a1b', stateMachineName: name });
  expect({ status: r.status, error: r.error, cause: r.cause }).toEqual({ status: 'SUCCEEDED', error: undefined, cause: undefined });
  expect(r.events.map((e) => [e.type, e.previousEventId])).toEqual([
    ['ExecutionStarted', 0],
    ['PassStateEntered', 0],
    ['PassStateExited', 2],
    ['ExecutionSucceeded', 3],
  ]);
  return r;
}

/** The FunctionResult of `call` on `{"FunctionInput": input}`, checked as AWS's output text. */
async function expectResult(call: string, input: unknown, expected: unknown): Promise<void> {
  const r = await execute(machine(call), { FunctionInput: input });
  expect(JSON.stringify(r.output)).toBe(JSON.stringify({ FunctionResult: expected }));
}

const pair = (v: unknown) => ({ fst: v, snd: v });
const VALUES: unknown[] = ['', ' ', 'HelloWorld', null, 1, 1.1, '{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }];

describe('test_array.snapshot.json', () => {
  test('test_array_0 (09-02-2023): States.Array() is []', () => expectResult('States.Array()', 'HelloWorld', []));

  test.each(VALUES)('test_array_2 (31-03-2023): States.Array of two paths holding %j', (v) =>
    expectResult('States.Array($.FunctionInput.fst, $.FunctionInput.snd)', pair(v), [v, v]));

  // test_array_partition (09-02-2023): [0..i) for i in 0..4, chunk sizes 1..5.
  const partitions: Array<[number[], number, number[][]]> = [];
  for (let i = 0; i < 5; i++) {
    const array = Array.from({ length: i }, (_, k) => k);
    for (let size = 1; size <= 5; size++) {
      const chunks: number[][] = [];
      for (let k = 0; k < i; k += size) chunks.push(array.slice(k, k + size));
      partitions.push([array, size, chunks]);
    }
  }
  // Spot checks of the table against the recording (its chunks as AWS wrote them).
  expect(partitions[16][2]).toEqual([[0, 1], [2]]);
  expect(partitions[22][2]).toEqual([[0, 1, 2], [3]]);
  test.each(partitions)('test_array_partition (09-02-2023): ArrayPartition(%j, %j)', (array, size, chunks) =>
    expectResult('States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)', { fst: array, snd: size }, chunks));

  test.each<[unknown, unknown, boolean]>([
    [[], null, false],
    [[], [], false],
    [[], 1, false],
    [[[1, 2, 3], 2], null, false],
    [[[1, 2, 3], 2], [1, 2, 3], true],
    [[{ '1': 2, '2': [] }], [], false],
    [[{ '1': 2, '2': [] }], { '1': 2, '2': [] }, true],
    [[true, false], true, true],
    [[true, false], false, true],
  ])('test_array_contains (09-02-2023): ArrayContains(%j, %j) is %j', (fst, snd, found) =>
    expectResult('States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)', { fst, snd }, found));

  test.each<[number, number, number, number[]]>([
    [0, 9, 3, [0, 3, 6, 9]],
    [0, 10, 3, [0, 3, 6, 9]],
    [1, 9, 9, [1]],
    [1, 9, 2, [1, 3, 5, 7, 9]],
  ])('test_array_range (09-02-2023): ArrayRange(%j, %j, %j)', (fst, snd, trd, out) =>
    expectResult('States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)', { fst, snd, trd }, out));

  const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  test('test_array_get_item (09-02-2023): item 5 of 1..9 is 6', () =>
    expectResult('States.ArrayGetItem($.FunctionInput.fst, $.FunctionInput.snd)', { fst: nine, snd: 5 }, 6));
  test('test_array_length (09-02-2023): 1..9 has 9 items', () => expectResult('States.ArrayLength($.FunctionInput)', nine, 9));
  // test_array_unique runs the ArrayLength machine (LocalStack's test passes ARRAY_LENGTH): 20 items, duplicates counted.
  test('test_array_unique (09-02-2023): ArrayLength of 20 items with duplicates is 20', () =>
    expectResult(
      'States.ArrayLength($.FunctionInput)',
      [null, null, true, true, false, false, 1, 1, 1.1, 0, 0, 'HelloWorld', 'HelloWorld', [], [], [null], [null], { a: 1, b: 2 }, { a: 1, b: 2 }, { a: 1, b: 1 }],
      20,
    ));
});

describe('test_encode_decode.snapshot.json (17-02-2023)', () => {
  test.each([
    ['', ''],
    ['Data to encode', 'RGF0YSB0byBlbmNvZGU='],
  ])('test_base_64_encode: %j -> %j', (text, encoded) => expectResult('States.Base64Encode($.FunctionInput)', text, encoded));
  test.each([
    ['', ''],
    ['RGF0YSB0byBlbmNvZGU=', 'Data to encode'],
  ])('test_base_64_decode: %j -> %j', (encoded, text) => expectResult('States.Base64Decode($.FunctionInput)', encoded, text));
});

describe('test_hash_calculations.snapshot.json (14-02-2023): States.Hash("input data", algorithm)', () => {
  test.each([
    ['MD5', '812f45842bc6d66ee14572ce20db8e86'],
    ['SHA-1', 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['SHA-256', 'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3'],
    ['SHA-384', 'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562'],
    ['SHA-512', '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4'],
  ])('test_hash: %s', (algorithm, digest) => expectResult('States.Hash($.FunctionInput.fst, $.FunctionInput.snd)', { fst: 'input data', snd: algorithm }, digest));
});

describe('test_generic.snapshot.json: States.Format', () => {
  test.each<[unknown, string]>([
    ['', 'Formatting argument .'],
    [' ', 'Formatting argument  .'],
    ['HelloWorld', 'Formatting argument HelloWorld.'],
    [null, 'Formatting argument null.'],
    [1, 'Formatting argument 1.'],
    [1.1, 'Formatting argument 1.1.'],
    ['{"Arg1": 1, "Arg2": []}', 'Formatting argument {"Arg1": 1, "Arg2": []}.'],
  ])('test_format_1 (09-02-2023): %j', (v, out) => expectResult("States.Format('Formatting argument {}.', $.FunctionInput)", v, out));

  const shown = ['', ' ', 'HelloWorld', 'null', '1', '1.1', '{"Arg1": 1, "Arg2": []}', '{Arg1=1, Arg2=[]}'];
  test.each(VALUES.map((v, i) => [v, shown[i]]))('test_format_2 (09-02-2023): %j twice', (v, s) =>
    expectResult("States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", pair(v), `Formatting arguments fst=${s} and snd=${s}.`));

  test('test_context_json_path (26-11-2023): $$.Execution.Name and the $$.StateMachine object', async () => {
    const r = await execute(machine("States.Format('Formatting arguments fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)"), { FunctionInput: null });
    const sm = 'arn:aws:states:us-east-1:123456789012:stateMachine:statemachine_a1b2c3d4';
    expect(r.output).toEqual({ FunctionResult: `Formatting arguments fst=exec-0a1b and snd={Id=${sm}, Name=statemachine_a1b2c3d4}.` });
  });
});

describe('test_generic.snapshot.json: nested calls and escapes (30-11-2023, state State0)', () => {
  const nested = (call: string) => execute(machine(call, 'State0'), { FunctionInput: null });
  test('test_nested_calls_1: ArrayGetItem(StringSplit($$.StateMachine.Name, "-"), 0) is the name', async () => {
    expect((await nested("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)")).output).toEqual({ FunctionResult: 'statemachine_a1b2c3d4' });
  });
  test('test_nested_calls_2: the last piece, by MathAdd(ArrayLength(...), -1)', async () => {
    const call = "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))";
    expect((await nested(call)).output).toEqual({ FunctionResult: 'statemachine_a1b2c3d4' });
  });
  test('test_escape_sequence: line breaks inside quoted arguments', async () => {
    expect((await nested("States.StringSplit('Hello\nWorld', '\n')")).output).toEqual({ FunctionResult: ['Hello', 'World'] });
  });
});

describe('test_json_manipulation.snapshot.json', () => {
  test.each<[string, unknown]>([
    ['', null],
    [' ', null],
    ['null', null],
    ['-0', 0],
    ['1', 1],
    ['1.1', 1.1],
    ['true', true],
    ['"HelloWorld"', 'HelloWorld'],
    ['[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']],
    ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ])('test_string_to_json (09-02-2023): %j', (text, value) => expectResult('States.StringToJson($.FunctionInput)', text, value));

  test.each<[unknown, string]>([
    [null, 'null'],
    [0, '0'],
    [1, '1'],
    [1.1, '1.1'],
    [true, 'true'],
    ['HelloWorld', '"HelloWorld"'],
    [[1, 2, 'HelloWorld'], '[1,2,"HelloWorld"]'],
    [{ Arg1: 1, Arg2: [] }, '{"Arg1":1,"Arg2":[]}'],
  ])('test_json_to_string (09-02-2023): %j', (value, text) => expectResult('States.JsonToString($.FunctionInput)', value, text));

  test('test_json_merge (13-02-2023): shallow, the second object wins; keys as AWS ordered them', () =>
    expectResult(
      'States.JsonMerge($.FunctionInput.fst, $.FunctionInput.snd, false)',
      { fst: { a: { a1: 1, a2: 2 }, b: 2, d: 3 }, snd: { a: { a3: 1, a4: 2 }, c: 3, d: 4 } },
      { a: { a3: 1, a4: 2 }, b: 2, c: 3, d: 4 },
    ));

  test('test_json_merge_escaped_argument (05-07-2024): an escaped literal, a context path, ResultPath and OutputPath', async () => {
    const definition = {
      StartAt: 'StartState',
      States: {
        StartState: {
          Type: 'Pass',
          ResultPath: '$.result_path',
          Parameters: { 'merged.$': "States.JsonMerge(States.StringToJson('{\\\"constant_in_literal\\\": \\\"false\\\"}'), $$.Execution.Input.input_field, false)" },
          OutputPath: '$.result_path.merged',
          End: true,
        },
      },
    };
    const r = await execute(definition, { input_field: { constant_input_field: 'constant_value' } });
    expect(JSON.stringify(r.output)).toBe('{"constant_input_field":"constant_value","constant_in_literal":"false"}');
  });
});

describe('test_math_operations.snapshot.json', () => {
  // test_math_add (13-09-2023): non-integers rounded half up (Java's Math.round), then added.
  test.each<[number, number, number]>([
    [-9, 3, -6],
    [1.49, 1.5, 3],
    [1.5, 1.51, 4],
    [-1.49, -1.5, -2],
    [-1.5, -1.51, -3],
    [1.49, 0, 1],
    [1.49, -1.49, 0],
    [1.5, 0, 2],
    [1.51, 0, 2],
    [-1.49, 0, -1],
    [-1.5, 0, -1],
    [-1.51, 0, -2],
    [0.5, 0, 1],
    [1.5, 0, 2],
    [2.5, 0, 3],
    [3.5, 0, 4],
    [-0.5, 0.5, 1],
    [-0.5, 0, 0],
    [-1.5, 0, -1],
    [-2.5, 0, -2],
    [-3.5, 0, -3],
  ])('test_math_add: MathAdd(%j, %j) is %j', (fst, snd, sum) => expectResult('States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)', { fst, snd }, sum));

  // test_math_random (13-02-2023) and test_math_random_seeded: the numbers are masked in the
  // recording; the executions succeeded. An integer from the (rounded) start, below the end.
  test.each<[number, number, number, number]>([
    [12.5, 44.51, 13, 45],
    [9999, 99999, 9999, 99999],
    [-99999, -9999, -99999, -9999],
  ])('test_math_random: MathRandom(%j, %j) succeeds with an integer in range', async (fst, snd, lo, hi) => {
    const r = await execute(machine('States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)'), { FunctionInput: { fst, snd } });
    const n = (r.output as { FunctionResult: number }).FunctionResult;
    expect(Number.isInteger(n) && n >= lo && n < hi).toBe(true);
  });
  test('test_math_random_seeded: MathRandom(0, 999, 3) succeeds, the same number for the same seed', async () => {
    const call = machine('States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)');
    const input = { FunctionInput: { fst: 0, snd: 999, trd: 3 } };
    const [a, b] = [await execute(call, input), await execute(call, input)];
    const n = (a.output as { FunctionResult: number }).FunctionResult;
    expect(Number.isInteger(n) && n >= 0 && n < 999).toBe(true);
    expect(b.output).toEqual(a.output);
  });
});

describe('test_string_operations.snapshot.json', () => {
  test.each<[string, string, string[]]>([
    [' ', ',', [' ']],
    [' , ', ',', [' ', ' ']],
    [', , ,', ',', [' ', ' ']],
    [',,,,', ',', []],
    ['1,2,3,4,5', ',', ['1', '2', '3', '4', '5']],
    ['This.is+a,test=string', '.+,=', ['This', 'is', 'a', 'test', 'string']],
    ['split on T and \nnew line', 'T\n', ['split on ', ' and ', 'new line']],
  ])('test_string_split (05-12-2024): StringSplit(%j, %j)', (fst, snd, parts) =>
    expectResult('States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)', { fst, snd }, parts));

  test('test_string_split_context_object (28-11-2023): a context path argument; empty pieces dropped, blank ones kept', () =>
    expectResult(
      "States.StringSplit($$.Execution.Input.FunctionInput, ',')",
      "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
      ['Value1', 'Value2', 'Value3\nValue4', 'Value5', 'Value6\n', '\ntrue', '1', "'HelloWorld'\nNull", 'None', '\n   \n'],
    ));
});

describe('test_unique_id_generation.snapshot.json (09-02-2023)', () => {
  test('test_uuid: States.UUID() on {} is a version 4 UUID (the value is masked in the recording)', async () => {
    const r = await execute(machine('States.UUID()'), {});
    expect((r.output as { FunctionResult: string }).FunctionResult).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
