/**
 * TypeScript modules of the project compiled for use in this process (handlers, activity
 * workers, the project's registry): esbuild bundles each to `<root>/.build/local/<name>.js`,
 * dependencies left to node_modules, with inline source maps so that stack traces name the
 * TypeScript lines.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { buildSync } from 'esbuild';

/** A module (a handler, a worker, the project's registry) that does not build or fails to load. */
export class ModuleLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleLoadError';
  }
}

/**
 * Compiles a TypeScript or JavaScript module with esbuild to `<root>/.build/local/<outName>.js`
 * (dependencies from node_modules) and returns that path. Build errors are reported with file:line:column.
 */
export function compileModule(root: string, entry: string, outName: string, what: string, inputs?: string[]): string {
  const outfile = join(root, '.build', 'local', `${outName}.js`);
  let text: string;
  try {
    const result = buildSync({
      metafile: inputs !== undefined,
      absWorkingDir: root,
      entryPoints: [resolve(root, entry)],
      outfile,
      write: false,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    text = result.outputFiles[0].text;
    if (inputs !== undefined) inputs.push(...Object.keys(result.metafile?.inputs ?? {}).map((f) => resolve(root, f)));
  } catch (e) {
    throw new ModuleLoadError(`${what} does not build:\n${describeBuildFailure(e)}`);
  }
  // Written whole under a name of this process, then renamed: a reader (another test worker,
  // another command) never requires half a file.
  if (!existsSync(outfile) || readFileSync(outfile, 'utf8') !== text) {
    mkdirSync(dirname(outfile), { recursive: true });
    const tmp = `${outfile}.${process.pid}.${threadId}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, outfile);
  }
  return outfile;
}

/** esbuild's errors, one `file:line:column: message` line each (its columns count from 0, ours from 1). */
/**
 * Stack traces of compiled modules in their `.ts` sources: Node maps the frames of modules loaded
 * after this call through their inline source maps (only those: the toolkit's own bundle, loaded
 * before, and packages are not re-read). Called before requiring a compiled module.
 */
export function mapStacksToSources(): void {
  if (!process.sourceMapsEnabled) process.setSourceMapsEnabled(true);
}

export function describeBuildFailure(e: unknown): string {
  const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors ?? [];
  return errors.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text)).join('\n') || String(e);
}

/** Compiles a module as `compileModule` does, and requires it. */
export function compileAndRequire(root: string, entry: string, outName: string, what: string): Record<string, unknown> {
  const outfile = compileModule(root, entry, outName, what);
  delete require.cache[outfile];
  try {
    mapStacksToSources();
    return require(outfile) as Record<string, unknown>;
  } catch (e) {
    throw new ModuleLoadError(`${what} fails to load: ${e instanceof Error ? e.message : String(e)}`);
  }
}


/**
 * Compiles a module as `compileModule` does and requires it under a name of its content
 * (`<outName>.<hash>.js`), so that a module whose sources changed is evaluated afresh even where
 * the host keeps a module cache of its own (jest's is not reached by `delete require.cache[...]`),
 * with the host's `require` (one instance of each package, cdktf's included): what the project's
 * registry is read with, so that a registry `sfn new` just rewrote is read as it is now.
 * `inputs` receives the files the module was built from.
 */
export function compileAndRequireFresh(root: string, entry: string, outName: string, what: string, inputs?: string[]): Record<string, unknown> {
  const outfile = compileModule(root, entry, outName, what, inputs);
  const text = readFileSync(outfile, 'utf8');
  const fresh = outfile.replace(/\.js$/, `.${createHash('sha256').update(text).digest('hex').slice(0, 16)}.js`);
  if (!existsSync(fresh)) {
    const tmp = `${fresh}.${process.pid}.${threadId}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, fresh);
  }
  try {
    return require(fresh) as Record<string, unknown>;
  } catch (e) {
    throw new ModuleLoadError(`${what} fails to load: ${e instanceof Error ? e.message : String(e)}`);
  }
}
