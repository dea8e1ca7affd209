/**
 * Task: runs its resource on its effective input, its output made from the result; Retry and
 * Catch on failures. What every Task shares, whatever runs its resource: the attempt (an override,
 * a resource invoker, or its runner's own way), its events, its time limits and heartbeats, and
 * the end of an attempt that answers later. The query language's part (the effective input, the
 * limits' values, the output, the retry loop) is jsonpath.ts or jsonata.ts, chosen when the state
 * is compiled (index.ts), as its runner is by its Resource.
 *
 * Who runs an attempt, in this order:
 * 1. `RunOptions.overrides[stateName]`: a fixed result, an error, or a function of the input;
 * 2. the state's runner: a Lambda function of `RunOptions.functions` (function.ts), a wait for a
 *    task token's answer (callback.ts, activity.ts), or
 * 3. the first `RunOptions.resources` invoker that takes the resource (integration.ts).
 * A resource no one runs fails the execution (States.Runtime) with a cause naming the state and
 * the resource, as a missing local handler is a mistake of the run, not a failure to catch.
 *
 * TimeoutSeconds / TimeoutSecondsPath: the work is cut after that many seconds (wall clock) and
 * the state fails with States.Timeout. HeartbeatSeconds / HeartbeatSecondsPath apply to the
 * resources that send heartbeats (callback tasks `.waitForTaskToken`, activities); without a task
 * token broker nothing can send one, so such a task times out once that time has passed (reported
 * as States.Timeout, as AWS records a heartbeat timeout; `States.HeartbeatTimeout` in ErrorEquals
 * matches it). On the virtual clock the thread's time moves by the limit that was reached. An
 * answer that comes after the limit is ignored.
 *
 * A resource that answers later (a Promise) suspends the thread (SUSPENDED): the thread's TaskRun
 * takes the answer, or the limit's alarm fires, and moves the thread on. Each retry schedules the
 * resource again.
 */
import { compileCatchers } from '../../catch';
import { DATA_LIMIT_EXCEEDED, dataLimitCause, jsonBytesOver, resultOwner } from '../../payload-limit';
import { Failure, STOPPED, TIMEOUT, taskFailure, thrownByResource } from '../../errors';
import type { Json, JsonObject } from '../../json';
import { functionTimedOut, jsonCopy, type LocalLambdaContext } from '../../lambda';
import { compileRetriers, type Attempting, type Retrier } from '../../retry';
import { SUSPENDED, type Suspended, type Thread } from '../../thread';
import type { StateOverride } from '../../types';
import type { QueryLanguage } from '../../io';
import { State } from '../state';
import type { TaskEvents } from './events';
import { LimitAlarm, type Limit, type RunOwner, type TaskRun, type TaskRunner, type TaskWorker } from './run';
import { HeartbeatExpired, WAIT_FOR_TASK_TOKEN } from './token-wait';

const hasOwn = Object.prototype.hasOwnProperty;

export abstract class TaskState extends State implements Attempting, RunOwner {
  readonly retriers: readonly Retrier[] | null;
  readonly failedType = null;
  readonly resource: string;
  /** The resource ends with `.waitForTaskToken`: each attempt gets a task token. */
  protected readonly waitForToken: boolean;
  protected readonly timeoutSeconds: number | undefined;
  protected readonly heartbeatSeconds: number | undefined;
  private readonly events: TaskEvents;

  constructor(
    name: string,
    def: JsonObject,
    ql: QueryLanguage,
    private readonly runner: TaskRunner,
  ) {
    super(name, 'Task', def, ql);
    this.retriers = compileRetriers(def.Retry);
    this.catchers = compileCatchers(def.Catch, ql === 'JSONata');
    this.resource = String(def.Resource);
    this.waitForToken = this.resource.endsWith(WAIT_FOR_TASK_TOKEN);
    this.timeoutSeconds = typeof def.TimeoutSeconds === 'number' ? def.TimeoutSeconds : undefined;
    this.heartbeatSeconds = typeof def.HeartbeatSeconds === 'number' ? def.HeartbeatSeconds : undefined;
    this.events = runner.events;
  }

  /** A running attempt has its result (its event written; `run` holds the attempt): the query language's part goes on. */
  protected abstract answered(run: TaskRun, result: Json): void;

