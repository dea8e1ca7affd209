/**
 * Task: runs its resource on its effective input (InputPath -> Parameters), then ResultSelector ->
 * ResultPath -> OutputPath on the result; Retry and Catch on failures.
 *
 * Who runs the resource, in this order:
 * 1. `RunOptions.overrides[stateName]`: a fixed result, an error, or a function of the input;
 * 2. a Lambda function of `RunOptions.functions`, for a function ARN Resource (the result is the
 *    bare payload) or for `arn:aws:states:::lambda:invoke` with its `FunctionName` parameter (the
 *    result is Lambda's Invoke response, with the payload in `Payload`);
 * 3. the first `RunOptions.resources` invoker that takes the resource.
 * A resource no one runs fails the execution (States.Runtime) with a cause naming the state and
 * the resource, as a missing local handler is a mistake of the run, not a failure to catch.
 *
 * TimeoutSeconds / TimeoutSecondsPath: the work is cut after that many seconds (wall clock) and
 * the state fails with States.Timeout. A local function that runs past its own timeout fails the
 * task with the function's error, as Lambda reports it and Step Functions passes it on:
 * `Sandbox.Timedout`, cause `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id>
 * Error: Task timed out after 3.00 seconds"}` (LambdaFunctionFailed / TaskFailed; a task
 * failure, which States.TaskFailed and States.ALL match). HeartbeatSeconds /
 * HeartbeatSecondsPath apply to the resources that send heartbeats (callback tasks
 * `.waitForTaskToken`, activities): nothing can send one locally, so such a task fails with
 * States.HeartbeatTimeout once that time has passed. On the virtual clock the thread's time moves
 * by the limit that was reached. An answer that comes after the limit is ignored.
 *
 * With a task token broker (`RunOptions.callbacks`, callbacks.ts), callback tasks
 * (`.waitForTaskToken`) and activities wait for an outside party instead (callback-task.ts): the
 * base action runs, TaskSubmitted records its response, and SendTaskSuccess / SendTaskFailure /
 * SendTaskHeartbeat answer; an activity waits for a worker (GetActivityTask), ActivityStarted
 * naming it. HeartbeatSeconds then starts again at each heartbeat. Without a broker, such a task is
 * answered by its resource invoker (its result is the task's result) as before.
 *
 * A resource that answers later (a Promise) suspends the thread (SUSPENDED): the thread's TaskRun
 * takes the answer, or the limit's alarm fires, and moves the thread on (execution.ts `resume`).
 *
 * Events (recorded AWS histories): a function ARN writes LambdaFunctionScheduled / Started /
 * Succeeded | Failed | TimedOut; an activity Activity*; an integration (`arn:aws:states:::service:
 * action`) TaskScheduled / TaskStarted / TaskSucceeded | TaskFailed | TaskTimedOut with
 * resourceType `service` and resource `action`. Each retry schedules the resource again.
 */
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { compileCatchers } from '../catch';
import { fastUuid, type Alarm, type AlarmQueue } from '../clock';
import { pathContext } from '../context';
import { StatesError, selectPath, type PathContext } from '../data';
import { HEARTBEAT_TIMEOUT, RUNTIME, STOPPED, TIMEOUT, taskFailure, thrownByResource, type Failure } from '../errors';
import { SUSPENDED, fail, proceed, resume, type Suspended, type Thread } from '../thread';
import { compileValue, isExpression, typeError, type CompiledValue } from '../jsonata';
import { DATA_DETAILS, ev, json } from '../history';
import { compileProcessing, type Processing, type QueryLanguage } from '../io';
import {
  DEFAULT_FUNCTION_TIMEOUT_S,
  LocalLambdaContext,
  callHandler,
  functionTimedOut,
  handlerError,
  invokeResponse,
  localFunction,
  parseFunctionRef,
  serializeResult,
  type FunctionRef,
} from '../lambda';
import { Retries, afterFailure, compileRetriers, type Attempting, type Retrier } from '../retry';
import type { Json, JsonObject } from '../json';
import type { LambdaHandler, LocalFunction, StateOverride } from '../types';
import { CallbackWait, HeartbeatExpired, WAIT_FOR_TASK_TOKEN } from './callback-task';
import { JsonataIO } from '../jsonata-io';
import { State } from './state';

/** A JSONata attempt: its effective input and limits, evaluated before it; `done` takes a late answer. */
interface Prepared {
  effective: Json;
  token: string | undefined;
  timeoutS: number | undefined;
  heartbeatS: number | undefined;
  done: (ok: boolean, v: unknown) => void;
}

