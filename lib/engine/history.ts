/**
 * The execution history: HistoryEvent objects shaped as @aws-sdk/client-sfn's (GetExecutionHistory),
 * with the event types and `*EventDetails` AWS writes for each state type (recorded AWS histories:
 * `input`/`output` are JSON text with `inputDetails`/`outputDetails: {truncated: false}`).
 *
 * Recording is cheap and reading makes the objects: an event is recorded as its kind (its type,
 * details member and how they are made), one value, its previous id and its time (HistoryLog), and
 * the HistoryEvent objects, their Dates and the JSON text of their data are made when the history
 * is first read (`HistoryLog.events`, which then grows with the execution). An execution nobody
 * reads the history of thus builds none of it. The values an event keeps are the engine's own,
 * which it never changes once made (paths and ResultPath copy what they change; the execution's
 * input and what functions, overrides and resource invokers answer are copied as they come in), so
 * the text made later is what it would have been. A value written several times in a row (a
 * state's output, the next state's input) is made into JSON text once.
 *
 * Ids are counted even when `history: false` (causes name the id of a state's entered event), but
 * nothing is recorded then: callers pass details as `ex.events !== null && {...}`.
 *
 * previousEventId follows the thread: an event follows the thread's last event; events AWS writes
 * "on the side" (a state's Succeeded/Aborted events, a Map iteration's end) are written with `side`
 * and leave the thread's last event where it was.
 */
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { Clock, TimeCursor } from './clock';
import type { Failure } from './errors';
import type { Json } from './json';
import type { ExecutionStatus } from './types';

/** What writing an event needs of an execution (execution-core.ts): its log, the last id given, its clock. */
export interface EventLog {
  seq: number;
  /** The history, or null when `history: false`. */
  readonly events: HistoryLog | null;
  readonly clock: Clock;
}

/** What writing an event needs of a thread (thread.ts Thread): its execution, time and last event. */
export interface EventThread extends TimeCursor {
  readonly ex: EventLog;
  lastEventId: number;
  enteredId: number;
}

/** `inputDetails` / `outputDetails`: the engine never truncates. */
export const DATA_DETAILS = Object.freeze({ truncated: false }) as { truncated: boolean };

export function json(v: Json): string {
  return JSON.stringify(v);
}

/**
 * A kind of event: its type, its details member (none: no details) and how its details are made
 * from the value recorded with it when the history is read (none: the value is the details).
 */
export interface EventKind {
  readonly type: HistoryEventType;
  readonly key: string | undefined;
  readonly details?: (value: unknown, log: HistoryLog) => object;
}

type Details = object | null | false | undefined;

/** The kinds of events written with their details made already (`ev`, `side`), by type: with details, and without. */
const withDetails = new Map<string, EventKind>();
const bare = new Map<string, EventKind>();

function plainKind(type: HistoryEventType, key: string | undefined): EventKind {
  const kinds = key === undefined ? bare : withDetails;
  const k = kinds.get(type);
  if (k !== undefined && k.key === key) return k;
  const kind: EventKind = { type, key };
  // Event types are a fixed set, each with one details member.
  if (k === undefined) kinds.set(type, kind);
  return kind;
}

/**
 * Doubles of a slab the logs' number arrays are cut from (16 KiB), and the largest array cut from
 * one (128 events). A slab lives as long as one of its arrays does: small slabs bound what an
 * execution that waits for long (a callback) keeps of the others' room.
 */
const SLAB_DOUBLES = 2_048;
const MAX_CUT = 256;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/**
 * A Float64Array of `n` numbers. A small one is a view on a shared slab: making a typed array of
 * its own costs a native allocation (about 0.8 µs, more than the rest of a short execution's
 * history), a view a tenth of it. A slab is freed when no view of it is left.
 */
function numbers(n: number): Float64Array {
  if (n > MAX_CUT) return new Float64Array(n);
  const bytes = 8 * n;
  if (slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(8 * SLAB_DOUBLES);
    slabUsed = 0;
  }
  const a = new Float64Array(slab, slabUsed, n);
  slabUsed += bytes;
  return a;
}

/**
 * The recorded history of an execution (see above). Event `i` (id i + 1) is its kind and value
 * (two references) and two numbers, its previous id and its time after the log's base (in a
 * Float64Array, which the garbage collector does not scan).
 */
export class HistoryLog {
  private nums: Float64Array;
  private readonly refs: unknown[];
  private n = 0;
  /** The HistoryEvent objects made so far (none until the history is read). */
  private made: HistoryEvent[] | null = null;
  /** The role of ExecutionStarted. */
  roleArn = '';
  /** The last values made into JSON text, and their text. */
  private v0: unknown = undefined;
  private t0 = '';
  private v1: unknown = undefined;
  private t1 = '';

