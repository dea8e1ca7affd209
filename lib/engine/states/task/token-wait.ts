/**
 * A Task that waits for an outside party, with a task token broker (`RunOptions.callbacks`,
 * callbacks.ts): the wait for its token's answer, shared by callback tasks (callback.ts) and
 * activities (activity.ts).
 *
 * - `.waitForTaskToken`: once the base action has answered (TaskSubmitted records its response:
 *   "the response from a resource when a task has started", API reference
 *   TaskSubmittedEventDetails), the task waits for SendTaskSuccess (its result) or
 *   SendTaskFailure (its error and cause). Recorded AWS histories of callback tasks read
 *   TaskScheduled, TaskStarted, TaskSubmitted, then TaskSucceeded | TaskFailed | TaskTimedOut.
 * - an activity: the task waits in its activity's queue until a worker takes it (GetActivityTask):
 *   ActivityScheduled, ActivityStarted (workerName), then ActivitySucceeded | Failed | TimedOut.
 *
 * HeartbeatSeconds counts from the task's start (TaskSubmitted / ActivityStarted) and starts again
 * at each SendTaskHeartbeat; when it passes, the task times out (States.Timeout, task.ts).
 * TimeoutSeconds counts from the task's schedule (the attempt's alarm in task.ts), so an activity
 * no worker takes times out too.
 *
 * Time: the wait is for someone outside the engine, so it takes wall-clock time on either clock:
 * a virtual clock does not skip it (a limit fires only when its wall-clock time has passed) and,
 * when the wait ends, the thread's simulated time moves on by the wall-clock time waited, so that
 * the history shows how long the outside party took. Waits and retries elsewhere in the execution
 * stay instant on the virtual clock.
 */
import type { Alarm } from '../../clock';
import { fastUuid } from '../../clock';
import type { TaskTokenBroker, TokenWaiter } from '../../callbacks';
import { taskFailure } from '../../errors';
import type { Json } from '../../json';
import type { Thread } from '../../thread';

export const WAIT_FOR_TASK_TOKEN = '.waitForTaskToken';

/** A task token as AWS gives them to `.waitForTaskToken` resources (opaque text), from the run's broker when it has one. */
export function newToken(t: Thread): string {
  const broker = t.ex.options.callbacks;
  if (broker !== undefined) return broker.newToken();
  return Buffer.from(`${fastUuid()}${fastUuid()}`.replace(/-/g, ''), 'hex').toString('base64');
}

/** No heartbeat came within HeartbeatSeconds (task.ts turns it into a heartbeat time-out, States.Timeout). */
export class HeartbeatExpired extends Error {
  constructor(readonly elapsedMs: number) {
    super('no heartbeat within HeartbeatSeconds');
  }
}

/** Writes the event of the task's start: TaskSubmitted (a callback's base action answered) or ActivityStarted (a worker took it). */
export type StartedEvent<A> = (t: Thread, about: A) => void;

type Answer = { ok: true; output: Json } | { ok: false; error: string | undefined; cause: string | undefined };

export class TokenWait implements TokenWaiter {
  private open = true;
  /** Whether the task has started (its base action answered, or a worker took it): answers apply from then on. */
  private running = false;
  private early: Answer | null = null;
  private heartbeatMs = 0;
  private heartbeatAlarm: Alarm | null = null;
  /** Wall-clock time up to which the thread's virtual time has been moved. */
  private lastWall = Date.now();
  private resolve!: (v: Json) => void;
  private reject!: (e: unknown) => void;
  private readonly promise: Promise<Json>;

  constructor(
    private readonly t: Thread,
    private readonly broker: TaskTokenBroker,
    readonly token: string,
    private readonly input: Json,
  ) {
    this.promise = new Promise<Json>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    broker.register(token, this);
  }

  /**
   * A callback task's result: the answer to its token once the base action has answered (then
   * `submitted` writes TaskSubmitted). Rejects with the base action's failure, SendTaskFailure's
   * error and cause, or HeartbeatExpired.
   */
  afterBase(base: Promise<Json>, heartbeatSeconds: number | undefined, submitted: StartedEvent<Json>): Promise<Json> {
    this.heartbeatMs = heartbeatSeconds !== undefined ? heartbeatSeconds * 1000 : 0;
    base.then(
      (response) => {
        if (!this.alive()) return;
        this.advance();
        submitted(this.t, response);
        this.start();
      },
      (e: unknown) => {
        if (!this.open) return;
        this.close();
        this.reject(e);
      },
    );
    return this.promise;
  }

  /**
   * An activity task's result: the answer to its token once a worker has taken the task from the
   * queue of activity `arn` (then `workerStarted` writes ActivityStarted). Rejects as afterBase.
   */
  forWorker(arn: string, heartbeatSeconds: number | undefined, workerStarted: StartedEvent<string | undefined>): Promise<Json> {
    this.heartbeatMs = heartbeatSeconds !== undefined ? heartbeatSeconds * 1000 : 0;
    this.broker.activities.schedule(arn, {
      token: this.token,
      input: this.input,
      wanted: () => this.alive(),
      started: (workerName) => {
        if (!this.alive()) return;
        this.advance();
        workerStarted(this.t, workerName);
        this.start();
      },
    });
    return this.promise;
  }

  succeed(output: Json): void {
    this.settle({ ok: true, output });
  }

  fail(error: string | undefined, cause: string | undefined): void {
    this.settle({ ok: false, error, cause });
  }

  heartbeat(): void {
    if (this.running && this.heartbeatAlarm !== null) this.armHeartbeat();
  }

  alive(): boolean {
    return this.open && !this.t.isStopped();
  }

  /** The wait is over (answered, failed, timed out): the token is closed. Returns the wall-clock ms not yet added to the thread's time. */
  close(): number {
    const untracked = Date.now() - this.lastWall;
    if (!this.open) return untracked;
    this.open = false;
    this.broker.close(this.token);
    if (this.heartbeatAlarm !== null) {
      this.t.ex.clearTimer(this.heartbeatAlarm);
      this.heartbeatAlarm = null;
    }
    return untracked;
  }

  private start(): void {
    this.running = true;
    if (this.heartbeatMs > 0) this.armHeartbeat();
    const early = this.early;
    if (early !== null) {
      this.early = null;
      this.settle(early);
    }
  }

  private settle(a: Answer): void {
    if (!this.running) {
      // Answered before the base action returned: applied once it has (TaskSubmitted first).
      this.early = a;
      return;
    }
    this.close();
    this.advance();
    if (a.ok) this.resolve(a.output);
    else this.reject(taskFailure(a.error, a.cause));
  }

  private armHeartbeat(): void {
    const ex = this.t.ex;
    if (this.heartbeatAlarm !== null) ex.clearTimer(this.heartbeatAlarm);
    this.heartbeatAlarm = ex.timer(this.heartbeatMs, () => {
      this.heartbeatAlarm = null;
      if (!this.open) return;
      const elapsed = this.close();
      this.lastWall = Date.now();
      this.reject(new HeartbeatExpired(elapsed));
    });
  }

  /** Virtual clock: the thread's time moves by the wall-clock time since it last did. */
  private advance(): void {
    const now = Date.now();
    if (!this.t.ex.clock.real) this.t.cursor += now - this.lastWall;
    this.lastWall = now;
  }
}