type Kind = 'lambda' | 'service' | 'activity';

type Phase = 'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut';

/** The event type and details member of each phase of a resource, by kind (LambdaFunction*, Activity*, Task*). */
const EVENT_NAMES: Record<Kind, Record<Phase, [HistoryEventType, string]>> = (() => {
  const of = (prefix: string) => {
    const key = prefix.charAt(0).toLowerCase() + prefix.slice(1);
    const phases: Phase[] = ['Scheduled', 'Started', 'Succeeded', 'Failed', 'TimedOut'];
    return Object.fromEntries(phases.map((p) => [p, [`${prefix}${p}` as HistoryEventType, `${key}${p}EventDetails`]])) as Record<Phase, [HistoryEventType, string]>;
  };
  return { lambda: of('LambdaFunction'), activity: of('Activity'), service: of('Task') };
})();

/** Who runs the resource. */
const enum Source {
  Override,
  Local,
  Invoker,
}
type Limit = 'task' | 'heartbeat' | 'function' | 'execution';

/** The path context of a state that reads none. */
const NO_PATHS: PathContext = Object.freeze({ input: null, context: null }) as PathContext;

const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/;
const ACTIVITY_ARN = /^arn:[^:]+:states:[^:]*:[^:]*:activity:/;
const INTEGRATION_ARN = /^arn:[^:]+:states:::/;

export class TaskState extends State implements Attempting {
  readonly retriers: readonly Retrier[] | null;
  readonly failedType = null;
  readonly resource: string;
  private readonly io: Processing;
  private readonly kind: Kind;
  private readonly resourceType: string;
  private readonly resourceName: string;
  private readonly lambdaInvoke: boolean;
  /** `lambda:invoke.waitForTaskToken`: runs a local function as its base action when there is a broker. */
  private readonly lambdaInvokeCallback: boolean;
  /** The resource without `.waitForTaskToken` (what the base action's invoker takes). */
  private readonly baseResource: string;
  private readonly fnRef: FunctionRef | undefined;
  private readonly waitForToken: boolean;
  private readonly timeoutSeconds: number | undefined;
  private readonly timeoutPath: string | undefined;
  private readonly heartbeatSeconds: number | undefined;
  private readonly heartbeatPath: string | undefined;
  /** No path to evaluate: the attempt needs no path context. */
  private readonly plain: boolean;
  /** The handler this state invoked last, and its number of parameters (a Function's length is a getter). */
  private lastHandler: LambdaHandler | null = null;
  private lastArity = 0;
  /** JSONata: Arguments, Output, Assign; TimeoutSeconds and HeartbeatSeconds when they are expressions. */
  private readonly jio: JsonataIO | null;
  private readonly timeoutExpr: CompiledValue | null = null;
  private readonly heartbeatExpr: CompiledValue | null = null;

  constructor(name: string, def: JsonObject, ql: QueryLanguage) {
    super(name, 'Task', def, ql);
    this.io = compileProcessing(def, ql, { inputPath: true, parameters: true, resultSelector: true, resultPath: true, outputPath: true }, name);
    this.retriers = compileRetriers(def.Retry);
    this.catchers = compileCatchers(def.Catch, ql === 'JSONata');
    this.jio = ql === 'JSONata' ? new JsonataIO(def, true) : null;
    if (ql === 'JSONata') {
      if (isExpression(def.TimeoutSeconds)) this.timeoutExpr = compileValue(def.TimeoutSeconds, 'TimeoutSeconds');
      if (isExpression(def.HeartbeatSeconds)) this.heartbeatExpr = compileValue(def.HeartbeatSeconds, 'HeartbeatSeconds');
    }
    this.resource = String(def.Resource);
    this.waitForToken = this.resource.endsWith('.waitForTaskToken');
    this.timeoutSeconds = typeof def.TimeoutSeconds === 'number' ? def.TimeoutSeconds : undefined;
    this.timeoutPath = typeof def.TimeoutSecondsPath === 'string' ? def.TimeoutSecondsPath : undefined;
    this.heartbeatSeconds = typeof def.HeartbeatSeconds === 'number' ? def.HeartbeatSeconds : undefined;
    this.heartbeatPath = typeof def.HeartbeatSecondsPath === 'string' ? def.HeartbeatSecondsPath : undefined;
    if (LAMBDA_ARN.test(this.resource)) {
      this.kind = 'lambda';
      this.fnRef = parseFunctionRef(this.resource);
      this.resourceType = 'lambda';
      this.resourceName = this.resource;
    } else if (ACTIVITY_ARN.test(this.resource)) {
      this.kind = 'activity';
      this.resourceType = 'activity';
      this.resourceName = this.resource;
    } else {
      this.kind = 'service';
      const rest = INTEGRATION_ARN.test(this.resource) ? this.resource.slice(this.resource.indexOf(':::') + 3) : this.resource;
      const colon = rest.indexOf(':');
      this.resourceType = colon < 0 ? rest : rest.slice(0, colon);
      this.resourceName = colon < 0 ? '' : rest.slice(colon + 1);
    }
    this.lambdaInvoke = this.kind === 'service' && this.resourceType === 'lambda' && this.resourceName === 'invoke';
    this.lambdaInvokeCallback = this.kind === 'service' && this.resourceType === 'lambda' && this.resourceName === `invoke${WAIT_FOR_TASK_TOKEN}`;
    this.baseResource = this.waitForToken ? this.resource.slice(0, -WAIT_FOR_TASK_TOKEN.length) : this.resource;
    this.plain = this.io.trivial && !this.usesContext && this.timeoutPath === undefined && this.heartbeatPath === undefined;
  }

