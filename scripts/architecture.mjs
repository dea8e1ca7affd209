// `npm run architecture`: checks the import graph of the TypeScript sources against the rooms of
// the project (ARCHITECTURE.md):
// - no import cycle, between files or between rooms (type-only imports count: a cycle of types
//   is a cycle of knowledge);
// - no import running back up: a room imports only rooms of a lower rank;
// - the toolkit imports nothing of the app (its tests neither: the app can be deleted).
// Prints one line per finding and exits 1 when there is any. `--json` prints the graph facts.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, normalize, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(join(root, 'package.json'))('typescript');

/** The toolkit's rooms, lowest first: a room may import its own files and rooms of a lower rank. */
export const ROOMS = [
  ['lib/random.ts', 0], ['lib/jsonpath', 0], ['lib/iam', 0], ['lib/workflow/kinds.ts', 0],
  ['lib/asl', 1], ['lib/bundle', 1],
  ['lib/environments', 2], ['lib/engine', 2],
  ['lib/workflow', 3],
  ['lib/services', 4],
  ['lib/serve', 5], ['lib/project', 5], ['lib/graph', 5],
  ['lib/local', 6], ['lib/report', 6], ['lib/proof', 6],
  ['lib/cli', 7],
  ['backend', 8], ['modules', 9],
  ['index.ts', 10],
];
/** The app: the example workflows and everything only they use. The toolkit imports none of it. */
export const APP = ['main.ts', 'workflows', 'functions', 'statemachine', 'api', 'db', 'config', 'workers', 'data', 'test', 'bench'];

const within = (file, prefix) => file === prefix || file.startsWith(`${prefix}/`);
export const roomOf = (file) => ROOMS.filter(([p]) => within(file, p)).sort((a, b) => b[0].length - a[0].length)[0];
export const isApp = (file) => APP.some((p) => within(file, p));
const isTest = (file) => /(^|\/)test\//.test(file) || /\.test\.ts$/.test(file);

/** Every import of a file resolved to a file of the repository (external packages left out). */
function importsOf(dir, file, files) {
  const info = ts.preProcessFile(readFileSync(join(dir, file), 'utf8'), true, true);
  const out = [];
  for (const ref of info.importedFiles) {
    const spec = ref.fileName;
    if (!spec.startsWith('.')) continue;
    const base = normalize(join(dirname(file), spec));
    const target = [base, `${base}.ts`, `${base}/index.ts`].find((c) => files.has(c));
    if (target) out.push(target);
  }
  return out;
}

const SKIPPED = new Set(['node_modules', 'dist', 'cdktf.out', '.build', '.git', '.terraform']);

/** The .ts files below `dir`: git's tracked and untracked-not-ignored ones in a checkout, else every one outside build folders. */
function tsFiles(dir) {
  try {
    return execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
  } catch {
    const out = [];
    const walk = (rel) => {
      for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(path);
        else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
      }
    };
    walk('');
    return out;
  }
}

/** The findings of the tree at `dir`. */
export function analyse(dir = root) {
  const listed = tsFiles(dir);
  const files = new Set(listed.filter((f) => !f.startsWith('node_modules/') && !f.endsWith('.d.ts')));
  const graph = new Map([...files].map((f) => [f, importsOf(dir, f, files)]));
  const findings = [];

  for (const [file, targets] of graph) {
    const from = roomOf(file);
    for (const target of targets) {
      if (!isApp(file) && isApp(target)) findings.push(`${file} imports ${target}: the toolkit imports nothing of the app`);
      if (isTest(file) || !from) continue;
      const to = roomOf(target);
      if (to && to[0] !== from[0] && to[1] >= from[1]) findings.push(`${file} imports ${target}: ${from[0]} (rank ${from[1]}) may import only lower rooms, not ${to[0]} (rank ${to[1]})`);
    }
  }

  // Cycles (Tarjan's strongly connected components) among the non-test files, then among rooms.
  const sccs = (nodes, edges) => {
    let index = 0;
    const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
    const visit = (v) => {
      idx.set(v, index); low.set(v, index++); stack.push(v); on.add(v);
      for (const w of edges(v)) {
        if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
        else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
      }
      if (low.get(v) === idx.get(v)) {
        const c = [];
        let w;
        do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
        if (c.length > 1 || edges(v).includes(v)) out.push(c.sort());
      }
    };
    for (const v of nodes) if (!idx.has(v)) visit(v);
    return out;
  };
  const code = [...graph.keys()].filter((f) => !isTest(f));
  for (const c of sccs(code, (f) => graph.get(f).filter((t) => !isTest(t)))) findings.push(`import cycle: ${c.join(' -> ')}`);
  const roomEdges = new Map();
  for (const f of code) {
    const from = roomOf(f)?.[0];
    if (!from) continue;
    for (const t of graph.get(f)) {
      const to = roomOf(t)?.[0];
      if (to && to !== from && !isTest(t)) (roomEdges.get(from) ?? roomEdges.set(from, new Set()).get(from)).add(to);
    }
  }
  for (const c of sccs(ROOMS.map(([p]) => p), (r) => [...(roomEdges.get(r) ?? [])])) findings.push(`rooms import each other: ${c.join(' <-> ')}`);
  return { files: files.size, imports: [...graph.values()].reduce((n, t) => n + t.length, 0), findings };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, imports, findings } = analyse();
  if (process.argv.includes('--json')) console.log(JSON.stringify({ files, imports, findings }, null, 2));
  else {
    for (const f of findings) console.log(f);
    console.log(findings.length ? `${findings.length} finding(s) in ${files} files` : `ok: ${files} files, ${imports} imports, no cycle, no import running back up, the toolkit imports nothing of the app`);
  }
  process.exitCode = findings.length ? 1 : 0;
}
