/** What a CLI command reads and writes, so that tests can run commands in-process. */
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
