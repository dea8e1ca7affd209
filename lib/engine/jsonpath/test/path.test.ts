import type { Json } from '../../types';
import { StatesError } from '../errors';
import { applyResultPath, compilePath, compileResultPath, compileSelectPath, explainPathMiss, selectPath } from '../path';
import { STORE, ctxOf, deepFreeze, statesError } from './helpers';

const get = (path: string, input: unknown, context: Json = {}, variables?: Record<string, Json>) =>
  compilePath(path)(ctxOf(input as Json, context, variables));

describe('Reference paths (AWS "Reference paths"; States Language "Reference Paths")', () => {
  const input = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true } };
  test.each([
    ['$.foo', 123],
    ['$.bar', ['a', 'b', 'c']],
    ['$.car.cdr', true],
  ])('%s', (path, expected) => {
    expect(get(path, input)).toEqual(expected);
  });

  test('bracket notation: $["store"]["book"] and $["store"][0]["book"] forms', () => {
    const doc = { store: { book: 'x' }, list: [{ book: 'y' }] };
    expect(get("$['store']['book']", doc)).toBe('x');
    expect(get("$['list'][0]['book']", doc)).toBe('y');
    expect(get('$.ledgers[0][1].foo', { ledgers: [[0, { foo: 'z' }]] })).toBe('z');
  });

  test('a member name with a space, in brackets; AWS\'s $.abc.[\'def ghi\'] form', () => {
    const doc = { abc: { 'def ghi': 1 }, 'a b': 2 };
    expect(get("$.abc.['def ghi']", doc)).toBe(1);
    expect(get("$['a b']", doc)).toBe(2);
    expect(get('$["a b"]', doc)).toBe(2);
  });

  test('escaped characters in a dot member name ($.store\\.book reads "store.book")', () => {
    expect(get('$.store\\.book', { 'store.book': 1 })).toBe(1);
  });
});

describe('InputPath (AWS "Manipulating parameters ... InputPath"; "Input and Output Processing")', () => {
  const input = {
    comment: 'Example for InputPath.',
    dataset1: { val1: 1, val2: 2, val3: 3 },
    dataset2: { val1: 'a', val2: 'b', val3: 'c' },
  };

  test('"InputPath": "$.dataset2"', () => {
    expect(selectPath('$.dataset2', ctxOf(input), 'InputPath')).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
  });

  test('a path can yield a selection of values: $.a[0:2] on { "a": [1, 2, 3, 4] } is [1, 2]', () => {
    expect(selectPath('$.a[0:2]', ctxOf({ a: [1, 2, 3, 4] }), 'InputPath')).toEqual([1, 2]);
  });

  test('States Language: $.a[0,1] gathers the two values into [1, 2]', () => {
    expect(selectPath('$.a[0,1]', ctxOf({ a: [1, 2, 3, 4] }), 'InputPath')).toEqual([1, 2]);
  });

  test('absent InputPath is "$" (the whole input); null gives {}', () => {
    const ctx = ctxOf(input);
    expect(selectPath(undefined, ctx, 'InputPath')).toBe(input);
    expect(selectPath('$', ctx, 'InputPath')).toBe(input);
    expect(selectPath(null, ctx, 'InputPath')).toEqual({});
    expect(selectPath(null, ctx, 'OutputPath')).toEqual({});
  });

  test('the selected value is the input\'s own node (no copy)', () => {
    expect(selectPath('$.dataset1', ctxOf(input), 'InputPath')).toBe(input.dataset1);
  });
});