  exec(t: Thread, raw: Json): Json | Promise<Json> | Suspended {
    this.enter(t, raw);
    if (this.jio !== null) return this.runJsonata(t, raw, this.jio);
    return this.attempts(t, raw, null);
  }

  /** A JSONata Task: Arguments (and limit expressions), the attempt, then Output and Assign; Retry and Catch around them. */
  private async runJsonata(t: Thread, raw: Json, jio: JsonataIO): Promise<Json> {
    const retries = new Retries();
    for (;;) {
      try {
        const token = this.waitForToken ? newToken(t) : undefined;
        const extras = this.usesContext ? { retryCount: retries.retryCount, taskToken: token } : undefined;
        const effective = await jio.effectiveInput(t, this.name, raw, extras);
        const timeoutS = this.timeoutExpr !== null ? await this.limit(t, raw, this.timeoutExpr, 'TimeoutSeconds') : this.timeoutSeconds;
        const heartbeatS = this.heartbeatExpr !== null ? await this.limit(t, raw, this.heartbeatExpr, 'HeartbeatSeconds') : this.heartbeatSeconds;
        if (t.isStopped()) throw STOPPED;
        const result = await new Promise<Json>((resolve, reject) => {
          const done = (ok: boolean, v: unknown) => (ok ? resolve(v as Json) : reject(v));
          let r: Json | Suspended;
          try {
            r = this.attempt(t, raw, retries, { effective, token, timeoutS, heartbeatS, done });
          } catch (e) {
            return reject(e);
          }
          if (r !== SUSPENDED) resolve(r);
        });
        const out = await jio.finish(t, this.name, raw, result, extras);
        if (t.isStopped()) throw STOPPED;
        return this.leave(t, out);
      } catch (e) {
        const delay = afterFailure(t, this, raw, e, retries);
        if (delay < 0) return retries.output;
        await t.ex.sleep(t, delay);
        if (t.isStopped()) throw STOPPED;
      }
    }
  }

  /** TimeoutSeconds / HeartbeatSeconds as a JSONata expression: a positive integer. */
  private async limit(t: Thread, raw: Json, e: CompiledValue, field: string): Promise<number> {
    const v = await e.evaluate({ states: JsonataIO.states(t, this.name, raw), vars: t.vars });
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw typeError(field, 'a positive integer', v);
    return v;
  }

  /**
   * The attempts of one visit of the state, from the next one, with its Retry and Catch: the
   * state's output (its exited event written, `t.next` set) when they end at once; SUSPENDED when
   * one is running (or a retry waits on the real clock): it moves the thread on when it ends.
   * Throws the failure neither Retry nor Catch takes.
   */
  private attempts(t: Thread, raw: Json, retries: Retries | null): Json | Promise<Json> | Suspended {
    for (;;) {
      let out: Json | Suspended;
      try {
        out = this.attempt(t, raw, retries);
      } catch (e) {
        retries ??= new Retries();
        const next = this.recover(t, raw, retries, e);
        if (next === RETRY_NOW) continue;
        return next;
      }
      return out === SUSPENDED ? out : this.leave(t, out);
    }
  }

