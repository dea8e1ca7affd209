// `npm run docs`: writes docs/workflows/<name>.md for every workflow of workflows/ (lib/graph/docs.ts),
// and the README's reference of the declaration (lib/workflow/reference.ts), compiled by esbuild in
// memory. `--check` writes nothing and exits 1 when a page or the reference is missing or stale.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const out = await build({
  stdin: {
    contents: "export { workflowPages } from './lib/graph/docs'; export { workflowDeclarations } from './index'; export { withReference } from './lib/workflow/reference';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  write: false,
  logLevel: 'error',
}).catch(() => process.exit(1));
const mod = { exports: {} };
new Function('module', 'exports', 'require', '__filename', '__dirname', out.outputFiles[0].text)(mod, mod.exports, createRequire(join(root, 'index.ts')), join(root, 'docs.js'), root);
let pages;
try {
  pages = mod.exports.workflowPages(mod.exports.workflowDeclarations(), root);
} catch (e) {
  console.error(`docs: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
let stale = 0;
for (const [file, text] of pages) {
  const path = join(root, file);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === text) continue;
  stale++;
  if (check) {
    console.error(`${file} is ${current === undefined ? 'missing' : 'out of date'}`);
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  // Atomically: a reader never sees half a page.
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  console.log(`wrote ${file}`);
}
const readmePath = join(root, 'README.md');
if (existsSync(readmePath)) {
  const readme = readFileSync(readmePath, 'utf8');
  const updated = mod.exports.withReference(readme);
  if (updated !== readme) {
    stale++;
    if (check) console.error('README.md: the reference of the declaration is out of date');
    else {
      writeFileSync(`${readmePath}.tmp`, updated);
      renameSync(`${readmePath}.tmp`, readmePath);
      console.log('wrote the reference of the declaration in README.md');
    }
  }
}
const dir = join(root, 'docs', 'workflows');
for (const f of existsSync(dir) ? readdirSync(dir) : [])
  if (f.endsWith('.md') && !pages.has(`docs/workflows/${f}`)) console.error(`docs/workflows/${f} belongs to no workflow any more: delete it`);
if (check && stale) {
  console.error('run `npm run docs` to update docs/workflows and the README');
  process.exit(1);
}
if (!check && !stale) console.log('docs/workflows is up to date');
