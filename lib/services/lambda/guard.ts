/**
 * Handlers run in this process as the Lambda runtime runs them, as far as ending the process and
 * losing errors go: what would end or crash a Lambda execution environment fails the invocation
 * with the error Lambda reports, and never ends the process that runs the engine (`sfn run`,
 * `sfn serve`, a test).
 *
 * - `process.exit(code)` inside a handler fails the invocation with `Runtime.ExitError`:
 *   "RequestId: <id> Error: Runtime exited without providing a reason" for 0, "... Runtime exited
 *   with error: exit status <code>" otherwise (what Lambda reports, e.g. aws-lambda-python-runtime-interface-client#10,
 *   MatteoGioioso/lambda-flame#3). The call throws, so that the handler stops where it was.
 * - A promise rejected and never handled fails it with `Runtime.UnhandledPromiseRejection`, the
 *   reason as message ("Error: boom"), as the Node.js runtime reports it (its `errorType`,
 *   `errorMessage` and `trace[0]` "Runtime.UnhandledPromiseRejection: Error: boom").
 * - An exception thrown where nothing catches it (a timer's callback) fails it with that error.
 *
 * What belongs to which invocation is known through AsyncLocalStorage: the callbacks, timers and
 * promises a handler starts run in its context (Node.js emits `unhandledRejection` and
 * `uncaughtException` in the context of the failed promise or callback). A handler's answer is
 * taken one event-loop turn after it comes (Node.js reports unhandled rejections at the end of
 * the turn in which they happened). What a handler does after its invocation ended (Lambda would
 * freeze or replace the environment) is ignored with a line on stderr. Outside handlers the
 * process behaves as Node.js does by default.
 *
 * Applied to the project's functions (lib/local/project-workflow.ts) and to `sfn run --functions`
 * modules. Handlers given to `runExecution` directly are the engine's to guard.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LambdaContext, LambdaHandler } from '../../engine/types';

interface Invocation {
  name: string;
  requestId: string;
  /** What ended or crashed the invocation (the first one). */
  fault?: Error;
  ended: boolean;
  /** Fails the invocation at once. */
  fail(e: Error): void;
}

const current = new AsyncLocalStorage<Invocation>();

/** Thrown by `process.exit` inside a handler, so that the handler stops where it called it. */
class HandlerExited extends Error {
  constructor() {
    super('process.exit() was called by a Lambda handler running in-process: the invocation fails with Runtime.ExitError');
    this.name = 'HandlerExited';
  }
}

/** An error as the Lambda runtime reports it: its name is the error type; its trace starts with `<type>: <message>`. */
function runtimeError(type: string, message: string, frames = ''): Error {
  const e = new Error(message);
  e.name = type;
  e.stack = `${type}: ${message}${frames}`;
  return e;
}

const framesOf = (e: unknown) => (e instanceof Error && typeof e.stack === 'string' ? e.stack.slice(e.stack.indexOf('\n') === -1 ? e.stack.length : e.stack.indexOf('\n')) : '');

function fault(invocation: Invocation, e: Error, what: string): void {
  if (invocation.ended) {
    process.stderr.write(`function ${invocation.name}: ${what} after its invocation had answered: ignored (Lambda would have ended its execution environment)\n`);
    return;
  }
  invocation.fault ??= e;
  invocation.fail(invocation.fault);
}

let installed = false;

/** Installs, once per process, the process-wide hooks through which faults reach their invocation. */
function install(): void {
  if (installed) return;
  installed = true;
  const exit = process.exit.bind(process) as (code?: number | string | null) => never;
  process.exit = function exitOfHandler(code?: number | string | null): never {
    const invocation = current.getStore();
    if (invocation === undefined) return exit(code);
    const status = Number(code ?? 0) || 0;
    const reason = status === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${status}`;
    fault(invocation, runtimeError('Runtime.ExitError', `RequestId: ${invocation.requestId} Error: ${reason}`), `process.exit(${code ?? ''})`);
    throw new HandlerExited();
  } as typeof process.exit;

  process.on('unhandledRejection', (reason: unknown) => {
    const invocation = current.getStore();
    if (invocation !== undefined) {
      if (reason instanceof HandlerExited) return;
      const message = String(reason);
      fault(invocation, runtimeError('Runtime.UnhandledPromiseRejection', message, framesOf(reason)), `an unhandled rejection (${message})`);
      return;
    }
    // Not a handler's: what Node.js does when nothing listens (the rejection becomes an uncaught exception).
    if (process.listenerCount('unhandledRejection') === 1) throw reason instanceof Error ? reason : new Error(`Unhandled promise rejection: ${String(reason)}`);
  });

  process.on('uncaughtException', (error: unknown) => {
    const invocation = current.getStore();
    if (error instanceof HandlerExited) return;
    if (invocation !== undefined) {
      fault(invocation, error instanceof Error ? error : runtimeError('Error', String(error)), `an uncaught exception (${String(error)})`);
      return;
    }
    // Not a handler's: what Node.js does when nothing listens.
    if (process.listenerCount('uncaughtException') === 1) {
      process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
      exit(1);
    }
  });
}

/** Calls a handler of either style: it resolves with its answer (a callback-style handler answers through its callback unless it returns a promise). */
function call(handler: LambdaHandler, event: unknown, context: LambdaContext): Promise<unknown> {
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const withCallback = handler as (e: unknown, c: LambdaContext, cb: (err: unknown, result?: unknown) => void) => unknown;
    const r = withCallback(event, context, (err, result) => (err !== undefined && err !== null ? reject(err) : resolve(result)));
    if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') (r as PromiseLike<unknown>).then(resolve, reject);
  });
}

/**
 * The handler, run so that `process.exit`, unhandled rejections and uncaught exceptions fail its
 * invocation as Lambda fails it (see the module comment). The result is a two-parameter handler
 * answering with a promise; `name` is the function's, for messages.
 */
export function guardHandler(name: string, handler: LambdaHandler): LambdaHandler {
  install();
  return (event: unknown, context: LambdaContext) =>
    new Promise<unknown>((resolve, reject) => {
      const invocation: Invocation = {
        name,
        requestId: context?.awsRequestId ?? 'local',
        ended: false,
        fail: (e) => settle(() => reject(e)),
      };
      const settle = (answer: () => void) => {
        if (invocation.ended) return;
        invocation.ended = true;
        answer();
      };
      // The answer one event-loop turn later: an unhandled rejection of the handler's last turn is reported first.
      const later = (answer: () => void) => setImmediate(() => settle(() => (invocation.fault ? reject(invocation.fault) : answer())));
      current.run(invocation, () => {
        call(handler, event, context).then(
          (value) => later(() => resolve(value)),
          (e: unknown) => later(() => reject(e instanceof HandlerExited ? invocation.fault : e)),
        );
      });
    });
}