  /**
   * After a failed attempt: the state's output when a catcher took the failure (exited written),
   * RETRY_NOW when the next attempt can start at once, SUSPENDED when it starts after a real-clock
   * wait (by itself). Throws what neither Retry nor Catch takes.
   */
  private recover(t: Thread, raw: Json, retries: Retries, e: unknown): Json | Promise<Json> | Suspended | typeof RETRY_NOW {
    const delay = afterFailure(t, this, raw, e, retries);
    if (delay < 0) return retries.output;
    const wait = t.ex.sleep(t, delay);
    if (wait !== undefined) {
      void wait.then(() => this.retryAfterWait(t, raw, retries));
      return SUSPENDED;
    }
    if (t.isStopped()) throw STOPPED;
    return RETRY_NOW;
  }

  private retryAfterWait(t: Thread, raw: Json, retries: Retries): void {
    let out: Json | Promise<Json> | Suspended;
    try {
      if (t.isStopped()) throw STOPPED;
      out = this.attempts(t, raw, retries);
    } catch (e) {
      return fail(t, e);
    }
    proceed(t, out);
  }

  /**
   * One attempt: runs the resource on the effective input. Returns the attempt's output (after
   * ResultSelector, ResultPath, OutputPath) when the resource answered at once, or SUSPENDED when
   * it answers later (the thread's TaskRun then takes it from there); throws the attempt's failure.
   */
  private attempt(t: Thread, raw: Json, retries: Retries | null, pre?: Prepared): Json | Suspended {
    const retryCount = retries === null ? 0 : retries.retryCount;
    const token = pre !== undefined ? pre.token : this.waitForToken ? newToken(t) : undefined;
    const ctx = this.plain || pre !== undefined ? NO_PATHS : pathContext(t, raw, this.usesContext, this.name, this.usesContext ? { retryCount, taskToken: token } : undefined);
    let effective: Json;
    let timeoutS: number | undefined;
    let heartbeatS: number | undefined;
    if (pre !== undefined) {
      effective = pre.effective;
      timeoutS = pre.timeoutS;
      heartbeatS = pre.heartbeatS;
    } else {
      effective = this.io.input(raw, ctx);
      timeoutS = this.timeoutPath !== undefined ? seconds(this.timeoutPath, 'TimeoutSecondsPath', { input: raw, context: ctx.context, variables: t.vars }) : this.timeoutSeconds;
      heartbeatS = this.heartbeatPath !== undefined ? seconds(this.heartbeatPath, 'HeartbeatSecondsPath', { input: raw, context: ctx.context, variables: t.vars }) : this.heartbeatSeconds;
    }

    const ex = t.ex;
    const opts = ex.options;
    const broker = opts.callbacks !== undefined && (this.waitForToken || this.kind === 'activity') ? opts.callbacks : undefined;
    let wait: CallbackWait | null = null;
    let source: Source;
    let override: StateOverride | undefined;
    let fn: LocalFunction | LambdaHandler | undefined;
    let ref: FunctionRef | undefined;
    let started: Promise<Json> | undefined;
    if (opts.overrides !== undefined && Object.prototype.hasOwnProperty.call(opts.overrides, this.name)) {
      source = Source.Override;
      override = opts.overrides[this.name];
    } else {
      if (this.kind === 'lambda') ref = this.fnRef;
      else if (this.lambdaInvoke || (broker !== undefined && this.lambdaInvokeCallback)) {
        const fnName = effective !== null && typeof effective === 'object' && !Array.isArray(effective) ? effective.FunctionName : undefined;
        ref = typeof fnName === 'string' ? parseFunctionRef(fnName) : undefined;
      }
      fn = ref !== undefined ? localFunction(opts.functions, ref.name) : undefined;
      if (broker !== undefined) {
        // The task waits for an answer to its token: registered before the base action runs, so
        // that an answer the base action sends at once is not lost.
        source = Source.Invoker;
        wait = new CallbackWait(this, t, broker, (token ?? broker.newToken()) as string, effective);
        if (fn === undefined && this.kind !== 'activity') {
          started = wait.invokeBase(opts.resources, this.baseResource, this.name, timeoutS);
          if (started === undefined) {
            wait.close();
            throw new StatesError(RUNTIME, this.unhandled(ref, effective));
          }
        }
      } else if (fn !== undefined) source = Source.Local;
      else {
        source = Source.Invoker;
        if (opts.resources !== undefined) {
          for (const invoker of opts.resources) {
            let p: Promise<Json> | undefined;
            try {
              p = invoker({ resource: this.resource, input: effective, stateName: this.name, taskToken: token, timeoutSeconds: timeoutS });
            } catch (e) {
              p = Promise.reject(e);
            }
            if (p !== undefined) {
              started = p instanceof Promise ? p : Promise.resolve(p);
              break;
            }
          }
        }
        if (started === undefined) throw new StatesError(RUNTIME, this.unhandled(ref, effective));
      }
    }

    this.scheduled(t, effective, timeoutS, heartbeatS);
    // An activity starts when a worker takes it (ActivityStarted, written by the wait).
    if (wait === null || this.kind !== 'activity') this.event(t, 'Started');

    // The attempt's time limit: the first of TimeoutSeconds, HeartbeatSeconds (resources that
    // send heartbeats), a local function's own timeout and, on the virtual clock, the execution's.
    const f = source === Source.Local && typeof fn !== 'function' ? (fn as LocalFunction) : undefined;
    const fnTimeoutMs = source === Source.Local || (wait !== null && fn !== undefined) ? ((f !== undefined ? f.timeout : undefined) ?? DEFAULT_FUNCTION_TIMEOUT_S) * 1000 : Infinity;
    let limitMs = Infinity;
    let limit: Limit | null = null;
    if (timeoutS !== undefined) {
      limitMs = timeoutS * 1000;
      limit = 'task';
    }
    // With a broker, the wait itself enforces HeartbeatSeconds (heartbeats restart it).
    if (heartbeatS !== undefined && wait === null && (this.waitForToken || this.kind === 'activity') && heartbeatS * 1000 < limitMs) {
      limitMs = heartbeatS * 1000;
      limit = 'heartbeat';
    }
    if (fnTimeoutMs < limitMs && wait === null) {
      limitMs = fnTimeoutMs;
      limit = 'function';
    }
    if (!ex.clock.real && ex.deadline !== Infinity && ex.deadline - t.cursor < limitMs) {
      limitMs = Math.max(0, ex.deadline - t.cursor);
      limit = 'execution';
    }
    // The alarm is set before the work starts (the function's context counts its remaining time
    // from it), and cancelled at once when the work answers at once.
    let run = t.taskRun as TaskRun | null;
    if (run === null || run.busy) run = t.taskRun = new TaskRun(t);
    let alarm: LimitAlarm | null = null;
    if (limit !== null) {
      alarm = new LimitAlarm(run);
      ex.schedule(alarm, limitMs);
    }
    run.alarm = alarm;

    let context: LocalLambdaContext | undefined;
    let r: unknown;
    try {
      if (wait !== null) {
        if (fn !== undefined) {
          const target = ref as FunctionRef;
          const lf = typeof fn === 'function' ? undefined : fn;
          const lctx = new LocalLambdaContext(target.name, target.qualifier, undefined, ex.region, ex.accountId, lf?.memorySize, fnTimeoutMs, null, ex.clock.now(t));
          const p = (effective as JsonObject).Payload;
          const handler = lf === undefined ? (fn as LambdaHandler) : lf.handler;
          started = wait.invokeFunction(handler, p === undefined ? {} : p, lctx, fnTimeoutMs);
        }
        r = wait.answer(started, heartbeatS);
      } else if (source === Source.Override) r = runOverride(override as StateOverride, effective, this.name, retryCount);
      else if (source === Source.Local) {
        const handler = f === undefined ? (fn as LambdaHandler) : f.handler;
        const target = ref as FunctionRef;
        const arn = this.kind === 'lambda' ? this.resource : undefined;
        context = new LocalLambdaContext(target.name, target.qualifier, arn, ex.region, ex.accountId, f?.memorySize, fnTimeoutMs, alarm, ex.clock.now(t));
        let payload = effective;
        if (this.kind !== 'lambda') {
          const p = (effective as JsonObject).Payload;
          payload = p === undefined ? {} : p;
        }
        if (handler !== this.lastHandler) {
          this.lastHandler = handler;
          this.lastArity = handler.length;
        }
        r = callHandler(handler, payload, context, this.lastArity);
      } else r = started;
    } catch (e) {
      if (alarm !== null) {
        run.alarm = null;
        ex.clearTimer(alarm);
      }
      return this.failed(t, e, source);
    }
    if (!(r instanceof Promise)) {
      if (alarm !== null) {
        run.alarm = null;
        ex.clearTimer(alarm);
      }
      return this.io.output(raw, this.complete(t, r, source, context), ctx);
    }
    run.busy = true;
    run.state = this;
    run.raw = raw;
    run.ctx = ctx;
    run.retries = retries;
    run.source = source;
    run.context = context;
    run.limit = limit;
    run.limitMs = limitMs;
    run.done = pre !== undefined ? pre.done : null;
    run.wait = wait;
    (r as Promise<unknown>).then(run.onResult, run.onError);
    return SUSPENDED;
  }

