/**
 * Handlers run in this process, yet what ends a Lambda runtime must end only the invocation, as
 * Lambda reports it, never the process that runs the engine:
 *
 * - `process.exit(code)` in a handler: the runtime exits, and Lambda fails the invocation with
 *   `{"errorType":"Runtime.ExitError","errorMessage":"RequestId: <id> Error: Runtime exited
 *   without providing a reason"}` (exit code 0) or `... Error: Runtime exited with error: exit
 *   status <code>"` (Lambda's words, as Lambda writes them in the function's log and response).
 *   While an invocation is in flight, `process.exit` throws a ProcessExit instead: code after it
 *   does not run, and the invocation fails with that error.
 * - A promise rejected with nobody to handle it while an invocation is in flight: the Node.js
 *   runtime (aws-lambda-nodejs-runtime-interface-client, `process.on('unhandledRejection')`)
 *   fails the invocation with `{"errorType":"Runtime.UnhandledPromiseRejection","errorMessage":
 *   "<String(reason)>","trace":["Runtime.UnhandledPromiseRejection: <String(reason)>", ...]}`
 *   (e.g. errorMessage "Error: boom" for `Promise.reject(new Error('boom'))`).
 * - An exception thrown where nothing catches it (a timer of the handler): the runtime fails the
 *   invocation with that error, as a thrown one.
 *
 * One Lambda sandbox runs one invocation at a time, so the runtime knows whose failure it is;
 * handlers in one process may run at once, and what is not raised in an invocation's own call
 * chain (an unhandled rejection, an uncaught exception) fails every invocation in flight then.
 * A rejection reported after its invocation has answered fails nothing (on Lambda the answer has
 * been sent by then) and is written to stderr. The process's own `process.exit` and listeners
 * are put back within a second after the last invocation.
 */
import { lambdaErrorPayload, type LambdaErrorPayload } from './errors';

