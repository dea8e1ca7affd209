/**
 * Lambda functions run in-process (lambda.ts), for a Task whose Resource is a function ARN (its
 * result is the bare payload; events LambdaFunction*) or `arn:aws:states:::lambda:invoke` with
 * its `FunctionName` parameter (its result is Lambda's Invoke response, with the payload in
 * `Payload`; events Task*). A function the run does not have (`RunOptions.functions`) goes to the
 * resource invokers (integration.ts).
 *
 * A function that runs past its own timeout fails the task with the function's error, as Lambda
 * reports it and Step Functions passes it on: `Sandbox.Timedout`, cause
 * `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out after
 * 3.00 seconds"}` (LambdaFunctionFailed / TaskFailed; a task failure, which States.TaskFailed and
 * States.ALL match).
 */
import { Failure, taskFailure } from '../../errors';
import type { Json, JsonObject } from '../../json';
import {
  DEFAULT_FUNCTION_TIMEOUT_S,
  LambdaFunctionError,
  LocalLambdaContext,
  callHandler,
  functionTimedOut,
  handlerError,
  invokeResponse,
  localFunction,
  logTail,
  parseFunctionRef,
  serializeResult,
  type FunctionRef,
} from '../../lambda';
import type { Thread } from '../../thread';
import type { LambdaHandler, LocalFunction } from '../../types';
import { fastUuid } from '../../clock';
import { answered } from '../../lambda-isolation';
import { LambdaEvents, ServiceEvents } from './events';
import { byInvoker, invokeResource } from './integration';
import { TaskRunner, WAYS, type TaskRun, type TaskWorker } from './run';

/** The function a `lambda:invoke` Task names in its effective input's FunctionName. */
export function functionNamed(effective: Json): FunctionRef | undefined {
  const fnName = effective !== null && typeof effective === 'object' && !Array.isArray(effective) ? effective.FunctionName : undefined;
  return typeof fnName === 'string' ? parseFunctionRef(fnName) : undefined;
}

/**
 * The event `lambda:invoke` sends: its Payload parameter, `{}` without one or when it is null. A
 * string Payload is the request body as it is (Step Functions passes it on, unlike an object it
 * serializes): the runtime parses that JSON text into the event; a text that is no JSON is refused
 * by Lambda (InvalidRequestContentException, thrown as a task failure).
 */
function payloadOf(effective: Json): Json {
  const p = (effective as JsonObject).Payload;
  if (p === undefined || p === null) return {};
  if (typeof p !== 'string') return p;
  try {
    return JSON.parse(p) as Json;
  } catch (e) {
    throw taskFailure(
      'Lambda.InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${(e as Error).message} (Service: AWSLambda; Status Code: 400; Error Code: InvalidRequestContentException; Request ID: ${fastUuid()}; Proxy: null)`,
    );
  }
}

/**
 * A function that does not exist: what Lambda answers an Invoke of it, through the AWS SDK for
 * Java's message as Step Functions records it: error `Lambda.ResourceNotFoundException` (a task
 * failure, which Catch takes), cause "Function not found: arn:aws:lambda:<region>:<account>:
 * function:<name> (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;
 * Request ID: <id>; Proxy: null)".
 */