  /** The resource's answer as the task's result (its Succeeded event written); throws the task's failure. */
  private complete(t: Thread, v: unknown, source: Source, context: LocalLambdaContext | undefined): Json {
    if (source !== Source.Local) return this.succeeded(t, v === undefined ? null : (v as Json));
    let result: Json;
    try {
      result = this.lambdaResult(v, context as LocalLambdaContext);
    } catch (e) {
      return this.failed(t, e, source);
    }
    return this.succeeded(t, result);
  }

  /** The thread's running attempt has its answer (TaskRun.onResult): the attempt ends, the thread goes on. */
  invocationResult(run: TaskRun, v: unknown): void {
    run.busy = false;
    run.wait = null;
    const t = run.t;
    const raw = run.raw;
    const retries = run.retries;
    const alarm = run.alarm;
    if (alarm !== null) {
      run.alarm = null;
      t.ex.clearTimer(alarm);
    }
    const done = run.done;
    if (done !== null) {
      run.done = null;
      let result: Json;
      try {
        result = this.complete(t, v, run.source, run.context);
      } catch (e) {
        return done(false, e);
      }
      return done(true, result);
    }
    let out: Json;
    try {
      out = this.io.output(raw, this.complete(t, v, run.source, run.context), run.ctx);
    } catch (e) {
      return this.attemptFailed(t, raw, retries, e);
    }
    try {
      out = this.leave(t, out);
    } catch (e) {
      return fail(t, e);
    }
    resume(t, out);
  }

