/**
 * Loads a project Lambda handler (`functions/<name>/src/index.ts`) for an in-process run: esbuild
 * compiles it once per process to `.build/local/functions/<name>.js` (lib/bundle/module.ts), then
 * it is required.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileAndRequire, ModuleLoadError } from '../../bundle/module';
import type { LambdaHandler } from '../../engine/types';

/** A handler that cannot be found, built or loaded. */
export { ModuleLoadError as HandlerLoadError };

const loaded = new Map<string, LambdaHandler>();

export function loadProjectHandler(projectRoot: string, name: string): LambdaHandler {
  const root = resolve(projectRoot);
  const key = `${root}\0${name}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const entry = join('functions', name, 'src', 'index.ts');
  if (!existsSync(join(root, entry))) throw new ModuleLoadError(`function "${name}": no handler at ${entry}`);
  const mod = compileAndRequire(root, entry, `functions/${name}`, `function "${name}"`);
  if (typeof mod.handler !== 'function') throw new ModuleLoadError(`function "${name}": ${entry} does not export a "handler" function`);
  const handler = mod.handler as LambdaHandler;
  loaded.set(key, handler);
  return handler;
}
