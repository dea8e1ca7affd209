/**
 * One execution of a compiled state machine: ExecutionCore (execution-core.ts: options, clock,
 * history, limits, end) and the running of its main thread (thread.ts): ExecutionStarted, an abort
 * from outside (RunOptions.signal), the end of the main thread as the execution's (succeeded,
 * failed), and the result. No history object is made when `history: false`.
 */
import { Failure, RUNTIME, Stopped, stateFailure } from './errors';
import { ExecutionCore, type HistorySize } from './execution-core';
import { evaluationFailed, executionStarted } from './history';
import type { Json } from './json';
import { beginRedrive, checkRedrive, pointOf } from './redrive';
import { SUSPENDED, Thread, drive, type StateNode, type Suspended } from './thread';
import type { ExecutionResult, ExecutionStatus, RedrivePoint, RunOptions } from './types';

export { DEFAULT_MAX_TRANSITIONS } from './execution-core';

/** What an execution needs from its compiled state machine. */
export interface MachineInfo {
  readonly start: StateNode;
  /** The definition's top-level TimeoutSeconds. */
  readonly timeoutSeconds: number | undefined;
  /** The history size of its executions (the room a new one's history starts with). */
  readonly historySize?: HistorySize;
  /** Its top-level states by name (where a redrive continues: RunOptions.redrive). */
  readonly states?: ReadonlyMap<string, StateNode>;
}

export class Execution extends ExecutionCore {
  /** The main thread, once running. */
  private main: Thread | null = null;
  /** Where the execution stopped, when it ended unsuccessfully (the result's `redrivePoint`). */
  private stoppedAt: RedrivePoint | undefined = undefined;

  constructor(
    readonly machine: MachineInfo,
    input: Json,
    options: RunOptions,
  ) {
    super(machine.timeoutSeconds, input, options, machine.historySize);
  }

  run(): Promise<ExecutionResult> {
    const redrive = this.options.redrive;
    if (redrive !== undefined) {
      try {
        const states = this.machine.states;
        checkRedrive(states === undefined ? undefined : { states }, redrive);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const t = (this.main = new Thread(this, null, this.startMs, 0));
    let first = this.machine.start;
    let input = this.input;
    if (redrive === undefined) executionStarted(this, this.startMs, this.input, this.events !== null ? this.roleArn : '');
    else ({ state: first, input } = beginRedrive(this, t, this.machine as Required<MachineInfo>, this.startMs, redrive));
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
    let out: Json | Suspended;
    try {
      out = drive(t, first, input);
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

  /** Ends the execution (once); one that did not succeed keeps where it stopped (redrive.ts). */
  finish(status: ExecutionStatus, at: number, prev: number, output?: Json, error?: string, cause?: string): void {
    if (this.end === null && status !== 'SUCCEEDED' && this.main !== null) this.stoppedAt = pointOf(this.main);
    super.finish(status, at, prev, output, error, cause);
  }

  protected settle(): ExecutionResult {
    const r = super.settle();
    if (this.stoppedAt !== undefined) r.redrivePoint = this.stoppedAt;
    return r;
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

  /** Stopped from outside (RunOptions.signal), as by StopExecution: ABORTED. */
  private abort(reason: unknown, t: Thread): void {
    const r = (typeof reason === 'object' && reason !== null ? reason : {}) as { error?: unknown; cause?: unknown };
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    this.finish('ABORTED', this.clock.real ? Date.now() : t.cursor, this.seq, undefined, text(r.error), text(r.cause));
  }
}
