/**
 * The toolkit's own package: its folder (the nearest package.json above this module, compiled
 * into dist/lib/cli or run from lib/cli) and `sfn --version`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of the nearest package.json above `from`. */
export function toolkitPackageRoot(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** `sfn --version`: the package's name and version, and the Node.js that runs it. */
export function toolkitVersion(from: string = __dirname): string {
  const root = toolkitPackageRoot(from);
  if (root === undefined) return `sfn (no package.json above ${from}; node ${process.version})`;
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
  return `${name ?? 'sfn'} ${version ?? '(no version)'} (node ${process.version})`;
}

/** Where the code that calls a handler lives (the toolkit's sources and build, packages): frames a failed run leaves out. */
export function toolkitCodeFolders(from: string = __dirname): string[] {
  const root = toolkitPackageRoot(from);
  return ['/node_modules/', ...(root === undefined ? [] : [join(root, 'lib') + '/', join(root, 'dist') + '/'])];
}
