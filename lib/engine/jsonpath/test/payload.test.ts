import type { Json } from '../../types';
import { PAYLOAD_PATH_FAILURE } from '../errors';
import { compilePayload } from '../payload';
import { applyResultPath } from '../path';
import { ctxOf, deepFreeze, statesError } from './helpers';

describe('Parameters (AWS "Manipulating parameters ... Parameters")', () => {
  test('the product example: paths under a nested object, static values kept', () => {
    const input = deepFreeze({
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    });
    const params = compilePayload(
      {
        comment: 'Selecting what I care about.',
        MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' },
      },
      'Parameters',
    );
    expect(params(ctxOf(input))).toEqual({
      comment: 'Selecting what I care about.',
      MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
    });
  });

  test('States Language: paths with an index and a slice, the Context Object, and States.Format', () => {
    const params = compilePayload(
      {
        flagged: true,
        parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[3:]' },
        'weekday.$': '$$.DayOfWeek',
        'formattedOutput.$': "States.Format('Today is {}', $$.DayOfWeek)",
      },
      'Parameters',
    );
    expect(params(ctxOf({ flagged: 7, vals: [0, 10, 20, 30, 40, 50] }, { DayOfWeek: 'TUESDAY' }))).toEqual({
      flagged: true,
      parts: { first: 0, last3: [30, 40, 50] },
      weekday: 'TUESDAY',
      formattedOutput: 'Today is TUESDAY',
    });
  });

  test('States Language Map example: "parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner"', () => {
    const detail = {
      'delivery-partner': 'UQS',
      shipped: [
        { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
        { prod: 'S39', 'dest-code': 9511, quantity: 40 },
      ],
    };
    const selector = compilePayload({ 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.delivery-partner' }, 'ItemSelector');
    expect(selector(ctxOf(detail, { Map: { Item: { Index: 0, Value: detail.shipped[0] } } }))).toEqual({
      parcel: { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
      courier: 'UQS',
    });
  });

  test('AWS "Example: ... Parameters" with an intrinsic: "KeyId.$": "States.Array($.Id)"', () => {
    expect(compilePayload({ 'BuildId.$': 'States.Array($.Id)' }, 'Parameters')(ctxOf({ Id: 123456 }))).toEqual({ BuildId: [123456] });
  });
});

describe('ResultSelector (AWS "Manipulating parameters ... ResultSelector")', () => {
  test('the createCluster.sync example: ResultSelector then ResultPath "$.EMROutput"', () => {
    const result = deepFreeze({
      resourceType: 'elasticmapreduce',
      resource: 'createCluster.sync',
      output: {
        SdkHttpMetadata: {
          HttpHeaders: {
            'Content-Length': '1112',
            'Content-Type': 'application/x-amz-JSON-1.1',
            Date: 'Mon, 25 Nov 2019 19:41:29 GMT',
            'x-amzn-RequestId': '1234-5678-9012',
          },
          HttpStatusCode: 200,
        },
        SdkResponseMetadata: { RequestId: '1234-5678-9012' },
        ClusterId: 'AKIAIOSFODNN7EXAMPLE',
      },
    });
    const selector = compilePayload({ 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' }, 'ResultSelector');
    const selected = selector(ctxOf(result));
    expect(selected).toEqual({ ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' });
    expect(applyResultPath({ OtherDataFromInput: {} }, '$.EMROutput', selected)).toEqual({
      OtherDataFromInput: {},
      EMROutput: { ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' },
    });
  });

  test('"flattenArray.$": "$[*][*]" flattens a Parallel or Map result', () => {
    expect(compilePayload({ 'flattenArray.$': '$[*][*]' }, 'ResultSelector')(ctxOf([[1, 2], [3], []]))).toEqual({ flattenArray: [1, 2, 3] });
  });
});

describe('templates', () => {
  test('arrays of templates, nested objects in arrays, scalars', () => {
    const p = compilePayload({ list: [{ 'a.$': '$.a' }, 'static', 1, null, [{ 'b.$': '$.b' }]], n: 2 }, 'Parameters');
    expect(p(ctxOf({ a: 'A', b: 'B' }))).toEqual({ list: [{ a: 'A' }, 'static', 1, null, [{ b: 'B' }]], n: 2 });
    expect(compilePayload([{ 'x.$': '$' }], 'Parameters')(ctxOf(5))).toEqual([{ x: 5 }]);
    expect(compilePayload('text', 'Parameters')(ctxOf({}))).toBe('text');
  });

  test('the whole input ($), the whole Context Object ($$), variables ($name)', () => {
    const p = compilePayload({ 'in.$': '$', 'ctx.$': '$$', 'v.$': '$count', 'w.$': '$order.id' }, 'Parameters');
    expect(p(ctxOf({ a: 1 }, { Execution: {} }, { count: 3, order: { id: 'o' } }))).toEqual({ in: { a: 1 }, ctx: { Execution: {} }, v: 3, w: 'o' });
  });

  test('a key that is just ".$" or has no ".$" suffix is copied as it is', () => {
    expect(compilePayload({ '.$': '$.a', 'a.$b': '$.a' }, 'Parameters')(ctxOf({ a: 1 }))).toEqual({ '.$': '$.a', 'a.$b': '$.a' });
  });

  test('a static template is returned as it is; static sub-trees are shared, dynamic parts built anew', () => {
    const template = deepFreeze({ a: { b: [1, 2] }, c: 'x' });
    expect(compilePayload(template, 'Parameters')(ctxOf({}))).toBe(template);
    const t2 = deepFreeze({ fixed: { deep: [1] }, 'dyn.$': '$.v' });
    const p = compilePayload(t2, 'Parameters');
    const r1 = p(ctxOf({ v: 1 })) as Record<string, Json>;
    const r2 = p(ctxOf({ v: 2 })) as Record<string, Json>;
    expect(r1).not.toBe(r2);
    expect(r1.fixed).toBe(t2.fixed);
    expect(r1.dyn).toBe(1);
    expect(r2.dyn).toBe(2);
  });

  test('a "__proto__" key becomes an own member', () => {
    const template = JSON.parse('{"__proto__.$": "$.a", "x": 1}') as Json;
    const out = compilePayload(template, 'Parameters')(ctxOf({ a: { polluted: true } })) as Record<string, Json>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    // Static members come before the ".$" ones (AWS's member order: payload-order.test.ts).
    expect(JSON.stringify(out)).toBe('{"x":1,"__proto__":{"polluted":true}}');
  });

  test('never mutates its input or the template', () => {
    const input = deepFreeze({ a: { b: [1, 2, 3] }, s: 'x' });
    const template = deepFreeze({ 'all.$': '$', 'b.$': '$.a.b', 'n.$': 'States.ArrayLength($.a.b)', k: { 'deep.$': '$.a' } });
    const out = compilePayload(template, 'Parameters')(ctxOf(input)) as Record<string, Json>;
    expect(out.all).toBe(input);
    expect(out.b).toBe(input.a.b);
    expect(input).toEqual({ a: { b: [1, 2, 3] }, s: 'x' });
  });
});

describe('failures', () => {
  test('a path that matches nothing: States.Runtime, AWS\'s "The JSONPath ... specified for the field ... could not be found in the input ..."', () => {
    expect(PAYLOAD_PATH_FAILURE).toBe('States.Runtime');
    const p = compilePayload({ 'JobName.$': '$.JobName' }, 'Parameters');
    const e = statesError(() => p(ctxOf({})));
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe("The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'");
    const e2 = statesError(() => compilePayload({ 'missing.$': '$.nope.deep' }, 'Parameters')(ctxOf({ other: 1 })));
    expect(e2.cause).toBe("The JSONPath '$.nope.deep' specified for the field 'missing.$' could not be found in the input '{\"other\":1}'");
  });

  test('the same in a nested object, in ResultSelector and ItemSelector, and for $$ paths', () => {
    expect(statesError(() => compilePayload({ a: { 'b.$': '$.x' } }, 'ResultSelector')(ctxOf({ y: 1 }))).cause).toBe(
      "The JSONPath '$.x' specified for the field 'b.$' could not be found in the input '{\"y\":1}'",
    );
    expect(statesError(() => compilePayload({ 'v.$': '$$.Map.Item.Value' }, 'ItemSelector')(ctxOf({}, { Execution: {} }))).cause).toBe(
      "The JSONPath '$$.Map.Item.Value' specified for the field 'v.$' could not be found in the input '{\"Execution\":{}}'",
    );
    expect(statesError(() => compilePayload({ 'v.$': '$x.y' }, 'Parameters')(ctxOf({}, {}, {}))).cause).toBe(
      "The JSONPath '$x.y' specified for the field 'v.$' could not be found in the input 'null'",
    );
  });

  test('intrinsic failures keep their error name; a path argument miss names the field', () => {
    const e = statesError(() => compilePayload({ 'n.$': 'States.ArrayLength($.s)' }, 'Parameters')(ctxOf({ s: 'x' })));
    expect(e.error).toBe('States.IntrinsicFailure');
    expect(e.cause).toBe('Invalid arguments in States.ArrayLength: the argument must be an array, got a string');
    const e2 = statesError(() => compilePayload({ 'n.$': 'States.ArrayLength($.nope)' }, 'Parameters')(ctxOf({})));
    expect(e2.error).toBe('States.Runtime');
    expect(e2.cause).toBe("The JSONPath '$.nope' specified for the field 'n.$' could not be found in the input '{}'");
  });

  test('compile-time failures: a non-string ".$" value, a bad path, a bad intrinsic', () => {
    const e = statesError(() => compilePayload({ 'a.$': 5 }, 'Parameters'));
    expect(e.error).toBe('States.Runtime');
    expect(e.cause).toBe("The value for the field 'a.$' in Parameters must be a JSONPath or an intrinsic function (a string), got 5");
    expect(statesError(() => compilePayload({ 'a.$': '$.a b' }, 'Parameters')).error).toBe('States.Runtime');
    expect(statesError(() => compilePayload({ 'a.$': 'nonsense' }, 'Parameters')).error).toBe('States.IntrinsicFailure');
  });
});
