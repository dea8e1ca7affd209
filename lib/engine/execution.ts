/**
 * One execution of a compiled state machine: its options, clock, history, transition count and
 * end; the threads that run states (the main one, each Parallel branch, each Map iteration); and
 * the runner that moves a thread from state to state.
 *
 * The runner is synchronous for as long as the states it runs are (Pass, Choice, Succeed, Fail,
 * Wait on the virtual clock, Parallel and Map whose branches are). A state that has to wait either
 * returns a Promise (a real-clock Wait, a Parallel or Map whose branches wait), which the runner
 * follows, or returns SUSPENDED (a Task): then the state itself moves the thread on, with
 * `resume(t, output)` or `fail(t, error)`, when its work ends; a thread of Tasks thus makes no
 * Promise of its own per state. No history object is made when `history: false`.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { alarms, fastUuid, realClock, seededRandom, virtualClock, type Alarm, type Clock } from './clock';
import { Failure, RUNTIME, STOPPED, Stopped, TIMEOUT, stateFailure } from './errors';
import { DATA_DETAILS, evaluationFailed, json } from './history';
import type { State } from './states/state';
import type { TaskRun } from './states/task';
import type { Json } from './json';
import type { ExecutionResult, ExecutionStatus, RunOptions } from './types';

export const DEFAULT_MAX_TRANSITIONS = 25_000;

/** What an execution needs from its compiled state machine. */
export interface MachineInfo {
  readonly start: State;
  /** The definition's top-level TimeoutSeconds. */
  readonly timeoutSeconds: number | undefined;
}

interface End {
  status: ExecutionStatus;
  at: number;
  output?: Json;
  error?: string;
  cause?: string;
}

let executionCounter = 0;

export class Execution {
  readonly clock: Clock;
  /** The history, or null when `history: false`. */
  readonly events: HistoryEvent[] | null;
  /** Last event id given (ids are counted even without a history: causes name them). */
  seq = 0;
  transitions = 0;
  readonly maxTransitions: number;
  /** When the execution times out (its clock's epoch ms), or Infinity. */
  readonly deadline: number;
  end: End | null = null;
  /** Bytes of the workflow variables stored (the execution's variable quota). */
  variableBytes = 0;

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
  private onEnd: (() => void) | null = null;
  /** Resolves the promise `run` returned, once the main thread waits (null before, and once resolved). */
  private resolveRun: ((r: ExecutionResult) => void) | null = null;

