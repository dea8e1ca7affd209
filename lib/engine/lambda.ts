/**
 * Lambda functions run in-process, as the Lambda Node.js runtime runs them:
 *
 * - found by function name in `RunOptions.functions` (the name in a function ARN or in the
 *   `FunctionName` parameter of `arn:aws:states:::lambda:invoke`: a name, a partial ARN
 *   `123456789012:function:name` or a full ARN; a version or alias qualifier is ignored);
 * - the event is the payload as JSON (the handler gets its own copy) and the result goes through
 *   JSON as the runtime serializes it (`undefined` becomes `null`);
 * - the second argument is a Lambda context whose `getRemainingTimeInMillis()` counts down the
 *   function's timeout (default 3 s, Lambda's) in wall-clock time; callback-style handlers
 *   (three parameters) get a callback and answer through it, unless they return a Promise; a
 *   handler of one or two parameters answers with what it returns or resolves;
 * - a thrown or rejected value becomes the runtime's error document
 *   `{"errorType", "errorMessage", "trace"}` (see errors.ts);
 * - a handler still running at the function's timeout fails the task as Lambda reports a timed-out
 *   invocation with current runtimes, and Step Functions passes on: error `Sandbox.Timedout`, cause
 *   the error document `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error:
 *   Task timed out after 3.00 seconds"}` (a task failure: States.TaskFailed and States.ALL match
 *   it; older runtimes reported `Lambda.Unknown`). The handler itself is not stopped (it cannot
 *   be, in-process); what it answers later is ignored.
 *
 * `arn:aws:states:::lambda:invoke` returns Lambda's Invoke response as Step Functions shows it
 * (ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode; recorded AWS
 * histories); a function ARN as Resource returns the bare payload.
 */
import { alarms, fastUuid, type Alarm } from './clock';
import { lambdaErrorPayload, type LambdaErrorPayload } from './errors';
import { enterHandler, inFlightUntilAnswered, leaveHandler, runtimeError, type InFlight } from './lambda-isolation';
import type { Json } from './json';
import type { LambdaContext, LambdaHandler, LocalFunction, RunOptions } from './types';

export const DEFAULT_FUNCTION_TIMEOUT_S = 3;

export interface FunctionRef {
  name: string;
  qualifier: string | undefined;
}

