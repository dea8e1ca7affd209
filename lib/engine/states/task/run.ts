/**
 * What a Task's attempt is made of, shared by the Task (task.ts) and its runners (function.ts,
 * activity.ts, callback.ts, integration.ts): the runner of a kind of resource (TaskRunner, and
 * TaskWorker for one that runs an attempt in a way of its own), the attempt a thread waits for
 * (TaskRun) and its time limit (LimitAlarm).
 */
import type { Alarm, AlarmQueue } from '../../clock';
import { StatesError, type PathContext } from '../../jsonpath';
import { RUNTIME, type Failure, type LambdaErrorPayload } from '../../errors';
import type { Json } from '../../json';
import { LambdaFunctionError, type FunctionRef, type LocalLambdaContext } from '../../lambda';
import type { InFlight } from '../../lambda-isolation';
import type { Retries } from '../../retry';
import type { Thread } from '../../thread';
import type { LambdaHandler, LocalFunction } from '../../types';
import type { TaskEvents } from './events';
import type { TokenWait } from './token-wait';

/** The limit an attempt reached: TimeoutSeconds, HeartbeatSeconds, a local function's timeout, the execution's TimeoutSeconds. */
export type Limit = 'task' | 'heartbeat' | 'function' | 'execution';

/** The path context of an attempt that reads none. */
export const NO_PATHS: PathContext = Object.freeze({ input: null, context: null }) as PathContext;

/** The ways, named in the cause of a Task that nothing runs. */
export const WAYS =
  'a handler in the functions run option, an override for the state, a mocked response (sfn run --mocks FILE --test-case CASE, or the mocks option of runWorkflow), or a ResourceInvoker (resources) that runs it';

/**
 * How a Task runs its kind of resource (one runner per state, chosen when it is compiled): when
 * no override replaces an attempt, the runner says who runs it (`select`).
 */
export abstract class TaskRunner {
  /** HeartbeatSeconds limits an attempt: the resource sends heartbeats (a callback, an activity). */
  readonly heartbeats: boolean = false;
  /** With a token's wait, the task starts when a worker takes it (ActivityStarted), not when it is scheduled. */
  readonly startedByWorker: boolean = false;

  constructor(
    readonly resource: string,
    readonly events: TaskEvents,
  ) {}

  /**
   * Who runs the attempt on its effective input (with its task token, if any): a worker
   * (`start`), or null when a resource invoker has taken it (`run.started`). Sets on `run` what
   * the worker needs (`fn`, `ref`, `wait`). Throws States.Runtime when nothing runs the resource.
   */
  abstract select(t: Thread, run: TaskRun, effective: Json, token: string | undefined, stateName: string, timeoutS: number | undefined): TaskWorker | null;

  /** The cause of the States.Runtime failure of a resource that nothing runs. */
  abstract unhandled(ref: FunctionRef | undefined, effective: Json): string;

  /** The failure of a resource that nothing runs: a mistake of the run (States.Runtime), not a failure to catch. */
  nothingRuns(ref: FunctionRef | undefined, effective: Json): StatesError {
    return new StatesError(RUNTIME, this.unhandled(ref, effective));
  }
}

/** A runner that runs an attempt in a way of its own (a local function, a wait for a token's answer). */
export interface TaskWorker {
  /** Starts the work (its events written, its alarm set): its answer, or a Promise of it. */
  start(t: Thread, run: TaskRun, effective: Json, heartbeatS: number | undefined): unknown;
  /** The answer as the task's result; throws what makes it a failure. */
  result(v: unknown, run: TaskRun): Json;
  /** What the work threw or rejected with, as the task's failure. */
  failure(e: unknown, run: TaskRun): Failure;
  /** The work's own time limit (ms): a local function's timeout. */
  limitMs(run: TaskRun): number;
  /** The work enforces HeartbeatSeconds itself (a token's wait). */
  readonly watchesHeartbeats: boolean;
  /** The work is a handler called in this process (lambda-isolation.ts fails it from outside its call chain). */
  readonly inProcess?: boolean;
}

/** What a thread's running attempt tells its Task (task.ts) when it ends. */
export interface RunOwner {
  invocationResult(run: TaskRun, v: unknown): void;
  invocationError(run: TaskRun, e: unknown): void;
  invocationTimedOut(run: TaskRun, limit: Limit, limitMs: number): void;
}

/**
 * The Task attempt a thread waits for (one at a time): what ending it needs, and the callbacks of
 * its resource's answer, made once per thread and reused by its next attempts (a thread of Tasks
 * makes no closure per Task). An answer that comes after the attempt's time limit is ignored:
 * the thread then gets a new TaskRun. What only an answer that comes later needs (`state`,
 * `worker`, `raw`, `ctx`, `retries`, `done`) is set when the attempt suspends.
 */
export class TaskRun implements InFlight {
  busy = false;
  flightSlot = -1;
  state: RunOwner | null = null;
  raw: Json = null;
  ctx: PathContext = NO_PATHS;
  retries: Retries | null = null;
  /** Who runs the attempt in its own way; null for an override or a resource invoker. */
  worker: TaskWorker | null = null;
  /** A local function to run, and the reference it was found by. */
  fn: LocalFunction | LambdaHandler | undefined = undefined;
  ref: FunctionRef | undefined = undefined;
  /** What a resource invoker started. */
  started: Promise<Json> | undefined = undefined;
  context: LocalLambdaContext | undefined = undefined;
  /** A `lambda:invoke` with `LogType: Tail`: its response carries the log's tail. */
  logTail = false;
  alarm: LimitAlarm | null = null;
  /** A callback or activity task's wait for its token's answer (with a broker), until the attempt ends. */
  wait: TokenWait | null = null;
  /** A JSONata attempt's continuation (the answer goes to it, not to the thread). */
  done: ((ok: boolean, v: unknown) => void) | null = null;
  readonly onResult = (v: unknown): void => {
    if (this.busy) (this.state as RunOwner).invocationResult(this, v);
  };
  readonly onError = (e: unknown): void => {
    if (this.busy) (this.state as RunOwner).invocationError(this, e);
  };

  constructor(readonly t: Thread) {}

  /** A handler of this process is running the attempt (InFlight). */
  active(): boolean {
    return this.busy && this.worker !== null && this.worker.inProcess === true;
  }

  /** The handler's runtime has failed (process.exit, an unhandled rejection: InFlight). */
  fail(payload: LambdaErrorPayload): void {
    this.onError(new LambdaFunctionError(payload));
  }

  /** The request id of the attempt's invocation (InFlight). */
  requestId(): string {
    return this.context?.awsRequestId ?? 'unknown';
  }
}

/** The thread's TaskRun for its next attempt: the last one, unless an answer may still come to it. */
export function taskRunOf(t: Thread): TaskRun {
  let run = t.taskRun as TaskRun | null;
  if (run === null || run.busy) run = t.taskRun = new TaskRun(t);
  return run;
}

/** The time limit of a running attempt: which limit, reached `ms` after the attempt started. */
export class LimitAlarm implements Alarm {
  at = 0;
  done = false;
  queue: AlarmQueue | null = null;
  slot = -1;

  constructor(
    readonly run: TaskRun,
    readonly limit: Limit,
    readonly ms: number,
  ) {}

  fire(): void {
    const run = this.run;
    if (run.alarm === this && run.busy) (run.state as RunOwner).invocationTimedOut(run, this.limit, this.ms);
  }
}