  constructor(
    /** Epoch ms the recorded times count from. */
    private readonly base: number,
    /** The execution's region (a service integration's TaskScheduled names it). */
    readonly region: string,
    /** How many events to make room for at first (the log grows past it). */
    capacity: number,
  ) {
    this.nums = numbers(2 * capacity);
    this.refs = new Array<unknown>(2 * capacity);
  }

  /** Records event `id` (the next one) of that kind, following event `prev`, at epoch ms `at`, with its value. */
  add(kind: EventKind, id: number, prev: number, at: number, value: unknown): void {
    const i = this.n;
    if (id !== i + 1) throw new Error(`history: event ${id} recorded after event ${i}`);
    let nums = this.nums;
    if (2 * i === nums.length) {
      nums = numbers(Math.max(16, 2 * nums.length));
      nums.set(this.nums);
      this.nums = nums;
    }
    nums[2 * i] = prev;
    nums[2 * i + 1] = at - this.base;
    const refs = this.refs;
    refs[2 * i] = kind;
    refs[2 * i + 1] = value;
    this.n = i + 1;
  }

  /** The previous event id of event `id`. */
  previousOf(id: number): number {
    return this.nums[2 * (id - 1)];
  }

  /** Number of events recorded. */
  get length(): number {
    return this.n;
  }

  /** The history so far, as HistoryEvent objects: the same array each time, grown with the events recorded since. */
  events(): HistoryEvent[] {
    const { nums, refs } = this;
    const made = (this.made ??= []);
    for (let i = made.length; i < this.n; i++) {
      const kind = refs[2 * i] as EventKind;
      const e: Record<string, unknown> = { timestamp: new Date(this.base + nums[2 * i + 1]), type: kind.type, id: i + 1, previousEventId: nums[2 * i] };
      if (kind.key !== undefined) e[kind.key] = kind.details !== undefined ? kind.details(refs[2 * i + 1], this) : refs[2 * i + 1];
      made.push(e as unknown as HistoryEvent);
    }
    return made;
  }

  /** A value as JSON text (a value made into text just before is not made again). */
  text(v: unknown): string {
    if (v === this.v0 && v !== undefined) return this.t0;
    if (v === this.v1 && v !== undefined) return this.t1;
    const s = JSON.stringify(v);
    this.v1 = this.v0;
    this.t1 = this.t0;
    this.v0 = v;
    this.t0 = s;
    return s;
  }
}

/** Writes an event of that kind in the thread (its details made from `value` when read); returns its id. */
export function record(t: EventThread, kind: EventKind, value?: unknown): number {
  const ex = t.ex;
  const id = ++ex.seq;
  const log = ex.events;
  if (log !== null) log.add(kind, id, t.lastEventId, ex.clock.now(t), value);
  t.lastEventId = id;
  return id;
}

/** Writes an event of the thread; returns its id. */
export function ev(t: EventThread, type: HistoryEventType, key?: string, details?: Details): number {
  const ex = t.ex;
  const id = ++ex.seq;
  const log = ex.events;
  if (log !== null) log.add(plainKind(type, key !== undefined && details ? key : undefined), id, t.lastEventId, ex.clock.now(t), details);
  t.lastEventId = id;
  return id;
}

/** Writes an event that follows event `prev` and leaves the thread's last event unchanged. */
export function side(t: EventThread, prev: number, type: HistoryEventType, key?: string, details?: Details): number {
  const ex = t.ex;
  const id = ++ex.seq;
  const log = ex.events;
  if (log !== null) log.add(plainKind(type, key !== undefined && details ? key : undefined), id, prev, ex.clock.now(t), details);
  return id;
}

/** The entered and exited events of a state (made once, when it is compiled). */
export interface StateEventKinds {
  readonly entered: EventKind;
  readonly exited: EventKind;
  /** Exited with the variables it assigned (value `{output, assigned}`). */
  readonly exitedAssigning: EventKind;
}

export function stateEventKinds(enteredType: HistoryEventType, exitedType: HistoryEventType, name: string): StateEventKinds {
  return {
    entered: { type: enteredType, key: 'stateEnteredEventDetails', details: (input, log) => ({ name, input: log.text(input), inputDetails: DATA_DETAILS }) },
    exited: { type: exitedType, key: 'stateExitedEventDetails', details: (output, log) => ({ name, output: log.text(output), outputDetails: DATA_DETAILS }) },
    exitedAssigning: {
      type: exitedType,
      key: 'stateExitedEventDetails',
      details(v, log) {
        const { output, assigned } = v as { output: Json; assigned: { [name: string]: Json } };
        // As AWS records them: each variable's value as JSON text, and whether it was truncated.
        const a: Record<string, string> = {};
        for (const k in assigned) a[k] = log.text(assigned[k]);
        return { name, output: log.text(output), outputDetails: DATA_DETAILS, assignedVariables: a, assignedVariablesDetails: DATA_DETAILS };
      },
    },
  };
}

