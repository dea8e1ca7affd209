/**
 * Ctrl-C (SIGINT) and SIGTERM always stop `sfn serve` and `sfn run` within a second: the first
 * signal starts the command's own way of stopping (the execution aborted, the endpoint closed),
 * and the process exits when that is done, or after GRACE_MS whatever is still running (a handler
 * that does not answer, a connection that stays open), with 128 + the signal's number as shells
 * report it. A second signal exits at once.
 */

/** How long stopping may take before the process exits anyway. */
export const GRACE_MS = 800;

export type StopSignal = 'SIGINT' | 'SIGTERM';

const EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** Calls `stop` at the first SIGINT or SIGTERM (see above). Returns what removes the listeners (once stopping is done, or not needed). */
export function onStopSignal(stop: (signal: StopSignal) => void): () => void {
  let stopping = false;
  const listener = (signal: StopSignal) => {
    if (stopping) process.exit(EXIT_CODES[signal]);
    stopping = true;
    // Not a reason to stay alive: the process exits as soon as it has stopped, if it can.
    setTimeout(() => process.exit(EXIT_CODES[signal]), GRACE_MS).unref();
    stop(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    // Stopping has begun: a second signal still exits at once.
    if (stopping) return;
    process.removeListener('SIGINT', listener);
    process.removeListener('SIGTERM', listener);
  };
}
