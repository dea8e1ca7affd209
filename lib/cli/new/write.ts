/**
 * Writes every file of `sfn new` or none: each is written whole to a temporary file next to it,
 * then all are renamed over their targets; a failure removes the temporary files, takes back the
 * files already renamed (a new file removed, a replaced one restored) and the folders it created.
 * A file that exists is never replaced unless it is marked `replace` (the registry, the docs index).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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

const reasonOf = (e: unknown) => ((e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code}` : e instanceof Error ? e.message : String(e));

/** Folders to create for `path`, outermost first. */
function missingFolders(path: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(path); !existsSync(dir); dir = dirname(dir)) out.unshift(dir);
  return out;
}

/** Writes all of `files` or none (see the module comment); throws WriteAllError naming the file that failed. */
export function writeAll(files: readonly FileToWrite[]): void {
  for (const f of files) if (existsSync(f.path) && !f.replace) throw new WriteAllError(f.path, 'it exists already');
  const created: string[] = [];
  const temps: Array<{ file: FileToWrite; temp: string; previous?: string }> = [];
  const renamed: typeof temps = [];
  try {
    for (const f of files) {
      for (const dir of missingFolders(f.path)) {
        mkdirSync(dir);
        created.push(dir);
      }
      const temp = join(dirname(f.path), `.${basename(f.path)}.sfn-new-${process.pid}.tmp`);
      const previous = f.replace && existsSync(f.path) ? readFileSync(f.path, 'utf8') : undefined;
      temps.push({ file: f, temp, previous });
      try {
        writeFileSync(temp, f.text);
      } catch (e) {
        throw new WriteAllError(f.path, reasonOf(e));
      }
    }
    for (const t of temps) {
      try {
        renameSync(t.temp, t.file.path);
      } catch (e) {
        throw new WriteAllError(t.file.path, reasonOf(e));
      }
      renamed.push(t);
    }
  } catch (e) {
    for (const t of temps) rmSync(t.temp, { force: true });
    for (const t of renamed.reverse()) {
      if (t.previous !== undefined) writeFileSync(t.file.path, t.previous);
      else rmSync(t.file.path, { force: true });
    }
    for (const dir of created.reverse()) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
    throw e;
  }
}
