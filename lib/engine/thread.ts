/**
 * Threads and the runner that moves a thread from state to state.
 *
 * A thread is a line of execution: the main one, a Parallel branch or a Map iteration. The runner
 * (`drive`) is synchronous for as long as the states it runs are (Pass, Choice, Succeed, Fail,
 * Wait on the virtual clock, Parallel and Map whose branches are). A state that has to wait either
 * returns a Promise (a real-clock Wait, a Parallel or Map whose branches wait), which the runner
 * follows, or returns SUSPENDED (a Task): then the state itself moves the thread on, with
 * `resume(t, output)` or `fail(t, error)`, when its work ends; a thread of Tasks thus makes no
 * Promise of its own per state.
 */
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { Failure, STOPPED, Stopped, stateFailure } from './errors';
import type { ExecutionCore } from './execution-core';
import { evaluationFailed } from './history';
import type { Json } from './json';
import type { RedriveChild, RedrivePoint } from './types';

/** What `StateNode.exec` returns when the state will move the thread on itself, with `resume` or `fail`. */
export const SUSPENDED: unique symbol = Symbol('suspended');
export type Suspended = typeof SUSPENDED;

/** A compiled state as threads run it (states/state.ts State). */
export interface StateNode {
  readonly name: string;
  readonly type: string;
  /** `<Type>StateAborted` for the states AWS aborts in a failing Parallel or Map; null for the others. */
  readonly abortedType: HistoryEventType | null;
  /** Runs the state on the thread: see states/state.ts. */
  exec(t: Thread, input: Json): Json | Promise<Json> | Suspended;
  /**
   * The state machines a Parallel (its branches) or an inline Map (its ItemProcessor, once per
   * iteration) runs on child threads, or a Distributed Map's Map Run: what a redrive continues
   * (redrive.ts). Absent for the other states.
   */
  readonly nested?: NestedScopes;
}

/** The states of a nested state machine, by name. */
export interface StateScope {
  readonly states: ReadonlyMap<string, StateNode>;
}

/** What a Parallel or Map state runs inside (StateNode.nested). */
export type NestedScopes = { kind: 'branches'; scopes: readonly StateScope[] } | { kind: 'iterations'; scope: StateScope } | { kind: 'mapRun' };

/**
 * What the state a thread is in did in its current attempt, for a redrive (redrive.ts): the
 * children of its fan-out (fanout.ts), or its Map Run; `enteredId` says which visit of the state.
 */
export interface AttemptRecord {
  readonly enteredId: number;
  /** The children as a redrive continues them: kept outputs, points to continue from, null to run again. */
  children?(): RedriveChild[];
  readonly mapRun?: object;
}

/** Who waits for a thread that has suspended: its promise (runFrom), or the execution (the main thread). */
export interface Waiter {
  threadEnded(t: Thread, ok: boolean, v: unknown): void;
}

/**
 * A line of execution: the main one, a Parallel branch or a Map iteration. It runs one state at a
 * time; its cursor is its simulated time and `lastEventId` the event its next event follows.
 */
export class Thread {
  /** Set when a sibling branch or iteration failed: the thread unwinds at its next step. */
  cancelled = false;
  /** The state the thread is in (the one that failed, when the thread failed). */
  current: StateNode | null = null;
  /** Where the state that just ran goes next (null: the thread ends). */
  next: StateNode | null = null;
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
  /** The Task attempt the thread waits for, or did last, reused by the next (states/task/run.ts TaskRun). */
  taskRun: object | null = null;
  /**
   * The workflow variables the thread sees: its own, and through the prototype chain those of the
   * thread that started it (a Parallel branch or Map iteration reads the outer variables; what it
   * assigns stays its own).
   */
  readonly vars: Record<string, Json>;
  /** Variables the current state assigns when it exits (its Assign, evaluated before its output). */
  pendingAssign: { [name: string]: Json } | null = null;
  /** The input of the current state (where a redrive continues it). */
  input: Json = null;
  /** What the current state's attempt runs inside (its fan-out or Map Run), for a redrive. */
  attempt: AttemptRecord | null = null;
  /** A redrive: where the state the thread starts in continues its earlier attempt (taken by that state). */
  redrive: RedrivePoint | null = null;

  constructor(
    readonly ex: ExecutionCore,
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
export function drive(t: Thread, s: StateNode | null, v: Json): Json | Suspended {
  const ex = t.ex;
  while (s !== null) {
    if (t.cancelled || ex.end !== null || (t.parent !== null && t.isStopped())) throw STOPPED;
    ex.transition(t);
    t.current = s;
    t.input = v;
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
export function runFrom(t: Thread, first: StateNode, input: Json): Json | Promise<Json> {
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
