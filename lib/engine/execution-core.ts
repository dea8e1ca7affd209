/**
 * What the threads of an execution, and the states they run, share (`t.ex`): its options, names
 * and ARNs, clock and wall-clock alarms, history (events and ids), transition count and limits
 * (maximum transitions, execution timeout), variable quota, random numbers, the Context Object's
 * Execution and StateMachine members, its Map Runs, and its end. `Execution` (execution.ts) adds running it: the
 * main thread, an abort from outside, the result.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { alarms, fastUuid, realClock, seededRandom, virtualClock, type Alarm, type Clock, type TimeCursor } from './clock';
import { RUNTIME, STOPPED, TIMEOUT } from './errors';
import { HistoryLog, executionEnded } from './history';
import { jsonCopy } from './lambda';
import { PAYLOAD_LIMIT_BYTES } from './payload-limit';
import { RecordedResult } from './recorded-result';
import type { Json } from './json';
import type { ExecutionResult, ExecutionStatus, MapRunView, RunOptions } from './types';

export const DEFAULT_MAX_TRANSITIONS = 25_000;

/** Where a thread is (thread.ts Thread): its simulated time and the event its next event follows. */
export interface ThreadPosition extends TimeCursor {
  lastEventId: number;
}

interface End {
  status: ExecutionStatus;
  at: number;
  output?: Json;
  error?: string;
  cause?: string;
}

let executionCounter = 0;

/** What sizes the history of a state machine's executions starts with (the last execution's, within bounds). */
export interface HistorySize {
  events: number;
}
const FIRST_HISTORY_SIZE = 32;
const MAX_HISTORY_SIZE = 1024;

export class ExecutionCore {
  readonly clock: Clock;
  /** The history (recorded; HistoryEvent objects are made when it is read: `history()`), or null when `history: false`. */
  readonly events: HistoryLog | null;
  /** Last event id given (ids are counted even without a history: causes name them). */
  seq = 0;
  transitions = 0;
  readonly maxTransitions: number;
  /** AWS's payload quota (bytes of JSON), or Infinity. */
  readonly maxPayloadBytes: number;
  /** When the execution times out (its clock's epoch ms), or Infinity. */
  readonly deadline: number;
  end: End | null = null;
  /** Bytes of the workflow variables stored (the execution's variable quota). */
  variableBytes = 0;
  /** The Map Runs its Distributed Map states started, in order, as they run (DescribeMapRun, ListMapRuns, UpdateMapRun). */
  readonly mapRuns: MapRunView[] = [];

  readonly startMs: number;
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly accountId: string;
  readonly stateMachineName: string;
  private rng: (() => number) | null = null;
  private readonly seed: number;

  private contextExecution: Json | null = null;
  private contextStateMachine: Json | null = null;
  /** The wall-clock alarms set (some may be done), cancelled when the execution ends. */
  private timers: Alarm[] | null = null;
  /** Undoes what the run set up outside the engine (the abort listener). */
  protected onEnd: (() => void) | null = null;
  /** Resolves the promise `run` returned, once the main thread waits (null before, and once resolved). */
  protected resolveRun: ((r: ExecutionResult) => void) | null = null;

  /** The execution's input (with a history: a copy of the caller's, which the history refers to until it is read). */
  readonly input: Json;

