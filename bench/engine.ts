/**
 * Engine speed, one scenario of one engine per process (run by bench/run.mjs):
 *   node dist/bench/engine.js <ours|ours-default|ours-history|peer> <pass-chain|map|concurrent|map-100k> [warm-up rounds] [timed rounds]
 * `ours`: a compiled machine run without history; `ours-default`: runExecution(definition, input)
 * with the history recorded (the default); `ours-history`: the compiled machine with the history.
 * Prints {ms, roundsMs, transitions, rssMiB}: `ms` is the median of the timed rounds (a round is
 * the whole scenario: all its executions), after the same number of untimed warm-up rounds for
 * both engines (defaults: 10 warm-up rounds and 11 timed ones, by which both engines run at their
 * steady speed; 1 and 3 for map-100k, whose rounds take seconds on the peer).
 * `transitions` are those of one round; `rssMiB` is the process's peak RSS. The peer is
 * aws-local-stepfunctions, given in-process handlers for its Task states as its documentation says.
 */
import { performance } from 'node:perf_hooks';
import { compileStateMachine, runExecution } from '../lib/engine';
import type { Json } from '../lib/engine/types';

// aws-local-stepfunctions needs Promise.withResolvers, which Node 20 lacks.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:add';

function passChain(n: number): Json {
  const States: Record<string, Json> = {};
  for (let i = 0; i < n; i++)
    States[`S${i}`] = { Type: 'Pass', Parameters: { 'n.$': '$.n', 'tag.$': '$.tag', i }, ResultPath: '$.last', ...(i + 1 < n ? { Next: `S${i + 1}` } : { End: true }) };
  return { StartAt: 'S0', States };
}

const mapMachine: Json = {
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'v.$': '$.v', 'ok': true }, End: true } } },
      End: true,
    },
  },
};

function taskChain(n: number): Json {
  const States: Record<string, Json> = {};
  for (let i = 0; i < n; i++) States[`T${i}`] = { Type: 'Task', Resource: FN, ...(i + 1 < n ? { Next: `T${i + 1}` } : { End: true }) };
  return { StartAt: 'T0', States };
}

const add = async (event: unknown) => ({ x: ((event as { x: number }).x ?? 0) + 1 });

interface Scenario {
  definition: Json;
  input: Json;
  executions: number;
  transitionsPerExecution: number;
  /** Run one after another (false) or all at once (true). */
  concurrent: boolean;
  /** Our engine's maxTransitions, when the default (25,000) would stop the execution. */
  maxTransitions?: number;
  /** Our engine's maxPayloadBytes, when the input is larger than AWS's 256 KiB (the peer enforces none). */
  maxPayloadBytes?: number;
  warmup: number;
  rounds: number;
}

function scenario(name: string): Scenario {
  switch (name) {
    case 'pass-chain':
      return { definition: passChain(1000), input: { n: 1, tag: 'x' }, executions: 50, transitionsPerExecution: 1000, concurrent: false, warmup: 10, rounds: 11 };
    case 'map':
      return { definition: mapMachine, input: { items: Array.from({ length: 10_000 }, (_, v) => ({ v })) }, executions: 1, transitionsPerExecution: 10_001, concurrent: false, warmup: 10, rounds: 11 };
    case 'map-100k':
      return {
        definition: mapMachine,
        input: { items: Array.from({ length: 100_000 }, (_, v) => ({ v })) },
        executions: 1,
        transitionsPerExecution: 100_001,
        concurrent: false,
        maxTransitions: 200_000,
        maxPayloadBytes: Infinity,
        warmup: 1,
        rounds: 3,
      };
    case 'concurrent':
      return { definition: taskChain(10), input: { x: 0 }, executions: 1000, transitionsPerExecution: 10, concurrent: true, warmup: 10, rounds: 11 };
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 === 1 ? a[m] : (a[m - 1] + a[m]) / 2;
}

async function main(): Promise<void> {
  const [engine, name, warmupArg, roundsArg] = process.argv.slice(2);
  if (engine !== 'ours' && engine !== 'peer' && engine !== 'ours-history' && engine !== 'ours-default') throw new Error(`unknown engine ${engine}`);
  const s = scenario(name);
  const warmup = warmupArg !== undefined ? Number(warmupArg) : s.warmup;
  const rounds = roundsArg !== undefined ? Math.max(1, Number(roundsArg)) : s.rounds;
  // Our engine's limits where the scenario needs more than the defaults (both of our paths).
  const limits = {
    ...(s.maxTransitions !== undefined ? { maxTransitions: s.maxTransitions } : {}),
    ...(s.maxPayloadBytes !== undefined ? { maxPayloadBytes: s.maxPayloadBytes } : {}),
  };
  let runOnce: () => Promise<unknown>;
  if (engine === 'peer') {
    const { StateMachine } = await import('aws-local-stepfunctions');
    const machine = new StateMachine(s.definition as never, { validationOptions: { checkArn: false } });
    const handlers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`T${i}`, add]));
    runOnce = () => machine.run(s.input as never, { overrides: { taskResourceLocalHandlers: handlers as never } }).result;
  } else if (engine === 'ours-default') {
    // The path users take: runExecution with the definition, the history recorded (the default).
    const options = { functions: { add }, ...limits };
    runOnce = async () => {
      const r = await runExecution(s.definition, s.input, options);
      if (r.status !== 'SUCCEEDED') throw new Error(`${r.error}: ${r.cause}`);
      return r.output;
    };
  } else {
    const machine = compileStateMachine(s.definition);
    const history = engine === 'ours-history';
    const options = { functions: { add }, history, ...limits };
    runOnce = async () => {
      const r = await machine.run(s.input, options);
      if (r.status !== 'SUCCEEDED') throw new Error(`${r.error}: ${r.cause}`);
      return r.output;
    };
  }
  const round = async (): Promise<number> => {
    const t = performance.now();
    if (s.concurrent) await Promise.all(Array.from({ length: s.executions }, () => runOnce()));
    else for (let i = 0; i < s.executions; i++) await runOnce();
    return performance.now() - t;
  };
  // A check that it works, the same for both engines.
  const out = (await runOnce()) as Record<string, unknown> & { length?: number };
  const ok =
    name === 'concurrent' ? out.x === 10 : name === 'pass-chain' ? (out.last as { i?: number } | undefined)?.i === 999 : Array.isArray(out) && out.length === (s.input as { items: unknown[] }).items.length;
  if (!ok) throw new Error(`unexpected output: ${JSON.stringify(out).slice(0, 200)}`);
  for (let i = 0; i < warmup; i++) await round();
  const roundsMs: number[] = [];
  for (let i = 0; i < rounds; i++) roundsMs.push(await round());
  process.stdout.write(
    JSON.stringify({
      ms: median(roundsMs),
      roundsMs: roundsMs.map((ms) => Math.round(ms * 10) / 10),
      transitions: s.executions * s.transitionsPerExecution,
      rssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