  /** The resource of the thread's running attempt has thrown (TaskRun.onError). */
  invocationError(run: TaskRun, e: unknown): void {
    const t = run.t;
    if (e instanceof HeartbeatExpired) {
      // No heartbeat within HeartbeatSeconds: a time limit of the attempt, as its alarm's.
      if (run.alarm !== null) t.ex.clearTimer(run.alarm);
      run.limit = 'heartbeat';
      run.limitMs = e.elapsedMs;
      run.wait = null;
      return this.invocationTimedOut(run);
    }
    run.busy = false;
    run.wait = null;
    const alarm = run.alarm;
    if (alarm !== null) {
      run.alarm = null;
      t.ex.clearTimer(alarm);
    }
    this.runFailed(run, () => this.failed(t, e, run.source));
  }

  /** The thread's running attempt has reached its time limit (its alarm); its answer, if any comes, is ignored. */
  invocationTimedOut(run: TaskRun): void {
    run.busy = false;
    run.alarm = null;
    if (run.wait !== null) {
      // On the virtual clock the thread's time moves by the wall-clock time waited (not counted yet).
      run.limitMs = run.wait.close();
      run.wait = null;
    }
    const t = run.t;
    if (t.taskRun === run) t.taskRun = null;
    this.runFailed(run, () => this.timedOut(t, run.limit as Limit, run.limitMs, run.context));
  }

  /**
   * The running attempt has failed: `fail` writes its event and throws the failure, which goes to
   * the JSONata continuation when there is one, else to Retry and Catch.
   */
  private runFailed(run: TaskRun, fail: () => never): void {
    let f: unknown;
    try {
      fail();
    } catch (x) {
      f = x;
    }
    const done = run.done;
    if (done !== null) {
      run.done = null;
      return done(false, f);
    }
    this.attemptFailed(run.t, run.raw, run.retries, f);
  }

  /** An attempt that was running has failed (`f`, its event written): Retry and Catch, then the thread goes on. */
  private attemptFailed(t: Thread, raw: Json, retries: Retries | null, f: unknown): void {
    let out: Json | Promise<Json> | Suspended;
    try {
      const r = retries ?? new Retries();
      const next = this.recover(t, raw, r, f);
      out = next === RETRY_NOW ? this.attempts(t, raw, r) : next;
    } catch (e) {
      return fail(t, e);
    }
    proceed(t, out);
  }