  /** A running attempt has failed (`f`, its event written; `run` holds the attempt): Retry and Catch. */
  protected abstract failedLate(run: TaskRun, f: unknown): void;

  /**
   * One attempt on its effective input, on the thread's TaskRun `run`: its result when the work
   * answered at once (its Succeeded event written), or SUSPENDED when it answers later (the
   * TaskRun then takes it from there: the caller sets what its part needs then). Throws the
   * attempt's failure.
   */
  protected attempt(
    t: Thread,
    run: TaskRun,
    effective: Json,
    token: string | undefined,
    retryCount: number,
    timeoutS: number | undefined,
    heartbeatS: number | undefined,
  ): Json | Suspended {
    const ex = t.ex;
    // Who runs it: an override, the runner's worker, or (neither) a resource invoker.
    const overrides = ex.options.overrides;
    const overridden = overrides !== undefined && hasOwn.call(overrides, this.name);
    const worker = overridden ? null : this.runner.select(t, run, effective, token, this.name, timeoutS);
    // An activity starts when a worker takes it (ActivityStarted, written by the wait).
    const started = worker === null || !this.runner.startedByWorker;
    if (ex.events === null) {
      // No history: only the events' ids are counted.
      t.lastEventId = ex.seq += started ? 2 : 1;
    } else {
      this.events.scheduled(t, effective, timeoutS, heartbeatS);
      if (started) this.events.started(t);
    }
    const alarm = this.arm(t, run, worker, timeoutS, heartbeatS);
    let r: unknown;
    try {
      if (worker !== null) r = worker.start(t, run, effective, heartbeatS);
      else if (overridden) r = runOverride((overrides as Record<string, StateOverride>)[this.name], jsonCopy(effective), this.name, retryCount);
      else r = run.started;
    } catch (e) {
      if (alarm !== null) {
        run.alarm = null;
        ex.clearTimer(alarm);
      }
      return this.failed(t, e, worker, run);
    }
    if (!(r instanceof Promise)) {
      if (alarm !== null) {
        run.alarm = null;
        ex.clearTimer(alarm);
      }
      return this.complete(t, r, worker, run);
    }
    run.busy = true;
    run.state = this;
    run.worker = worker;
    (r as Promise<unknown>).then(run.onResult, run.onError);
    return SUSPENDED;
  }

  /**
   * The attempt's time limit, its alarm set before the work starts (a function's context counts
   * its remaining time from it): the first of TimeoutSeconds, HeartbeatSeconds (resources that
   * send heartbeats, when no token's wait restarts it), the worker's own (a local function's
   * timeout) and, on the virtual clock, the execution's.
   */
  private arm(t: Thread, run: TaskRun, worker: TaskWorker | null, timeoutS: number | undefined, heartbeatS: number | undefined): LimitAlarm | null {
    const ex = t.ex;
    let limitMs = Infinity;
    let limit: Limit | null = null;
    if (timeoutS !== undefined) {
      limitMs = timeoutS * 1000;
      limit = 'task';
    }
    if (heartbeatS !== undefined && (worker === null || !worker.watchesHeartbeats) && this.runner.heartbeats && heartbeatS * 1000 < limitMs) {
      limitMs = heartbeatS * 1000;
      limit = 'heartbeat';
    }
    const own = worker !== null ? worker.limitMs(run) : Infinity;
    if (own < limitMs) {
      limitMs = own;
      limit = 'function';
    }
    if (!ex.clock.real && ex.deadline !== Infinity && ex.deadline - t.cursor < limitMs) {
      limitMs = Math.max(0, ex.deadline - t.cursor);
      limit = 'execution';
    }
    let alarm: LimitAlarm | null = null;
    if (limit !== null) {
      alarm = new LimitAlarm(run, limit, limitMs);
      ex.schedule(alarm, limitMs);
    }
    run.alarm = alarm;
    return alarm;
  }

  /**
   * The work's answer as the task's result (its Succeeded event written); throws the task's
   * failure. What an override or a resource invoker answers is copied as JSON (as a service's
   * answer comes through JSON): the caller may keep and change its object.
   */
  protected complete(t: Thread, v: unknown, worker: TaskWorker | null, run: TaskRun): Json {
    if (worker === null) {
      let result: Json;
      try {
        result = v === undefined ? null : jsonCopy(v);
      } catch (e) {
        return this.failed(t, e, worker, run);
      }
      return this.succeeded(t, result);
    }
    let result: Json;
    try {
      result = worker.result(v, run);
    } catch (e) {
      return this.failed(t, e, worker, run);
    }
    return this.succeeded(t, result);
  }