  constructor(
    /** The definition's top-level TimeoutSeconds. */
    readonly timeoutSeconds: number | undefined,
    input: Json,
    readonly options: RunOptions,
    /** The history size of the state machine's executions, updated as each ends. */
    private readonly historySize?: HistorySize,
  ) {
    this.clock = options.clock === 'real' ? realClock : virtualClock;
    this.maxTransitions = options.maxTransitions ?? DEFAULT_MAX_TRANSITIONS;
    this.maxPayloadBytes = options.maxPayloadBytes ?? PAYLOAD_LIMIT_BYTES;
    this.startMs = options.startTime && !this.clock.real ? options.startTime.getTime() : Date.now();
    this.deadline = timeoutSeconds !== undefined ? this.startMs + timeoutSeconds * 1000 : Infinity;
    this.region = options.region ?? 'us-east-1';
    const history = options.history !== false;
    this.events = history ? new HistoryLog(this.startMs, this.region, historySize?.events || FIRST_HISTORY_SIZE) : null;
    // The caller keeps its input object and may change it after the run: the history keeps a copy.
    this.input = history && input !== null && typeof input === 'object' ? jsonCopy(input) : input;
    this.accountId = options.accountId ?? '123456789012';
    this.stateMachineName = options.stateMachineName ?? 'local';
    this.name = options.executionName ?? fastUuid();
    this.arn =
      options.executionType === 'EXPRESS'
        ? `arn:aws:states:${this.region}:${this.accountId}:express:${this.stateMachineName}:${this.name}:${fastUuid()}`
        : `arn:aws:states:${this.region}:${this.accountId}:execution:${this.stateMachineName}:${this.name}`;
    this.seed = options.seed ?? ++executionCounter;
  }

