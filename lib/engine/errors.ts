/**
 * Errors of the execution core: how whatever a state, a handler or the data layer throws becomes
 * a state failure (an error name and a cause, as Step Functions reports them).
 *
 * - `Failure`: a state failed. Retry and Catch look at it; when nothing handles it, it ends the
 *   thread (Parallel branch, Map iteration) and, at the top, the execution.
 * - `States.Runtime` is terminal (AWS, "Handling errors in Step Functions workflows": it "isn't
 *   retriable, and will always cause the execution to fail"; States.ALL does not match it): no
 *   Retry or Catch takes it and no `<Type>StateFailed` event is written on its way up.
 * - `Stopped`: the thread must unwind because its execution has ended (failed, timed out, reached
 *   the transition limit) or a sibling branch or iteration failed. It is never reported.
 */
import { StatesError, stateCause } from './jsonpath';

export const RUNTIME = 'States.Runtime';
export const TIMEOUT = 'States.Timeout';
export const HEARTBEAT_TIMEOUT = 'States.HeartbeatTimeout';

export class Failure extends Error {
  /** Id of the last history event of the thread where the failure happened, once it left a state; 0 until then. */
  eventId = 0;
  /** When it left its thread (epoch ms of the execution's clock); 0 until then. */
  at = 0;
  /** Raised by a Task's resource (a handler, an invoker, an override): what `States.TaskFailed` matches. */
  fromTask = false;
  /**
   * A Task's HeartbeatSeconds passed without a heartbeat: reported as States.Timeout (as AWS records
   * it), and matched by `States.HeartbeatTimeout` in ErrorEquals too (catch.ts).
   */
  heartbeat = false;
  /**
   * JSONata: the field whose evaluation failed, until the EvaluationFailed event is written
   * (history.ts `evaluationFailed`, which clears it); undefined for the other failures.
   */
  location: string | undefined = undefined;

  constructor(
    readonly error: string | undefined,
    readonly cause: string | undefined,
  ) {
    super(cause ?? error ?? 'the state failed');
    this.name = 'Failure';
  }

  get terminal(): boolean {
    return this.error === RUNTIME;
  }
}

export class Stopped extends Error {}

/** The one Stopped instance (no stack to capture each time a thread unwinds). */
export const STOPPED: Stopped = new Stopped('the execution or this branch has stopped');

/** A failure raised by a Task's resource. */
export function taskFailure(error: string | undefined, cause: string | undefined): Failure {
  const f = new Failure(error, cause);
  f.fromTask = true;
  return f;
}

/**
 * What a state's own processing threw (paths, payload templates, intrinsic functions, Choice
 * Rules, the engine itself) as a Failure. Data-layer errors get AWS's prefix naming the state and
 * the id of its entered event; anything else is an engine bug, reported as States.Runtime.
 */
export function stateFailure(e: unknown, stateName: string, enteredEventId: number): Failure | Stopped {
  if (e instanceof Failure || e instanceof Stopped) return e;
  if (e instanceof StatesError) {
    const f = new Failure(e.error, stateCause(stateName, enteredEventId, e.cause));
    if (e.location !== undefined) f.location = e.location;
    return f;
  }
  return new Failure(
    RUNTIME,
    stateCause(stateName, enteredEventId, `Internal error of the local engine: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  );
}

/**
 * What a Task's override function or resource invoker threw, as a task failure: a StatesError or
 * a Failure keeps its error and cause; another Error gives its `name` and `message`; anything else
 * is an `Error` whose cause is its text.
 */
export function thrownByResource(e: unknown): Failure {
  if (e instanceof Failure) {
    if (!e.fromTask) e.fromTask = true;
    return e;
  }
  if (e instanceof StatesError) return taskFailure(e.error, e.cause);
  if (e instanceof Error) return taskFailure(e.name || 'Error', e.message);
  return taskFailure('Error', typeof e === 'string' ? e : safeJson(e));
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The error document the Lambda Node.js runtime posts for a failed invocation. */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

function looksLikeError(v: unknown): v is Error {
  const o = v as { name?: unknown; message?: unknown; stack?: unknown } | null;
  return !!o && typeof o.name === 'string' && typeof o.message === 'string' && typeof o.stack === 'string';
}

/**
 * What the Lambda Node.js runtime reports for what a handler threw or rejected with
 * (aws-lambda-nodejs-runtime-interface-client: Errors.toRapidResponse / utils/error.formatError):
 * an Error gives `{errorType: name, errorMessage: message, trace: stack lines}`; any other value
 * `{errorType: typeof value, errorMessage: String(value), trace: []}`; a rejection with nothing
 * (`undefined` or `null`) is reported as the string "handled". Step Functions then fails the task
 * with error = errorType and cause = this document as JSON.
 */
export function lambdaErrorPayload(e: unknown): LambdaErrorPayload {
  if (e === undefined || e === null) return { errorType: 'string', errorMessage: 'handled', trace: [] };
  try {
    if (e instanceof Error || looksLikeError(e)) {
      return { errorType: String(e.name), errorMessage: String(e.message), trace: typeof e.stack === 'string' ? e.stack.split('\n') : [] };
    }
    return { errorType: typeof e, errorMessage: String(e), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}