  constructor(
    readonly machine: MachineInfo,
    readonly input: Json,
    readonly options: RunOptions,
  ) {
    this.clock = options.clock === 'real' ? realClock : virtualClock;
    this.events = options.history === false ? null : [];
    this.maxTransitions = options.maxTransitions ?? DEFAULT_MAX_TRANSITIONS;
    this.startMs = options.startTime && !this.clock.real ? options.startTime.getTime() : Date.now();
    this.deadline = machine.timeoutSeconds !== undefined ? this.startMs + machine.timeoutSeconds * 1000 : Infinity;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.stateMachineName = options.stateMachineName ?? 'local';
    this.name = options.executionName ?? fastUuid();
    this.arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${this.stateMachineName}:${this.name}`;
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
    return (this.contextExecution ??= {
      Id: this.arn,
      Input: this.input,
      StartTime: new Date(this.startMs).toISOString(),
      Name: this.name,
      RoleArn: this.roleArn,
      RedriveCount: 0,
    });
  }

  /** `$$.StateMachine`. */
  stateMachineContext(): Json {
    return (this.contextStateMachine ??= { Id: this.stateMachineArn, Name: this.stateMachineName });
  }

  run(): Promise<ExecutionResult> {
    const t = new Thread(this, null, this.startMs, 0);
    if (this.events !== null) {
      this.events.push({
        timestamp: new Date(this.startMs),
        type: 'ExecutionStarted',
        id: ++this.seq,
        previousEventId: 0,
        executionStartedEventDetails: { input: json(this.input), inputDetails: DATA_DETAILS, roleArn: this.roleArn },
      });
    } else this.seq++;
    // The first state entered follows ExecutionStarted with previousEventId 0, as AWS writes it.
    if (this.clock.real && this.deadline !== Infinity) this.timer(this.deadline - Date.now(), () => this.timeOut(this.seq, Date.now()));
    const signal = this.options.signal;
    if (signal) {
      if (signal.aborted) {
        this.abort(signal.reason, t);
        return Promise.resolve(this.settle());
      }
      const onAbort = () => this.abort(signal.reason, t);
      signal.addEventListener('abort', onAbort, { once: true });
      this.onEnd = () => signal.removeEventListener('abort', onAbort);
    }
    let out: Json | typeof SUSPENDED;
    try {
      out = drive(t, this.machine.start, this.input);
    } catch (e) {
      this.mainFailed(t, e);
      return Promise.resolve(this.settle());
    }
    if (out !== SUSPENDED) {
      this.mainEnded(t, out);
      return Promise.resolve(this.settle());
    }
    // The main thread waits: it ends later (threadEnded), or the execution ends first (finish: a timeout).
    t.waiter = this;
    // Ended while the main thread was starting its work (an abort from inside a handler call).
    if (this.end !== null) return Promise.resolve(this.settle());
    return new Promise<ExecutionResult>((resolve) => (this.resolveRun = resolve));
  }

  /** The main thread ended (Waiter). */
  threadEnded(t: Thread, ok: boolean, v: unknown): void {
    if (ok) this.mainEnded(t, v as Json);
    else this.mainFailed(t, v);
    const resolve = this.resolveRun;
    if (resolve !== null) resolve(this.settle());
  }

  private mainEnded(t: Thread, out: Json): void {
    if (this.end === null) this.finish('SUCCEEDED', this.clock.now(t), t.lastEventId, out);
  }

  private mainFailed(t: Thread, e: unknown): void {
    if (this.end !== null) return;
    const f = e instanceof Failure ? e : stateFailure(e instanceof Stopped ? new Error('a thread stopped while the execution runs') : e, t.current?.name ?? '', t.enteredId);
    const failure = f instanceof Failure ? f : new Failure(RUNTIME, 'stopped');
    if (failure.location !== undefined && failure.eventId === 0 && t.current !== null) evaluationFailed(t, t.current.name, failure);
    this.finish('FAILED', failure.at || this.clock.now(t), failure.eventId || t.lastEventId, undefined, failure.error, failure.cause);
  }

  /** The execution has ended: its alarms are cancelled and its result made (once). */
  private settle(): ExecutionResult {
    this.resolveRun = null;
    const timers = this.timers;
    if (timers !== null) {
      this.timers = null;
      for (let i = 0; i < timers.length; i++) alarms.cancel(timers[i]);
    }
    return this.result();
  }

  private result(): ExecutionResult {
    const end = this.end as End;
    const r: ExecutionResult = {
      status: end.status,
      events: this.events ?? [],
      executionArn: this.arn,
      startDate: new Date(this.startMs),
      stopDate: new Date(end.at),
      transitions: this.transitions,
    };
    if (end.status === 'SUCCEEDED') r.output = end.output as Json;
    if (end.error !== undefined) r.error = end.error;
    if (end.cause !== undefined) r.cause = end.cause;
    return r;
  }

  /** Ends the execution (once) with its last event. */
  finish(status: ExecutionStatus, at: number, prev: number, output?: Json, error?: string, cause?: string): void {
    if (this.end !== null) return;
    this.end = { status, at, output, error, cause };
    this.onEnd?.();
    const id = ++this.seq;
    if (this.events !== null) {
      const e: HistoryEvent = { timestamp: new Date(at), type: undefined, id, previousEventId: prev };
      if (status === 'SUCCEEDED') {
        e.type = 'ExecutionSucceeded';
        e.executionSucceededEventDetails = { output: json(output as Json), outputDetails: DATA_DETAILS };
      } else if (status === 'TIMED_OUT') {
        e.type = 'ExecutionTimedOut';
        e.executionTimedOutEventDetails = { error, cause };
      } else if (status === 'ABORTED') {
        e.type = 'ExecutionAborted';
        const d: { error?: string; cause?: string } = {};
        if (error !== undefined) d.error = error;
        if (cause !== undefined) d.cause = cause;
        e.executionAbortedEventDetails = d;
      } else {
        e.type = 'ExecutionFailed';
        const d: { error?: string; cause?: string } = {};
        if (error !== undefined) d.error = error;
        if (cause !== undefined) d.cause = cause;
        e.executionFailedEventDetails = d;
      }
      this.events.push(e);
    }
    // The result is ready now (the threads still running only unwind, writing nothing more): when
    // the main thread waits, the execution's promise need not wait for them.
    const resolve = this.resolveRun;
    if (resolve !== null) resolve(this.settle());
  }

  /** Stopped from outside (RunOptions.signal), as by StopExecution: ABORTED. */
  private abort(reason: unknown, t: Thread): void {
    const r = (typeof reason === 'object' && reason !== null ? reason : {}) as { error?: unknown; cause?: unknown };
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    this.finish('ABORTED', this.clock.real ? Date.now() : t.cursor, this.seq, undefined, text(r.error), text(r.cause));
  }

  /** The execution-level TimeoutSeconds has passed: TIMED_OUT. */
  timeOut(prev: number, at: number): void {
    this.finish('TIMED_OUT', at, prev, undefined, TIMEOUT, `The execution exceeded the TimeoutSeconds of its state machine (${this.machine.timeoutSeconds} s).`);
  }

  /**
   * Counts a state transition (a state entered, or a retry) and enforces the execution's limits:
   * the maximum number of transitions and, on the virtual clock, the execution timeout.
   */
  transition(t: Thread): void {
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
  sleep(t: Thread, ms: number): void | Promise<void> {
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

/**
 * A line of execution: the main one, a Parallel branch or a Map iteration. It runs one state at a
 * time; its cursor is its simulated time and `lastEventId` the event its next event follows.
 */
export class Thread {
  /** Set when a sibling branch or iteration failed: the thread unwinds at its next step. */
  cancelled = false;
  /** The state the thread is in (the one that failed, when the thread failed). */
  current: State | null = null;
  /** Where the state that just ran goes next (null: the thread ends). */
  next: State | null = null;
  /** The branches or iterations a Parallel or Map state of this thread is running. */
  children: Set<Thread> | null = null;
  /** Id of the current state's entered event. */
  enteredId = 0;
  /** When the current state was entered (epoch ms). */
  enteredAt = 0;
  /** A Map iteration's index. */
  index = -1;
  /** Told when the thread ends, once it has waited (see drive). */
  waiter: Waiter | null = null;
  /** The Task attempt the thread waits for, or did last (reused by the next). */
  taskRun: TaskRun | null = null;
  /**
   * The workflow variables the thread sees: its own, and through the prototype chain those of the
   * thread that started it (a Parallel branch or Map iteration reads the outer variables; what it
   * assigns stays its own).
   */
  readonly vars: Record<string, Json>;
  /** Variables the current state assigns when it exits (its Assign, evaluated before its output). */
  pendingAssign: { [name: string]: Json } | null = null;

  constructor(
    readonly ex: Execution,
    readonly parent: Thread | null,
    public cursor: number,
    public lastEventId: number,
  ) {
    this.vars = Object.create(parent === null ? null : parent.vars) as Record<string, Json>;
  }

  isStopped(): boolean {
    if (this.ex.end !== null) return true;
    for (let p: Thread | null = this; p !== null; p = p.parent) if (p.cancelled) return true;
    return false;
  }
}

/** Who waits for a thread that has suspended: its promise (runFrom), or the execution (the main thread). */
export interface Waiter {
  threadEnded(t: Thread, ok: boolean, v: unknown): void;
}

/** What `State.exec` returns when the state will move the thread on itself, with `resume` or `fail`. */
export const SUSPENDED: unique symbol = Symbol('suspended');
export type Suspended = typeof SUSPENDED;

/** A thread's failure as it leaves the thread: its error and the event it happened after. */
function leaving(t: Thread, e: unknown): unknown {
  if (e instanceof Stopped) return e;
  const f = e instanceof Failure ? e : stateFailure(e, t.current ? t.current.name : '', t.enteredId);
  if (f instanceof Failure && f.eventId === 0) {
    if (f.location !== undefined && t.current !== null) evaluationFailed(t, t.current.name, f);
    f.eventId = t.lastEventId;
    f.at = t.ex.clock.now(t);
  }
  return f;
}

/**
 * Runs a thread from state `s` with input `v` until a state ends it (returns the last state's
 * output), or a state has to wait (returns SUSPENDED: the thread's waiter, which the caller sets
 * at once, learns its end). Throws what a state threw (not yet as it leaves the thread).
 */
function drive(t: Thread, s: State | null, v: Json): Json | Suspended {
  const ex = t.ex;
  while (s !== null) {
    if (t.cancelled || ex.end !== null || (t.parent !== null && t.isStopped())) throw STOPPED;
    ex.transition(t);
    t.current = s;
    const r = s.exec(t, v);
    if (r === SUSPENDED) return SUSPENDED;
    if (r instanceof Promise) {
      r.then(
        (out: Json) => resume(t, out),
        (e: unknown) => fail(t, e),
      );
      return SUSPENDED;
    }
    v = r;
    s = t.next;
  }
  return v;
}

/**
 * The state the suspended thread is in has ended with `output` (and set `t.next`): the thread
 * goes on. Called by that state, from a callback (never from its exec).
 */
export function resume(t: Thread, output: Json): void {
  let r: Json | Suspended;
  try {
    r = drive(t, t.next, output);
  } catch (e) {
    return fail(t, e);
  }
  if (r !== SUSPENDED) (t.waiter as Waiter).threadEnded(t, true, r);
}

/** What a state's continuation gives (its output, a Promise of it, or SUSPENDED: it goes on by itself): the thread goes on. */
export function proceed(t: Thread, out: Json | Promise<Json> | Suspended): void {
  if (out === SUSPENDED) return;
  if (out instanceof Promise) out.then((o) => resume(t, o), (e: unknown) => fail(t, e));
  else resume(t, out);
}

/** The state the suspended thread is in has failed (what it threw): the thread ends with it. */
export function fail(t: Thread, e: unknown): void {
  (t.waiter as Waiter).threadEnded(t, false, leaving(t, e));
}

/** The promise of a thread that has suspended (runFrom). */
class ThreadPromise implements Waiter {
  resolve!: (v: Json) => void;
  reject!: (e: unknown) => void;

  threadEnded(_t: Thread, ok: boolean, v: unknown): void {
    if (ok) this.resolve(v as Json);
    else this.reject(v);
  }
}

/**
 * Runs a thread from `first` until a state ends it; returns the last state's output (or throws
 * its Failure, or Stopped). Synchronous until a state has to wait; then a Promise.
 */
export function runFrom(t: Thread, first: State, input: Json): Json | Promise<Json> {
  let r: Json | Suspended;
  try {
    r = drive(t, first, input);
  } catch (e) {
    throw leaving(t, e);
  }
  if (r !== SUSPENDED) return r;
  const w = new ThreadPromise();
  t.waiter = w;
  return new Promise<Json>((resolve, reject) => {
    w.resolve = resolve;
    w.reject = reject;
  });
}
