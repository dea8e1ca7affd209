/**
 * Writing one or several files all or nothing, for the commands that write what a user keeps
 * (`sfn import`: a template and its values file; `sfn graph --out`; `npm run docs`; `sfn new`):
 *
 * 1. every file is written whole to a hidden temporary file next to its target (`.NAME.sfn-PID-RANDOM.tmp`,
 *    flushed to disk); any failure removes them and nothing else has changed;
 * 2. for several files, a journal listing them is written to each folder concerned
 *    (`.sfn-write-PID-RANDOM.json`): from then on, the write has happened;
 * 3. each temporary file is renamed over its target (a rename is atomic: a reader sees the old
 *    file or the new one, never half of one); an existing target is kept as a hard link until all
 *    are renamed, so that a rename that fails puts every earlier target back.
 *
 * A writer killed half way (SIGKILL, a crash) leaves its temporary files and maybe a journal:
 * the next write into the same folder finishes that write when its journal is complete (renames
 * what is left) and removes the leftovers otherwise, so that a folder never keeps half of a
 * write nor a temporary file. Only files of processes that are no longer running are touched.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileErrorReason } from '../asl/source-file';

/** A file that could not be written (nothing was written). */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
    this.name = 'WriteError';
  }
}

export interface FileToWrite {
  path: string;
  text: string | Buffer;
}

export interface WriteOptions {
  /** Create missing folders (removed again when the write fails). Default false: a missing folder is an error. */
  createFolders?: boolean;
}

const TEMP = /^\..+\.sfn-(\d+)-[0-9a-f]+\.(tmp|bak)$/;
const JOURNAL = /^\.sfn-write-(\d+)-[0-9a-f]+\.json$/;

interface Entry {
  path: string;
  temp: string;
  backup?: string;
}

/** Writes one file atomically (see the module comment). */
export function writeFileAtomic(path: string, text: string | Buffer, options: WriteOptions = {}): void {
  writeFilesAtomically([{ path, text }], options);
}

/** Writes every file or none (see the module comment); throws WriteError naming the file that could not be written. */
export function writeFilesAtomically(files: readonly FileToWrite[], options: WriteOptions = {}): void {
  const targets = files.map((f) => ({ path: resolve(f.path), text: f.text }));
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.path)) throw new WriteError(t.path, 'given twice');
    seen.add(t.path);
  }
  const created: string[] = [];
  const entries: Entry[] = [];
  const journals: string[] = [];
  try {
    for (const t of targets) prepareFolder(t.path, options.createFolders ?? false, created);
    for (const folder of new Set(targets.map((t) => dirname(t.path)))) recoverInterruptedWrites(folder);
    for (const t of targets) {
      const temp = sibling(t.path, 'tmp');
      entries.push({ path: t.path, temp });
      try {
        writeFileSync(temp, t.text, { flush: true });
      } catch (e) {
        throw new WriteError(t.path, fileErrorReason(e));
      }
    }
    for (const e of entries) if (existsSync(e.path)) e.backup = keepCopy(e.path);
    if (entries.length > 1) journals.push(...writeJournals(entries));
  } catch (e) {
    for (const entry of entries) {
      remove(entry.temp);
      if (entry.backup) remove(entry.backup);
    }
    for (const j of journals) remove(j);
    removeFolders(created);
    throw e instanceof WriteError ? e : new WriteError(targets[0]?.path ?? '', fileErrorReason(e));
  }
  // The write has happened: rename, and put everything back if a rename fails.
  const done: Entry[] = [];
  try {
    for (const entry of entries) {
      try {
        renameSync(entry.temp, entry.path);
      } catch (e) {
        throw new WriteError(entry.path, fileErrorReason(e));
      }
      done.push(entry);
    }
  } catch (e) {
    for (const entry of done.reverse()) {
      try {
        if (entry.backup) renameSync(entry.backup, entry.path);
        else unlinkSync(entry.path);
      } catch {
        // the best that can be done: the journal is removed below, the earlier file stays
      }
    }
    for (const entry of entries) {
      remove(entry.temp);
      if (entry.backup) remove(entry.backup);
    }
    for (const j of journals) remove(j);
    removeFolders(created);
    throw e;
  }
  for (const entry of entries) if (entry.backup) remove(entry.backup);
  for (const j of journals) remove(j);
}