/** What `process.exit` throws while a handler runs. */
export class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code}) called by a Lambda handler`);
    this.name = 'ProcessExit';
  }
}

/** Lambda's report of a runtime that exited during an invocation. */
export function exitPayload(requestId: string, code: number): LambdaErrorPayload {
  const why = code === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${code}`;
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${why}`, trace: [] };
}

/** The Node.js runtime's report of an unhandled rejection. */
export function unhandledRejectionPayload(reason: unknown): LambdaErrorPayload {
  let message: string;
  try {
    message = String(reason);
  } catch {
    message = 'undefined';
  }
  const stack = reason instanceof Error && typeof reason.stack === 'string' ? reason.stack.split('\n').slice(1) : [];
  return { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: message, trace: [`Runtime.UnhandledPromiseRejection: ${message}`, ...stack] };
}

/**
 * An invocation whose handler answers later: `fail` fails it from outside its call chain, while
 * `active()` (it has not answered yet).
 */
export interface InFlight {
  active(): boolean;
  fail(payload: LambdaErrorPayload): void;
  /** Its place in the list of invocations in flight (-1: not in it); kept by this module. */
  flightSlot: number;
}

/** The invocations that may still be in flight (each knows its slot: no hashing per invocation). */
const inFlight: InFlight[] = [];
/** The length at which the list is pruned next (amortized: twice what is still in flight). */
let pruneAt = 64;

function remove(f: InFlight): void {
  const i = f.flightSlot;
  if (i < 0 || inFlight[i] !== f) return;
  const last = inFlight.pop() as InFlight;
  if (last !== f) {
    inFlight[i] = last;
    last.flightSlot = i;
  }
  f.flightSlot = -1;
}
let savedExit: typeof process.exit | null = null;
/** The timer that puts the process back, once installed; `recent`: an invocation ended since it was set. */
let removal: NodeJS.Timeout | null = null;
let recent = false;
/** How long the guard stays after the last invocation, for what handlers left behind (timers, rejections). */
const GRACE_MS = 500;

/** Handler calls on the stack now (a handler's synchronous part is running). */
let calling = 0;

/** Whether an invocation may be the caller: a handler's synchronous part runs, or one has not answered. */
function handlerMayCall(): boolean {
  if (calling > 0) return true;
  prune();
  return inFlight.length > 0;
}

/**
 * `process.exit` while the guard is installed: a ProcessExit thrown into the caller when a handler
 * may be calling it (its invocation fails with Runtime.ExitError); the process's own exit when no
 * handler runs (the host ending after its executions). A ProcessExit that no handler's invocation
 * takes (thrown into the host's own code) ends the process as asked (onRejection, onUncaught).
 */
function exitInHandler(code?: string | number | null): never {
  if (!handlerMayCall()) return (savedExit as typeof process.exit)(code);
  const n = code === undefined || code === null ? Number(process.exitCode ?? 0) : Number(code);
  throw new ProcessExit(Number.isInteger(n) ? n : 1);
}

/** The process's own exit, for a ProcessExit that no invocation took. */
function exitForReal(e: ProcessExit): never {
  return (savedExit ?? process.exit)(e.code);
}

/** Forgets the invocations that have answered. */
function prune(): void {
  let j = 0;
  for (let i = 0; i < inFlight.length; i++) {
    const f = inFlight[i];
    if (f.active()) {
      f.flightSlot = j;
      inFlight[j++] = f;
    } else f.flightSlot = -1;
  }
  inFlight.length = j;
}

function failAll(payload: () => LambdaErrorPayload): boolean {
  prune();
  if (inFlight.length === 0) return false;
  const all = inFlight.splice(0);
  for (const f of all) f.flightSlot = -1;
  for (const f of all) f.fail(payload());
  return true;
}

function onRejection(reason: unknown): void {
  if (reason instanceof ProcessExit) exitForReal(reason);
  if (!failAll(() => unhandledRejectionPayload(reason))) {
    process.stderr.write(`A Lambda handler left a promise rejected after its invocation answered: ${unhandledRejectionPayload(reason).errorMessage}\n`);
  }
}

function onUncaught(e: unknown): void {
  if (e instanceof ProcessExit) exitForReal(e);
  const payload = (): LambdaErrorPayload => lambdaErrorPayload(e);
  if (!failAll(payload)) process.stderr.write(`A Lambda handler threw after its invocation answered: ${payload().errorMessage}\n`);
}

function install(): void {
  if (savedExit !== null) return;
  savedExit = process.exit;
  process.exit = exitInHandler as typeof process.exit;
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onUncaught);
  removal = setTimeout(checkRemoval, GRACE_MS);
  removal.unref();
}

/**
 * Puts the process back once no invocation has run for a while (what a handler left behind, a
 * timer or a rejection, is still caught until then). One timer, set again while invocations run:
 * an invocation costs no timer of its own; the timer does not keep the process alive.
 */
function checkRemoval(): void {
  prune();
  if (inFlight.length > 0 || recent) {
    recent = false;
    (removal as NodeJS.Timeout).refresh();
    return;
  }
  removal = null;
  if (process.exit === exitInHandler) process.exit = savedExit as typeof process.exit;
  savedExit = null;
  process.removeListener('unhandledRejection', onRejection);
  process.removeListener('uncaughtException', onUncaught);
}

/** An error a handler of that request ended with, as the runtime reports it (a ProcessExit: Runtime.ExitError). */
export function runtimeError(e: unknown, request: { readonly awsRequestId: string }): LambdaErrorPayload {
  return e instanceof ProcessExit ? exitPayload(request.awsRequestId, e.code) : lambdaErrorPayload(e);
}

/**
 * A handler is about to be called (leaveHandler once its call returns): while handlers run,
 * `process.exit` throws a ProcessExit, and the process's unhandled rejections and uncaught
 * exceptions fail the invocations in flight (and are reported a while after). Make what the call
 * throws or rejects with the invocation's error with `runtimeError`.
 */
export function enterHandler(): void {
  if (savedExit === null) install();
  recent = true;
  calling++;
}

/** The handler's synchronous part has returned (or thrown). */
export function leaveHandler(): void {
  calling--;
}

/**
 * A handler answers later: `owner` is failed (`owner.fail`) by what fails the invocations in
 * flight until it is no longer `active()`. No Promise of its own per invocation.
 */
export function inFlightUntilAnswered(owner: InFlight): void {
  if (owner.flightSlot >= 0) return;
  if (inFlight.length >= pruneAt) {
    prune();
    pruneAt = Math.max(64, inFlight.length * 2);
  }
  owner.flightSlot = inFlight.length;
  inFlight.push(owner);
}

/** The handler of `owner` has answered (a Set of what is still running holds nothing finished). */
export function answered(owner: InFlight): void {
  if (owner.flightSlot >= 0) remove(owner);
}
