/** Writes a file atomically: a temporary file next to it, renamed over it, so that no reader sees half a file. */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class WriteError extends Error {
  constructor(path: string, cause: unknown) {
    super(`cannot write ${path}: ${cause instanceof Error ? cause.message.replace(/^\w+: /, '') : String(cause)}`);
    this.name = 'WriteError';
  }
}

export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp); // only the temporary file this call created
    } catch {
      // it was never written
    }
    throw new WriteError(path, e);
  }
}
