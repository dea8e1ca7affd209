// The local engine against aws-local-stepfunctions (bench/engine.ts), on both paths users take:
// a compiled machine run without history (`compileStateMachine(...).run(input, {history: false})`)
// and `runExecution(definition, input)` with the history recorded (the default: what `sfn run
// --history`, `sfn serve` and tests use). Part of `npm run bench` (bench/run.mjs); alone,
// `npm run bench:engine` rewrites only the "Local engine" section of BENCHMARKS.md.
//
// Each scenario of each engine runs in a process of its own, BENCH_ENGINE_RUNS times (default 3),
// the engines taking turns (ours, ours through runExecution, the peer, then again), so that a
// burst of load on a shared machine does not fall on one engine only; each process reports the
// median of its timed rounds, and the table shows the median of those.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 3);
const GOAL = 5;

export const ENGINE_SCENARIOS = [
  ['pass-chain', '1,000-state Pass chain with Parameters and ResultPath, 50 executions in a row'],
  ['map', 'Map over 10,000 items (Pass with Parameters per item)'],
  ['concurrent', '1,000 concurrent executions of a 10-Task machine, in-process handlers'],
  ['map-100k', 'Map over 100,000 items (peak RSS)'],
];
const ENGINES = ['ours', 'ours-default', 'peer'];

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 === 1 ? a[m] : (a[m - 1] + a[m]) / 2;
};

function runOnce(script, root, engine, scenario) {
  const r = spawnSync('node', [script, engine, scenario], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'failed').trim().split('\n')[0] };
  return JSON.parse(r.stdout);
}

/** Runs every scenario of every engine (see above): {scenario, label, ours, default, peer} with ms (median), runsMs, rssMiB (the largest). */
export function runEngineBench(script, root) {
  return ENGINE_SCENARIOS.map(([scenario, label]) => {
    const runs = Object.fromEntries(ENGINES.map((e) => [e, []]));
    for (let i = 0; i < RUNS; i++) for (const e of ENGINES) runs[e].push(runOnce(script, root, e, scenario));
    const summary = (rs) => {
      const failed = rs.find((r) => r.error);
      if (failed) return failed;
      return { ms: median(rs.map((r) => r.ms)), runsMs: rs.map((r) => Math.round(r.ms * 10) / 10), transitions: rs[0].transitions, rssMiB: Math.max(...rs.map((r) => r.rssMiB)) };
    };
    const result = { scenario, label, ours: summary(runs.ours), default: summary(runs['ours-default']), peer: summary(runs.peer) };
    console.log(`engine ${scenario}: ${JSON.stringify(result)}`);
    return result;
  });
}

/** The "Local engine" section of BENCHMARKS.md, and whether the goal is met on both paths of every scenario. */
export function engineSection(results) {
  const fmt = (scenario, r) =>
    r.error ? `failed: ${r.error}` : scenario === 'pass-chain' ? `${Math.round(r.transitions / (r.ms / 1000)).toLocaleString('en-US')} transitions/s` : `${r.ms.toFixed(r.ms < 10 ? 1 : 0)} ms`;
  const ratio = (ours, peer) => (ours.error || peer.error ? undefined : peer.ms / ours.ms);
  const showRatio = (x) => (x === undefined ? '-' : `${x.toFixed(1)}×`);
  const rss = (r) => (r.error ? '-' : `${r.rssMiB.toFixed(0)} MiB`);
  const short = [];
  const rows = results.map(({ scenario, label, ours, default: byDefault, peer }) => {
    const direct = ratio(ours, peer);
    const path = ratio(byDefault, peer);
    if (direct === undefined || direct < GOAL) short.push(`${scenario} (compiled machine, no history)`);
    if (path === undefined || path < GOAL) short.push(`${scenario} (runExecution with history)`);
    return `| ${label} | ${fmt(scenario, ours)} | ${fmt(scenario, byDefault)} | ${fmt(scenario, peer)} | ${showRatio(direct)} | ${showRatio(path)} | ${rss(ours)} | ${rss(byDefault)} | ${rss(peer)} |`;
  });
  const met = short.length === 0;
  const lines = [
    '## Local engine',
    '',
    `Reproduce: \`npm run bench:engine\` (this section alone) or \`npm run bench\`. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} when it ran (the machine is shared: figures vary from run to run). Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '`bench/engine.ts`: each scenario of each engine in a process of its own, same warm-up (10 untimed rounds; 1 for 100,000 items), then the median of the timed rounds (11; 3 for 100,000 items); ' +
      `${RUNS} processes per engine and scenario, the engines taking turns, and the median of their medians is shown. ` +
      'Ours on both paths users take: a compiled machine run without history (`compileStateMachine(definition).run(input, { history: false })`), and `runExecution(definition, input)` with the history recorded, the default (what `sfn run --history`, `sfn serve` and tests use; it compiles a definition once and records the history cheaply, making its objects when it is read). ' +
      'The peer is `aws-local-stepfunctions` (a machine constructed once, then run; in-process handlers for its Task states as its documentation says; with a `Promise.withResolvers` polyfill on Node 20).',
    '',
    '| scenario | ours, compiled, no history | ours, runExecution with history | aws-local-stepfunctions | ratio, compiled | ratio, runExecution | ours compiled, peak RSS | ours runExecution, peak RSS | peer, peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Goals: at least ${GOAL}× the peer on each scenario, on both paths, and under 500 MB for 100,000 items: ` +
      `**${met ? 'met' : `NOT met for ${short.join(', ')}`}**; 100,000 items: ours ${results.find((r) => r.scenario === 'map-100k')?.default.rssMiB?.toFixed(0) ?? '-'} MiB with the history.`,
    '',
  ];
  return { lines, met };
}

/** Compiles bench/engine.ts (dependencies external). */
export async function compileEngineBench(root) {
  const outfile = join(root, 'dist', 'bench', 'engine.js');
  await build({ entryPoints: [join(root, 'bench', 'engine.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error' });
  return outfile;
}

// Alone: rewrites the "Local engine" section of BENCHMARKS.md.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const results = runEngineBench(await compileEngineBench(root), root);
  const { lines, met } = engineSection(results);
  const file = join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('## Local engine');
  if (start < 0) throw new Error('BENCHMARKS.md has no "## Local engine" section: run npm run bench');
  const next = text.indexOf('\n## ', start + 1);
  writeFileSync(file, text.slice(0, start) + lines.join('\n') + (next < 0 ? '\n' : text.slice(next)));
  console.log(`\nwrote the Local engine section of BENCHMARKS.md (goal ${met ? 'met' : 'NOT met'})`);
}
