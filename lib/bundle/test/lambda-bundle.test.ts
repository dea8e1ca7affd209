import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleError, bundleLambda } from '../lambda-bundle';

let root: string;

function writeHandler(name: string, body: string): void {
  mkdirSync(join(root, 'functions', name, 'src'), { recursive: true });
  writeFileSync(join(root, 'functions', name, 'src', 'index.ts'), body);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bundle-'));
  mkdirSync(join(root, 'functions', 'shared'), { recursive: true });
  writeFileSync(join(root, 'functions', 'shared', 'greet.ts'), 'export const greet = (n: string): string => `hi ${n}`;\n');
  writeHandler('a', "import { greet } from '../../shared/greet';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async (e: { n: string }) => ({ msg: greet(e.n), sdk: typeof S3Client });\n");
  writeHandler('b', 'export const handler = async () => 42;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('bundles a handler into a zip whose index.js exports it, with @aws-sdk external', () => {
  const bundle = bundleLambda({ name: 'a', projectRoot: root });
  expect(bundle.cached).toBe(false);
  expect(bundle.sha256).toBe(require('node:crypto').createHash('sha256').update(readFileSync(bundle.zipPath)).digest('base64'));
  const out = join(root, 'unzipped');
  execFileSync('unzip', ['-q', bundle.zipPath, '-d', out]);
  const code = readFileSync(join(out, 'index.js'), 'utf8');
  expect(code).toContain('require("@aws-sdk/client-s3")');
  expect(code).toContain('sourceMappingURL=index.js.map');
  expect(JSON.parse(readFileSync(join(out, 'index.js.map'), 'utf8')).sources).toEqual(
    expect.arrayContaining([expect.stringMatching(/functions\/a\/src\/index\.ts$/), expect.stringMatching(/functions\/shared\/greet\.ts$/)]),
  );
  expect(bundle.codeBytes).toBe(Buffer.byteLength(code));
});

test('a second build with unchanged sources comes from the cache, identical', () => {
  const first = bundleLambda({ name: 'a', projectRoot: root });
  const second = bundleLambda({ name: 'a', projectRoot: root });
  expect(second).toEqual({ ...first, cached: true });
});

test('rebuilding from scratch gives byte-identical archives', () => {
  const first = bundleLambda({ name: 'a', projectRoot: root });
  const bytes = readFileSync(first.zipPath);
  rmSync(join(root, '.build'), { recursive: true });
  const again = bundleLambda({ name: 'a', projectRoot: root });
  expect(again.cached).toBe(false);
  expect(readFileSync(again.zipPath).equals(bytes)).toBe(true);
  expect(again.sha256).toBe(first.sha256);
});

test('changing an imported file rebuilds only the functions that import it', () => {
  const a1 = bundleLambda({ name: 'a', projectRoot: root });
  const b1 = bundleLambda({ name: 'b', projectRoot: root });
  writeFileSync(join(root, 'functions', 'shared', 'greet.ts'), 'export const greet = (n: string): string => `hello ${n}`;\n');
  const a2 = bundleLambda({ name: 'a', projectRoot: root });
  const b2 = bundleLambda({ name: 'b', projectRoot: root });
  expect(a2.cached).toBe(false);
  expect(a2.sha256).not.toBe(a1.sha256);
  expect(b2).toEqual({ ...b1, cached: true });
});

test('a new file that changes how an import resolves rebuilds the bundle (helper.ts beside helper/index.ts)', () => {
  mkdirSync(join(root, 'functions', 'c', 'src', 'helper'), { recursive: true });
  writeFileSync(join(root, 'functions', 'c', 'src', 'helper', 'index.ts'), "export const which = 'folder';\n");
  writeHandler('c', "import { which } from './helper';\nexport const handler = async () => which;\n");
  const first = bundleLambda({ name: 'c', projectRoot: root });
  expect(bundleLambda({ name: 'c', projectRoot: root }).cached).toBe(true);
  // esbuild resolves './helper' to helper.ts before helper/index.ts: no input changed, the folder did.
  writeFileSync(join(root, 'functions', 'c', 'src', 'helper.ts'), "export const which = 'file';\n");
  const second = bundleLambda({ name: 'c', projectRoot: root });
  expect(second.cached).toBe(false);
  expect(second.sha256).not.toBe(first.sha256);
  const out = join(root, 'unzipped-c');
  execFileSync('unzip', ['-q', second.zipPath, '-d', out]);
  const code = readFileSync(join(out, 'index.js'), 'utf8');
  expect(code).toContain('"file"');
  expect(code).not.toContain('"folder"');
});

test('a cache manifest from before folder listings were recorded is rebuilt', () => {
  const first = bundleLambda({ name: 'b', projectRoot: root });
  const manifestPath = join(root, '.build', 'lambda', 'b', 'manifest.json');
  const { folders: _folders, ...old } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  writeFileSync(manifestPath, JSON.stringify(old));
  const again = bundleLambda({ name: 'b', projectRoot: root });
  expect(again.cached).toBe(false);
  expect(again.sha256).toBe(first.sha256);
});

test('a corrupt cache manifest is rebuilt, not trusted', () => {
  const first = bundleLambda({ name: 'b', projectRoot: root });
  writeFileSync(join(root, '.build', 'lambda', 'b', 'manifest.json'), '{not json');
  const again = bundleLambda({ name: 'b', projectRoot: root });
  expect(again.cached).toBe(false);
  expect(again.sha256).toBe(first.sha256);
});

test('a missing handler names the expected file', () => {
  expect(() => bundleLambda({ name: 'nope', projectRoot: root })).toThrow(
    new BundleError('Lambda "nope": no handler at functions/nope/src/index.ts (expected functions/nope/src/index.ts exporting "handler")'),
  );
});

test('a syntax error is reported at file:line:column', () => {
  writeHandler('broken', 'export const handler = async () => {\n  return 1 +;\n};\n');
  expect(() => bundleLambda({ name: 'broken', projectRoot: root })).toThrow(/Lambda "broken" does not build:\nfunctions\/broken\/src\/index\.ts:2:13: Unexpected ";"/);
});

test('an unresolvable import is reported with its location', () => {
  writeHandler('missing', "import { x } from './nowhere';\nexport const handler = async () => x;\n");
  expect(() => bundleLambda({ name: 'missing', projectRoot: root })).toThrow(/functions\/missing\/src\/index\.ts:1:19: Could not resolve "\.\/nowhere"/);
});
