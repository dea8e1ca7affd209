/** Workflow variables (AWS developer guide, "Passing data between states with variables"). */
import { details, eventsOf, run } from './helpers';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('JSONPath Assign', () => {
  test('keys ending .$ take paths, intrinsics and variables; later states read $name', async () => {
    const r = await run({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { productName: 'product1', 'count.$': '$.count', 'ids.$': 'States.Array($.a, $.b)' }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'name.$': '$productName', 'count.$': '$count', 'first.$': '$ids[0]' }, End: true },
      },
    }, { count: 3, a: 'x', b: 'y' });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ name: 'product1', count: 3, first: 'x' });
  });

  test('Assign sees the result after ResultSelector ($), before ResultPath and OutputPath', async () => {
    const r = await run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN,
          ResultSelector: { 'v.$': '$.value' },
          Assign: { 'fromResult.$': '$.v' },
          ResultPath: '$.r',
          OutputPath: '$.r',
          Next: 'P',
        },
        P: { Type: 'Pass', Parameters: { 'x.$': '$fromResult' }, End: true },
      },
    }, {}, { functions: { f: () => ({ value: 7 }) } });
    expect(r.output).toEqual({ x: 7 });
  });

  test('a state cannot read what its own Assign sets: it sees the old value', async () => {
    const r = await run({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { x: 2, 'old.$': '$x' }, Parameters: { 'seen.$': '$x' }, Next: 'C' },
        C: { Type: 'Pass', Parameters: { 'x.$': '$x', 'old.$': '$old' }, End: true },
      },
    });
    expect(r.output).toEqual({ x: 2, old: 1 });
    const exited = eventsOf(r, 'PassStateExited')[1];
    expect(details(exited).output).toBe('{"seen":1}');
  });

  test('the exited event records assignedVariables (JSON text) and assignedVariablesDetails', async () => {
    const r = await run({ StartAt: 'A', States: { A: { Type: 'Pass', Assign: { s: 'text', n: 1, o: { a: [1] } }, End: true } } });
    const d = details(eventsOf(r, 'PassStateExited')[0]);
    expect(d.assignedVariables).toEqual({ s: '"text"', n: '1', o: '{"a":[1]}' });
    expect(d.assignedVariablesDetails).toEqual({ truncated: false });
    // A state without Assign records none.
    const r2 = await run({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    expect(details(eventsOf(r2, 'PassStateExited')[0]).assignedVariables).toBeUndefined();
  });

  test("a Catcher's Assign sees the error output as $", async () => {
    const r = await run({
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, Assign: { never: 1 }, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'err.$': '$.Error' }, Next: 'P' }], End: true },
        P: { Type: 'Pass', Parameters: { 'err.$': '$err' }, End: true },
      },
    }, {}, { functions: { f: () => { throw Object.assign(new Error('no'), { name: 'Boom' }); } } });
    expect(r.output).toEqual({ err: 'Boom' });
  });

  test('a Choice rule Assign (JSONPath)', async () => {
    const r = await run({
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Assign: { big: true }, Next: 'P' }], Default: 'P' },
        P: { Type: 'Pass', Parameters: { 'big.$': '$big' }, End: true },
      },
    }, { n: 5 });
    expect(r.output).toEqual({ big: true });
  });

  test('a path to a variable that has no value fails', async () => {
    const r = await run({ StartAt: 'A', States: { A: { Type: 'Pass', Assign: { y: 1 }, Next: 'B' }, B: { Type: 'Pass', Parameters: { 'v.$': '$y.missing' }, End: true } } });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
  });
});

describe('JSONata Assign', () => {
  test('Assign and Output are evaluated together, both with the old values; $states.result available', async () => {
    const r = await run({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'T' },
        T: {
          Type: 'Task',
          Resource: FN,
          Assign: { x: '{% $states.result.v %}', prev: '{% $x %}' },
          Output: { seen: '{% $x %}' },
          Next: 'B',
        },
        B: { Type: 'Pass', Output: { x: '{% $x %}', prev: '{% $prev %}', seen: '{% $states.input.seen %}' }, End: true },
      },
    }, {}, { functions: { f: () => ({ v: 5 }) } });
    expect(r.output).toEqual({ x: 5, prev: 1, seen: 1 });
  });

  test("a Catcher's Assign with $states.errorOutput", async () => {
    const r = await run({
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { cause: '{% $states.errorOutput.Cause %}' }, Output: {}, Next: 'P' }], End: true },
        P: { Type: 'Pass', Output: '{% $cause %}', End: true },
      },
    }, {}, { functions: { f: () => { throw Object.assign(new Error('bad'), { name: 'E' }); } } });
    expect(JSON.parse(r.output as string)).toMatchObject({ errorType: 'E', errorMessage: 'bad' });
  });
});

describe('scope', () => {
  test('Parallel branches read outer variables; their assignments stay local', async () => {
    const r = await run({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'P' },
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'B1', States: { B1: { Type: 'Pass', Assign: { local: 'b' }, Next: 'B2' }, B2: { Type: 'Pass', Parameters: { 'outer.$': '$outer', 'local.$': '$local' }, End: true } } },
            { StartAt: 'C1', States: { C1: { Type: 'Pass', Assign: { local: 'c' }, Next: 'C2' }, C2: { Type: 'Pass', Parameters: { 'local.$': '$local' }, End: true } } },
          ],
          Next: 'After',
        },
        After: { Type: 'Pass', QueryLanguage: 'JSONata', Output: { branches: '{% $states.input %}', local: '{% $exists($local) %}' }, End: true },
      },
    });
    expect(r.output).toEqual({ branches: [{ outer: 'o', local: 'b' }, { local: 'c' }], local: false });
  });

  test('Map iterations read outer variables and do not share their own', async () => {
    const r = await run({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { factor: 10 }, Next: 'M' },
        M: {
          Type: 'Map',
          Items: '{% $states.input.xs %}',
          ItemProcessor: {
            StartAt: 'I',
            States: {
              I: { Type: 'Pass', Assign: { mine: '{% $states.input * $factor %}' }, Next: 'J' },
              J: { Type: 'Pass', Output: '{% $mine %}', End: true },
            },
          },
          Next: 'Z',
        },
        Z: { Type: 'Pass', Output: { r: '{% $states.input %}', mine: '{% $exists($mine) %}' }, End: true },
      },
    }, { xs: [1, 2, 3] });
    expect(r.output).toEqual({ r: [10, 20, 30], mine: false });
  });
});

describe('limits', () => {
  test('a variable larger than 256 KiB fails the state', async () => {
    const big = 'x'.repeat(256 * 1024 + 10);
    // The input itself is over the payload quota: lifted here, the variable's own limit is what is tested.
    const r = await run({ StartAt: 'A', States: { A: { Type: 'Pass', Assign: { 'big.$': '$.s' }, End: true } } }, { s: big }, { maxPayloadBytes: Infinity });
    expect(r.status).toBe('FAILED');
    expect(r.cause).toContain("variable 'big'");
  });
});
