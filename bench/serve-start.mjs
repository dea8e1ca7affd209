// `sfn serve` readiness: the time from starting the command to the line saying the endpoint is
// ready, and the peak RSS of the process, for this tree and, in the same run, for the toolkit of a
// baseline commit (default: where this branch left main; BENCH_SERVE_BASELINE=<rev>) serving the
// same project. The baseline's lib/ is taken with `git archive` into a temporary folder and bundled
// as bin/sfn.js bundles it; both run in the repository (the example app), one after the other.
//
//   node bench/serve-start.mjs           prints the figures
//   node bench/serve-start.mjs --write   also replaces the "sfn serve readiness" section of BENCHMARKS.md
// npm run bench (bench/run.mjs) runs it too.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const READY = 'Ctrl-C stops it';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Bundles the `sfn` command of `lib` (as bin/sfn.js does) to `outfile`. */
async function bundleCli(libRoot, outfile) {
  await build({ entryPoints: [join(libRoot, 'lib', 'cli', 'sfn.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error' });
}

/** One start of `node <cli> serve --port 0` in the repository: ms until ready, peak RSS (MiB) of the process. */
function startOnce(cli, reports) {
  return new Promise((resolve, reject) => {
    mkdirSync(reports, { recursive: true });
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', join(root, 'bench', 'peak-rss.cjs'), cli, 'serve', '--port', '0'], {
      cwd: root,
      env: { ...process.env, BENCH_REPORT_DIR: reports, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let ms;
    child.stdout.on('data', (d) => {
      out += d;
      if (ms === undefined && out.includes(READY)) {
        ms = Number(process.hrtime.bigint() - t0) / 1e6;
        // A moment for a command that listens for Ctrl-C only after saying it is ready (the baseline's did).
        setTimeout(() => child.kill('SIGINT'), 300);
      }
    });
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', () => {
      clearTimeout(timer);
      if (ms === undefined) return reject(new Error(`sfn serve did not start:\n${out}`));
      const rss = readdirSync(reports).map((f) => JSON.parse(readFileSync(join(reports, f), 'utf8')).maxRssKiB / 1024);
      resolve({ ms, rssMiB: Math.max(...rss) });
    });
  });
}

export async function measureServeStart({ runs = Number(process.env.BENCH_SERVE_RUNS ?? 5), baseline = process.env.BENCH_SERVE_BASELINE } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'sfn-serve-start-'));
  try {
    const ref = baseline ?? execFileSync('git', ['merge-base', 'HEAD', 'main'], { cwd: root, encoding: 'utf8' }).trim();
    const old = join(tmp, 'baseline');
    mkdirSync(old);
    execFileSync('sh', ['-c', `git archive ${ref} lib | tar -x -C ${old}`], { cwd: root });
    symlinkSync(join(root, 'node_modules'), join(old, 'node_modules'), 'dir');
    // Each bundle where its node_modules resolve: this tree's dist/, the baseline's folder (node_modules linked).
    const cli = { current: join(root, 'dist', 'bench', 'serve-current.js'), baseline: join(old, 'dist', 'sfn.js') };
    await bundleCli(root, cli.current);
    await bundleCli(old, cli.baseline);
    // One untimed start each (caches: the project's compiled registry, the CRM database's data directory).
    await startOnce(cli.current, join(tmp, 'warm-current'));
    await startOnce(cli.baseline, join(tmp, 'warm-baseline'));
    const results = { current: [], baseline: [] };
    for (let i = 0; i < runs; i++)
      for (const which of ['current', 'baseline']) results[which].push(await startOnce(cli[which], join(tmp, `${which}-${i}`)));
    const summary = (xs) => ({ ms: median(xs.map((x) => x.ms)), minMs: Math.min(...xs.map((x) => x.ms)), rssMiB: median(xs.map((x) => x.rssMiB)) });
    return { runs, baseline: ref.slice(0, 7), current: summary(results.current), before: summary(results.baseline) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function serveStartSection(r) {
  const row = (what, x) => `| ${what} | ${x.ms.toFixed(0)} ms | ${x.minMs.toFixed(0)} ms | ${x.rssMiB.toFixed(0)} MiB |`;
  return [
    '## sfn serve readiness',
    '',
    `\`bench/serve-start.mjs\`: \`node <sfn> serve --port 0\` in the repository (the example app: 5 workflows, the CRM API component), from the start of the process to the line saying the endpoint is ready, then Ctrl-C; peak RSS of the process. This tree next to the toolkit of ${r.baseline} (before: every local service started up front, the CRM API's embedded PostgreSQL included) serving the same project, alternately, ${r.runs} runs each after an untimed one; medians.`,
    '',
    '| what | time to ready | fastest | peak RSS |',
    '| --- | ---: | ---: | ---: |',
    row('now: every stand-in listening, servers and handlers started when first used', r.current),
    row(`before (${r.baseline}): every service started up front`, r.before),
    '',
    `Goal: ready in under 2 s: **${r.current.ms < 2000 ? 'met' : 'NOT met'}**; ${(r.before.ms / r.current.ms).toFixed(1)}× faster, ${(r.before.rssMiB / r.current.rssMiB).toFixed(1)}× less memory.`,
    '',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureServeStart();
  console.log(JSON.stringify(r));
  if (process.argv.includes('--write')) {
    const file = join(root, 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const section = serveStartSection(r).join('\n');
    const at = text.indexOf('## sfn serve readiness');
    const next = at < 0 ? -1 : text.indexOf('\n## ', at + 1);
    writeFileSync(file, at < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, at)}${section}${next < 0 ? '' : text.slice(next + 1)}`);
    console.log('wrote the sfn serve readiness section of BENCHMARKS.md');
  }
}
