// How fast the `sfn` command answers on the path users take (`npx sfn ...` in the project root),
// next to `node bin/sfn.js ...` (the same command without npx: the floor) in the same run, each
// command in turn so that load on the machine touches both alike. Goal (issue 16): `npx sfn --help`
// and `npx sfn validate` under 0.6 s.
//
//   node bench/cli-start.mjs           prints the figures
//   node bench/cli-start.mjs --write   also replaces the "sfn command start" section of BENCHMARKS.md
// npm run bench (bench/run.mjs) runs it too.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const COMMANDS = [
  ['--help'],
  ['validate'],
  ['run', 'hello'],
];

function once(command, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

export function measureCliStart(runs = Number(process.env.BENCH_RUNS ?? 7)) {
  // Warm-up: bin/sfn.js compiles the command once when its sources are newer than the build.
  once('node', ['bin/sfn.js', '--help']);
  const rows = [];
  for (const args of COMMANDS) {
    if (args[0] === 'run' && !existsSync(join(root, 'statemachine', `${args[1]}.asl.json`))) continue;
    const npx = [];
    const node = [];
    for (let i = 0; i < runs; i++) {
      npx.push(once('npx', ['sfn', ...args]));
      node.push(once('node', ['bin/sfn.js', ...args]));
    }
    const row = { command: `sfn ${args.join(' ')}`, runs, npxMs: median(npx), nodeMs: median(node) };
    console.log(`${row.command}: npx ${row.npxMs.toFixed(0)} ms, node bin/sfn.js ${row.nodeMs.toFixed(0)} ms (medians of ${runs})`);
    rows.push(row);
  }
  return rows;
}

export function cliStartSection(rows) {
  const lines = [
    '## sfn command start',
    '',
    '`bench/cli-start.mjs`: wall time from launching the command to its exit, in the repository (the example',
    'project), `npx sfn` (what users type; `sfn` is linked into `node_modules/.bin` by the local devDependency',
    '`bin/sfn-cli`) next to `node bin/sfn.js` in the same run, taking turns. Goal: `npx sfn --help` and',
    '`npx sfn validate` under 600 ms (before: 2.5 s, when npx had to resolve the root package\'s own bin).',
    '`sfn validate` reads the project (every declaration checked, each template against its bindings).',
    '',
    '| command | `npx sfn` | `node bin/sfn.js` | npx\'s own cost |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| \`${r.command}\` | ${r.npxMs.toFixed(0)} ms | ${r.nodeMs.toFixed(0)} ms | ${(r.npxMs - r.nodeMs).toFixed(0)} ms |`),
    '',
  ];
  return lines;
}

/** Replaces (or appends) a `## <title>` section of BENCHMARKS.md. */
export function writeSection(text) {
  const file = join(root, 'BENCHMARKS.md');
  const current = readFileSync(file, 'utf8');
  const title = text.split('\n')[0];
  const start = current.indexOf(`${title}\n`);
  if (start < 0) return writeFileSync(file, `${current.trimEnd()}\n\n${text}`);
  const next = current.indexOf('\n## ', start + title.length);
  writeFileSync(file, current.slice(0, start) + text + (next < 0 ? '' : current.slice(next + 1)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = measureCliStart();
  if (process.argv.includes('--write')) {
    writeSection(cliStartSection(rows).join('\n'));
    console.log('wrote the "sfn command start" section of BENCHMARKS.md');
  }
}