describe('InputPath, ResultPath and OutputPath together (AWS examples)', () => {
  test('"Example: Manipulating state data with paths": InputPath $.lambda, ResultPath $.data.lambdaresult, OutputPath $.data', () => {
    const input = deepFreeze({
      comment: 'An input comment.',
      data: { val1: 23, val2: 17 },
      extra: 'foo',
      lambda: { who: 'AWS Step Functions' },
    });
    const ctx = ctxOf(input);
    expect(selectPath('$.lambda', ctx, 'InputPath')).toEqual({ who: 'AWS Step Functions' });
    const combined = applyResultPath(input, '$.data.lambdaresult', 'Hello, AWS Step Functions!');
    expect(combined).toEqual({
      comment: 'An input comment.',
      data: { val1: 23, val2: 17, lambdaresult: 'Hello, AWS Step Functions!' },
      extra: 'foo',
      lambda: { who: 'AWS Step Functions' },
    });
    expect(selectPath('$.data', ctxOf(combined), 'OutputPath')).toEqual({ val1: 23, val2: 17, lambdaresult: 'Hello, AWS Step Functions!' });
  });

  test('"Input and Output Processing": InputPath $.numbers, ResultPath $.sum, OutputPath $ then $.sum', () => {
    const input = { title: 'Numbers to add', numbers: { val1: 3, val2: 4 } };
    expect(selectPath('$.numbers', ctxOf(input), 'InputPath')).toEqual({ val1: 3, val2: 4 });
    const out = applyResultPath(input, '$.sum', 7);
    expect(selectPath('$', ctxOf(out), 'OutputPath')).toEqual({ title: 'Numbers to add', numbers: { val1: 3, val2: 4 }, sum: 7 });
    expect(selectPath('$.sum', ctxOf(applyResultPath({ numbers: { val1: 3, val2: 4 } }, '$.sum', 7)), 'OutputPath')).toBe(7);
  });
});

