import { createHash } from 'crypto';
import type { Json } from '../../types';
import { compileIntrinsic, formatValue } from '../intrinsics';
import { ctxOf, deepFreeze, statesError } from './helpers';

const run = (text: string, input: Json = {}, context: Json = {}, variables?: Record<string, Json>) =>
  compileIntrinsic(text)(ctxOf(input, context, variables));

/** The IntrinsicFailure cause of a call, whether it fails when compiled or when run. */
const failure = (text: string, input: Json = {}) => {
  const e = statesError(() => run(text, input));
  expect(e.error).toBe('States.IntrinsicFailure');
  return e.cause;
};

// Examples: "Intrinsic functions for JSONPath states in Step Functions" (AWS developer guide) and
// Appendix B of the States Language specification.

describe('States.Format', () => {
  test('AWS: "Hello, my name is {}." with $.name, as a literal and as a path template', () => {
    const input = { name: 'Arnav', template: 'Hello, my name is {}.' };
    expect(run("States.Format('Hello, my name is {}.', $.name)", input)).toBe('Hello, my name is Arnav.');
    expect(run('States.Format($.template, $.name)', input)).toBe('Hello, my name is Arnav.');
  });
  test('States Language: a literal number argument', () => {
    expect(run("States.Format('Your name is {}, we are in the year {}', $.name, 2020)", { name: 'Foo', zebra: 'stripe' })).toBe(
      'Your name is Foo, we are in the year 2020',
    );
  });
  test("States Language: the escape \\' in 'Welcome to {} {}\\'s playlist.'", () => {
    expect(run("States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)", { firstName: 'John', lastName: 'Doe' })).toBe(
      "Welcome to John Doe's playlist.",
    );
  });
  test('escaped braces and backslash: \\{ \\} \\\\ are literal characters, not placeholders', () => {
    expect(run("States.Format('\\{\\}{} \\\\', 1)")).toBe('{}1 \\');
  });
  test('a boolean, null, an array and an object (rendered as Java prints them)', () => {
    expect(run("States.Format('{} {} {} {}', true, null, $.a, $.o)", { a: [1, 'x'], o: { k: 'v', n: [] } })).toBe('true null [1, x] {k=v, n=[]}');
    expect(formatValue(1.5)).toBe('1.5');
  });
  test('failures: placeholder count, a non-string template', () => {
    expect(failure("States.Format('{} {}', 1)")).toBe('Invalid arguments in States.Format: the template has 2 placeholder(s) "{}" but 1 value(s) follow');
    expect(failure('States.Format($.t, 1)', { t: 'no holes' })).toBe(
      'Invalid arguments in States.Format: the template has 0 placeholder(s) "{}" but 1 value(s) follow',
    );
    expect(failure('States.Format($.t)', { t: 5 })).toBe('Invalid arguments in States.Format: the template (first argument) must be a string, got a number');
  });
});

