/**
 * The Step Functions JSONata functions against executions recorded on AWS: LocalStack's
 * AWS-validated snapshot tests, `localstack/localstack` tests/aws/services/stepfunctions/v2/
 * intrinsic_functions/<file>.snapshot.json (each case cites its file, test and recorded date). Each
 * recorded machine is one JSONata Pass state `State_0` whose Output is the call, run on
 * `{"FunctionInput": <value>}`; AWS's history was ExecutionStarted, PassStateEntered,
 * PassStateExited, ExecutionSucceeded and the output is compared as JSON text.
 */
import { runExecution } from '..';
import type { ExecutionResult, Json } from '../types';

const machine = (output: unknown) => ({
  StartAt: 'State_0',
  States: { State_0: { QueryLanguage: 'JSONata', Type: 'Pass', Output: output, End: true } },
});

const execute = (output: unknown, functionInput: unknown): Promise<ExecutionResult> =>
  runExecution(machine(output) as Json, { FunctionInput: functionInput } as Json, { executionName: 'exec-0a1b' });

/** The output text of a succeeded execution whose Output is `expression`. */
async function outputText(expression: string, functionInput: unknown): Promise<string> {
  const r = await execute(`{% ${expression} %}`, functionInput);
  expect({ status: r.status, cause: r.cause }).toEqual({ status: 'SUCCEEDED', cause: undefined });
  expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  return JSON.stringify(r.output);
}

describe('test_array_jsonata.snapshot.json', () => {
  // test_array_partition (15-11-2024): [0..i) for i in 1..4, sizes 1..5 (AWS's output text).
  const recorded = [
    ['[[0]]', '[[0]]', '[[0]]', '[[0]]', '[[0]]'],
    ['[[0],[1]]', '[[0,1]]', '[[0,1]]', '[[0,1]]', '[[0,1]]'],
    ['[[0],[1],[2]]', '[[0,1],[2]]', '[[0,1,2]]', '[[0,1,2]]', '[[0,1,2]]'],
    ['[[0],[1],[2],[3]]', '[[0,1],[2,3]]', '[[0,1,2],[3]]', '[[0,1,2,3]]', '[[0,1,2,3]]'],
  ];
  const cases = recorded.flatMap((row, i) => row.map((text, k) => [Array.from({ length: i + 1 }, (_, n) => n), k + 1, text] as const));
  test.each(cases)('test_array_partition: $partition(%j, %j) is %s', async (fst, snd, text) => {
    expect(await outputText('$partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd)', { fst, snd })).toBe(text);
  });

  // test_array_range (15-11-2024): a range of one number is that number (a JSONata sequence of one).
  test.each([
    [0, 9, 3, '[0,3,6,9]'],
    [0, 10, 3, '[0,3,6,9]'],
    [1, 9, 9, '1'],
    [1, 9, 2, '[1,3,5,7,9]'],
  ])('test_array_range: $range(%j, %j, %j) is %s', async (fst, snd, trd, text) => {
    const expression = '$range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd)';
    expect(await outputText(expression, { fst, snd, trd })).toBe(text);
  });
});

describe('test_json_manipulation_jsonata.snapshot.json (21-11-2024)', () => {
  test.each([
    ['-0', '0'],
    ['1', '1'],
    ['1.1', '1.1'],
    ['true', 'true'],
    ['"HelloWorld"', '"HelloWorld"'],
    ['[1, 2, "HelloWorld"]', '[1,2,"HelloWorld"]'],
    ['{"Arg1": 1, "Arg2": []}', '{"Arg1":1,"Arg2":[]}'],
  ])('test_parse: $parse(%j) is %s', async (text, out) => {
    expect(await outputText('$parse($states.input.FunctionInput)', text)).toBe(out);
  });
});

describe('test_math_operations_jsonata.snapshot.json (15-11-2024)', () => {
  test('test_math_random_seeded: $randomSeeded is no function on AWS: EvaluationFailed, then ExecutionFailed', async () => {
    const r = await execute({ FunctionResult: '{% $randomSeeded($states.input.FunctionInput.fst) %}' }, 'fst');
    const cause =
      "An error occurred while executing the state 'State_0' (entered at the event id #2). The JSONata expression " +
      "'$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an error during evaluation. " +
      'T1006: Attempted to invoke a non-function';
    expect(r.events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 0, 'EvaluationFailed'],
      [4, 3, 'ExecutionFailed'],
    ]);
    expect(r.events[2].evaluationFailedEventDetails).toEqual({ cause, error: 'States.QueryEvaluationError', location: 'Output/FunctionResult', state: 'State_0' });
    expect(r.events[3].executionFailedEventDetails).toEqual({ cause, error: 'States.QueryEvaluationError' });
  });
});