describe('ResultPath (AWS "Specifying state output using ResultPath"; States Language)', () => {
  const lambdaInput = {
    comment: 'This is a test of the input and output of a Task state.',
    details: 'Default example',
    who: 'AWS Step Functions',
  };
  const result = 'Hello, AWS Step Functions!';

  test('absent ResultPath or "$": the result replaces the input', () => {
    expect(applyResultPath(lambdaInput, undefined, result)).toBe(result);
    expect(applyResultPath(lambdaInput, '$', result)).toBe(result);
  });

  test('"$.taskresult": the result is added to the input', () => {
    expect(applyResultPath(lambdaInput, '$.taskresult', result)).toEqual({ ...lambdaInput, taskresult: result });
    expect(Object.keys(applyResultPath(lambdaInput, '$.taskresult', result) as object)).toEqual(['comment', 'details', 'who', 'taskresult']);
  });

  test('"$.strings.lambdaresult": the result becomes a child of an existing node', () => {
    const input = { comment: 'An input comment.', strings: { string1: 'foo', string2: 'bar', string3: 'baz' }, who: 'AWS Step Functions' };
    expect(applyResultPath(input, '$.strings.lambdaresult', result)).toEqual({
      comment: 'An input comment.',
      strings: { string1: 'foo', string2: 'bar', string3: 'baz', lambdaresult: 'Hello, AWS Step Functions!' },
      who: 'AWS Step Functions',
    });
  });

  test('"$.comment": an existing node is replaced, in place', () => {
    const out = applyResultPath(lambdaInput, '$.comment', result);
    expect(out).toEqual({ comment: 'Hello, AWS Step Functions!', details: 'Default example', who: 'AWS Step Functions' });
    expect(Object.keys(out as object)).toEqual(['comment', 'details', 'who']);
  });

  test('null: the result is discarded and the input passes through', () => {
    expect(applyResultPath(lambdaInput, null, result)).toBe(lambdaInput);
  });

  test('in a Catch: "$.error" adds the error output to the input', () => {
    expect(applyResultPath({ foo: 'bar' }, '$.error', { Error: 'Error here' })).toEqual({ foo: 'bar', error: { Error: 'Error here' } });
  });

  test('States Language: $.master.detail is overwritten; $.master.result.sum creates the intervening fields', () => {
    const input = { master: { detail: [1, 2, 3] } };
    expect(applyResultPath(input, '$.master.detail', 6)).toEqual({ master: { detail: 6 } });
    expect(applyResultPath(input, '$.master.result.sum', 6)).toEqual({ master: { detail: [1, 2, 3], result: { sum: 6 } } });
  });

  test('States Language: { "a": 1 } with "Hi!" at $.b.greeting', () => {
    expect(applyResultPath({ a: 1 }, '$.b.greeting', 'Hi!')).toEqual({ a: 1, b: { greeting: 'Hi!' } });
  });

  test('States Language Pass state example: Result at $.coords', () => {
    expect(applyResultPath({ georefOf: 'Home' }, '$.coords', { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 })).toEqual({
      georefOf: 'Home',
      coords: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 },
    });
  });

  test('States Language: input "foo" with ResultPath "$.x" fails with States.ResultPathMatchFailure', () => {
    const e = statesError(() => applyResultPath('foo', '$.x', 1));
    expect(e).toBeInstanceOf(StatesError);
    expect(e.error).toBe('States.ResultPathMatchFailure');
    expect(e.name).toBe('States.ResultPathMatchFailure');
    // AWS's wording: Unable to apply ReferencePath $.partitioned to input "<the input as JSON>"
    expect(e.cause).toBe('Unable to apply ReferencePath $.x to input "foo"');
  });

  test('a path through a non-object member fails; the message shows the whole input as JSON', () => {
    const e = statesError(() => applyResultPath({ a: 5 }, '$.a.b', 1));
    expect(e.error).toBe('States.ResultPathMatchFailure');
    expect(e.cause).toBe('Unable to apply ReferencePath $.a.b to input {"a":5}');
    expect(statesError(() => applyResultPath({ a: null }, '$.a.b', 1)).error).toBe('States.ResultPathMatchFailure');
    expect(statesError(() => applyResultPath([1], '$.a', 1)).error).toBe('States.ResultPathMatchFailure');
    expect(statesError(() => applyResultPath(null, '$.a', 1)).error).toBe('States.ResultPathMatchFailure');
  });

  test('indexes: an existing element is replaced; out of bounds or on a non-array fails', () => {
    expect(applyResultPath({ a: [1, 2, 3] }, '$.a[1]', 'x')).toEqual({ a: [1, 'x', 3] });
    expect(applyResultPath({ a: [{ b: 1 }] }, '$.a[0].c', 2)).toEqual({ a: [{ b: 1, c: 2 }] });
    expect(applyResultPath([0, 1], '$[1]', 'x')).toEqual([0, 'x']);
    expect(statesError(() => applyResultPath({ a: [1] }, '$.a[5]', 1)).error).toBe('States.ResultPathMatchFailure');
    expect(statesError(() => applyResultPath({ a: {} }, '$.a[0]', 1)).error).toBe('States.ResultPathMatchFailure');
    expect(statesError(() => applyResultPath({}, '$.a[0]', 1)).error).toBe('States.ResultPathMatchFailure');
  });

  test('bracket names and "__proto__" are written as own members', () => {
    expect(applyResultPath({}, "$['a b'].c", 1)).toEqual({ 'a b': { c: 1 } });
    const out = applyResultPath({}, "$['__proto__']", 1) as Record<string, Json>;
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    const nested = applyResultPath({}, "$['__proto__'].x", 1) as Record<string, Json>;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(JSON.stringify(nested)).toBe('{"__proto__":{"x":1}}');
  });

  test('a ResultPath that is not a reference path on the input is refused (States.Runtime)', () => {
    for (const p of ['$$.Execution', '$.a[*]', '$..a', '$var.x']) {
      const e = statesError(() => compileResultPath(p));
      expect(e.error).toBe('States.Runtime');
      expect(e.cause).toBe(`Invalid ResultPath ${JSON.stringify(p)}: it must be a reference path on the state input (names and indexes after "$")`);
    }
  });

  test('never mutates the input; copies only the spine it writes (structural sharing)', () => {
    const input = deepFreeze({ a: { b: { c: 1 }, keep: { big: [1, 2, 3] } }, other: { x: 1 } });
    const out = applyResultPath(input, '$.a.b.d', 2) as typeof input & { a: { b: { d: number } } };
    expect(out).toEqual({ a: { b: { c: 1, d: 2 }, keep: { big: [1, 2, 3] } }, other: { x: 1 } });
    expect(input).toEqual({ a: { b: { c: 1 }, keep: { big: [1, 2, 3] } }, other: { x: 1 } });
    expect(out).not.toBe(input);
    expect(out.a).not.toBe(input.a);
    expect(out.a.keep).toBe(input.a.keep);
    expect(out.other).toBe(input.other);
    const arr = deepFreeze({ list: [{ v: 1 }, { v: 2 }] });
    const out2 = applyResultPath(arr, '$.list[1].w', 3) as { list: Array<Record<string, number>> };
    expect(out2.list[0]).toBe(arr.list[0]);
    expect(arr.list[1]).toEqual({ v: 2 });
  });

  test('compileResultPath: the same rules, compiled once', () => {
    const rp = compileResultPath('$.x.y');
    expect(rp({ a: 1 }, 2)).toEqual({ a: 1, x: { y: 2 } });
    expect(compileResultPath(null)({ a: 1 }, 2)).toEqual({ a: 1 });
    expect(compileResultPath(undefined)({ a: 1 }, 2)).toBe(2);
    expect(compileResultPath('$.x.y')).toBe(rp);
  });
});

