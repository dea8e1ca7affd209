/** What a CLI command reads and writes, so that tests can run commands in-process. */
import { relative, resolve } from 'node:path';
import { FileReadError, readSourceFile } from '../asl/source-file';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour the output (a TTY without NO_COLOR). */
  color: boolean;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

/**
 * Ends the process with `code` once what was written to stdout and stderr has been handed on: a
 * pipe drains asynchronously, and `process.exit` at once would cut output past the pipe's buffer
 * (64 KiB: `sfn run x --history | jq`). A write callback runs after the writes before it.
 */
export function exitAfterFlush(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const paint = (code: string) => (on: boolean, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = paint('1');
export const red = paint('31');
export const green = paint('32');
export const yellow = paint('33');
export const dim = paint('2');

/**
 * A file named on the command line, read as lib/asl/source-file.ts reads files (regular files
 * only, UTF-8, the byte order mark dropped). What cannot be read is a usage error naming the
 * path as given (after `option`, when the file is an option's value); `label` names it in the
 * problems of its content (relative to the working folder). Encoding problems throw a SourceError
 * located in the file, for the caller to report as it reports that file's JSON errors.
 */
export function readCliFile(cwd: string, file: string, option?: string): { path: string; label: string; text: string } {
  const path = resolve(cwd, file);
  const label = relative(cwd, path) || file;
  try {
    return { path, label, text: readSourceFile(path, label) };
  } catch (e) {
    if (e instanceof FileReadError) throw new UsageError(`${option ? `${option}: ` : ''}${file}: ${e.reason}`);
    throw e;
  }
}
