// `npm run bench`: synth speed and memory, measured side by side with the baseline in one run,
// written to BENCHMARKS.md. Never part of `npm test`.
//
// Synth: `npm run synth` of every stack (deep imports from @cdktf/provider-aws/lib/<resource>,
// Lambda bundles cached), next to the same app built with root imports of @cdktf/provider-aws
// (what the facts warn against), and a cold synth with no bundle cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { cliStartSection, measureCliStart } from './cli-start.mjs';
import { compileEngineBench, engineSection, runEngineBench } from './engine-run.mjs';
import { measureServeStart, serveStartSection } from './serve-start.mjs';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'sfn-bench-'));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROOT_RUNS = Number(process.env.BENCH_ROOT_RUNS ?? 3);

// The baseline: main.ts with every `@cdktf/provider-aws/lib/<x>` import served from the package root.
const rootImportPlugin = {
  name: 'provider-aws-root-import',
  setup(b) {
    b.onResolve({ filter: /^@cdktf\/provider-aws\/lib\/[^/]+$/ }, (args) => ({ path: args.path, namespace: 'root-import' }));
    b.onLoad({ filter: /.*/, namespace: 'root-import' }, (args) => {
      const ns = args.path.split('/').pop().replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
      return { contents: `module.exports = require('@cdktf/provider-aws').${ns};`, loader: 'js', resolveDir: root };
    });
  },
};
const rootImportMain = join(root, 'dist', 'bench', 'main-root-import.js');
await build({
  entryPoints: [join(root, 'main.ts')],
  outfile: rootImportMain,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['cdktf', 'constructs', 'zod', 'esbuild', 'jsonata', '@cdktf/provider-aws'],
  plugins: [rootImportPlugin],
  logLevel: 'error',
});

/** Runs a command `runs` times: wall time of the whole command, peak RSS of its largest node process. */
function measure(label, command, args, { runs, env = {}, before } = {}) {
  const walls = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const reports = join(tmp, `reports-${label.replace(/\W+/g, '-')}-${i}`);
    mkdirSync(reports);
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', BENCH_REPORT_DIR: reports, NODE_OPTIONS: `-r ${join(root, 'bench/peak-rss.cjs')}`, ...env },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${label} failed:\n${r.stdout}\n${r.stderr}`);
    walls.push(ms);
    rss.push(Math.max(...readdirSync(reports).map((f) => JSON.parse(readFileSync(join(reports, f), 'utf8')).maxRssKiB / 1024)));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result = { label, runs, wallMs: median(walls), minWallMs: Math.min(...walls), peakRssMiB: Math.max(...rss) };
  console.log(`${label}: median ${result.wallMs.toFixed(0)} ms (min ${result.minWallMs.toFixed(0)}), peak RSS ${result.peakRssMiB.toFixed(0)} MiB over ${runs} runs`);
  return result;
}

const outdir = join(tmp, 'cdktf.out');
const synthEnv = { CDKTF_OUTDIR: outdir };
measure('warm-up', 'npm', ['run', '--silent', 'synth'], { runs: 1, env: synthEnv });
const results = [
  measure('npm run synth (deep imports, bundles cached)', 'npm', ['run', '--silent', 'synth'], { runs: RUNS, env: synthEnv }),
  measure('synth process alone (node dist/main.js)', 'node', ['dist/main.js'], { runs: RUNS, env: synthEnv }),
  measure('cold synth (no bundle cache)', 'node', ['dist/main.js'], {
    runs: Math.min(RUNS, 3),
    env: { ...synthEnv, SFN_BUNDLE_CACHE: join(tmp, 'cache') },
    before: () => rmSync(join(tmp, 'cache'), { recursive: true, force: true }),
  }),
  measure('baseline: root import of @cdktf/provider-aws', 'node', [rootImportMain], { runs: ROOT_RUNS, env: synthEnv }),
];
const stacks = Object.keys(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks);

