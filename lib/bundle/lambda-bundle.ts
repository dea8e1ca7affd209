/**
 * Bundles a TypeScript Lambda handler with esbuild into a deterministic zip, incrementally: the
 * archive is rebuilt only when one of the files that went into it (or the build options) changed.
 *
 * Cache layout, per function: `<cacheDir>/<name>/manifest.json` lists every input file of the
 * last build with its SHA-256, and the entries of each project folder holding one (a new file
 * there, e.g. `helper.ts` next to `helper/index.ts`, may change how an import resolves), next to
 * the archive it produced.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildSync, version as esbuildVersion } from 'esbuild';
import { describeBuildFailure } from './module';
import { zip } from './zip';

export interface LambdaBundleOptions {
  /** Function folder name: the entry is `functions/<name>/src/index.ts`. */
  name: string;
  /** Project root, holding `functions/`. */
  projectRoot: string;
  /** Where archives and manifests are kept. Default `$SFN_BUNDLE_CACHE`, else `<projectRoot>/.build/lambda`. */
  cacheDir?: string;
  /** esbuild target. Default `node22`, matching the `nodejs22.x` runtime. */
  target?: string;
}

export interface LambdaBundle {
  /** Absolute path of the zip archive. */
  zipPath: string;
  /** Base64 SHA-256 of the archive: Lambda's `source_code_hash`. */
  sha256: string;
  /** Size of the archive in bytes. */
  zipBytes: number;
  /** Size of the bundled `index.js` in bytes. */
  codeBytes: number;
  /** True when the archive came from the cache. */
  cached: boolean;
}

interface Manifest {
  optionsKey: string;
  inputs: Record<string, string>;
  /** The names in each project folder holding an input (not node_modules), hashed. */
  folders: Record<string, string>;
  zipFile: string;
  sha256: string;
  zipBytes: number;
  codeBytes: number;
}

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

const sha256 = (data: Uint8Array | string, encoding: 'hex' | 'base64' = 'hex') =>
  createHash('sha256').update(data).digest(encoding);

function fileHash(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** The names of a folder's entries, hashed (undefined when it cannot be read). */
function folderHash(path: string): string | undefined {
  try {
    return sha256(readdirSync(path).sort().join('\n'));
  } catch {
    return undefined;
  }
}

function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

export function bundleLambda(options: LambdaBundleOptions): LambdaBundle {
  const root = resolve(options.projectRoot);
  const entry = join('functions', options.name, 'src', 'index.ts');
  if (!existsSync(join(root, entry))) {
    throw new BundleError(`Lambda "${options.name}": no handler at ${entry} (expected functions/${options.name}/src/index.ts exporting "handler")`);
  }
  const dir = join(options.cacheDir ?? process.env.SFN_BUNDLE_CACHE ?? join(root, '.build', 'lambda'), options.name);
  const target = options.target ?? 'node22';
  // esbuild reads tsconfig.json (paths, JSX, decorators): a change there rebuilds every bundle.
  const optionsKey = sha256(JSON.stringify({ entry, target, esbuildVersion, tsconfig: fileHash(join(root, 'tsconfig.json')) ?? null, format: 2 }));
  const manifestPath = join(dir, 'manifest.json');
  const cached = reusable(readManifest(manifestPath), { root, dir, name: options.name, optionsKey });
  if (cached) return cached;

  const { code, map, inputs: built } = build(root, dir, entry, target, options.name);
  const archive = zip([
    { name: 'index.js', data: code },
    { name: 'index.js.map', data: map },
  ]);
  const hex = sha256(archive);
  const zipFile = `${options.name}-${hex.slice(0, 16)}.zip`;
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old.endsWith('.zip') && old !== zipFile) rmSync(join(dir, old), { force: true });
  writeAtomically(join(dir, zipFile), archive);
  const manifest: Manifest = {
    optionsKey,
    ...inputHashes(root, built),
    zipFile,
    sha256: Buffer.from(hex, 'hex').toString('base64'),
    zipBytes: archive.length,
    codeBytes: code.length,
  };
  writeAtomically(manifestPath, JSON.stringify(manifest, null, 2));
  return { zipPath: join(dir, zipFile), sha256: manifest.sha256, zipBytes: manifest.zipBytes, codeBytes: manifest.codeBytes, cached: false };
}

/**
 * The cached bundle when nothing it was built from changed and its archive is intact: its bytes
 * must hash to what the manifest and the file name record. A truncated or altered cached zip is
 * rebuilt, never deployed (with a source_code_hash that is not its own); the hash returned is that
 * of the bytes just read.
 */
function reusable(previous: Manifest | undefined, at: { root: string; dir: string; name: string; optionsKey: string }): LambdaBundle | undefined {
  const { root, dir, name } = at;
  if (
    !previous ||
    previous.optionsKey !== at.optionsKey ||
    !Object.entries(previous.inputs).every(([file, hash]) => fileHash(join(root, file)) === hash) ||
    previous.folders === undefined ||
    !Object.entries(previous.folders).every(([folder, hash]) => folderHash(join(root, folder)) === hash)
  )
    return undefined;
  let data: Buffer | undefined;
  try {
    data = readFileSync(join(dir, previous.zipFile));
  } catch {
    return undefined;
  }
  const hex = sha256(data);
  if (previous.zipFile !== `${name}-${hex.slice(0, 16)}.zip` || Buffer.from(hex, 'hex').toString('base64') !== previous.sha256) return undefined;
  return { zipPath: join(dir, previous.zipFile), sha256: previous.sha256, zipBytes: data.length, codeBytes: previous.codeBytes, cached: true };
}

/** The minified bundle and its source map (the AWS SDK v3 left to the runtime), and the files it was built from. */
function build(root: string, dir: string, entry: string, target: string, name: string): { code: Uint8Array; map: Uint8Array; inputs: string[] } {
  let result;
  try {
    result = buildSync({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: join(dir, 'index.js'),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target,
      minify: true,
      sourcemap: 'linked',
      sourcesContent: false,
      // The nodejs22.x runtime provides the AWS SDK v3.
      external: ['@aws-sdk/*'],
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
    });
  } catch (e) {
    throw new BundleError(`Lambda "${name}" does not build:\n${describeBuildFailure(e)}`);
  }
  const files = new Map(result.outputFiles.map((f) => [relative(dir, f.path), f.contents]));
  const code = files.get('index.js');
  const map = files.get('index.js.map');
  if (!code || !map) throw new BundleError(`Lambda "${name}": esbuild produced no index.js`);
  return { code, map, inputs: Object.keys(result.metafile.inputs) };
}

/** The hashes of the files a bundle was built from, and of the listing of each project folder holding one (a new file there may change how an import resolves). */
function inputHashes(root: string, built: string[]): Pick<Manifest, 'inputs' | 'folders'> {
  const inputs: Record<string, string> = {};
  const folders: Record<string, string> = {};
  for (const input of built) {
    const hash = fileHash(join(root, input));
    if (hash) inputs[input] = hash;
    const folder = dirname(input);
    if (!input.split(/[\\/]/).includes('node_modules') && !(folder in folders)) {
      const listing = folderHash(join(root, folder));
      if (listing) folders[folder] = listing;
    }
  }
  return { inputs, folders };
}

/** Written whole under a name of this process, then renamed: a reader never sees half a file. */
function writeAtomically(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
