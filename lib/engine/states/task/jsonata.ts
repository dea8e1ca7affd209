/**
 * A JSONata Task: Arguments give the effective input, TimeoutSeconds / HeartbeatSeconds may be
 * expressions, and Output and Assign make its output (jsonata-io.ts). Evaluating them is async
 * (the `jsonata` package), so its attempts, Retry and Catch run in an async loop around the work
 * (task.ts), whose answer comes back to the loop rather than to the thread.
 */
import { STOPPED } from '../../errors';
import { JsonataIO } from '../../jsonata-io';
import { compileValue, isExpression, typeError, type CompiledValue } from '../../jsonata';
import type { Json, JsonObject } from '../../json';
import { Retries, afterFailure } from '../../retry';
import { SUSPENDED, type Thread } from '../../thread';
import { taskRunOf, type TaskRun, type TaskRunner } from './run';
import { TaskState } from './task';
import { newToken } from './token-wait';

type Done = (ok: boolean, v: unknown) => void;

export class JsonataTask extends TaskState {
  /** Arguments, Output, Assign; TimeoutSeconds and HeartbeatSeconds when they are expressions. */
  private readonly jio: JsonataIO;
  private readonly timeoutExpr: CompiledValue | null;
  private readonly heartbeatExpr: CompiledValue | null;

  constructor(name: string, def: JsonObject, runner: TaskRunner) {
    super(name, def, 'JSONata', runner);
    this.jio = new JsonataIO(def, true);
    this.timeoutExpr = isExpression(def.TimeoutSeconds) ? compileValue(def.TimeoutSeconds, 'TimeoutSeconds') : null;
    this.heartbeatExpr = isExpression(def.HeartbeatSeconds) ? compileValue(def.HeartbeatSeconds, 'HeartbeatSeconds') : null;
  }

  exec(t: Thread, raw: Json): Promise<Json> {
    this.enter(t, raw);
    return this.attempts(t, raw);
  }

  /** Arguments (and limit expressions), the attempt, then Output and Assign; Retry and Catch around them. */
  private async attempts(t: Thread, raw: Json): Promise<Json> {
    const jio = this.jio;
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
          const run = taskRunOf(t);
          let r: Json | typeof SUSPENDED;
          try {
            r = this.attempt(t, run, effective, token, retries.retryCount, timeoutS, heartbeatS);
          } catch (e) {
            return reject(e);
          }
          if (r !== SUSPENDED) resolve(r);
          else run.done = (ok, v) => (ok ? resolve(v as Json) : reject(v));
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

  protected answered(run: TaskRun, v: Json): void {
    const done = this.takeDone(run);
    let result: Json;
    try {
      result = this.complete(run.t, v, run.worker, run);
    } catch (e) {
      return done(false, e);
    }
    done(true, result);
  }

  protected failedLate(run: TaskRun, f: unknown): void {
    this.takeDone(run)(false, f);
  }

  private takeDone(run: TaskRun): Done {
    const done = run.done as Done;
    run.done = null;
    return done;
  }
}
