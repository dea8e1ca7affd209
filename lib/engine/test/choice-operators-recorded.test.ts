/**
 * Choice operators as recorded on AWS: LocalStack's AWS-validated suite
 * (tests/aws/services/stepfunctions/v2/choice_operators/*.snapshot.json, recorded 2023-03-01 and
 * 2023-06-22). Each case is one execution of a machine whose Choice state tests `$.Variable` with
 * the operator, its operand the case's Value written into the definition (or, for a ...Path
 * operator, "$.Value"), and goes to a Pass state whose Result is {"TestResult.$": "ConditionTrue"}
 * or {"TestResult.$": "ConditionFalse"} (a Result is not evaluated: the ".$" key stays as written).
 * The expected values are AWS's recorded outputs. JSON has one number type: the recorded 0.0 and
 * 1.0 are 0 and 1 here, as they are once parsed.
 */
import type { Json } from '../types';
import { run } from './helpers';

/** One recorded case: the Choice rule `{Variable: "$.Variable", [op]: operand}` on {Variable, Value}. */
async function recorded(op: string, variable: Json, value: Json): Promise<Json | undefined> {
  const operand = op.endsWith('Path') ? '$.Value' : value;
  const r = await run(
    {
      StartAt: 'CheckValues',
      States: {
        CheckValues: { Type: 'Choice', Choices: [{ Variable: '$.Variable', [op]: operand, Next: 'ConditionTrue' }], Default: 'ConditionFalse' },
        ConditionTrue: { Type: 'Pass', Result: { 'TestResult.$': 'ConditionTrue' }, End: true },
        ConditionFalse: { Type: 'Pass', Result: { 'TestResult.$': 'ConditionFalse' }, End: true },
      },
    },
    { Variable: variable, Value: value },
  );
  expect(r.status).toBe('SUCCEEDED');
  return r.output;
}

const outcome = (matched: boolean) => ({ 'TestResult.$': matched ? 'ConditionTrue' : 'ConditionFalse' });

/** test_is_operators.py and test_boolean_equals.py: every JSON type, with true and false as the operand. */
type TypeRow = [variable: Json, operand: boolean, expected: Record<'BooleanEquals' | 'IsBoolean' | 'IsNull' | 'IsNumeric' | 'IsPresent' | 'IsString', boolean>];
const T = true;
const F = false;
const row = (variable: Json, operand: boolean, b: boolean, isBool: boolean, isNull: boolean, isNum: boolean, isPresent: boolean, isStr: boolean): TypeRow => [
  variable,
  operand,
  { BooleanEquals: b, IsBoolean: isBool, IsNull: isNull, IsNumeric: isNum, IsPresent: isPresent, IsString: isStr },
];
// Columns: BooleanEquals, IsBoolean, IsNull, IsNumeric, IsPresent, IsString (IsTimestamp was not recorded).
// The snapshot masks "2012-10-09T19:00:55Z" and "2012-10-09T19:00:55+01:00" as "date"; the test file names them.
const TYPE_ROWS: TypeRow[] = [
  row(null, T, F, F, T, F, T, F),
  row(null, F, F, T, F, T, F, T),
  row(0, T, F, F, F, T, T, F),
  row(0, F, F, T, T, F, F, T),
  row(0.0, T, F, F, F, T, T, F),
  row(0.0, F, F, T, T, F, F, T),
  row(1, T, F, F, F, T, T, F),
  row(1, F, F, T, T, F, F, T),
  row(1.1, T, F, F, F, T, T, F),
  row(1.1, F, F, T, T, F, F, T),
  row('', T, F, F, F, F, T, T),
  row('', F, F, T, T, T, F, F),
  row(' ', T, F, F, F, F, T, T),
  row(' ', F, F, T, T, T, F, F),
  row('HelloWorld', T, F, F, F, F, T, T),
  row('HelloWorld', F, F, T, T, T, F, F),
  row('2012-10-09T19:00:55', T, F, F, F, F, T, T),
  row('2012-10-09T19:00:55', F, F, T, T, T, F, F),
  row('2012-10-09T19:00:55Z', T, F, F, F, F, T, T),
  row('2012-10-09T19:00:55Z', F, F, T, T, T, F, F),
  row('2012-10-09T19:00:55+01:00', T, F, F, F, F, T, T),
  row('2012-10-09T19:00:55+01:00', F, F, T, T, T, F, F),
  row('2023-02-24', T, F, F, F, F, T, T),
  row('2023-02-24', F, F, T, T, T, F, F),
  row([], T, F, F, F, F, T, F),
  row([], F, F, T, T, T, F, T),
  row([''], T, F, F, F, F, T, F),
  row([''], F, F, T, T, T, F, T),
  row({}, T, F, F, F, F, T, F),
  row({}, F, F, T, T, T, F, T),
  row({ A: 0 }, T, F, F, F, F, T, F),
  row({ A: 0 }, F, F, T, T, T, F, T),
  row(true, T, T, T, F, F, T, F),
  row(false, T, F, T, F, F, T, F),
  row(false, F, T, F, T, T, F, T),
];