describe('States.StringToJson / States.JsonToString', () => {
  test('AWS: escapedJsonString -> { "foo": "bar" }', () => {
    expect(run('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({ foo: 'bar' });
  });
  test('States Language: someString -> { "number": 20 }', () => {
    expect(run('States.StringToJson($.someString)', { someString: '{"number": 20}', zebra: 'stripe' })).toEqual({ number: 20 });
  });
  test('States Language: JsonToString($.someJson) is compact JSON text', () => {
    expect(run('States.JsonToString($.someJson)', { someJson: { name: 'Foo', year: 2020 }, zebra: 'stripe' })).toBe('{"name":"Foo","year":2020}');
    expect(run('States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } })).toBe('{"foo":"bar"}');
  });
  test('failures: invalid JSON, a non-string', () => {
    expect(failure('States.StringToJson($.s)', { s: '{oops' })).toMatch(/^Invalid arguments in States\.StringToJson: "\{oops" is not valid JSON \(/);
    expect(failure('States.StringToJson($.s)', { s: 1 })).toBe('Invalid arguments in States.StringToJson: the argument must be a string, got a number');
  });
});

describe('States.Array', () => {
  test('AWS: States.Array($.Id) with { "Id": 123456 } -> [123456]', () => {
    expect(run('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
  });
  test("States Language: States.Array('Foo', 2020, $.someJson, null)", () => {
    expect(run("States.Array('Foo', 2020, $.someJson, null)", { someJson: { random: 'abcdefg' }, zebra: 'stripe' })).toEqual([
      'Foo',
      2020,
      { random: 'abcdefg' },
      null,
    ]);
  });
  test('no arguments -> []', () => {
    expect(run('States.Array()')).toEqual([]);
  });
});

describe('States.ArrayPartition', () => {
  test('AWS: [1..9] in chunks of 4', () => {
    expect(run('States.ArrayPartition($.inputArray,4)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });
  test('AWS: a non-integer chunk size is rounded', () => {
    expect(run('States.ArrayPartition($.a, 1.6)', { a: [1, 2, 3] })).toEqual([[1, 2], [3]]);
    expect(run('States.ArrayPartition($.a, 2)', { a: [] })).toEqual([]);
  });
  test('failures: not an array, chunk size not positive, not a number', () => {
    expect(failure('States.ArrayPartition($.a, 2)', { a: {} })).toBe('Invalid arguments in States.ArrayPartition: the first argument must be an array, got an object');
    expect(failure('States.ArrayPartition($.a, 0)', { a: [1] })).toBe('Invalid arguments in States.ArrayPartition: the chunk size must be a positive integer, got 0');
    expect(failure('States.ArrayPartition($.a, $.n)', { a: [1], n: -2 })).toBe(
      'Invalid arguments in States.ArrayPartition: the chunk size must be a positive integer, got -2',
    );
    expect(failure("States.ArrayPartition($.a, 'x')", { a: [1] })).toBe('Invalid arguments in States.ArrayPartition: the chunk size must be an integer, got "x"');
  });
});

describe('States.ArrayContains', () => {
  test('AWS: 5 in [1..9] -> true', () => {
    expect(run('States.ArrayContains($.inputArray, $.lookingFor)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 })).toBe(true);
  });
  test('objects and arrays compare by value', () => {
    expect(run('States.ArrayContains($.a, $.v)', { a: [{ x: 1, y: [2] }], v: { y: [2], x: 1 } })).toBe(true);
    expect(run('States.ArrayContains($.a, 10)', { a: [1, 2] })).toBe(false);
  });
  test('failure: not an array', () => {
    expect(failure('States.ArrayContains($.a, 1)', { a: 'abc' })).toBe('Invalid arguments in States.ArrayContains: the first argument must be an array, got a string');
  });
});

describe('States.ArrayRange', () => {
  test('AWS: States.ArrayRange(1, 9, 2) -> [1,3,5,7,9]', () => {
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
  });
  test('the end is included only when reached; negative steps; a wrong direction gives []', () => {
    expect(run('States.ArrayRange(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(run('States.ArrayRange(9, 1, -4)')).toEqual([9, 5, 1]);
    expect(run('States.ArrayRange(1, 9, -1)')).toEqual([]);
  });
  test('AWS: non-integers are rounded', () => {
    expect(run('States.ArrayRange(1.4, 3.6, 1)')).toEqual([1, 2, 3, 4]);
  });
  test('AWS: at most 1000 items', () => {
    expect((run('States.ArrayRange(1, 1000, 1)') as number[]).length).toBe(1000);
    expect(failure('States.ArrayRange(1, 1001, 1)')).toBe('Invalid arguments in States.ArrayRange: the array would have 1001 items; at most 1000 are allowed');
  });
  test('failures: a zero step, a non-number', () => {
    expect(failure('States.ArrayRange(1, 9, 0)')).toBe('Invalid arguments in States.ArrayRange: the step (third argument) must not be 0');
    expect(failure("States.ArrayRange('1', 9, 1)")).toBe('Invalid arguments in States.ArrayRange: the first argument must be an integer, got "1"');
  });
});

describe('States.ArrayGetItem', () => {
  test('AWS: index 5 of [1..9] -> 6', () => {
    expect(run('States.ArrayGetItem($.inputArray, $.index)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 })).toBe(6);
  });
  test('AWS: the nested example of the "nest up to 10 intrinsic functions" note', () => {
    const input = { ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.2' } };
    const inner = (i: number) =>
      `States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), ${i})`;
    // The guide's template has three "{}" for two values, which the placeholder rule refuses.
    expect(failure(`States.Format('{}.{}.{}', ${inner(0)}, ${inner(1)})`, input)).toBe(
      'Invalid arguments in States.Format: the template has 3 placeholder(s) "{}" but 2 value(s) follow',
    );
    expect(run(`States.Format('{}.{}', ${inner(0)}, ${inner(1)})`, input)).toBe('1.0');
  });
  test('failures: out of bounds, negative, non-integer, not an array', () => {
    expect(failure('States.ArrayGetItem($.a, 3)', { a: [1, 2, 3] })).toBe('Invalid arguments in States.ArrayGetItem: the index 3 is out of bounds for an array of 3 item(s)');
    expect(failure('States.ArrayGetItem($.a, -1)', { a: [1, 2, 3] })).toBe('Invalid arguments in States.ArrayGetItem: the index -1 is out of bounds for an array of 3 item(s)');
    expect(failure('States.ArrayGetItem($.a, 1.5)', { a: [1, 2, 3] })).toBe('Invalid arguments in States.ArrayGetItem: the index must be an integer, got 1.5');
    expect(failure('States.ArrayGetItem($.a, 0)', { a: null })).toBe('Invalid arguments in States.ArrayGetItem: the first argument must be an array, got null');
  });
});

describe('States.ArrayLength / States.ArrayUnique', () => {
  test('AWS: length of [1..9] -> 9', () => {
    expect(run('States.ArrayLength($.inputArray)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(9);
  });
  test('AWS: unique of [1,2,3,3,3,3,3,3,4] -> [1,2,3,4]', () => {
    expect(run('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
  });
  test('unique compares objects and arrays by value and keeps the first occurrence', () => {
    expect(run('States.ArrayUnique($.a)', { a: [null, null, true, { a: 1, b: 2 }, { b: 2, a: 1 }, [], [], '1', 1] })).toEqual([null, true, { a: 1, b: 2 }, [], '1', 1]);
  });
  test('failures: not an array', () => {
    expect(failure('States.ArrayLength($.a)', { a: 'x' })).toBe('Invalid arguments in States.ArrayLength: the argument must be an array, got a string');
    expect(failure('States.ArrayUnique($.a)', { a: 1 })).toBe('Invalid arguments in States.ArrayUnique: the argument must be an array, got a number');
  });
});

describe('States.Base64Encode / States.Base64Decode', () => {
  test('AWS: "Data to encode" <-> "RGF0YSB0byBlbmNvZGU="', () => {
    expect(run('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    // The guide prints the decoded example as "Decoded data", which is not what its own input decodes to.
    expect(run('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
  });
  test('UTF-8 text round-trips; MIME decoding ignores line breaks', () => {
    const encoded = run('States.Base64Encode($.s)', { s: 'héllo ✓' }) as string;
    expect(run('States.Base64Decode($.s)', { s: encoded })).toBe('héllo ✓');
    expect(run('States.Base64Decode($.s)', { s: 'RGF0YSB0\r\nbyBlbmNvZGU=' })).toBe('Data to encode');
  });
  test('AWS: at most 10,000 characters', () => {
    expect(run('States.Base64Encode($.s)', { s: 'a'.repeat(10000) })).toHaveLength(13336);
    expect(failure('States.Base64Encode($.s)', { s: 'a'.repeat(10001) })).toBe(
      'Invalid arguments in States.Base64Encode: the input string has 10001 characters; at most 10000 are allowed',
    );
    expect(failure('States.Base64Decode($.s)', { s: 'A'.repeat(10004) })).toBe(
      'Invalid arguments in States.Base64Decode: the input string has 10004 characters; at most 10000 are allowed',
    );
  });
  test('failures: not a string, not Base64', () => {
    expect(failure('States.Base64Encode($.s)', { s: 1 })).toBe('Invalid arguments in States.Base64Encode: the argument must be a string, got a number');
    expect(failure('States.Base64Decode($.s)', { s: 'a=b=' })).toBe('Invalid arguments in States.Base64Decode: "a=b=" is not valid Base64');
  });
});

describe('States.Hash', () => {
  test('AWS: SHA-1 of "input data"', () => {
    const out = run('States.Hash($.Data, $.Algorithm)', { Data: 'input data', Algorithm: 'SHA-1' }) as string;
    // The guide prints "aaff4a450a104cd177d28d18d7485e8cae074b7": 39 hex digits, one "4" short of the SHA-1.
    expect(out).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(out.replace('d74485e', 'd7485e')).toBe('aaff4a450a104cd177d28d18d7485e8cae074b7');
  });
  test.each([
    ['MD5', 'md5'],
    ['SHA-1', 'sha1'],
    ['SHA-256', 'sha256'],
    ['SHA-384', 'sha384'],
    ['SHA-512', 'sha512'],
  ])('%s (lowercase hex, UTF-8)', (alg, node) => {
    expect(run(`States.Hash($.d, '${alg}')`, { d: 'héllo' })).toBe(createHash(node).update('héllo', 'utf8').digest('hex'));
  });
  test('failures: an unknown algorithm, more than 10,000 characters, not a string', () => {
    expect(failure("States.Hash('x', 'SHA-3')")).toBe('Invalid arguments in States.Hash: the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got "SHA-3"');
    expect(failure("States.Hash($.d, 'MD5')", { d: 'x'.repeat(10001) })).toBe(
      'Invalid arguments in States.Hash: the data has 10001 characters; at most 10000 are allowed',
    );
    expect(failure("States.Hash($.d, 'MD5')", { d: { a: 1 } })).toBe('Invalid arguments in States.Hash: the data (first argument) must be a string, got an object');
  });
});

describe('States.JsonMerge', () => {
  test('AWS: shallow merge, json2\'s "a" replaces json1\'s', () => {
    const input = deepFreeze({ json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } });
    expect(run('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3 });
    expect(input.json1).toEqual({ a: { a1: 1, a2: 2 }, b: 2 });
  });
  test('failures: deep merge, a non-object, a non-boolean mode', () => {
    expect(failure('States.JsonMerge($.a, $.b, true)', { a: {}, b: {} })).toBe(
      'Invalid arguments in States.JsonMerge: only the shallow merging mode is supported: the third argument must be false',
    );
    expect(failure('States.JsonMerge($.a, $.b, false)', { a: [], b: {} })).toBe('Invalid arguments in States.JsonMerge: the first argument must be a JSON object, got an array');
    expect(failure('States.JsonMerge($.a, $.b, false)', { a: {}, b: 1 })).toBe('Invalid arguments in States.JsonMerge: the second argument must be a JSON object, got a number');
    expect(failure("States.JsonMerge($.a, $.b, 'no')", { a: {}, b: {} })).toBe('Invalid arguments in States.JsonMerge: the third argument (deep merge) must be a boolean, got "no"');
  });
});

describe('States.MathRandom', () => {
  test('AWS: start 1 (inclusive), end 999 (exclusive)', () => {
    for (let i = 0; i < 200; i++) {
      const v = run('States.MathRandom($.start, $.end)', { start: 1, end: 999 }) as number;
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(1);
      expect(v).toBeLessThan(999);
    }
    expect(run('States.MathRandom(5, 6)')).toBe(5);
  });
  test('AWS: the same seed gives the same number', () => {
    const a = run('States.MathRandom(1, 1000, 42)');
    expect(run('States.MathRandom(1, 1000, 42)')).toBe(a);
    const seeds = new Set(Array.from({ length: 20 }, (_, s) => run(`States.MathRandom(0, 1000000, ${s})`)));
    expect(seeds.size).toBeGreaterThan(15);
    for (const s of [0, 7, -3, 123456789]) {
      const v = run(`States.MathRandom(10, 20, ${s})`) as number;
      expect(v).toBeGreaterThanOrEqual(10);
      expect(v).toBeLessThan(20);
    }
  });
  test('AWS: non-integer start and end are rounded', () => {
    expect(run('States.MathRandom(1.6, 2.6)')).toBe(2);
  });
  test('failures: end not above start, a non-number', () => {
    expect(failure('States.MathRandom(5, 5)')).toBe('Invalid arguments in States.MathRandom: the end (5) must be greater than the start (5)');
    expect(failure("States.MathRandom('a', 5)")).toBe('Invalid arguments in States.MathRandom: the start (first argument) must be an integer, got "a"');
    expect(failure("States.MathRandom(1, 5, 'x')")).toBe('Invalid arguments in States.MathRandom: the seed (third argument) must be an integer, got "x"');
  });
});

describe('States.MathAdd', () => {
  test('AWS: 111 + -1 = 110', () => {
    expect(run('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
  });
  test('AWS: non-integers are rounded', () => {
    expect(run('States.MathAdd(1.5, 1)')).toBe(3);
    expect(run('States.MathAdd(-2.5, 0)')).toBe(-2);
  });
  test('AWS: values in -2147483648..2147483647', () => {
    expect(run('States.MathAdd(2147483647, -2147483648)')).toBe(-1);
    expect(failure('States.MathAdd(2147483648, 1)')).toBe('Invalid arguments in States.MathAdd: 2147483648 is out of range: values must be between -2147483648 and 2147483647');
    expect(failure("States.MathAdd('1', 1)")).toBe('Invalid arguments in States.MathAdd: the first argument must be an integer, got "1"');
  });
});

describe('States.StringSplit', () => {
  test('AWS: "1,2,3,4,5" on ","', () => {
    expect(run('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' })).toEqual(['1', '2', '3', '4', '5']);
  });
  test('AWS: every character of the second argument is a delimiter', () => {
    expect(run('States.StringSplit($.inputString, $.splitter)', { inputString: 'This.is+a,test=string', splitter: '.+,=' })).toEqual([
      'This',
      'is',
      'a',
      'test',
      'string',
    ]);
  });
  test('empty parts are dropped', () => {
    expect(run("States.StringSplit(',a,,b,', ',')")).toEqual(['a', 'b']);
  });
  test('failures: not strings', () => {
    expect(failure("States.StringSplit($.s, ',')", { s: 1 })).toBe('Invalid arguments in States.StringSplit: the first argument must be a string, got a number');
    expect(failure("States.StringSplit('a', $.d)", { d: null })).toBe(
      'Invalid arguments in States.StringSplit: the delimiting characters (second argument) must be a string, got null',
    );
  });
});

describe('States.UUID', () => {
  test('AWS: a v4 UUID, different each time', () => {
    const a = run('States.UUID()') as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run('States.UUID()')).not.toBe(a);
  });
});

describe('arguments, nesting and compile-time failures', () => {
  test('context and variable paths as arguments', () => {
    expect(run("States.Format('{}-{}', $$.Execution.Name, $count)", {}, { Execution: { Name: 'run1' } }, { count: 2 })).toBe('run1-2');
  });
  test('nested calls', () => {
    expect(run("States.ArrayLength(States.StringSplit(States.Format('{},{}', 'a', 'b'), ','))")).toBe(2);
  });
  test('a path argument that matches nothing fails with States.Runtime', () => {
    const e = statesError(() => run('States.Array($.nope)', { a: 1 }));
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe("The JSONPath '$.nope' could not be found in the input '{\"a\":1}'");
    const e2 = statesError(() => compileIntrinsic('States.Array($.nope)', 'x.$')(ctxOf({})));
    expect(e2.cause).toBe("The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input '{}'");
  });
  test('unknown functions, wrong argument counts and syntax errors fail when compiled', () => {
    expect(statesError(() => compileIntrinsic('States.Nope(1)')).cause).toBe('Unknown intrinsic function States.Nope');
    expect(statesError(() => compileIntrinsic('States.UUID(1)')).cause).toBe('States.UUID takes 0 argument(s), got 1');
    expect(statesError(() => compileIntrinsic('States.MathRandom(1)')).cause).toBe('States.MathRandom takes 2 to 3 argument(s), got 1');
    expect(statesError(() => compileIntrinsic('States.Format()')).cause).toBe('States.Format takes at least 1 argument(s), got 0');
    const e = statesError(() => compileIntrinsic("States.Format('a\\b')"));
    expect(e.error).toBe('States.IntrinsicFailure');
    expect(e.cause).toBe(
      'Invalid intrinsic function "States.Format(\'a\\\\b\')": invalid escape "\\b" in a string: only \\\', \\{, \\}, \\" and \\\\ are escapes (at character 17)',
    );
    expect(statesError(() => compileIntrinsic('States.Array(1')).error).toBe('States.IntrinsicFailure');
  });
  test('results never alias their inputs in a way that mutates them', () => {
    const input = deepFreeze({ a: [3, 1, 3], o: { x: 1 }, p: { y: 2 } });
    expect(() => run('States.ArrayUnique($.a)', input)).not.toThrow();
    expect(() => run('States.ArrayPartition($.a, 2)', input)).not.toThrow();
    expect(() => run('States.JsonMerge($.o, $.p, false)', input)).not.toThrow();
    expect(input).toEqual({ a: [3, 1, 3], o: { x: 1 }, p: { y: 2 } });
  });
});