/** The function a reference names: `name[:qualifier]`, `account:function:name[:qualifier]` or `arn:partition:lambda:region:account:function:name[:qualifier]`. */
export function parseFunctionRef(ref: string): FunctionRef | undefined {
  const parts = ref.split(':');
  let name: string | undefined;
  let qualifier: string | undefined;
  if (parts[0] === 'arn') {
    if (parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
    name = parts[6];
    qualifier = parts[7];
  } else if (parts.length >= 3 && parts[1] === 'function') {
    name = parts[2];
    qualifier = parts[3];
  } else {
    name = parts[0];
    qualifier = parts[1];
  }
  return name ? { name, qualifier } : undefined;
}

/** The run's function of that name: a LocalFunction, or a bare handler. */
export function localFunction(functions: RunOptions['functions'], name: string): LocalFunction | LambdaHandler | undefined {
  if (functions === undefined || !Object.prototype.hasOwnProperty.call(functions, name)) return undefined;
  return functions[name];
}

/** A function's error (what its handler threw or rejected with, as the runtime reports it). */
export class LambdaFunctionError extends Error {
  constructor(readonly payload: LambdaErrorPayload) {
    super(payload.errorMessage);
  }
}

/**
 * The Lambda context a handler gets. Its members are computed when read (a handler rarely reads
 * them), so that an invocation costs little: `awsRequestId` is made on first use.
 */
export class LocalLambdaContext implements LambdaContext {
  callbackWaitsForEmptyEventLoop = true;
  private requestId: string | undefined;
  /** When the invocation started (wall clock, epoch ms), once known (see getRemainingTimeInMillis). */
  private startMs: number;

  constructor(
    readonly functionName: string,
    readonly qualifier: string | undefined,
    /** The ARN invoked, when the Resource is one; else made from region and account. */
    private readonly arn: string | undefined,
    private readonly region: string,
    private readonly accountId: string,
    private readonly memorySize: number | undefined,
    /** The function's timeout. */
    private readonly timeoutMs: number,
    /** The alarm of the invocation's time limit, set when it started (none: no limit). */
    private readonly alarm: Alarm | null,
    /** When it was invoked (the thread's clock). */
    readonly at: number,
  ) {
    this.startMs = alarm === null ? Date.now() : 0;
  }

  get functionVersion(): string {
    return executedVersion(this.qualifier);
  }

  get invokedFunctionArn(): string {
    if (this.arn !== undefined) return this.arn;
    const q = this.qualifier !== undefined ? `:${this.qualifier}` : '';
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${this.functionName}${q}`;
  }

  get memoryLimitInMB(): string {
    return String(this.memorySize ?? 128);
  }

  get awsRequestId(): string {
    return (this.requestId ??= fastUuid());
  }

  get logGroupName(): string {
    return `/aws/lambda/${this.functionName}`;
  }

  get logStreamName(): string {
    const day = new Date(this.at).toISOString().slice(0, 10).replace(/-/g, '/');
    return `${day}/[${this.functionVersion}]${this.awsRequestId.replace(/-/g, '')}`;
  }

  getRemainingTimeInMillis(): number {
    if (this.startMs === 0) {
      // The invocation started when its alarm was set: due its duration later.
      const a = this.alarm as Alarm;
      this.startMs = alarms.dueAt(a) - (a.queue !== null ? a.queue.ms : 0);
    }
    return Math.max(0, this.startMs + this.timeoutMs - Date.now());
  }
}

/** The version an invocation ran: a numeric qualifier is a version; anything else runs $LATEST here. */
export function executedVersion(qualifier: string | undefined): string {
  return qualifier !== undefined && /^[0-9]+$/.test(qualifier) ? qualifier : '$LATEST';
}

/** The response payload as the runtime serializes it (undefined -> null); a LambdaFunctionError when it cannot. */
export function serializeResult(v: unknown): Json {
  try {
    return jsonCopy(v === undefined ? null : v);
  } catch (e) {
    throw new LambdaFunctionError(lambdaErrorPayload(new Error('Unable to stringify response body', { cause: e })));
  }
}

/**
 * Calls the handler (of `arity` parameters) with a copy of the event, guarded (lambda-isolation.ts:
 * `process.exit`, unhandled rejections and uncaught exceptions fail the invocation, not the
 * process): what it returned, or a Promise of what it resolves (not serialized yet: see
 * serializeResult). Throws a LambdaFunctionError when the handler throws.
 */
export function callHandler(handler: LambdaHandler, event: Json, context: LambdaContext, arity: number, owner: InFlight | null): unknown {
  const copy = event === null || typeof event !== 'object' ? event : jsonCopy(event);
  enterHandler();
  let r: unknown;
  try {
    r = arity >= 3 ? callWithCallback(handler, copy, context) : callPlain(handler, copy, context);
  } catch (e) {
    leaveHandler();
    throw new LambdaFunctionError(runtimeError(e, context));
  }
  leaveHandler();
  if (owner !== null && r instanceof Promise) inFlightUntilAnswered(owner);
  return r;
}

/** A handler of one or two parameters: what it returns, a thenable as a Promise. */
function callPlain(handler: LambdaHandler, copy: Json, context: LambdaContext): unknown {
  const r = handler(copy, context);
  if (r instanceof Promise) return r;
  if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') return Promise.resolve(r as PromiseLike<unknown>);
  return r;
}

/** A callback-style handler (three parameters). */
function callWithCallback(handler: LambdaHandler, copy: Json, context: LambdaContext): unknown {
  let r: unknown;
  const viaCallback = new Promise((resolve, reject) => {
    const cb = (err: unknown, result?: unknown) => (err !== undefined && err !== null ? reject(err) : resolve(result));
    r = (handler as (e: unknown, c: LambdaContext, cb: (err: unknown, result?: unknown) => void) => unknown)(copy, context, cb);
  });
  viaCallback.catch(() => undefined);
  if (r instanceof Promise) return r;
  if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') return Promise.resolve(r as PromiseLike<unknown>);
  // A callback-style handler answers through its callback, whatever it returns (as in the runtime).
  return viaCallback;
}

/**
 * What Lambda reports for an invocation that ran past the function's timeout (current runtimes;
 * as the Lambda runtime emulators write it): `{"errorType":"Sandbox.Timedout","errorMessage":
 * "RequestId: <id> Error: Task timed out after 3.00 seconds"}`.
 */
export function functionTimedOut(requestId: string, timeoutMs: number): { errorType: string; errorMessage: string } {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` };
}

/** What the runtime reports for what a handler threw or rejected with (a ProcessExit: Runtime.ExitError of that request). */
export function handlerError(e: unknown, request: { readonly awsRequestId: string }): LambdaErrorPayload {
  return e instanceof LambdaFunctionError ? e.payload : runtimeError(e, request);
}

/**
 * The `LogResult` of an Invoke with `LogType: Tail` (Lambda: "the last 4 KB of the execution log",
 * base64-encoded): the runtime's START, END and REPORT lines of the invocation (what a handler
 * printed is not kept here).
 */
export function logTail(context: LocalLambdaContext, durationMs: number): string {
  const id = context.awsRequestId;
  const ms = durationMs.toFixed(2);
  const log = `START RequestId: ${id} Version: ${context.functionVersion}\nEND RequestId: ${id}\nREPORT RequestId: ${id}\tDuration: ${ms} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\tMemory Size: ${context.memoryLimitInMB} MB\tMax Memory Used: ${context.memoryLimitInMB} MB\t\n`;
  return Buffer.from(log.slice(-4096)).toString('base64');
}

/**
 * `arn:aws:states:::lambda:invoke`'s result: Lambda's Invoke response as Step Functions returns it;
 * with `logResult` (the Invoke's `LogType: Tail`) its `LogResult` and `X-Amz-Log-Result` header
 * too, placed as recorded on AWS (LocalStack's services/test_lambda_task_service.snapshot.json,
 * test_invoke_unsupported_param).
 */
export function invokeResponse(payload: Json, requestId: string, qualifier: string | undefined, at: number, logResult?: string): Json {
  const version = executedVersion(qualifier);
  const date = new Date(at).toUTCString();
  const length = String(Buffer.byteLength(JSON.stringify(payload)));
  const traceId = `Root=1-${Math.floor(at / 1000).toString(16).padStart(8, '0')}-${requestId.replace(/-/g, '').slice(0, 24)};Sampled=0`;
  const tail = logResult !== undefined;
  return {
    ExecutedVersion: version,
    ...(tail ? { LogResult: logResult } : {}),
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        ...(tail ? { 'X-Amz-Log-Result': [logResult] } : {}),
        'X-Amz-Executed-Version': [version],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Length': [length],
        Date: [date],
        'X-Amzn-Trace-Id': [traceId],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Length': length,
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': version,
        ...(tail ? { 'X-Amz-Log-Result': logResult } : {}),
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
        'X-Amzn-Trace-Id': traceId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

const FALLBACK = Symbol('not plain JSON');
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A copy of a value as JSON.parse(JSON.stringify(v)) would make it, for plain data (objects,
 * arrays, strings, finite numbers, booleans, null): faster than the round trip. FALLBACK for
 * anything else (class instances, toJSON, BigInt, cycles...), which the caller sends through JSON.
 */
function plainCopy(v: unknown, depth: number): Json | typeof FALLBACK {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'object': {
      if (v === null) return null;
      if (depth > 64) return FALLBACK;
      if (Array.isArray(v)) {
        const out: Json[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const e = v[i];
          if (e === undefined || typeof e === 'function' || typeof e === 'symbol') out[i] = null;
          else {
            const c = plainCopy(e, depth + 1);
            if (c === FALLBACK) return FALLBACK;
            out[i] = c;
          }
        }
        return out;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return FALLBACK;
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return FALLBACK;
      const out: { [k: string]: Json } = {};
      // for-in (no array of keys to allocate, unlike Object.keys): own keys in the same order, and
      // the prototype is Object.prototype (or null), whose enumerable keys, if any, are skipped.
      for (const k in v) {
        if (!hasOwn.call(v, k)) continue;
        const e = (v as Record<string, unknown>)[k];
        if (e === undefined || typeof e === 'function' || typeof e === 'symbol') continue;
        const c = plainCopy(e, depth + 1);
        if (c === FALLBACK) return FALLBACK;
        if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
        else out[k] = c;
      }
      return out;
    }
    default:
      return FALLBACK;
  }
}

/** JSON.parse(JSON.stringify(v)), faster for plain data. Throws what JSON.stringify throws. */
export function jsonCopy(v: unknown): Json {
  const c = plainCopy(v, 0);
  if (c !== FALLBACK) return c;
  const text = JSON.stringify(v);
  return text === undefined ? null : (JSON.parse(text) as Json);
}
