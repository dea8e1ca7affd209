/**
 * What `runExecution` is given is checked before anything runs (run-options.ts): an option of the
 * wrong kind or an unknown one is an InvalidRunOptionsError naming it (never a loop guard switched
 * off, never a raw TypeError); an input that is not JSON AWS would take (circular, a BigInt,
 * nested deeper than the 1,000 levels of the JSON parser of AWS's services) is an
 * InvalidExecutionInput, as StartExecution answers, saying where. A definition nested that deep
 * (a Map or Parallel a thousand levels down) is refused by the validator and the engine alike,
 * at its JSON pointer, instead of overflowing the stack.
 */
import { validateDefinition } from '../../asl/validate';
import { InvalidDefinitionError, InvalidExecutionInputError, InvalidRunOptionsError, runExecution } from '..';
import type { Json, RunOptions } from '../types';

const PASS = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('run options', () => {
  test.each([
    ['maxTransitions', NaN, 'must be a positive integer'],
    ['maxTransitions', Infinity, 'must be a positive integer'],
    ['maxTransitions', -1, 'must be a positive integer'],
    ['maxTransitions', 0, 'must be a positive integer'],
    ['clock', 'fast', 'must be "virtual" or "real"'],
    ['startTime', new Date('nope'), 'must be a valid Date'],
    ['history', 'yes', 'must be true or false'],
    ['functions', { f: 42 }, 'must be an object of Lambda handlers by function name (functions.f is neither a function nor {handler})'],
    ['functions', { f: undefined }, 'must be an object of Lambda handlers by function name (functions.f is neither a function nor {handler})'],
    ['resources', [1], 'must be an array of resource invokers'],
    ['seed', NaN, 'must be a finite number'],
    ['jsonataTimeoutMs', 0, 'must be a positive number of milliseconds, or Infinity'],
    ['jsonataTimeoutMs', NaN, 'must be a positive number of milliseconds, or Infinity'],
    ['jsonataTimeoutMs', '500', 'must be a positive number of milliseconds, or Infinity'],
  ])('%s: %p is an InvalidRunOptionsError naming it', async (option, value, message) => {
    const e = await rejection(runExecution(PASS, {}, { [option]: value } as RunOptions));
    expect(e).toBeInstanceOf(InvalidRunOptionsError);
    expect(e.name).toBe('InvalidRunOptionsError');
    expect((e as InvalidRunOptionsError).option).toBe(option);
    expect(e.message).toContain(`The run option "${option}" ${message}`);
  });

  test('an unknown option name is refused, and the message lists the known ones', async () => {
    const e = await rejection(runExecution(PASS, {}, { maxTransition: 10 } as unknown as RunOptions));
    expect(e).toBeInstanceOf(InvalidRunOptionsError);
    expect(e.message).toMatch(/^Unknown run option "maxTransition"\. The run options are: .*maxTransitions/);
  });

  test.each(['toString', 'constructor', 'hasOwnProperty'])('an option named as a member of every object (%s) is unknown too', async (name) => {
    const e = await rejection(runExecution(PASS, {}, { [name]: 1 } as unknown as RunOptions));
    expect(e).toBeInstanceOf(InvalidRunOptionsError);
    expect(e.message).toMatch(new RegExp(`^Unknown run option "${name}"\\. The run options are: `));
  });

  test('an option given as undefined takes its default; valid options run', async () => {
    const r = await runExecution(PASS, { a: 1 }, { maxTransitions: undefined, clock: 'virtual', history: false, seed: 3, jsonataTimeoutMs: Infinity });
    expect(r.output).toEqual({ a: 1 });
  });
});

describe('execution input', () => {
  test.each([
    ['circular', (() => {
      const a: Record<string, unknown> = { list: [] };
      (a.list as unknown[]).push(a);
      return a;
    })(), '/list/0', 'a circular reference (the value contains itself)'],
    ['a BigInt', { n: 10n }, '/n', 'a BigInt (10n), which JSON cannot hold'],
    ['a function', { f: () => 1 }, '/f', 'a function, which JSON cannot hold'],
    ['NaN', { x: [NaN] }, '/x/0', 'the number NaN, which JSON cannot hold'],
    ['a class instance', { d: new Date(0) }, '/d', 'an instance of Date, not a plain JSON object'],
  ])('%s: InvalidExecutionInput at its pointer', async (_what, input, pointer, message) => {
    const e = await rejection(runExecution(PASS, input as unknown as Json));
    expect(e).toBeInstanceOf(InvalidExecutionInputError);
    expect(e.name).toBe('InvalidExecutionInput');
    expect((e as InvalidExecutionInputError).pointer).toBe(pointer);
    expect(e.message).toBe(`The execution input is not JSON that AWS would take: the input at ${pointer} is ${message}.`);
  });

  test('nested 100,000 deep: refused at the 1,001st level (no stack overflow); 1,000 levels run', async () => {
    const nest = (n: number): Json => {
      let v: Json = 1;
      for (let i = 0; i < n; i++) v = { a: v };
      return v;
    };
    const e = await rejection(runExecution(PASS, nest(100_000)));
    expect(e).toBeInstanceOf(InvalidExecutionInputError);
    expect(e.message).toBe('The execution input is not JSON that AWS would take: the input at /a/a/a/a/a/… (1000 levels down) is nested deeper than 1,000 levels.');
    const ok = await runExecution(PASS, nest(999));
    expect(ok.status).toBe('SUCCEEDED');
  });
});

describe('definitions nested a thousand deep', () => {
  const nested = (levels: number, type: 'Map' | 'Parallel'): Json => {
    let inner: Json = PASS;
    for (let i = 0; i < levels; i++) {
      const state: Json = type === 'Map' ? { Type: 'Map', ItemProcessor: inner, End: true } : { Type: 'Parallel', Branches: [inner], End: true };
      inner = { StartAt: `S${i}`, States: { [`S${i}`]: state } };
    }
    return inner;
  };

  test.each(['Map', 'Parallel'] as const)('%s nested 1,000 deep: the validator and the engine refuse it where the nesting passes the limit', async (type) => {
    const definition = nested(1000, type);
    const diagnostics = validateDefinition(definition);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe('SCHEMA_VALIDATION_FAILED');
    expect(diagnostics[0].pointer.startsWith(type === 'Map' ? '/States/S999/ItemProcessor/States/S998/' : '/States/S999/Branches/0/States/S998/')).toBe(true);
    expect(diagnostics[0].message).toBe('the definition is not JSON that AWS reads: the value here is nested deeper than 1,000 levels');
    const e = await rejection(runExecution(definition, {}));
    expect(e).toBeInstanceOf(InvalidDefinitionError);
    expect((e as InvalidDefinitionError).diagnostics).toEqual(diagnostics);
    // The same text, as a file would give it.
    const fromText = await rejection(runExecution(JSON.stringify(definition), {}));
    expect((fromText as InvalidDefinitionError).diagnostics).toEqual(diagnostics);
  });

  test('Parallel nested 200 deep (within the limit) runs', async () => {
    const r = await runExecution(nested(200, 'Parallel'), { x: 1 }, { history: false });
    let out = r.output;
    for (let i = 0; i < 200; i++) out = (out as Json[])[0];
    expect(out).toEqual({ x: 1 });
  });
});
