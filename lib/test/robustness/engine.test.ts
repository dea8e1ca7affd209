/**
 * Seeded random definitions and inputs fed to `runExecution` (the package's API): mutations of a
 * few definitions (every state type, both query languages) and of their inputs, and adversarial
 * cases (definitions nested a thousand deep, over AWS's size limit). Whatever it is given, a run
 * ends within its budget with an ExecutionResult, or is refused with the engine's named error
 * (InvalidDefinitionError, UnsupportedFeatureError) whose message says what is wrong; never a
 * stack overflow, a TypeError or a hang.
 *
 * Options and inputs that are not what runExecution takes are refused by name
 * (InvalidRunOptionsError, InvalidExecutionInputError: lib/engine/run-options.ts), and handlers
 * given in `functions` run isolated (lib/engine/lambda-isolation.ts).
 */
import { InvalidExecutionInputError, InvalidRunOptionsError, runExecution } from '../../engine';
import { seededRandom } from '../../random';
import { expectClean, type Judgement } from './harness';

jest.setTimeout(120_000);

const SUITE = 'runExecution';
const SEED = 20_261_123;
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:echo';

const DEFINITIONS: unknown[] = [
  { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'a.$': '$.a', b: [1, 2] }, ResultPath: '$.r', Next: 'C' }, C: { Type: 'Choice', Choices: [{ Variable: '$.a', NumericGreaterThan: 1, Next: 'W' }], Default: 'F' }, W: { Type: 'Wait', Seconds: 5, Next: 'T' }, T: { Type: 'Task', Resource: FN, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }], End: true }, F: { Type: 'Fail', Error: 'E', Cause: 'c' } } },
  { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 2, ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, Next: 'Par' }, Par: { Type: 'Parallel', Branches: [{ StartAt: 'X', States: { X: { Type: 'Succeed' } } }, { StartAt: 'Y', States: { Y: { Type: 'Task', Resource: FN, End: true } } }], End: true } } },
  { QueryLanguage: 'JSONata', StartAt: 'J', States: { J: { Type: 'Pass', Output: '{% $states.input.a + 1 %}', Assign: { v: '{% $states.input %}' }, Next: 'K' }, K: { Type: 'Choice', Choices: [{ Condition: '{% $v.a > 0 %}', Next: 'D' }], Default: 'D' }, D: { Type: 'Succeed' } } },
];
const INPUTS: unknown[] = [{ a: 2, items: [1, 2, 3] }, { a: 0, items: [] }, { a: 'x', items: [{ k: 1 }] }];

/** One seeded mutation of a JSON value: a member removed, replaced, renamed or nested deeper. */
function mutate(value: unknown, random: () => number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  const nodes: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      nodes.push({ parent: v as Record<string, unknown>, key: k });
      walk((v as Record<string, unknown>)[k]);
    }
  };
  walk(copy);
  if (!nodes.length) return pick([null, 0, '', [], {}]);
  const { parent, key } = pick(nodes);
  const target = parent as Record<string | number, unknown>;
  const replacements: unknown[] = [null, true, -1, 0, 1e308, 'x', '$', '$.nope', '{% $nope( %}', '{% 1/0 %}', [], {}, 'States.Format(', 'END', { Type: 'Bogus' }, 99999999999];
  switch (Math.floor(random() * 5)) {
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete target[key];
      break;
    case 1:
      target[key] = pick(replacements);
      break;
    case 2:
      if (!Array.isArray(parent)) {
        const v = target[key];
        delete target[key];
        target[`${String(key)}${pick(['', 'x', '.$', 'Path'])}`] = v;
      }
      break;
    case 3: {
      let v: unknown = target[key];
      for (let i = Math.floor(random() * 40); i > 0; i--) v = [v];
      target[key] = v;
      break;
    }
    default:
      // Another part of the value copied here (a state where a string was, a Choice rule in a field...).
      target[key] = JSON.parse(JSON.stringify(pick(nodes).parent)) as unknown;
  }
  return copy;
}

const NAMED = ['InvalidDefinitionError', 'UnsupportedFeatureError'];
const RAW = /Maximum call stack|Cannot read propert|is not a function|is not iterable|undefined is not/;

async function judgeRun(definition: unknown, input: unknown): Promise<Judgement> {
  const functions = { echo: async (e: unknown) => e };
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), 20_000)));
  try {
    const r = await Promise.race([runExecution(definition as never, input as never, { functions }), budget]);
    if (r === 'hang') return { verdict: 'hang', problems: ['runExecution did not end within 20 s'] };
    const problems = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].includes(r.status) ? [] : [`status ${r.status}`];
    if (r.status === 'FAILED' && (!r.error || RAW.test(`${r.cause ?? ''}`))) problems.push(`a failure without a clean error: ${r.error} ${String(r.cause).slice(0, 200)}`);
    return { verdict: problems.length ? 'unclean' : 'clean', problems };
  } catch (e) {
    const name = e instanceof Error ? e.name : typeof e;
    const message = e instanceof Error ? e.message : String(e);
    const problems = NAMED.includes(name) && !RAW.test(message) ? [] : [`threw ${name}: ${message.slice(0, 200)}`];
    return { verdict: problems.length ? 'unclean' : 'clean', problems };
  } finally {
    clearTimeout(timer);
  }
}

