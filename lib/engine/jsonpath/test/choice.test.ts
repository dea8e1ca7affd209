import type { Json } from '../../types';
import { CHOICE_OPERATORS, compileChoiceRule } from '../choice';
import { ctxOf, deepFreeze, statesError } from './helpers';

const test1 = (rule: unknown, input: unknown, variables?: Record<string, Json>) =>
  compileChoiceRule(rule as Json)(ctxOf(input as Json, {}, variables));

/** The Next of the first matching rule, or the Default (a Choice state's decision). */
function choose(choices: Array<Record<string, unknown>>, input: Json, fallback = 'Default'): string {
  for (const c of choices) if (compileChoiceRule(c as Json)(ctxOf(input))) return c.Next as string;
  return fallback;
}

describe('AWS and States Language examples', () => {
  test('AWS "Choice workflow state": { "type": "Private", "value": 22 } goes to ValueInTwenties', () => {
    const choices = [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
      {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
    ];
    expect(choose(choices, { type: 'Private', value: 22 }, 'DefaultState')).toBe('ValueInTwenties');
    expect(choose(choices, { type: 'Public', value: 22 }, 'DefaultState')).toBe('Public');
    expect(choose(choices, { type: 'Private', value: 0 }, 'DefaultState')).toBe('ValueIsZero');
    expect(choose(choices, { type: 'Private', value: 35 }, 'DefaultState')).toBe('DefaultState');
  });

  test('States Language: IsPresent, IsNumeric and NumericGreaterThanPath in the DispatchEvent example', () => {
    const choices = [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      {
        And: [
          { Variable: '$.value', IsPresent: true },
          { Variable: '$.value', IsNumeric: true },
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
      { Variable: '$.rating', NumericGreaterThanPath: '$.auditThreshold', Next: 'StartAudit' },
    ];
    expect(choose(choices, { type: 'Private', value: 22 }, 'RecordEvent')).toBe('ValueInTwenties');
    expect(choose(choices, { type: 'Private', rating: 9, auditThreshold: 5 }, 'RecordEvent')).toBe('StartAudit');
    expect(choose(choices, { type: 'Private', value: 'x', rating: 1, auditThreshold: 5 }, 'RecordEvent')).toBe('RecordEvent');
  });

  test.each<[Json, Json, boolean]>([
    [{ Variable: '$.foo', NumericEquals: 1 }, { foo: 1 }, true],
    [{ Variable: '$.foo', StringEquals: 'MyString' }, { foo: 'MyString' }, true],
    [{ Variable: '$.foo', StringGreaterThan: 'MyStringABC' }, { foo: 'MyStringABD' }, true],
    [{ Variable: '$.foo', TimestampEquals: '2001-01-01T12:00:00Z' }, { foo: '2001-01-01T12:00:00Z' }, true],
    [{ Variable: '$.foo', StringMatches: 'log-*.txt' }, { foo: 'log-2024-01.txt' }, true],
    [{ Variable: '$.foo', StringMatches: 'log-*.txt' }, { foo: 'log-2024-01.csv' }, false],
  ])('AWS Choice Rule example %j on %j', (rule, input, expected) => {
    expect(test1(rule, input)).toBe(expected);
  });

  test.each([
    ['foo*.log', 'foo23.log', true],
    ['*.log', 'zebra.log', true],
    ['foo*.*', 'foobar.zebra', true],
    ['foo*.log', 'foo23.txt', false],
  ])('States Language: StringMatches %s on %s', (pattern, value, expected) => {
    expect(test1({ Variable: '$.v', StringMatches: pattern }, { v: value })).toBe(expected);
  });
});

describe('every comparison operator and its Path variant', () => {
  type Case = [op: string, left: Json, right: Json, expected: boolean];
  const cases: Case[] = [
    ['StringEquals', 'abc', 'abc', true],
    ['StringEquals', 'abc', 'abd', false],
    ['StringLessThan', 'abc', 'abd', true],
    ['StringLessThan', 'abd', 'abc', false],
    ['StringGreaterThan', 'b', 'a', true],
    ['StringGreaterThan', 'a', 'a', false],
    ['StringLessThanEquals', 'a', 'a', true],
    ['StringLessThanEquals', 'b', 'a', false],
    ['StringGreaterThanEquals', 'a', 'a', true],
    ['StringGreaterThanEquals', 'a', 'b', false],
    ['NumericEquals', 1, 1.0, true],
    ['NumericEquals', 1, 2, false],
    ['NumericLessThan', 1, 2, true],
    ['NumericLessThan', 2, 2, false],
    ['NumericGreaterThan', 2.5, 2, true],
    ['NumericGreaterThan', 2, 2, false],
    ['NumericLessThanEquals', 2, 2, true],
    ['NumericLessThanEquals', 3, 2, false],
    ['NumericGreaterThanEquals', 2, 2, true],
    ['NumericGreaterThanEquals', -1, 2, false],
    ['BooleanEquals', true, true, true],
    ['BooleanEquals', false, true, false],
    ['TimestampEquals', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00Z', true],
    ['TimestampEquals', '2016-03-14T01:59:00Z', '2016-03-14T01:59:01Z', false],
    ['TimestampLessThan', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00.001Z', true],
    ['TimestampLessThan', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00Z', false],
    ['TimestampGreaterThan', '2017-01-01T00:00:00Z', '2016-12-31T23:59:59Z', true],
    ['TimestampGreaterThan', '2016-01-01T00:00:00Z', '2016-12-31T23:59:59Z', false],
    ['TimestampLessThanEquals', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00Z', true],
    ['TimestampLessThanEquals', '2016-03-14T01:59:01Z', '2016-03-14T01:59:00Z', false],
    ['TimestampGreaterThanEquals', '2016-03-14T01:59:00Z', '2016-03-14T01:59:00Z', true],
    ['TimestampGreaterThanEquals', '2016-03-14T01:58:00Z', '2016-03-14T01:59:00Z', false],
  ];
  test.each(cases)('%s: %j vs %j -> %s', (op, left, right, expected) => {
    expect(test1({ Variable: '$.left', [op]: right }, { left })).toBe(expected);
    expect(test1({ Variable: '$.left', [`${op}Path`]: '$.right' }, { left, right })).toBe(expected);
  });

  test('the operator list covers the States Language: 16 comparisons with their Path variants, StringMatches, 6 type tests', () => {
    expect(CHOICE_OPERATORS).toHaveLength(16 * 2 + 1 + 6);
    for (const op of CHOICE_OPERATORS) expect(typeof op).toBe('string');
  });
});

describe('type mismatches are false, not errors (States Language: "if the values are not both of the appropriate type ... false")', () => {
  test.each<[string, Json, Json]>([
    ['NumericEquals', '5', 5],
    ['NumericGreaterThan', '10', 5],
    ['NumericLessThan', null, 5],
    ['StringEquals', 5, '5'],
    ['StringLessThan', ['a'], 'b'],
    ['BooleanEquals', 'true', true],
    ['TimestampEquals', 'not a time', '2016-03-14T01:59:00Z'],
    ['TimestampLessThan', 1458000000, '2016-03-14T01:59:00Z'],
  ])('%s with %j', (op, value, operand) => {
    expect(test1({ Variable: '$.v', [op]: operand }, { v: value })).toBe(false);
  });
  test('Path variants: a value of the wrong type on either side', () => {
    expect(test1({ Variable: '$.a', NumericEqualsPath: '$.b' }, { a: 1, b: '1' })).toBe(false);
    expect(test1({ Variable: '$.a', StringEqualsPath: '$.b' }, { a: '1', b: 1 })).toBe(false);
    expect(test1({ Variable: '$.a', BooleanEqualsPath: '$.b' }, { a: true, b: 'true' })).toBe(false);
    expect(test1({ Variable: '$.a', TimestampEqualsPath: '$.b' }, { a: '2016-03-14T01:59:00Z', b: 'soon' })).toBe(false);
  });
  // AWS's recorded answers for every operator against every JSON type: lib/engine/test/choice-operators-recorded.test.ts.
  test('a timestamp string can be matched by a string comparator (AWS)', () => {
    expect(test1({ Variable: '$.t', StringEquals: '2016-08-18T17:33:00Z' }, { t: '2016-08-18T17:33:00Z' })).toBe(true);
  });
});

describe('timestamps are compared as instants', () => {
  test('offsets and fractions', () => {
    expect(test1({ Variable: '$.t', TimestampEquals: '2001-01-01T12:00:00Z' }, { t: '2001-01-01T13:00:00+01:00' })).toBe(true);
    expect(test1({ Variable: '$.t', TimestampLessThan: '2001-01-01T12:00:00Z' }, { t: '2001-01-01T12:30:00+01:00' })).toBe(true);
    expect(test1({ Variable: '$.t', TimestampEquals: '2001-01-01T12:00:00Z' }, { t: '2001-01-01T12:00:00.000Z' })).toBe(true);
    expect(test1({ Variable: '$.t', TimestampLessThan: '2001-01-01T12:00:00.0000002Z' }, { t: '2001-01-01T12:00:00.0000001Z' })).toBe(true);
  });
  test('lowercase "t" or a missing "Z" is not a timestamp (States Language)', () => {
    expect(test1({ Variable: '$.t', TimestampEquals: '2001-01-01T12:00:00Z' }, { t: '2001-01-01t12:00:00Z' })).toBe(false);
    expect(test1({ Variable: '$.t', TimestampEquals: '2001-01-01T12:00:00Z' }, { t: '2001-01-01T12:00:00' })).toBe(false);
  });
});

describe('StringMatches escapes', () => {
  test('"\\*" is a literal star, "\\\\" a literal backslash, "*" matches any characters (newlines too)', () => {
    expect(test1({ Variable: '$.v', StringMatches: 'a\\*b' }, { v: 'a*b' })).toBe(true);
    expect(test1({ Variable: '$.v', StringMatches: 'a\\*b' }, { v: 'axxb' })).toBe(false);
    expect(test1({ Variable: '$.v', StringMatches: 'c:\\\\*' }, { v: 'c:\\temp' })).toBe(true);
    expect(test1({ Variable: '$.v', StringMatches: 'a*' }, { v: 'a\nb' })).toBe(true);
    expect(test1({ Variable: '$.v', StringMatches: '*' }, { v: '' })).toBe(true);
    expect(test1({ Variable: '$.v', StringMatches: 'a*b*c' }, { v: 'abc' })).toBe(true);
    expect(test1({ Variable: '$.v', StringMatches: 'a*b*c' }, { v: 'acb' })).toBe(false);
    expect(test1({ Variable: '$.v', StringMatches: 'ab*ba' }, { v: 'aba' })).toBe(false);
    expect(test1({ Variable: '$.v', StringMatches: 'plain' }, { v: 'plain' })).toBe(true);
    expect(test1({ Variable: '$.v', StringMatches: 'a.c' }, { v: 'abc' })).toBe(false);
    expect(test1({ Variable: '$.v', StringMatches: '*' }, { v: 1 })).toBe(false);
  });
  test('an open escape is refused', () => {
    const e = statesError(() => compileChoiceRule({ Variable: '$.v', StringMatches: 'a\\b' }));
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe('Invalid Choice Rule: StringMatches pattern "a\\\\b" has an open escape "\\" at character 2: only "\\*" and "\\\\" are escapes');
  });
});

describe('type tests', () => {
  const input = { n: 1, s: 'x', b: false, z: null, t: '2016-03-14T01:59:00Z', o: {}, a: [] };
  test.each<[string, string, boolean]>([
    ['IsNull', '$.z', true],
    ['IsNull', '$.n', false],
    ['IsNumeric', '$.n', true],
    ['IsNumeric', '$.s', false],
    ['IsString', '$.s', true],
    ['IsString', '$.n', false],
    ['IsBoolean', '$.b', true],
    ['IsBoolean', '$.z', false],
    ['IsTimestamp', '$.t', true],
    ['IsTimestamp', '$.s', false],
    ['IsPresent', '$.o', true],
    ['IsPresent', '$.missing', false],
  ])('%s on %s is %s; with false as the operand, the opposite', (op, path, expected) => {
    expect(test1({ Variable: path, [op]: true }, input)).toBe(expected);
    expect(test1({ Variable: path, [op]: false }, input)).toBe(!expected);
  });
  test('IsPresent is never an error, even through a missing parent or a scalar (States Language)', () => {
    expect(test1({ Variable: '$.a.b.c', IsPresent: true }, { a: 1 })).toBe(false);
    expect(test1({ Variable: '$.a.b.c', IsPresent: false }, {})).toBe(true);
    expect(test1({ Variable: '$.z', IsPresent: true }, { z: null })).toBe(true);
  });
});

describe('And, Or, Not', () => {
  test('And: all; Or: any; Not: the inverse; nesting', () => {
    const r = {
      Or: [
        { And: [{ Variable: '$.a', NumericEquals: 1 }, { Variable: '$.b', NumericEquals: 2 }, { Variable: '$.c', NumericEquals: 3 }] },
        { Not: { Variable: '$.d', BooleanEquals: true } },
      ],
    };
    expect(test1(r, { a: 1, b: 2, c: 3, d: true })).toBe(true);
    expect(test1(r, { a: 1, b: 2, c: 4, d: true })).toBe(false);
    expect(test1(r, { a: 0, d: false })).toBe(true);
  });
  test('And and Or stop as soon as the answer is known (a later missing path is not evaluated)', () => {
    expect(test1({ And: [{ Variable: '$.a', NumericEquals: 0 }, { Variable: '$.missing', NumericEquals: 1 }] }, { a: 1 })).toBe(false);
    expect(test1({ Or: [{ Variable: '$.a', NumericEquals: 1 }, { Variable: '$.missing', NumericEquals: 1 }] }, { a: 1 })).toBe(true);
  });
});

describe('failures', () => {
  test('a Variable that matches nothing: States.Runtime, "Invalid path \'$.x\': The choice state\'s condition path references an invalid value."', () => {
    for (const op of CHOICE_OPERATORS.filter((o) => o !== 'IsPresent')) {
      const operand: Json = op.endsWith('Path')
        ? '$.other'
        : op.startsWith('Timestamp')
          ? '2016-03-14T01:59:00Z'
          : op.startsWith('Numeric')
            ? 1
            : op.startsWith('Is') || op.startsWith('Boolean')
              ? true
              : 'x';
      const e = statesError(() => test1({ Variable: '$.processing_type', [op]: operand }, { other: 1 }));
      expect(e.error).toBe('States.Runtime');
      expect(e.cause).toBe("Invalid path '$.processing_type': The choice state's condition path references an invalid value.");
    }
  });
  test('the path of a ...Path operator that matches nothing: the same failure, naming that path', () => {
    const e = statesError(() => test1({ Variable: '$.left', TimestampLessThanPath: '$.right' }, { left: '2016-03-14T01:59:00Z' }));
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe("Invalid path '$.right': The choice state's condition path references an invalid value.");
  });
  test('context and variable Variables', () => {
    expect(compileChoiceRule({ Variable: '$$.Execution.Name', StringEquals: 'n' })(ctxOf({}, { Execution: { Name: 'n' } }))).toBe(true);
    expect(test1({ Variable: '$count', NumericGreaterThan: 2 }, {}, { count: 3 })).toBe(true);
    expect(statesError(() => test1({ Variable: '$count', NumericGreaterThan: 2 }, {}, {})).cause).toBe(
      "Invalid path '$count': The choice state's condition path references an invalid value.",
    );
  });
  test.each<[Json, string]>([
    [5, 'Invalid Choice Rule: a Choice Rule must be an object, got 5'],
    [{ Variable: '$.a' }, 'Invalid Choice Rule: no comparison operator in {"Variable":"$.a"}'],
    [{ Variable: '$.a', StringEquals: 'x', NumericEquals: 1 }, 'Invalid Choice Rule: exactly one comparison operator is allowed, got StringEquals, NumericEquals'],
    [{ StringEquals: 'x' }, 'Invalid Choice Rule: "Variable" must be a path string, got null'],
    [{ And: [] }, 'Invalid Choice Rule: "And" must be a non-empty array of Choice Rules'],
    [{ Variable: '$.a', NumericEquals: '1' }, 'Invalid Choice Rule: "NumericEquals" must be a number, got "1"'],
    [{ Variable: '$.a', StringEquals: 1 }, 'Invalid Choice Rule: "StringEquals" must be a string, got 1'],
    [{ Variable: '$.a', BooleanEquals: 'true' }, 'Invalid Choice Rule: "BooleanEquals" must be true or false, got "true"'],
    [{ Variable: '$.a', IsNull: 1 }, 'Invalid Choice Rule: "IsNull" must be true or false, got 1'],
    [{ Variable: '$.a', StringMatches: 1 }, 'Invalid Choice Rule: "StringMatches" must be a string, got 1'],
    [{ Variable: '$.a', StringEqualsPath: 1 }, 'Invalid Choice Rule: "StringEqualsPath" must be a path string, got 1'],
    [
      { Variable: '$.a', TimestampEquals: '2016-03-14' },
      'Invalid Choice Rule: "TimestampEquals" must be a timestamp such as "2016-03-14T01:59:00Z", got "2016-03-14"',
    ],
  ])('malformed rule %j', (rule, cause) => {
    const e = statesError(() => compileChoiceRule(rule));
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe(cause);
  });
  test('Next, Comment and Assign on a rule are ignored', () => {
    expect(test1({ Variable: '$.a', NumericEquals: 1, Next: 'X', Comment: 'c', Assign: { x: 1 } }, { a: 1 })).toBe(true);
  });
});

test('rules never mutate their input', () => {
  const input = deepFreeze({ a: 1, s: 'abc', t: '2016-03-14T01:59:00Z', l: [1] });
  const rule = compileChoiceRule({
    And: [
      { Variable: '$.a', NumericEqualsPath: '$.a' },
      { Variable: '$.s', StringMatches: 'a*' },
      { Variable: '$.t', IsTimestamp: true },
      { Not: { Variable: '$.l', IsNull: true } },
    ],
  });
  expect(rule(ctxOf(input))).toBe(true);
  expect(input).toEqual({ a: 1, s: 'abc', t: '2016-03-14T01:59:00Z', l: [1] });
});