  /** The thread's running attempt has its answer (TaskRun.onResult): the attempt ends, the thread goes on. */
  invocationResult(run: TaskRun, v: unknown): void {
    run.busy = false;
    run.wait = null;
    const alarm = run.alarm;
    if (alarm !== null) {
      run.alarm = null;
      run.t.ex.clearTimer(alarm);
    }
    this.answered(run, v as Json);
  }

  /** The resource of the thread's running attempt has thrown (TaskRun.onError). */
  invocationError(run: TaskRun, e: unknown): void {
    const t = run.t;
    if (e instanceof HeartbeatExpired) {
      // No heartbeat within HeartbeatSeconds: a time limit of the attempt, as its alarm's.
      if (run.alarm !== null) t.ex.clearTimer(run.alarm);
      run.wait = null;
      return this.invocationTimedOut(run, 'heartbeat', e.elapsedMs);
    }
    run.busy = false;
    run.wait = null;
    const alarm = run.alarm;
    if (alarm !== null) {
      run.alarm = null;
      t.ex.clearTimer(alarm);
    }
    this.runFailed(run, () => this.failed(t, e, run.worker, run));
  }

  /** The thread's running attempt has reached its time limit (`limitMs` after it started); its answer, if any comes, is ignored. */
  invocationTimedOut(run: TaskRun, limit: Limit, limitMs: number): void {
    run.busy = false;
    run.alarm = null;
    if (run.wait !== null) {
      // On the virtual clock the thread's time moves by the wall-clock time waited (not counted yet).
      limitMs = run.wait.close();
      run.wait = null;
    }
    const t = run.t;
    if (t.taskRun === run) t.taskRun = null;
    this.runFailed(run, () => this.timedOut(t, limit, limitMs, run.context));
  }

  /** The running attempt has failed: `fail` writes its event and throws the failure, which goes on to failedLate. */
  private runFailed(run: TaskRun, fail: () => never): void {
    let f: unknown;
    try {
      fail();
    } catch (x) {
      f = x;
    }
    this.failedLate(run, f);
  }

  private succeeded(t: Thread, result: Json): Json {
    if (t.isStopped()) throw STOPPED;
    const ex = t.ex;
    if (jsonBytesOver(result, ex.maxPayloadBytes)) {
      // AWS's words for a result over the payload quota (a connector's output: States.DataLimitExceeded).
      const f = new Failure(DATA_LIMIT_EXCEEDED, dataLimitCause(resultOwner(this.resource)));
      this.events.failed(t, 'Failed', f);
      throw f;
    }
    if (ex.events === null) t.lastEventId = ++ex.seq;
    else this.events.succeeded(t, result);
    return result;
  }

  private failed(t: Thread, e: unknown, worker: TaskWorker | null, run: TaskRun): never {
    if (t.isStopped()) throw STOPPED;
    const f = worker !== null ? worker.failure(e, run) : thrownByResource(e);
    this.events.failed(t, 'Failed', f);
    throw f;
  }

  /**
   * A running invocation has reached its limit: the execution's timeout (virtual clock) ends the
   * execution; the function's own timeout fails the task with the function's error, as Lambda
   * reports a timed-out invocation (`Sandbox.Timedout`: a task failure, so States.TaskFailed and
   * States.ALL match it); TimeoutSeconds and HeartbeatSeconds fail it with States.Timeout (the
   * latter marked `heartbeat`). Throws the failure (its event written).
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
      this.events.failed(t, 'Failed', f);
      throw f;
    }
    // A heartbeat's time limit is reported as States.Timeout too (recorded on AWS); States.HeartbeatTimeout still matches it.
    const f = taskFailure(TIMEOUT, undefined);
    f.heartbeat = limit === 'heartbeat';
    this.events.failed(t, 'TimedOut', f);
    throw f;
  }
}

function runOverride(o: StateOverride, input: Json, stateName: string, retryCount: number): Json | Promise<Json> {
  if (typeof o === 'function') return o(input, { stateName, retryCount });
  if ('error' in o) throw taskFailure(o.error, o.cause);
  return o.result;
}
