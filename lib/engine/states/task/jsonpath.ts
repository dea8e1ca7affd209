/**
 * A JSONPath Task: InputPath -> Parameters give the effective input, TimeoutSecondsPath /
 * HeartbeatSecondsPath its limits, then ResultSelector -> ResultPath -> OutputPath its output.
 * Its attempts, Retry and Catch run synchronously as long as the work answers at once; an
 * attempt that answers later suspends the thread, which the answer moves on (no Promise of the
 * state's own).
 */
import { pathContext } from '../../context';
import { StatesError, selectPath, type PathContext } from '../../jsonpath';
import { RUNTIME, STOPPED } from '../../errors';
import { compileProcessing, type Processing } from '../../io';
import type { Json, JsonObject } from '../../json';
import { Retries, afterFailure } from '../../retry';
import { SUSPENDED, fail, proceed, resume, type Suspended, type Thread } from '../../thread';
import { NO_PATHS, taskRunOf, type TaskRun, type TaskRunner } from './run';
import { TaskState } from './task';
import { newToken } from './token-wait';

/** recover: the next attempt starts at once. */
const RETRY_NOW: unique symbol = Symbol('retry now');

export class JsonPathTask extends TaskState {
  private readonly io: Processing;
  private readonly timeoutPath: string | undefined;
  private readonly heartbeatPath: string | undefined;
  /** No path to evaluate: the attempt needs no path context. */
  private readonly plain: boolean;

  constructor(name: string, def: JsonObject, runner: TaskRunner) {
    super(name, def, 'JSONPath', runner);
    this.io = compileProcessing(def, 'JSONPath', { inputPath: true, parameters: true, resultSelector: true, resultPath: true, outputPath: true }, name);
    this.timeoutPath = typeof def.TimeoutSecondsPath === 'string' ? def.TimeoutSecondsPath : undefined;
    this.heartbeatPath = typeof def.HeartbeatSecondsPath === 'string' ? def.HeartbeatSecondsPath : undefined;
    this.plain = this.io.trivial && !this.usesContext && this.timeoutPath === undefined && this.heartbeatPath === undefined;
  }

  exec(t: Thread, raw: Json): Json | Promise<Json> | Suspended {
    this.enter(t, raw);
    return this.attempts(t, raw, null);
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
        out = this.attemptOnce(t, raw, retries);
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
   * One attempt: its input, token and limits, then the work (task.ts). Returns the attempt's
   * output (after ResultSelector, ResultPath, OutputPath) when the work answered at once, or
   * SUSPENDED; throws the attempt's failure.
   */
  private attemptOnce(t: Thread, raw: Json, retries: Retries | null): Json | Suspended {
    const token = this.waitForToken ? newToken(t) : undefined;
    const ctx = this.plain
      ? NO_PATHS
      : pathContext(t, raw, this.usesContext, this.name, this.usesContext ? { retryCount: retries === null ? 0 : retries.retryCount, taskToken: token } : undefined);
    const effective = this.io.input(raw, ctx);
    const timeoutS = this.timeoutPath !== undefined ? seconds(this.timeoutPath, 'TimeoutSecondsPath', { input: raw, context: ctx.context, variables: t.vars }) : this.timeoutSeconds;
    const heartbeatS = this.heartbeatPath !== undefined ? seconds(this.heartbeatPath, 'HeartbeatSecondsPath', { input: raw, context: ctx.context, variables: t.vars }) : this.heartbeatSeconds;
    const run = taskRunOf(t);
    const r = this.attempt(t, run, effective, token, retries === null ? 0 : retries.retryCount, timeoutS, heartbeatS);
    if (r !== SUSPENDED) return this.io.output(raw, r, ctx);
    run.raw = raw;
    run.ctx = ctx;
    run.retries = retries;
    return r;
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

  protected answered(run: TaskRun, v: Json): void {
    const t = run.t;
    const raw = run.raw;
    const retries = run.retries;
    let out: Json;
    try {
      out = this.io.output(raw, this.complete(t, v, run.worker, run), run.ctx);
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

  protected failedLate(run: TaskRun, f: unknown): void {
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
}

/** TimeoutSecondsPath / HeartbeatSecondsPath: a positive integer read from the state's input. */
function seconds(path: string, field: string, ctx: PathContext): number {
  const v = selectPath(path, ctx, field);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new StatesError(RUNTIME, `The ${field} parameter does not reference a positive integer: ${JSON.stringify(v)}`);
  }
  return v;
}
