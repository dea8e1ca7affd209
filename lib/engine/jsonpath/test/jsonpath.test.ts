/** The Jayway JsonPath interpreter (jsonpath-run.ts, jsonpath-filter.ts) through compilePath. */
import type { Json } from '../../types';
import { compilePath, isDefinitePath } from '../path';
import { STORE, ctxOf } from './helpers';

const get = (path: string, input: unknown, context: Json = {}, variables?: Record<string, Json>) =>
  compilePath(path)(ctxOf(input as Json, context, variables));

describe('Jayway JsonPath features (json-path/JsonPath README "Path Examples")', () => {
  const [b0, b1, b2, b3] = STORE.store.book as Json[];
  test.each<[string, Json]>([
    ['$.store.book[*].author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$..author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$.store.*', [STORE.store.book, STORE.store.bicycle] as Json],
    ['$.store..price', [8.95, 12.99, 8.99, 22.99, 19.95]],
    ['$..book[2]', [b2]],
    ['$..book[-2]', [b2]],
    ['$..book[0,1]', [b0, b1]],
    ['$..book[:2]', [b0, b1]],
    ['$..book[1:2]', [b1]],
    ['$..book[-2:]', [b2, b3]],
    ['$..book[2:]', [b2, b3]],
    ['$..book[?(@.isbn)]', [b2, b3]],
    ['$.store.book[?(@.price < 10)]', [b0, b2]],
    ["$..book[?(@.price <= $['expensive'])]", [b0, b2]],
    ['$..book[?(@.author =~ /.*REES/i)]', [b0]],
    ['$.store.book[?(@.isbn)].author', ['Herman Melville', 'J. R. R. Tolkien']],
    ['$.store.book[?(@.price > 10)].title', ['Sword of Honour', 'The Lord of the Rings']],
    ['$.store.book.length()', 4],
    ['$..book.length()', [4]],
  ])('%s', (path, expected) => {
    expect(get(path, STORE)).toEqual(expected);
  });

  test('$..* gives every node, in pre-order', () => {
    expect(get('$..*', { a: { b: 1 }, c: [2] })).toEqual([{ b: 1 }, [2], 1, 2]);
  });

  test('definite paths give a value, indefinite paths an array ("What is Returned When?")', () => {
    expect(isDefinitePath('$.store.book[0].title')).toBe(true);
    expect(isDefinitePath('$.store.book[-1]')).toBe(true);
    expect(isDefinitePath("$['store']['book','bicycle']")).toBe(true);
    for (const p of ['$..author', '$.store.book[*]', '$.store.book[0,1]', '$.store.book[1:]', '$.store.book[?(@.isbn)]', "$['a','b'].c"])
      expect(isDefinitePath(p)).toBe(false);
    expect(get('$.store.book[0].title', STORE)).toBe('Sayings of the Century');
    expect(get('$.store.book[*].nope', STORE)).toEqual([]);
    expect(get('$.store.book[?(@.price > 100)]', STORE)).toEqual([]);
  });

  test('a last multi-member segment merges the members into one object; elsewhere it iterates', () => {
    expect(get("$['a','b']", { a: 1, b: 2, c: 3 })).toEqual({ a: 1, b: 2 });
    expect(get("$['a','z']", { a: 1, b: 2 })).toEqual({ a: 1 });
    expect(get("$['a','b'].x", { a: { x: 1 }, b: { x: 2 }, c: { x: 3 } })).toEqual([1, 2]);
  });

  test('wildcards on objects and arrays; "flattenArray.$": "$[*][*]" flattens an array of arrays', () => {
    expect(get('$[*][*]', [[1, 2], [3], []])).toEqual([1, 2, 3]);
    expect(get('$.*', { a: 1, b: [2] })).toEqual([1, [2]]);
    expect(get('$.a[*]', { a: 5 })).toEqual([]);
  });

  test('slices: negative bounds, steps, and bounds past the end', () => {
    const a = { a: [0, 1, 2, 3, 4, 5] };
    expect(get('$.a[-1:]', a)).toEqual([5]);
    expect(get('$.a[:-4]', a)).toEqual([0, 1]);
    expect(get('$.a[4:100]', a)).toEqual([4, 5]);
    expect(get('$.a[::2]', a)).toEqual([0, 2, 4]);
    expect(get('$.a[3:1]', a)).toEqual([]);
    expect(get('$.a[1:3]', { a: 'str' })).toBeUndefined();
  });

  test('indexes: negative from the end, out of bounds matches nothing', () => {
    expect(get('$.a[-1]', { a: [1, 2, 3] })).toBe(3);
    expect(get('$.a[3]', { a: [1, 2, 3] })).toBeUndefined();
    expect(get('$.a[-4]', { a: [1, 2, 3] })).toBeUndefined();
    expect(get('$.a[0,5]', { a: [1, 2, 3] })).toEqual([1]);
  });

  test('deep scan: $.d..a and $.d..a[*] (as Step Functions Local evaluates them)', () => {
    const doc = { d: { x: { a: [1, 2] } } };
    expect(get('$.d..a', doc)).toEqual([[1, 2]]);
    expect(get('$.d..a[*]', doc)).toEqual([1, 2]);
    expect(get('$..a', { a: 1, b: { a: 2, c: [{ a: 3 }] } })).toEqual([1, 2, 3]);
    expect(get('$..[0]', { x: [1, [2, 3]] })).toEqual([1, 2]);
    expect(get('$..[?(@.k)]', { a: { k: 1 }, b: [{ k: 2 }, { j: 3 }] })).toEqual([{ k: 1 }, { k: 2 }]);
  });

  describe('filters', () => {
    const list = [
      { keep: true, n: 1, s: 'a', tags: ['x'] },
      { keep: false, n: 2, s: 'b', tags: [] },
      { other: 1, n: '3', s: 'abc' },
    ];
    test('existence: [?(@.keep)] keeps the items that have the member, whatever its value (Step Functions Local)', () => {
      expect(get('$.list[?(@.keep)]', { list: [{ keep: true }, { keep: false }, { other: 1 }] })).toEqual([{ keep: true }, { keep: false }]);
      expect(get('$.list[?(!@.keep)]', { list })).toEqual([list[2]]);
    });
    test('[?(@.keep == true)] (Step Functions Local)', () => {
      expect(get('$.list[?(@.keep == true)]', { list: [{ keep: true }, { keep: false }] })).toEqual([{ keep: true }]);
    });
    test('comparison operators, && || ! and parentheses', () => {
      const input = { list };
      expect(get('$.list[?(@.n != 1)].n', input)).toEqual([2, '3']);
      expect(get('$.list[?(@.n >= 2)].n', input)).toEqual([2]);
      expect(get('$.list[?(@.n < 2 || @.s == "abc")].s', input)).toEqual(['a', 'abc']);
      expect(get('$.list[?(@.n > 0 && @.keep == false)].s', input)).toEqual(['b']);
      expect(get('$.list[?(!(@.n == 1))].s', input)).toEqual(['b', 'abc']);
      expect(get("$.list[?(@.s > 'a')].s", input)).toEqual(['b', 'abc']);
      expect(get('$.list[?(@.missing != 1)].s', input)).toEqual(['a', 'b', 'abc']);
    });
    test('Jayway equality between a number and a numeric string', () => {
      expect(get('$.list[?(@.n == 3)].s', { list })).toEqual(['abc']);
      expect(get("$.list[?(@.n == '2')].s", { list })).toEqual(['b']);
    });
    test('in, nin, subsetof, anyof, noneof, size, empty, =~', () => {
      const input = { list };
      expect(get("$.list[?(@.s in ['a','abc'])].n", input)).toEqual([1, '3']);
      expect(get("$.list[?(@.s nin ['a','abc'])].n", input)).toEqual([2]);
      expect(get("$.list[?(@.tags subsetof ['x','y'])].n", input)).toEqual([1, 2]);
      expect(get("$.list[?(@.tags anyof ['x'])].n", input)).toEqual([1]);
      expect(get("$.list[?(@.tags noneof ['x'])].n", input)).toEqual([2]);
      expect(get('$.list[?(@.s size 3)].n', input)).toEqual(['3']);
      expect(get('$.list[?(@.tags empty true)].n', input)).toEqual([2]);
      expect(get('$.list[?(@.s =~ /a.*/)].n', input)).toEqual([1, '3']);
      expect(get('$.list[?(@.s =~ /b/)].n', input)).toEqual([2]);
    });
    test('a filter on an object tests the object itself', () => {
      expect(get('$.o[?(@.a == 1)]', { o: { a: 1 } })).toEqual([{ a: 1 }]);
      expect(get('$.o[?(@.a == 2)]', { o: { a: 1 } })).toEqual([]);
    });
  });

  test('functions: length, min, max, avg, sum, stddev, keys, first, last, index, append, concat', () => {
    const doc = { n: [1, 2, 3, 4], o: { a: 1, b: 2 }, s: 'abc' };
    expect(get('$.n.length()', doc)).toBe(4);
    expect(get('$.o.length()', doc)).toBe(2);
    expect(get('$.s.length()', doc)).toBe(3);
    expect(get('$.n.min()', doc)).toBe(1);
    expect(get('$.n.max()', doc)).toBe(4);
    expect(get('$.n.avg()', doc)).toBe(2.5);
    expect(get('$.n.sum()', doc)).toBe(10);
    expect(get('$.n.stddev()', doc)).toBeCloseTo(Math.sqrt(1.25));
    expect(get('$.o.keys()', doc)).toEqual(['a', 'b']);
    expect(get('$.n.first()', doc)).toBe(1);
    expect(get('$.n.last()', doc)).toBe(4);
    expect(get('$.n.index(-2)', doc)).toBe(3);
    expect(get('$.n.append(5, 6)', doc)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(get("$.s.concat('-', 'd')", doc)).toBe('abc-d');
    expect(get('$.e.sum()', { e: [] })).toBeUndefined();
  });
});
