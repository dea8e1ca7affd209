/**
 * Loads a project Lambda handler (`functions/<name>/src/index.ts`) for an in-process run: esbuild
 * compiles it once per process to `.build/local/<name>.js` (dependencies from node_modules, inline
 * source maps so stack traces name the TypeScript lines), then it is required.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { LambdaHandler } from '../engine/types';

const loaded = new Map<string, LambdaHandler>();

export class HandlerLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerLoadError';
  }
}

/**
 * Compiles a TypeScript or JavaScript module with esbuild to `<root>/.build/local/<outName>.js`
 * (dependencies from node_modules) and returns that path. Build errors are reported with file:line:column.
 */
export function compileModule(root: string, entry: string, outName: string, what: string): string {
  const outfile = join(root, '.build', 'local', `${outName}.js`);
  try {
    buildSync({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
  } catch (e) {
    const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors ?? [];
    const detail = errors.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text)).join('\n');
    throw new HandlerLoadError(`${what} does not build:\n${detail || String(e)}`);
  }
  return outfile;
}

/** Compiles a module as `compileModule` does, and requires it. */
export function compileAndRequire(root: string, entry: string, outName: string, what: string): Record<string, unknown> {
  const outfile = compileModule(root, entry, outName, what);
  delete require.cache[outfile];
  try {
    return require(outfile) as Record<string, unknown>;
  } catch (e) {
    throw new HandlerLoadError(`${what} fails to load: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function loadProjectHandler(projectRoot: string, name: string): LambdaHandler {
  const root = resolve(projectRoot);
  const key = `${root}\0${name}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const entry = join('functions', name, 'src', 'index.ts');
  if (!existsSync(join(root, entry))) throw new HandlerLoadError(`function "${name}": no handler at ${entry}`);
  const mod = compileAndRequire(root, entry, `functions/${name}`, `function "${name}"`);
  if (typeof mod.handler !== 'function') throw new HandlerLoadError(`function "${name}": ${entry} does not export a "handler" function`);
  const handler = mod.handler as LambdaHandler;
  loaded.set(key, handler);
  return handler;
}
