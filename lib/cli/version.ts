/**
 * `sfn --version`: the toolkit's package name and version (the nearest package.json above this
 * module, compiled into dist/lib/cli or run from lib/cli), with the Node.js that runs it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function toolkitVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      return `${name ?? 'sfn'} ${version ?? '(no version)'} (node ${process.version})`;
    }
    if (dirname(dir) === dir) return `sfn (no package.json above ${from}; node ${process.version})`;
  }
}