describe('BooleanEquals, BooleanEqualsPath and the type tests, against every JSON type (recorded 2023-06-22)', () => {
  const ops = ['BooleanEquals', 'BooleanEqualsPath', 'IsBoolean', 'IsNull', 'IsNumeric', 'IsPresent', 'IsString'] as const;
  test.each(TYPE_ROWS)('Variable %j, operand %j', async (variable, operand, expected) => {
    for (const op of ops) {
      const want = expected[op === 'BooleanEqualsPath' ? 'BooleanEquals' : op];
      expect([op, await recorded(op, variable, operand)]).toEqual([op, outcome(want)]);
    }
  });
});

describe('NumericEquals and NumericEqualsPath against every JSON type (test_numeric.py, recorded 2023-06-22 and 2023-03-01)', () => {
  // Of Value 0, 0.0, 1, 1.0: which equal the Variable. Non-numbers equal none, whatever their look.
  const rows: Array<[Json, boolean, boolean]> = [
    [null, F, F],
    [0, T, F],
    [0.0, T, F],
    [1, F, T],
    [1.1, F, F],
    ['', F, F],
    [' ', F, F],
    [[], F, F],
    [[''], F, F],
    [{}, F, F],
    [{ A: 0 }, F, F],
    [false, F, F],
    [true, F, F],
  ];
  test.each(rows)('Variable %j: equals 0 and 0.0 %s, equals 1 and 1.0 %s', async (variable, zero, one) => {
    for (const op of ['NumericEquals', 'NumericEqualsPath']) {
      for (const [value, want] of [[0, zero], [0.0, zero], [1, one], [1.0, one]] as const) {
        expect([op, value, await recorded(op, variable, value)]).toEqual([op, value, outcome(want)]);
      }
    }
  });
  test.each<[Json, Json]>([
    [-0, 0],
    [0.0, 0],
    [2.22, 2.22],
  ])('NumericEquals(Path): %j equals %j', async (variable, value) => {
    expect(await recorded('NumericEquals', variable, value)).toEqual(outcome(true));
    expect(await recorded('NumericEqualsPath', variable, value)).toEqual(outcome(true));
  });
});