describe('roots: $$ (Context Object) and $name (variables)', () => {
  test('$$.Execution.Id and $$ alone', () => {
    const context = { Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:sm:name' }, Map: { Item: { Index: 0 } } };
    expect(get('$$.Execution.Id', {}, context)).toBe(context.Execution.Id);
    expect(get('$$', {}, context)).toBe(context);
    expect(get('$$.Map.Item.Index', {}, context)).toBe(0);
  });
  test('$name, $name.x, and a variable that does not exist', () => {
    const vars = { total: 3, order: { id: 'o1', lines: [1, 2] } };
    expect(get('$total', {}, {}, vars)).toBe(3);
    expect(get('$order.id', {}, {}, vars)).toBe('o1');
    expect(get('$order.lines[*]', {}, {}, vars)).toEqual([1, 2]);
    expect(get('$nope', {}, {}, vars)).toBeUndefined();
    expect(get('$total', {}, {}, undefined)).toBeUndefined();
    expect(get('$constructor', {}, {}, {})).toBeUndefined();
  });
});

describe('members inherited from Object.prototype never match', () => {
  test.each(['$.constructor', '$.toString', '$.__proto__', '$.a.hasOwnProperty', "$['valueOf']"])('%s', (p) => {
    expect(get(p, { a: {} })).toBeUndefined();
  });
  test('own members with those names do', () => {
    const input = JSON.parse('{"constructor": 1, "__proto__": {"x": 2}}') as Json;
    expect(get('$.constructor', input)).toBe(1);
    expect(get('$.__proto__.x', input)).toBe(2);
  });
  test('a member access on an array does not read its length', () => {
    expect(get('$.a.length', { a: [1, 2] })).toBeUndefined();
  });
});

describe('failures: States.Runtime with Jayway\'s messages, as AWS reports them', () => {
  const input = { a: { b: 1 }, n: 5, arr: [1], nil: null, empty: [] };
  test.each([
    ['$.nope', "Invalid path '$.nope' : No results for path: $['nope']"],
    ['$.a.nope', "Invalid path '$.a.nope' : No results for path: $['a']['nope']"],
    ['$.x.y', "Invalid path '$.x.y' : Missing property in path $['x']"],
    ['$.n.y', "Invalid path '$.n.y' : Expected to find an object with property ['y'] in path $['n'] but found 'number'."],
    ['$.arr[3]', "Invalid path '$.arr[3]' : No results for path: $['arr'][3]"],
    ['$.n[0]', "Invalid path '$.n[0]' : Filter: [0] can only be applied to arrays. Current context is: 5"],
    ['$.nil[0]', "Invalid path '$.nil[0]' : The path $['nil'] is null"],
    ['$.x[*]', "Invalid path '$.x[*]' : Missing property in path $['x']"],
    ['$.n[?(@.a)]', "Invalid path '$.n[?(@.a)]' : Filter: [?] can not be applied to primitives. Current context is: 5"],
    ['$.empty.sum()', "Invalid path '$.empty.sum()' : Aggregation function attempted to calculate value using empty array"],
  ])('%s', (path, cause) => {
    const e = statesError(() => selectPath(path, ctxOf(input), 'InputPath'));
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe(cause);
  });

  test('OutputPath, ItemsPath, TimeoutSecondsPath, HeartbeatSecondsPath, MaxConcurrencyPath use the same wording', () => {
    for (const field of ['OutputPath', 'ItemsPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'MaxConcurrencyPath', 'ErrorPath', 'CausePath']) {
      const e = statesError(() => selectPath('$.Payload', ctxOf({}), field));
      expect(e.cause).toBe("Invalid path '$.Payload' : No results for path: $['Payload']");
    }
  });

  test('SecondsPath and TimestampPath: "The SecondsPath parameter does not reference an input value: $.x"', () => {
    expect(statesError(() => selectPath('$.x', ctxOf({}), 'SecondsPath')).cause).toBe('The SecondsPath parameter does not reference an input value: $.x');
    expect(statesError(() => selectPath('$.x', ctxOf({}), 'TimestampPath')).cause).toBe('The TimestampPath parameter does not reference an input value: $.x');
  });

  test('context and variable roots', () => {
    expect(statesError(() => selectPath('$$.Nope', ctxOf({}, {}), 'InputPath')).cause).toBe("Invalid path '$$.Nope' : No results for path: $$['Nope']");
    expect(statesError(() => selectPath('$v.x', ctxOf({}, {}, {}), 'InputPath')).cause).toBe('Invalid path \'$v.x\' : No variable named "v"');
  });

  test('explainPathMiss words a miss without throwing', () => {
    expect(explainPathMiss('$.a.b.c', ctxOf({ a: {} }))).toBe("Missing property in path $['a']['b']");
  });

  test('an indefinite path that matches nothing is an empty array, not a failure', () => {
    expect(selectPath('$.a[?(@ > 5)]', ctxOf({ a: [1, 2] }), 'InputPath')).toEqual([]);
  });

  test('compileSelectPath: compiled once, same results and failures', () => {
    const f = compileSelectPath('$.a.b', 'InputPath');
    expect(f(ctxOf(input))).toBe(1);
    expect(compileSelectPath(undefined, 'InputPath')(ctxOf(input))).toBe(input);
    expect(compileSelectPath('$', 'InputPath')(ctxOf(input))).toBe(input);
    expect(compileSelectPath(null, 'OutputPath')(ctxOf(input))).toEqual({});
    expect(statesError(() => f(ctxOf({}))).cause).toBe("Invalid path '$.a.b' : Missing property in path $['a']");
  });

  test('a syntax error is a States.Runtime StatesError at compile time', () => {
    for (const p of ['a.b', '$.a b', '$[', '$.a[?(@.x >)]', '$.a.nofn()', '$.length().x', '$.a[1:2:0]']) {
      const e = statesError(() => compilePath(p));
      expect(e.error).toBe('States.Runtime');
      expect(e.cause).toMatch(/JSONPath|filter|slice|function/);
    }
    expect(statesError(() => compilePath('a.b')).cause).toBe('invalid JSONPath "a.b": a path must start with "$" (at character 1)');
  });
});

describe('immutability and identity', () => {
  test('no path evaluation mutates its input', () => {
    const input = deepFreeze(JSON.parse(JSON.stringify(STORE)) as Json);
    for (const p of ['$..*', '$.store.book[?(@.price < 10)]', "$['store']['book','bicycle']", '$.store.book[-2:]', '$..price', '$.store.book.length()'])
      expect(() => compilePath(p)(ctxOf(input))).not.toThrow();
    expect(input).toEqual(STORE);
  });

  test('compiled paths are cached by text', () => {
    expect(compilePath('$.cache.me')).toBe(compilePath('$.cache.me'));
  });
});