describe('random definitions and inputs', () => {
  const random = seededRandom(SEED);
  const cases = Array.from({ length: 150 }, (_, i) => {
    const definition = i % 3 === 2 ? DEFINITIONS[i % DEFINITIONS.length] : mutate(DEFINITIONS[i % DEFINITIONS.length], random);
    const input = i % 3 === 1 ? mutate(INPUTS[i % INPUTS.length], random) : INPUTS[i % INPUTS.length];
    return [i, definition, input] as const;
  });
  test.each(cases)('case %i', async (i, definition, input) => {
    expectClean(SUITE, `random definition and input ${i}`, await judgeRun(definition, input));
  });
});

describe('adversarial definitions', () => {
  const nested = (depth: number, type: 'Parallel' | 'Map') => {
    let inner: Record<string, unknown> = { StartAt: 'L0', States: { L0: { Type: 'Pass', End: true } } };
    for (let d = 1; d <= depth; d++)
      inner = { StartAt: `L${d}`, States: { [`L${d}`]: type === 'Parallel' ? { Type: 'Parallel', Branches: [inner], End: true } : { Type: 'Map', ItemProcessor: inner, End: true } } };
    return inner;
  };
  test.each<[string, () => unknown, string]>([
    ['Parallel nested 1,000 deep', () => nested(1000, 'Parallel'), 'nested deeper than 1,000 levels'],
    ['Map nested 1,000 deep', () => nested(1000, 'Map'), 'nested deeper than 1,000 levels'],
    ['a definition of 1,048,577 characters', () => ({ StartAt: 'A', States: { A: { Type: 'Pass', Comment: 'x'.repeat(1_048_577 - 55), End: true } } }), 'DEFINITION_TOO_LARGE'],
    ['a definition as text nested 100,000 deep', () => `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":${'['.repeat(100_000)}${']'.repeat(100_000)},"End":true}}}`, 'nested deeper than 1,000 levels'],
  ])('%s: refused by name', async (name, make, code) => {
    const j = await judgeRun(make(), {});
    if (j.verdict === 'clean' && !j.problems.length) {
      // Refused, not run: the refusal must say why.
      try {
        await runExecution(make() as never, {});
        j.verdict = 'false-success';
        j.problems.push('it ran');
      } catch (e) {
        if (!String((e as Error).message).includes(code)) {
          j.verdict = 'unclean';
          j.problems.push(`the refusal does not say ${code}: ${String((e as Error).message).slice(0, 200)}`);
        }
      }
    }
    expectClean(SUITE, name, j);
  });
});

describe('options, inputs and handlers that are not what runExecution takes', () => {
  const pass = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  test.each<[string, () => Promise<unknown>, new (...args: never[]) => Error]>([
    ['maxTransitions NaN', () => runExecution(pass, {}, { maxTransitions: NaN }), InvalidRunOptionsError],
    ['maxTransitions Infinity', () => runExecution(pass, {}, { maxTransitions: Infinity }), InvalidRunOptionsError],
    ['maxTransitions -1', () => runExecution(pass, {}, { maxTransitions: -1 }), InvalidRunOptionsError],
    ['an unknown option name', () => runExecution(pass, {}, { maxTransitons: 5 } as never), InvalidRunOptionsError],
    ['a circular input', () => runExecution(pass, circular as never), InvalidExecutionInputError],
    ['an input holding a BigInt', () => runExecution(pass, { n: 1n } as never), InvalidExecutionInputError],
    ['an input nested 100,000 deep', () => runExecution(pass, deep as never), InvalidExecutionInputError],
  ])('%s: refused by name', async (name, start, named) => {
    const problems: string[] = [];
    try {
      await start();
      problems.push('it ran');
    } catch (e) {
      if (!(e instanceof named)) problems.push(`refused with ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 200)}`);
    }
    expectClean(SUITE, name, { verdict: problems.length ? (problems[0] === 'it ran' ? 'false-success' : 'unclean') : 'clean', problems });
  });

  test('a handler given in `functions` that calls process.exit fails its Task with Runtime.ExitError (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html)', async () => {
    const r = await runExecution({ StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } }, {}, { functions: { echo: () => process.exit(0) } });
    const problems = r.status === 'FAILED' && r.error === 'Runtime.ExitError' ? [] : [`${r.status} ${r.error ?? ''}`];
    expectClean(SUITE, 'a handler in functions calls process.exit', { verdict: problems.length ? 'false-success' : 'clean', problems });
  });
});
