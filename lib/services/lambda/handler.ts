/**
 * Loads a project Lambda handler (`functions/<name>/src/index.ts`) for an in-process run: esbuild
 * compiles it once per process to `.build/local/functions/<name>.js` (lib/bundle/module.ts), then
 * it is required: once per execution environment. As Lambda gives a function whose configuration
 * changed new execution environments (a cold start), a function run with another environment
 * (say, the endpoints of another run's local services) gets a fresh instance of its module: the
 * SDK clients a handler keeps at module level reach this run's stand-ins, not a stopped run's.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileModule, mapStacksToSources, ModuleLoadError } from '../../bundle/module';
import type { LambdaHandler } from '../../engine/types';

/** A handler that cannot be found, built or loaded. */
export { ModuleLoadError as HandlerLoadError };

const compiled = new Map<string, string>();
const instances = new Map<string, LambdaHandler>();
/** Execution environments kept (the oldest are forgotten: a test suite runs many). */
const KEPT = 32;

/**
 * The handler of function `name`, in the execution environment `environment` names (the
 * function's variables: the same variables give the same module instance).
 */
export function loadProjectHandler(projectRoot: string, name: string, environment: Record<string, string> = {}): LambdaHandler {
  const root = resolve(projectRoot);
  const key = `${root}\0${name}\0${JSON.stringify(Object.entries(environment).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
  const cached = instances.get(key);
  if (cached) return cached;
  const entry = join('functions', name, 'src', 'index.ts');
  let outfile = compiled.get(`${root}\0${name}`);
  if (outfile === undefined) {
    if (!existsSync(join(root, entry))) throw new ModuleLoadError(`function "${name}": no handler at ${entry}`);
    outfile = compileModule(root, entry, `functions/${name}`, `function "${name}"`);
    compiled.set(`${root}\0${name}`, outfile);
  }
  delete require.cache[outfile];
  let mod: Record<string, unknown>;
  try {
    mapStacksToSources();
    mod = require(outfile) as Record<string, unknown>;
  } catch (e) {
    throw new ModuleLoadError(`function "${name}" fails to load: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof mod.handler !== 'function') throw new ModuleLoadError(`function "${name}": ${entry} does not export a "handler" function`);
  const handler = mod.handler as LambdaHandler;
  instances.set(key, handler);
  if (instances.size > KEPT) instances.delete(instances.keys().next().value as string);
  return handler;
}
