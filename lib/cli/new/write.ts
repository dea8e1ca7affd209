/**
 * Writes every file of `sfn new` or none, as lib/cli/atomic-write.ts writes (temporary files
 * flushed, then renamed; a failure takes back what was renamed and the folders it created; a write
 * killed half way is finished or undone by the next one into the folder). A file that exists is
 * never replaced unless it is marked `replace` (the registry, the docs index).
 */
import { existsSync } from 'node:fs';
import { writeFilesAtomically, WriteError } from '../atomic-write';

export interface FileToWrite {
  path: string;
  text: string;
  /** An existing file this write replaces (its content is restored if the write fails). */
  replace?: boolean;
}

/** A write that did not happen: nothing was changed. */
export class WriteAllError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot write ${path}: ${reason} (nothing was written)`);
    this.name = 'WriteAllError';
  }
}

/** Writes all of `files` or none (see the module comment); throws WriteAllError naming the file that failed. */
export function writeAll(files: readonly FileToWrite[]): void {
  for (const f of files) if (existsSync(f.path) && !f.replace) throw new WriteAllError(f.path, 'it exists already');
  try {
    writeFilesAtomically(files, { createFolders: true });
  } catch (e) {
    if (e instanceof WriteError) throw new WriteAllError(e.path, e.reason);
    throw e;
  }
}