/** `<Type>StateEntered`, the first event of a state. */
export function entered(t: EventThread, kinds: StateEventKinds, input: Json): number {
  const id = record(t, kinds.entered, input);
  t.enteredId = id;
  return id;
}

/**
 * `<Type>StateExited`, the last event of a state that did not fail; with the variables it assigned,
 * if any (an empty Assign records none, as on AWS).
 */
export function exited(t: EventThread, kinds: StateEventKinds, output: Json, assigned?: { [name: string]: Json } | null): number {
  return assigned != null && anyKey(assigned) ? record(t, kinds.exitedAssigning, { output, assigned }) : record(t, kinds.exited, output);
}

function anyKey(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * `EvaluationFailed`, written (once) when a JSONata expression of the state fails for good: after
 * the last attempt (a retried failure writes none), before the state's `<Type>StateFailed` event
 * (Parallel, Map) and before its catcher or the ExecutionFailed / MapIterationFailed that follows.
 * Details as AWS records them: {error, cause (the execution's cause, naming the state), location
 * (the field path of the cause, `Output/result`), state}. A state that fails before writing any
 * event after its Entered event: the event follows the one its Entered event followed, 0 for the
 * first state (LocalStack's AWS-validated test_assign_reference_variables BASE_UNDEFINED_* and
 * test_math_random_seeded); the next event follows it. Nothing for the other failures.
 * A Wait's Timestamp failure follows the Entered event itself (`followsEntered`:
 * test_base_scenarios test_wait_timestamp_jsonata); `location` '' writes it without location (a Map's input that
 * is not an array: test_map_state_items_input_types).
 */
export function evaluationFailed(t: EventThread, state: string, f: Failure): void {
  const location = f.location;
  if (location === undefined) return;
  f.location = undefined;
  const log = t.ex.events;
  const details = log !== null && (location === '' ? { error: f.error, cause: f.cause, state } : { error: f.error, cause: f.cause, location, state });
  const prev = log !== null && !f.followsEntered && t.enteredId > 0 && t.lastEventId === t.enteredId ? log.previousOf(t.enteredId) : t.lastEventId;
  t.lastEventId = side(t, prev, 'EvaluationFailed', 'evaluationFailedEventDetails', details);
}

const EXECUTION_STARTED: EventKind = {
  type: 'ExecutionStarted',
  key: 'executionStartedEventDetails',
  details: (input, log) => ({ input: log.text(input), inputDetails: DATA_DETAILS, roleArn: log.roleArn }),
};

const EXECUTION_SUCCEEDED: EventKind = {
  type: 'ExecutionSucceeded',
  key: 'executionSucceededEventDetails',
  details: (output, log) => ({ output: log.text(output), outputDetails: DATA_DETAILS }),
};

/** ExecutionStarted, the first event (previousEventId 0). */
export function executionStarted(log: EventLog, at: number, input: Json, roleArn: string): void {
  const id = ++log.seq;
  const events = log.events;
  if (events === null) return;
  events.roleArn = roleArn;
  events.add(EXECUTION_STARTED, id, 0, at, input);
}

/** The last event of an execution, by its status: ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut or ExecutionAborted. */
export function executionEnded(log: EventLog, status: ExecutionStatus, at: number, prev: number, output?: Json, error?: string, cause?: string): void {
  const id = ++log.seq;
  const events = log.events;
  if (events === null) return;
  if (status === 'SUCCEEDED') return events.add(EXECUTION_SUCCEEDED, id, prev, at, output);
  if (status === 'TIMED_OUT') return events.add(plainKind('ExecutionTimedOut', 'executionTimedOutEventDetails'), id, prev, at, { error, cause });
  const d: { error?: string; cause?: string } = {};
  if (error !== undefined) d.error = error;
  if (cause !== undefined) d.cause = cause;
  // A stopped execution's ExecutionAborted follows no event: previousEventId 0 (AWS-recorded in LocalStack's
  // test_sfn_api snapshot, test_stop_execution, 22-06-2023 and 06-05-2024).
  if (status === 'ABORTED') events.add(plainKind('ExecutionAborted', 'executionAbortedEventDetails'), id, 0, at, d);
  else events.add(plainKind('ExecutionFailed', 'executionFailedEventDetails'), id, prev, at, d);
}