export function functionNotFound(ref: FunctionRef, region: string, accountId: string): Failure {
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${ref.name}${ref.qualifier !== undefined ? `:${ref.qualifier}` : ''}`;
  return taskFailure(
    'Lambda.ResourceNotFoundException',
    `Function not found: ${arn} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ${fastUuid()}; Proxy: null)`,
  );
}

const NO_REQUEST = { awsRequestId: '00000000-0000-0000-0000-000000000000' };

/** What a function threw or rejected with, as Lambda reports it: the task's failure. */
function lambdaFailure(e: unknown, context: LocalLambdaContext | undefined): Failure {
  const payload = handlerError(e, context ?? NO_REQUEST);
  return taskFailure(payload.errorType, JSON.stringify(payload));
}

export class FunctionRunner extends TaskRunner implements TaskWorker {
  readonly watchesHeartbeats = false;
  readonly inProcess = true;
  /** The function of a function ARN Resource; null for `lambda:invoke` (its FunctionName parameter). */
  private readonly fnRef: FunctionRef | undefined | null;
  /** The handler this state invoked last, and its number of parameters (a Function's length is a getter). */
  private lastHandler: LambdaHandler | null = null;
  private lastArity = 0;

  /** `invoke`: `arn:aws:states:::lambda:invoke`; otherwise a function ARN. */
  constructor(resource: string, invoke: boolean) {
    super(resource, invoke ? new ServiceEvents('lambda', 'invoke') : new LambdaEvents(resource));
    this.fnRef = invoke ? null : parseFunctionRef(resource);
  }

  select(t: Thread, run: TaskRun, effective: Json, token: string | undefined, stateName: string, timeoutS: number | undefined): TaskWorker | null {
    const ref = this.fnRef !== null ? this.fnRef : functionNamed(effective);
    const fn = ref !== undefined ? localFunction(t.ex.options.functions, ref.name) : undefined;
    if (fn === undefined) {
      if (ref === undefined) return byInvoker(this, t, run, effective, token, stateName, timeoutS, ref);
      // No local handler: a resource invoker may still run it; otherwise the function does not exist.
      run.started = invokeResource(t.ex.options.resources, this.resource, effective, stateName, token, timeoutS) ?? Promise.reject(functionNotFound(ref, t.ex.region, t.ex.accountId));
      return null;
    }
    run.fn = fn;
    run.ref = ref;
    return this;
  }

  limitMs(run: TaskRun): number {
    const fn = run.fn;
    return ((typeof fn !== 'function' ? (fn as LocalFunction).timeout : undefined) ?? DEFAULT_FUNCTION_TIMEOUT_S) * 1000;
  }

  /** Calls the handler with a Lambda context whose remaining time counts down from the attempt's alarm. */
  start(t: Thread, run: TaskRun, effective: Json): unknown {
    const ex = t.ex;
    const fn = run.fn as LocalFunction | LambdaHandler;
    const f = typeof fn === 'function' ? undefined : fn;
    const handler = f === undefined ? (fn as LambdaHandler) : f.handler;
    const target = run.ref as FunctionRef;
    const arn = this.fnRef !== null ? this.resource : undefined;
    const context = new LocalLambdaContext(target.name, target.qualifier, arn, ex.region, ex.accountId, f?.memorySize, this.limitMs(run), run.alarm, ex.clock.now(t));
    run.context = context;
    run.logTail = this.fnRef === null && (effective as JsonObject).LogType === 'Tail';
    const payload = this.fnRef !== null ? effective : payloadOf(effective);
    if (handler !== this.lastHandler) {
      this.lastHandler = handler;
      this.lastArity = handler.length;
    }
    return callHandler(handler, payload, context, this.lastArity, run);
  }

  /** The payload as Lambda serializes it, in Lambda's Invoke response for `lambda:invoke` (with the log's tail when its LogType is Tail). */
  result(v: unknown, run: TaskRun): Json {
    answered(run);
    const payload = serializeResult(v);
    if (this.fnRef !== null) return payload;
    const context = run.context as LocalLambdaContext;
    const tail = run.logTail ? logTail(context, run.t.ex.clock.now(run.t) - context.at) : undefined;
    return invokeResponse(payload, context.awsRequestId, context.qualifier, context.at, tail);
  }

  failure(e: unknown, run: TaskRun): Failure {
    answered(run);
    // Lambda's own refusal (an event that is no JSON) is already the task's failure.
    if (e instanceof Failure) return e;
    return lambdaFailure(e, run.context);
  }

  unhandled(ref: FunctionRef | undefined, effective: Json): string {
    // A function named but not found fails as Lambda answers it (functionNotFound): only a FunctionName that names none is left.
    const given = effective !== null && typeof effective === 'object' && !Array.isArray(effective) ? effective.FunctionName : undefined;
    return `The Task state's FunctionName parameter (${JSON.stringify(given ?? null)}) names no Lambda function${ref !== undefined ? ` ('${ref.name}')` : ''}, so the local engine cannot run the resource '${this.resource}': give ${WAYS}.`;
  }
}

/**
 * The base action of `lambda:invoke.waitForTaskToken` on a local function (callback.ts): Lambda's
 * Invoke response, or the task's failure as Lambda reports it (its own timeout: Sandbox.Timedout).
 */
export function invokeForCallback(t: Thread, run: TaskRun, effective: Json, timeoutMs: number): Promise<Json> {
  const ex = t.ex;
  const fn = run.fn as LocalFunction | LambdaHandler;
  const lf = typeof fn === 'function' ? undefined : fn;
  const handler = lf === undefined ? (fn as LambdaHandler) : lf.handler;
  const target = run.ref as FunctionRef;
  const context = new LocalLambdaContext(target.name, target.qualifier, undefined, ex.region, ex.accountId, lf?.memorySize, timeoutMs, null, ex.clock.now(t));
  let payload: Json;
  try {
    payload = payloadOf(effective);
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise<Json>((resolve, reject) => {
    const timer = setTimeout(() => {
      settled = true;
      const p = functionTimedOut(context.awsRequestId, timeoutMs);
      reject(taskFailure(p.errorType, JSON.stringify(p)));
    }, timeoutMs);
    const ok = (v: unknown) => {
      settled = true;
      clearTimeout(timer);
      try {
        resolve(invokeResponse(serializeResult(v), context.awsRequestId, context.qualifier, context.at));
      } catch (e) {
        reject(lambdaFailure(e, context));
      }
    };
    let settled = false;
    const ko = (e: unknown) => {
      settled = true;
      clearTimeout(timer);
      reject(lambdaFailure(e, context));
    };
    try {
      const r = callHandler(handler, payload, context, handler.length, { active: () => !settled, fail: (p) => ko(new LambdaFunctionError(p)), requestId: () => context.awsRequestId, flightSlot: -1 });
      if (r instanceof Promise) r.then(ok, ko);
      else ok(r);
    } catch (e) {
      ko(e);
    }
  });
}
