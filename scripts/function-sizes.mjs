// `node scripts/function-sizes.mjs [--max N] [--tests] [dir...]`: prints every function, method,
// accessor, constructor and arrow function of the toolkit's sources (lib/, modules/, backend/ by
// default) whose body spans more than N lines (80 by default; first line to last line, both
// counted), longest first, as `lines  file:line  name`. Tests (`test/` folders, `*.test.ts`) are
// left out unless `--tests`. Exits 0 either way: it is a measure for the rule "functions under
// ~80 lines" (COMMON.md), not a check `npm run architecture` or `npm test` depends on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(join(root, 'package.json'))('typescript');

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const max = Number(flag('--max') ?? 80);
const withTests = args.includes('--tests');
const dirs = args.filter((a) => a !== '--tests');
if (!Number.isFinite(max)) {
  console.error('usage: node scripts/function-sizes.mjs [--max N] [--tests] [dir...]');
  process.exit(2);
}

const isTest = (file) => /(^|\/)test\//.test(file) || /\.test\.ts$/.test(file);

function* tsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yield* tsFiles(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** A readable name of a function node: its own name, or the variable, property or call it sits in. */
function nameOf(node, sf) {
  if (node.name) return node.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(sf);
  }
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText(sf).replace(/\s+/g, ' ');
    return `(callback of ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee})`;
  }
  return '(anonymous)';
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);

const found = [];
for (const dir of dirs.length > 0 ? dirs : ['lib', 'modules', 'backend']) {
  const base = join(root, dir);
  if (!statSync(base, { throwIfNoEntry: false })?.isDirectory()) continue;
  for (const path of tsFiles(base)) {
    const file = relative(root, path);
    if (!withTests && isTest(file)) continue;
    const sf = ts.createSourceFile(file, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node, outer) => {
      let scope = outer;
      if (isFunction(node) && node.body) {
        const name = outer ? `${outer} › ${nameOf(node, sf)}` : nameOf(node, sf);
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > max) found.push({ lines, file, line: start + 1, name });
        scope = name;
      } else if (ts.isClassDeclaration(node) && node.name) {
        scope = node.name.text;
      }
      ts.forEachChild(node, (child) => visit(child, scope));
    };
    visit(sf, undefined);
  }
}

found.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
for (const f of found) console.log(`${String(f.lines).padStart(5)}  ${f.file}:${f.line}  ${f.name}`);
console.log(`${found.length} function(s) over ${max} lines`);