  /** A local function's result: the payload as Lambda serializes it, in Lambda's Invoke response for `lambda:invoke`. */
  private lambdaResult(v: unknown, context: LocalLambdaContext): Json {
    const payload = serializeResult(v);
    return this.kind === 'lambda' ? payload : invokeResponse(payload, context.awsRequestId, context.qualifier, context.at);
  }

  private succeeded(t: Thread, result: Json): Json {
    if (t.isStopped()) throw STOPPED;
    const ex = t.ex;
    if (ex.events === null) this.event(t, 'Succeeded');
    else if (this.kind === 'service') this.event(t, 'Succeeded', { resourceType: this.resourceType, resource: this.resourceName, output: json(result), outputDetails: DATA_DETAILS });
    else this.event(t, 'Succeeded', { output: json(result), outputDetails: DATA_DETAILS });
    return result;
  }

  private failed(t: Thread, e: unknown, source: Source): never {
    if (t.isStopped()) throw STOPPED;
    let f: Failure;
    if (source === Source.Local) {
      const payload = handlerError(e);
      f = taskFailure(payload.errorType, JSON.stringify(payload));
    } else f = thrownByResource(e);
    this.failureEvent(t, 'Failed', f);
    throw f;
  }

  /**
   * A running invocation has reached its limit: the execution's timeout (virtual clock) ends the
   * execution; the function's own timeout fails the task with the function's error, as Lambda
   * reports a timed-out invocation (`Sandbox.Timedout`: a task failure, so States.TaskFailed and
   * States.ALL match it); TimeoutSeconds fails it with States.Timeout, HeartbeatSeconds with
   * States.HeartbeatTimeout. Throws the failure (its event written).
   */
  private timedOut(t: Thread, limit: Limit, limitMs: number, context: LocalLambdaContext | undefined): never {
    if (t.isStopped()) throw STOPPED;
    const ex = t.ex;
    if (!ex.clock.real) {
      if (limit === 'execution') {
        t.cursor = ex.deadline;
        ex.timeOut(t.lastEventId, ex.deadline);
        throw STOPPED;
      }
      t.cursor += limitMs;
    }
    if (limit === 'function') {
      const payload = functionTimedOut((context as LocalLambdaContext).awsRequestId, limitMs);
      const f = taskFailure(payload.errorType, JSON.stringify(payload));
      this.failureEvent(t, 'Failed', f);
      throw f;
    }
    const f = taskFailure(limit === 'heartbeat' ? HEARTBEAT_TIMEOUT : TIMEOUT, undefined);
    this.failureEvent(t, 'TimedOut', f);
    throw f;
  }

  private failureEvent(t: Thread, phase: Phase, f: Failure): void {
    if (t.ex.events === null) return void this.event(t, phase);
    const d: Record<string, unknown> = this.kind === 'service' ? { resourceType: this.resourceType, resource: this.resourceName } : {};
    if (f.error !== undefined) d.error = f.error;
    if (f.cause !== undefined) d.cause = f.cause;
    this.event(t, phase, d);
  }

  private scheduled(t: Thread, effective: Json, timeoutS: number | undefined, heartbeatS: number | undefined): void {
    const ex = t.ex;
    if (ex.events === null) return void this.event(t, 'Scheduled');
    let d: Record<string, unknown>;
    if (this.kind === 'service') d = { resourceType: this.resourceType, resource: this.resourceName, region: ex.region, parameters: json(effective) };
    else d = { resource: this.resource, input: json(effective), inputDetails: DATA_DETAILS };
    if (timeoutS !== undefined) d.timeoutInSeconds = timeoutS;
    if (heartbeatS !== undefined && this.kind !== 'lambda') d.heartbeatInSeconds = heartbeatS;
    this.event(t, 'Scheduled', d);
  }

  /** Writes the resource's event for a phase (Scheduled, Started, Succeeded, Failed, TimedOut). */
  private event(t: Thread, phase: Phase, details?: object): void {
    const ex = t.ex;
    if (ex.events === null) {
      // No history: only the event's id is counted (as ev does).
      t.lastEventId = ++ex.seq;
      return;
    }
    if (details === undefined && phase === 'Started' && this.kind !== 'lambda' && t.ex.events !== null) {
      details = this.kind === 'service' ? { resourceType: this.resourceType, resource: this.resourceName } : { workerName: 'local' };
    }
    const names = EVENT_NAMES[this.kind][phase];
    ev(t, names[0], details !== undefined ? names[1] : undefined, details);
  }