/** Whether bench/<name>.ts is there: the benchmarks of the example workflows go with them (README, "Removing the examples"). */
const present = (name) => existsSync(join(root, 'bench', `${name}.ts`));

/** Compiles bench/<name>.ts to dist/bench/<name>.js, dependencies external. */
async function compileBench(name) {
  const outfile = join(root, 'dist', 'bench', `${name}.js`);
  await build({ entryPoints: [join(root, 'bench', `${name}.ts`)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error' });
  return outfile;
}

// Validation: our checker against the AWS Toolkit's, same definition, same process.
const validateBench = await compileBench('validate');
const v = spawnSync('node', [validateBench, root], { cwd: root, encoding: 'utf8' });
if (v.status !== 0) throw new Error(`validation benchmark failed:\n${v.stderr}`);
const validation = JSON.parse(v.stdout);
console.log(`validation: ${JSON.stringify(validation)}`);

// The local engine against aws-local-stepfunctions, on both paths users take (bench/engine-run.mjs).
const engineResults = runEngineBench(await compileEngineBench(root), root);
const engine = engineSection(engineResults);

// Distributed Map on a local S3 (s3rver on 127.0.0.1): 100,000 CSV rows in batches of 100 through a Lambda (bench/distributed.ts).
const distributedBench = await compileBench('distributed');
const distributedRuns = Array.from({ length: 3 }, () => {
  const r = spawnSync('node', [distributedBench], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return r.status === 0 ? JSON.parse(r.stdout) : { error: (r.stderr || r.error?.message || 'failed').trim().split('\n')[0] };
});
const distributedFailed = distributedRuns.find((r) => r.error);
const distributed = distributedFailed ?? { ...[...distributedRuns].sort((a, b) => a.ms - b.ms)[1], rssMiB: Math.max(...distributedRuns.map((r) => r.rssMiB)) };
console.log(`distributed map: ${JSON.stringify(distributed)}`);

// The local Step Functions endpoint (`sfn serve`) through the real @aws-sdk/client-sfn (bench/serve.ts).
const serveBench = await compileBench('serve');
const serveRun = (() => {
  const r = spawnSync('node', [serveBench], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return r.status === 0 ? JSON.parse(r.stdout) : { error: (r.stderr || r.error?.message || 'failed').trim().split('\n')[0] };
})();
console.log(`serve: ${JSON.stringify(serveRun)}`);

// 1,000 concurrent executions of message-pipeline against the local DynamoDB (bench/message-pipeline.ts).
let pipelineRun;
if (present('message-pipeline')) {
  const pipelineBench = await compileBench('message-pipeline');
  pipelineRun = (() => {
    const r = spawnSync('node', [pipelineBench], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    return r.status === 0 ? JSON.parse(r.stdout) : { error: (r.stderr || r.error?.message || 'failed').trim().split('\n')[0] };
  })();
  console.log(`message-pipeline: ${JSON.stringify(pipelineRun)}`);
}

// The CRM lead workflow end to end: engine + local CRM API + embedded PostgreSQL (bench/crm-leads.ts).
let crmLeads;
if (present('crm-leads')) {
  const crmBench = await compileBench('crm-leads');
  const crmRuns = Array.from({ length: 3 }, () => {
    const r = spawnSync('node', [crmBench, '1000', '16'], { cwd: root, encoding: 'utf8', timeout: 600_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    return r.status === 0 ? JSON.parse(r.stdout) : { error: (r.stderr || r.error?.message || 'failed').trim().split('\n')[0] };
  });
  const crmFailed = crmRuns.find((r) => r.error);
  crmLeads = crmFailed ?? { ...[...crmRuns].sort((a, b) => a.ms - b.ms)[1], rssMiB: Math.max(...crmRuns.map((r) => r.rssMiB)) };
  console.log(`crm leads: ${JSON.stringify(crmLeads)}`);
}
rmSync(tmp, { recursive: true, force: true });

const [npmSynth, processAlone, , baseline] = results;
const goal = { ms: 1000, mib: 150 };
const ok = npmSynth.wallMs < goal.ms && npmSynth.peakRssMiB < goal.mib;
const lines = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (`bench/run.mjs`); every figure of one table comes from the same run on the same machine.',
  '',
  `## Synth of all ${stacks.length} stacks (${stacks.join(', ')})`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. Date: ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| what | runs | median wall time | fastest | peak RSS (largest process) |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.label} | ${r.runs} | ${r.wallMs.toFixed(0)} ms | ${r.minWallMs.toFixed(0)} ms | ${r.peakRssMiB.toFixed(0)} MiB |`),
  '',
  `Goal: \`npm run synth\` of all stacks under ${goal.ms} ms and ${goal.mib} MB: **${ok ? 'met' : 'NOT met'}**. ` +
    `Synth process with deep imports against the same app with the root import: ${(baseline.wallMs / processAlone.wallMs).toFixed(1)}× faster, ` +
    `${(baseline.peakRssMiB / processAlone.peakRssMiB).toFixed(1)}× less memory.`,
  '',
  'Wall time of `npm run synth` includes npm itself and the esbuild compile of `main.ts`; the cold run rebuilds every Lambda bundle with esbuild.',
  '',
  '## Validation',
  '',
  `\`bench/validate.ts\`: a generated ${validation.states}-state definition (\`bench/fixtures/big-definition.ts\`: every state type, JSONPath and JSONata, intrinsics, Retry/Catch, nested scopes).`,
  '',
  '| what | time |',
  '| --- | ---: |',
  `| every template of statemachine/ (${validation.templates}), whole check: parse, placeholders, render, validate | ${validation.allTemplatesMs.toFixed(1)} ms |`,
  `| ${validation.states}-state definition, first validation in a new process | ${validation.coldMs.toFixed(1)} ms |`,
  `| ${validation.states}-state definition, warm (median of 21) | ${validation.warmMs.toFixed(1)} ms |`,
  `| ${validation.states}-state definition, warm, JSONata expressions never seen before | ${validation.freshExpressionsMs.toFixed(1)} ms |`,
  `| baseline: the AWS Toolkit's checker (amazon-states-language-service) on the same definition (median of 3) | ${validation.toolkitMs.toFixed(1)} ms |`,
  '',
  `Goal: the ${validation.states}-state definition under 50 ms: **${validation.warmMs < 50 ? 'met' : 'NOT met'}** warm` +
    `, ${validation.coldMs < 50 ? 'also' : 'not'} on the first validation of a new process. ` +
    `Our validator reports ${validation.diagnostics} problems on it, the Toolkit ${validation.toolkitDiagnostics}.`,
  '',
  ...engine.lines,
  '## Distributed Map on a local S3',
  '',
  '`bench/distributed.ts`: s3rver on 127.0.0.1 holds a CSV of 100,000 rows; a Distributed Map reads it (ItemReader CSV), batches 100 rows per child execution (ItemBatcher), runs a Lambda summing each batch (MaxConcurrency 100) and exports the results to another bucket (ResultWriter). Median of 3 runs, each in a process of its own; peak RSS of the process, s3rver included.',
  '',
  '| what | time | peak RSS |',
  '| --- | ---: | ---: |',
  distributed.error
    ? `| 100,000 CSV rows, batches of 100 | failed: ${distributed.error} | - |`
    : `| 100,000 CSV rows, ${distributed.children.toLocaleString('en-US')} child executions of 100 rows | ${distributed.ms.toFixed(0)} ms | ${distributed.rssMiB.toFixed(0)} MiB |`,
  '',
  `Goal: under 30 s and 500 MB: **${!distributed.error && distributed.ms < 30_000 && distributed.rssMiB < 500 ? 'met' : 'NOT met'}**.`,
  '',
  '## Local Step Functions endpoint',
  '',
  `\`bench/serve.ts\`: \`sfn serve\`'s server on 127.0.0.1 and the real @aws-sdk/client-sfn in one process; StartExecution of a one-Pass state machine, ${serveRun.requests ?? 1000} requests per round, one after the other (each waits for its answer) and 16 at a time; median of 5 rounds after a warm-up round.`,
  '',
  '| what | StartExecution round trips per second | peak RSS |',
  '| --- | ---: | ---: |',
  ...(serveRun.error
    ? [`| StartExecution | failed: ${serveRun.error} | - |`]
    : [
        `| one at a time | ${Math.round(serveRun.sequentialPerS).toLocaleString('en-US')} | ${serveRun.rssMiB.toFixed(0)} MiB |`,
        `| 16 at a time | ${Math.round(serveRun.concurrentPerS).toLocaleString('en-US')} | |`,
      ]),
  '',
];
if (pipelineRun)
  lines.push(
    '## message-pipeline against the local DynamoDB',
    '',
    `\`bench/message-pipeline.ts\`: ${pipelineRun.executions ?? 1000} concurrent executions of \`message-pipeline\` (real PutItem / UpdateItem on dynalite on 127.0.0.1, the local SQS / SNS sinks, its 10 s Wait on the virtual clock) in one process; median of 3 rounds after a warm-up execution. Every execution must succeed, and at the end the table must hold every item RECORD_PROCESSED.`,
    '',
    '| what | time | executions per second | peak RSS |',
    '| --- | ---: | ---: | ---: |',
    pipelineRun.error
      ? `| 1,000 concurrent executions | failed: ${pipelineRun.error} | - | - |`
      : `| 1,000 concurrent executions | ${pipelineRun.ms.toFixed(0)} ms | ${Math.round(pipelineRun.perS).toLocaleString('en-US')} | ${pipelineRun.rssMiB.toFixed(0)} MiB |`,
    '',
  );
if (crmLeads)
  lines.push(
    '## CRM leads end to end',
    '',
    '`bench/crm-leads.ts`: 1,000 leads, each with its own RUT, through `crm-lead` on the local engine with its real handlers, which post to the local CRM API (the deployed API handlers on the embedded PostgreSQL, PGlite, in a worker thread); 16 executions at a time, after one untimed lead. Median of 3 runs, each in a process of its own; peak RSS of the process (the database included). Every run checks that each table holds one row per lead.',
    '',
    '| what | leads per second | time | peak RSS | CRM API start (database from the cache) |',
    '| --- | ---: | ---: | ---: | ---: |',
    crmLeads.error
      ? `| 1,000 leads through crm-lead | failed: ${crmLeads.error} | - | - | - |`
      : `| 1,000 leads through crm-lead | ${Math.round(crmLeads.leadsPerS).toLocaleString('en-US')} | ${crmLeads.ms.toFixed(0)} ms | ${crmLeads.rssMiB.toFixed(0)} MiB | ${crmLeads.startMs.toFixed(0)} ms |`,
    '',
  );
// `sfn serve` readiness, next to the toolkit this branch started from (bench/serve-start.mjs).
try {
  const serveStart = await measureServeStart();
  console.log(`serve start: ${JSON.stringify(serveStart)}`);
  lines.push(...serveStartSection(serveStart));
} catch (e) {
  lines.push('## sfn serve readiness', '', `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, '');
}
// How fast `npx sfn` answers, next to `node bin/sfn.js` (bench/cli-start.mjs).
try {
  lines.push(...cliStartSection(measureCliStart()));
} catch (e) {
  lines.push('## sfn command start', '', `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, '');
}
writeFileSync(join(root, 'BENCHMARKS.md'), lines.join('\n'));
console.log(`\nwrote BENCHMARKS.md (goal ${ok ? 'met' : 'NOT met'})`);
