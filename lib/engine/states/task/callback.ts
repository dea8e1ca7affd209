/**
 * Callback tasks (`.waitForTaskToken`). The task token is made before the attempt's input is
 * evaluated (`$$.Task.Token`, `$states.context.Task.Token`). With a task token broker
 * (`RunOptions.callbacks`), the token is registered with it, then the base action runs (a local
 * function for `lambda:invoke.waitForTaskToken`; otherwise the first resource invoker that takes
 * the resource *without* the suffix, given `taskToken`), TaskSubmitted records its response, and
 * the task waits for SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat (token-wait.ts).
 *
 * Without a broker nothing can answer the token: the task runs as its resource without the wait
 * would (its resource invoker's answer is its result), and HeartbeatSeconds, which nothing can
 * restart, times it out once that time has passed (States.Timeout; task.ts).
 */
import { DEFAULT_FUNCTION_TIMEOUT_S, localFunction, type FunctionRef } from '../../lambda';
import type { Json } from '../../json';
import type { Thread } from '../../thread';
import { taskSubmitted, type TaskEvents } from './events';
import { invokeForCallback } from './function';
import { invokeResource } from './integration';
import { TaskRunner, type TaskRun, type TaskWorker } from './run';
import { TokenWait, WAIT_FOR_TASK_TOKEN } from './token-wait';
import type { Failure } from '../../errors';
import { thrownByResource } from '../../errors';

/** A runner whose own way is a wait for its token's answer (callback.ts, activity.ts): the answer is the task's result. */
export abstract class WaitingRunner extends TaskRunner implements TaskWorker {
  readonly heartbeats = true;
  /** The wait restarts HeartbeatSeconds at each heartbeat: no alarm for it. */
  readonly watchesHeartbeats = true;

  abstract start(t: Thread, run: TaskRun, effective: Json, heartbeatS: number | undefined): Promise<Json>;

  limitMs(): number {
    return Infinity;
  }

  result(v: unknown): Json {
    return v === undefined ? null : (v as Json);
  }

  failure(e: unknown): Failure {
    return thrownByResource(e);
  }
}

export class CallbackRunner extends WaitingRunner {
  /** The resource without `.waitForTaskToken` (what the base action's invoker takes). */
  private readonly baseResource: string;
  private readonly submitted = (t: Thread, response: Json): void => taskSubmitted(t, this.resourceType, this.resourceName, response);

  /**
   * `direct`: how the resource runs without a broker; `baseFunction`: the local function of the
   * base action, when it can be one (a function ARN's, or `lambda:invoke`'s FunctionName).
   */
  constructor(
    resource: string,
    events: TaskEvents,
    private readonly resourceType: string,
    private readonly resourceName: string,
    private readonly direct: TaskRunner,
    private readonly baseFunction: ((effective: Json) => FunctionRef | undefined) | null,
  ) {
    super(resource, events);
    this.baseResource = resource.slice(0, -WAIT_FOR_TASK_TOKEN.length);
  }

  select(t: Thread, run: TaskRun, effective: Json, token: string | undefined, stateName: string, timeoutS: number | undefined): TaskWorker | null {
    const opts = t.ex.options;
    const broker = opts.callbacks;
    if (broker === undefined) return this.direct.select(t, run, effective, token, stateName, timeoutS);
    const ref = this.baseFunction !== null ? this.baseFunction(effective) : undefined;
    const fn = ref !== undefined ? localFunction(opts.functions, ref.name) : undefined;
    // Registered before the base action runs, so that an answer the base action sends at once is not lost.
    const wait = (run.wait = new TokenWait(t, broker, token ?? broker.newToken(), effective));
    run.fn = fn;
    run.ref = ref;
    if (fn !== undefined) return this;
    run.started = invokeResource(opts.resources, this.baseResource, effective, stateName, wait.token, timeoutS);
    if (run.started === undefined) {
      wait.close();
      run.wait = null;
      throw this.nothingRuns(ref, effective);
    }
    return this;
  }

  /** The base action (a local function, or what its invoker started), then the answer to the token. */
  start(t: Thread, run: TaskRun, effective: Json, heartbeatS: number | undefined): Promise<Json> {
    const base = run.fn !== undefined ? invokeForCallback(t, run, effective, DEFAULT_FUNCTION_TIMEOUT_S * 1000) : (run.started as Promise<Json>);
    return (run.wait as TokenWait).afterBase(base, heartbeatS, this.submitted);
  }

  unhandled(ref: FunctionRef | undefined, effective: Json): string {
    return this.direct.unhandled(ref, effective);
  }
}