describe('ordered comparisons, literal and Path (recorded 2023-03-01 and 2023-06-22)', () => {
  type Ordered = [op: string, variable: Json, value: Json, expected: boolean];
  const numeric = (op: string, results: boolean[]): Ordered[] =>
    (
      [
        [-0, 0],
        [0.0, 0],
        [0, 1],
        [1, 1],
        [1, 0],
        [0, 1],
      ] as const
    ).map(([v, w], i) => [op, v, w, results[i]]);
  const T0 = '2012-10-09T19:00:55Z';
  const T1 = '2012-10-09T19:00:56Z';
  const cases: Ordered[] = [
    // test_numeric.py
    ...numeric('NumericGreaterThan', [F, F, F, F, T, F]),
    ...numeric('NumericGreaterThanEquals', [T, T, F, T, T, F]),
    ...numeric('NumericLessThan', [F, F, T, F, F, T]),
    ...numeric('NumericLessThanEquals', [T, T, T, T, F, T]),
    // test_string_operators.py: code-unit order, a prefix sorts first, whitespace counts.
    ['StringEquals', ' ', '     ', F],
    ['StringEquals', '\t\n', '\t\r\n', F],
    ['StringEquals', 'Hello', 'Hello', T],
    ['StringGreaterThan', '', '', F],
    ['StringGreaterThan', 'A', 'A ', F],
    ['StringGreaterThan', 'A', 'A\t\n\r', F],
    ['StringGreaterThan', 'AB', 'ABC', F],
    ['StringGreaterThanEquals', '', '', T],
    ['StringGreaterThanEquals', 'A', 'AB', F],
    ['StringGreaterThanEquals', 'AB', 'A', T],
    ['StringLessThan', '', '', F],
    ['StringLessThan', 'A', 'AB', T],
    ['StringLessThan', 'AB', 'A', F],
    ['StringLessThanEquals', '', '', T],
    ['StringLessThanEquals', 'A', 'AB', T],
    ['StringLessThanEquals', 'AB', 'A', F],
    // test_timestamp_operators.py (the snapshot masks both timestamps as "date"; the test file names them)
    ['TimestampEquals', T0, T0, T],
    ['TimestampEquals', T0, T1, F],
    ['TimestampEquals', T1, T0, F],
    ['TimestampGreaterThan', T0, T0, F],
    ['TimestampGreaterThan', T0, T1, F],
    ['TimestampGreaterThan', T1, T0, T],
    ['TimestampGreaterThanEquals', T0, T0, T],
    ['TimestampGreaterThanEquals', T0, T1, F],
    ['TimestampGreaterThanEquals', T1, T0, T],
    ['TimestampLessThan', T0, T0, F],
    ['TimestampLessThan', T0, T1, T],
    ['TimestampLessThan', T1, T0, F],
    ['TimestampLessThanEquals', T0, T0, T],
    ['TimestampLessThanEquals', T0, T1, T],
    ['TimestampLessThanEquals', T1, T0, F],
  ];
  // The Path variants AWS recorded: all of the numeric and string ones, these of the timestamp ones.
  const timestampPaths = new Set([
    `TimestampEquals ${T0} ${T0}`,
    `TimestampEquals ${T0} ${T1}`,
    `TimestampEquals ${T1} ${T0}`,
    `TimestampGreaterThan ${T0} ${T1}`,
    `TimestampGreaterThanEquals ${T0} ${T1}`,
    `TimestampLessThan ${T1} ${T0}`,
    `TimestampLessThanEquals ${T1} ${T0}`,
  ]);
  test.each(cases)('%s: Variable %j, Value %j -> %s', async (op, variable, value, expected) => {
    expect(await recorded(op, variable, value)).toEqual(outcome(expected));
    if (!op.startsWith('Timestamp') || timestampPaths.has(`${op} ${variable} ${value}`)) {
      expect(await recorded(`${op}Path`, variable, value)).toEqual(outcome(expected));
    }
  });
});

describe('StringEquals and TimestampEquals against every JSON type (recorded 2023-06-22)', () => {
  test.each<Json>([null, 0, 0.0, 1, 1.1, '', ' ', [], [''], {}, { A: 0 }, false, true])('StringEquals "HelloWorld" with Variable %j: false', async (variable) => {
    expect(await recorded('StringEquals', variable, 'HelloWorld')).toEqual(outcome(false));
  });
  test.each<Json>([null, 0, 0.0, 1, 1.1, '', ' ', '2023-02-24 12:15:56.832957', [], [''], {}, { A: 0 }, false, true])(
    'TimestampEquals "2012-10-09T19:00:55Z" with Variable %j: false',
    async (variable) => {
      expect(await recorded('TimestampEquals', variable, '2012-10-09T19:00:55Z')).toEqual(outcome(false));
    },
  );
});