  get stateMachineArn(): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${this.stateMachineName}`;
  }

  get roleArn(): string {
    return this.options.roleArn ?? `arn:aws:iam::${this.accountId}:role/StepFunctions-${this.stateMachineName}-role`;
  }

  /** Random numbers in [0, 1) from the run's seed. */
  random(): number {
    return (this.rng ??= seededRandom(this.seed))();
  }

  /** `$$.Execution` (one object per execution). */
  executionContext(): Json {
    if (this.contextExecution !== null) return this.contextExecution;
    // A redrive (RunOptions.redrive): the first start, the redrive count and this attempt's start.
    const redrive = this.options.redrive;
    const c: { [k: string]: Json } = {
      Id: this.arn,
      Input: this.input,
      StartTime: new Date(redrive?.startDate?.getTime() ?? this.startMs).toISOString(),
      Name: this.name,
      RoleArn: this.roleArn,
      RedriveCount: redrive !== undefined ? redrive.count : 0,
    };
    if (redrive !== undefined) c.RedriveTime = new Date(this.startMs).toISOString();
    return (this.contextExecution = c);
  }

  /** `$$.StateMachine`. */
  stateMachineContext(): Json {
    return (this.contextStateMachine ??= { Id: this.stateMachineArn, Name: this.stateMachineName });
  }

  /** The execution has ended: its alarms are cancelled and its result made (once). */
  protected settle(): ExecutionResult {
    this.resolveRun = null;
    const timers = this.timers;
    if (timers !== null) {
      this.timers = null;
      for (let i = 0; i < timers.length; i++) alarms.cancel(timers[i]);
    }
    return this.result();
  }

  /** The history so far as HistoryEvent objects (made as it is read; the same array, grown, each time); empty without a history. */
  history(): HistoryEvent[] {
    return this.events !== null ? this.events.events() : [];
  }

  /**
   * The result. With a history, `events` is made from the log when first read (then a plain
   * property, which can be set): an execution whose history nobody reads makes none of its objects.
   */
  private result(): ExecutionResult {
    const end = this.end as End;
    const log = this.events;
    const r: ExecutionResult =
      log === null
        ? { status: end.status, events: [], executionArn: this.arn, startDate: new Date(this.startMs), stopDate: new Date(end.at), transitions: this.transitions }
        : new RecordedResult(end.status, log, this.arn, new Date(this.startMs), new Date(end.at), this.transitions);
    // With a history, the caller gets its own copy of the output, which the history refers to until
    // it is read (a frozen output, a constant of the definition, cannot change).
    if (end.status === 'SUCCEEDED') {
      const out = end.output as Json;
      r.output = log !== null && out !== null && typeof out === 'object' && !Object.isFrozen(out) ? jsonCopy(out) : out;
    }
    if (end.error !== undefined) r.error = end.error;
    if (end.cause !== undefined) r.cause = end.cause;
    if (log !== null && this.historySize !== undefined) this.historySize.events = Math.min(MAX_HISTORY_SIZE, log.length);
    return r;
  }

  /** Ends the execution (once) with its last event. */
  finish(status: ExecutionStatus, at: number, prev: number, output?: Json, error?: string, cause?: string): void {
    if (this.end !== null) return;
    this.end = { status, at, output, error, cause };
    this.onEnd?.();
    executionEnded(this, status, at, prev, output, error, cause);
    // The result is ready now (the threads still running only unwind, writing nothing more): when
    // the main thread waits, the execution's promise need not wait for them.
    const resolve = this.resolveRun;
    if (resolve !== null) resolve(this.settle());
  }

  /** The execution-level TimeoutSeconds has passed: TIMED_OUT. */
  timeOut(prev: number, at: number): void {
    this.finish('TIMED_OUT', at, prev, undefined, TIMEOUT, `The execution exceeded the TimeoutSeconds of its state machine (${this.timeoutSeconds} s).`);
  }

  /**
   * Counts a state transition (a state entered, or a retry) and enforces the execution's limits:
   * the maximum number of transitions and, on the virtual clock, the execution timeout.
   */
  transition(t: ThreadPosition): void {
    if (++this.transitions > this.maxTransitions) {
      this.finish(
        'FAILED',
        this.clock.now(t),
        t.lastEventId,
        undefined,
        RUNTIME,
        `The execution reached the maximum of ${this.maxTransitions} state transitions of the local engine (a loop that never ends?). ` +
          'Raise the limit with the maxTransitions run option if the workflow really needs more.',
      );
      throw STOPPED;
    }
    if (t.cursor > this.deadline && !this.clock.real) {
      t.cursor = this.deadline;
      this.timeOut(t.lastEventId, this.deadline);
      throw STOPPED;
    }
  }

  /**
   * Waits `ms` in the thread: on the virtual clock, moves its cursor at once (and times the
   * execution out when the wait would end past its deadline); on the real clock, a timer.
   */
  sleep(t: ThreadPosition, ms: number): void | Promise<void> {
    if (ms <= 0) return;
    if (!this.clock.real) {
      if (t.cursor + ms > this.deadline) {
        t.cursor = this.deadline;
        this.timeOut(t.lastEventId, this.deadline);
        throw STOPPED;
      }
      t.cursor += ms;
      return;
    }
    return new Promise<void>((resolve) => this.timer(ms, resolve));
  }

  /** A wall-clock alarm, cancelled when the execution ends. */
  timer(ms: number, fn: () => void): Alarm {
    const a = alarms.add(ms, fn);
    this.track(a);
    return a;
  }

  /** Fires `a` in `ms` milliseconds unless cancelled first (alarms.schedule); cancelled when the execution ends. */
  schedule(a: Alarm, ms: number): void {
    alarms.schedule(a, ms);
    this.track(a);
  }

  /** Cancels an alarm of the execution (and forgets it: an execution holds only the alarms still pending). */
  clearTimer(a: Alarm): void {
    alarms.cancel(a);
    const i = a.slot;
    const timers = this.timers;
    if (i < 0 || timers === null || timers[i] !== a) return;
    const last = timers.pop() as Alarm;
    if (last !== a) {
      timers[i] = last;
      last.slot = i;
    }
    a.slot = -1;
  }

  private track(a: Alarm): void {
    let timers = this.timers;
    if (timers === null) timers = this.timers = [];
    else if (timers.length >= 64) {
      // Forget the alarms that have fired, so that a long execution keeps only those pending.
      let j = 0;
      for (let i = 0; i < timers.length; i++) {
        const x = timers[i];
        if (x.done) x.slot = -1;
        else {
          x.slot = j;
          timers[j++] = x;
        }
      }
      timers.length = j;
    }
    a.slot = timers.length;
    timers.push(a);
  }
}