  /** TaskSubmitted: the base action of a callback task has answered (its response, as AWS records it). */
  submitted(t: Thread, response: Json): void {
    if (t.ex.events === null) return void this.event(t, 'Started');
    ev(t, 'TaskSubmitted', 'taskSubmittedEventDetails', { resourceType: this.resourceType, resource: this.resourceName, output: json(response), outputDetails: DATA_DETAILS });
  }

  /** ActivityStarted: a worker has taken the activity task. */
  activityStarted(t: Thread, workerName: string | undefined): void {
    this.event(t, 'Started', t.ex.events === null ? undefined : workerName !== undefined ? { workerName } : {});
  }

  private unhandled(ref: FunctionRef | undefined, effective: Json): string {
    const ways =
      'a handler in the functions run option, an override for the state, a mocked response (sfn run --mocks FILE --test-case CASE, or the mocks option of runWorkflow), or a ResourceInvoker (resources) that runs it';
    if (this.kind === 'lambda' || this.lambdaInvoke) {
      if (ref === undefined) {
        const given = effective !== null && typeof effective === 'object' && !Array.isArray(effective) ? effective.FunctionName : undefined;
        return `The Task state's FunctionName parameter (${JSON.stringify(given ?? null)}) names no Lambda function, so the local engine cannot run the resource '${this.resource}'.`;
      }
      return `No local handler for the Lambda function '${ref.name}' of the Task state (resource '${this.resource}'): give ${ways}.`;
    }
    if (this.kind === 'activity') {
      return (
        `The Task state waits for a worker of the activity '${this.resource}': run it with a task token broker ` +
        `(the callbacks run option, as \`sfn serve\` and \`sfn run\` of a project workflow do) and a worker polling GetActivityTask, or give ${ways}.`
      );
    }
    return `No local handler for the resource '${this.resource}' of the Task state: give ${ways}.`;
  }
}

/** recover: the next attempt starts at once. */
const RETRY_NOW: unique symbol = Symbol('retry now');

/**
 * The Task attempt a thread waits for (one at a time): what ending it needs, and the callbacks of
 * its resource's answer, made once per thread and reused by its next attempts (a thread of Tasks
 * makes no closure per Task). An answer that comes after the attempt's time limit is ignored:
 * the thread then gets a new TaskRun.
 */
export class TaskRun {
  busy = false;
  state: TaskState | null = null;
  raw: Json = null;
  ctx: PathContext = NO_PATHS;
  retries: Retries | null = null;
  source: Source = Source.Local;
  context: LocalLambdaContext | undefined = undefined;
  limit: Limit | null = null;
  limitMs = 0;
  alarm: LimitAlarm | null = null;
  /** A callback or activity task's wait for its token's answer (with a broker). */
  wait: CallbackWait | null = null;
  /** A JSONata attempt's continuation (the answer goes to it, not to the thread). */
  done: ((ok: boolean, v: unknown) => void) | null = null;
  readonly onResult = (v: unknown): void => {
    if (this.busy) (this.state as TaskState).invocationResult(this, v);
  };
  readonly onError = (e: unknown): void => {
    if (this.busy) (this.state as TaskState).invocationError(this, e);
  };

  constructor(readonly t: Thread) {}
}

/** The time limit of a running attempt. */
class LimitAlarm implements Alarm {
  at = 0;
  done = false;
  queue: AlarmQueue | null = null;
  slot = -1;

  constructor(readonly run: TaskRun) {}

  fire(): void {
    const run = this.run;
    if (run.alarm === this && run.busy) (run.state as TaskState).invocationTimedOut(run);
  }
}

function runOverride(o: StateOverride, input: Json, stateName: string, retryCount: number): Json | Promise<Json> {
  if (typeof o === 'function') return o(input, { stateName, retryCount });
  if ('error' in o) throw taskFailure(o.error, o.cause);
  return o.result;
}

/** TimeoutSecondsPath / HeartbeatSecondsPath: a positive integer read from the state's input. */
function seconds(path: string, field: string, ctx: PathContext): number {
  const v = selectPath(path, ctx, field);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new StatesError(RUNTIME, `The ${field} parameter does not reference a positive integer: ${JSON.stringify(v)}`);
  }
  return v;
}

/** A task token as AWS gives them to `.waitForTaskToken` resources (opaque text), from the run's broker when it has one. */
function newToken(t: Thread): string {
  const broker = t.ex.options.callbacks;
  if (broker !== undefined) return broker.newToken();
  return Buffer.from(`${fastUuid()}${fastUuid()}`.replace(/-/g, ''), 'hex').toString('base64');
}