/**
 * Why `path` cannot be written, or undefined: its folder is missing (unless `createFolders`), a
 * part of it is a file, the path is a directory. Checked again by the write itself; commands call
 * it first to refuse before doing any work.
 */
export function writeProblem(path: string, options: WriteOptions = {}): string | undefined {
  const target = resolve(path);
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    try {
      if (!statSync(dir).isDirectory()) return `a part of the path (${basename(dir)}) is a file, not a folder`;
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return fileErrorReason(e);
      if (!options.createFolders) return `its folder (${basename(dirname(target))}) does not exist`;
      if (dirname(dir) === dir) break;
    }
  }
  try {
    if (lstatSync(target).isDirectory()) return 'is a directory';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR') return fileErrorReason(e);
  }
  return undefined;
}

/** The target's folder must exist (or be created) and the target must not be a directory. */
function prepareFolder(path: string, create: boolean, created: string[]): void {
  const problem = writeProblem(path, { createFolders: create });
  if (problem !== undefined) throw new WriteError(path, problem);
  const folder = dirname(path);
  if (existsSync(folder)) return;
  // Record the folders made, outermost first, to remove them if the write fails.
  const chain: string[] = [];
  for (let dir = folder; !existsSync(dir); dir = dirname(dir)) chain.unshift(dir);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw new WriteError(path, fileErrorReason(e));
  }
  created.push(...chain);
}

const sibling = (path: string, kind: 'tmp' | 'bak') => join(dirname(path), `.${basename(path)}.sfn-${process.pid}-${randomBytes(4).toString('hex')}.${kind}`);

/** A hard link to the current target (a copy where links are not supported), to put it back. */
function keepCopy(path: string): string {
  const backup = sibling(path, 'bak');
  try {
    linkSync(path, backup);
  } catch {
    copyFileSync(path, backup);
  }
  return backup;
}

/** The journal of a write of several files, in each folder concerned; complete only with its last member. */
function writeJournals(entries: Entry[]): string[] {
  const written: string[] = [];
  const name = `.sfn-write-${process.pid}-${randomBytes(4).toString('hex')}.json`;
  for (const folder of new Set(entries.map((e) => dirname(e.path)))) {
    const file = join(folder, name);
    const rel = (p: string) => relative(folder, p);
    const journal = { files: entries.map((e) => ({ path: rel(e.path), temp: rel(e.temp), ...(e.backup ? { backup: rel(e.backup) } : {}) })), complete: true };
    try {
      writeFileSync(file, JSON.stringify(journal), { flush: true });
    } catch (e) {
      throw new WriteError(file, fileErrorReason(e));
    }
    written.push(file);
  }
  return written;
}

/** Whether the process that wrote a leftover is still running (then its files are left alone). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Finishes or undoes the writes of processes that died in `folder`: a complete journal's files
 * are renamed into place; temporary files and copies without one are removed.
 */
export function recoverInterruptedWrites(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const m = JOURNAL.exec(name);
    if (!m || running(Number(m[1]))) continue;
    const file = join(folder, name);
    let journal: { files?: Array<{ path: string; temp: string; backup?: string }>; complete?: boolean } | undefined;
    try {
      journal = JSON.parse(readFileSync(file, 'utf8')) as typeof journal;
    } catch {
      journal = undefined; // cut short: the write had not happened
    }
    if (journal?.complete === true && Array.isArray(journal.files))
      for (const f of journal.files) {
        const temp = resolve(folder, f.temp);
        if (existsSync(temp)) renameQuietly(temp, resolve(folder, f.path));
        if (f.backup) remove(resolve(folder, f.backup));
      }
    remove(file);
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m && !running(Number(m[1]))) remove(join(folder, name));
  }
}

function renameQuietly(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // left for the next attempt
  }
}

function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Removes folders this write created (innermost first), if they are still empty. */
function removeFolders(created: string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty, or already gone
    }
  }
}
