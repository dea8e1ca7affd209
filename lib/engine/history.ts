/**
 * The execution history: HistoryEvent objects shaped as @aws-sdk/client-sfn's (GetExecutionHistory),
 * with the event types and `*EventDetails` AWS writes for each state type (recorded AWS histories:
 * `input`/`output` are JSON text with `inputDetails`/`outputDetails: {truncated: false}`).
 *
 * Ids are counted even when `history: false` (causes name the id of a state's entered event), but
 * no object is built then: callers pass details as `ex.events && {...}`.
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

/** What writing an event needs of an execution (execution-core.ts): its events, the last id given, its clock. */
export interface EventLog {
  seq: number;
  readonly events: HistoryEvent[] | null;
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

type Details = object | null | false | undefined;

/** Writes an event of the thread; returns its id. */
export function ev(t: EventThread, type: HistoryEventType, key?: string, details?: Details): number {
  const ex = t.ex;
  const id = ++ex.seq;
  const events = ex.events;
  if (events !== null) {
    const e: Record<string, unknown> = { timestamp: new Date(ex.clock.now(t)), type, id, previousEventId: t.lastEventId };
    if (key !== undefined && details) e[key] = details;
    events.push(e as unknown as HistoryEvent);
  }
  t.lastEventId = id;
  return id;
}

/** Writes an event that follows event `prev` and leaves the thread's last event unchanged. */
export function side(t: EventThread, prev: number, type: HistoryEventType, key?: string, details?: Details): number {
  const ex = t.ex;
  const id = ++ex.seq;
  const events = ex.events;
  if (events !== null) {
    const e: Record<string, unknown> = { timestamp: new Date(ex.clock.now(t)), type, id, previousEventId: prev };
    if (key !== undefined && details) e[key] = details;
    events.push(e as unknown as HistoryEvent);
  }
  return id;
}

/** `<Type>StateEntered`, the first event of a state. */
export function entered(t: EventThread, type: HistoryEventType, name: string, input: Json): number {
  const ex = t.ex;
  const id = ev(t, type, 'stateEnteredEventDetails', ex.events !== null && { name, input: json(input), inputDetails: DATA_DETAILS });
  t.enteredId = id;
  return id;
}

/** `<Type>StateExited`, the last event of a state that did not fail. */
export function exited(t: EventThread, type: HistoryEventType, name: string, output: Json, assigned?: { [name: string]: Json } | null): number {
  if (t.ex.events === null) return ev(t, type);
  const d: Record<string, unknown> = { name, output: json(output), outputDetails: DATA_DETAILS };
  if (assigned != null) {
    // As AWS records them: each variable's value as JSON text, and whether it was truncated.
    const a: Record<string, string> = {};
    for (const k in assigned) a[k] = json(assigned[k]);
    d.assignedVariables = a;
    d.assignedVariablesDetails = DATA_DETAILS;
  }
  return ev(t, type, 'stateExitedEventDetails', d);
}

/**
 * `EvaluationFailed`, written (once) when a JSONata expression of the state fails for good: after
 * the last attempt (a retried failure writes none), before the state's `<Type>StateFailed` event
 * (Parallel, Map) and before its catcher or the ExecutionFailed / MapIterationFailed that follows.
 * Details: {error, cause, location (the field), state}. Nothing for the other failures.
 */
export function evaluationFailed(t: EventThread, state: string, f: Failure): void {
  const location = f.location;
  if (location === undefined) return;
  f.location = undefined;
  ev(t, 'EvaluationFailed', 'evaluationFailedEventDetails', t.ex.events !== null && { error: f.error, cause: f.detail ?? f.cause, location, state });
}

/** ExecutionStarted, the first event (previousEventId 0). */
export function executionStarted(log: EventLog, at: number, input: Json, roleArn: string): void {
  const id = ++log.seq;
  if (log.events === null) return;
  log.events.push({
    timestamp: new Date(at),
    type: 'ExecutionStarted',
    id,
    previousEventId: 0,
    executionStartedEventDetails: { input: json(input), inputDetails: DATA_DETAILS, roleArn },
  });
}

/** The last event of an execution, by its status: ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut or ExecutionAborted. */
export function executionEnded(log: EventLog, status: ExecutionStatus, at: number, prev: number, output?: Json, error?: string, cause?: string): void {
  const id = ++log.seq;
  if (log.events === null) return;
  const e: HistoryEvent = { timestamp: new Date(at), type: undefined, id, previousEventId: prev };
  if (status === 'SUCCEEDED') {
    e.type = 'ExecutionSucceeded';
    e.executionSucceededEventDetails = { output: json(output as Json), outputDetails: DATA_DETAILS };
  } else if (status === 'TIMED_OUT') {
    e.type = 'ExecutionTimedOut';
    e.executionTimedOutEventDetails = { error, cause };
  } else {
    const d: { error?: string; cause?: string } = {};
    if (error !== undefined) d.error = error;
    if (cause !== undefined) d.cause = cause;
    if (status === 'ABORTED') {
      e.type = 'ExecutionAborted';
      e.executionAbortedEventDetails = d;
    } else {
      e.type = 'ExecutionFailed';
      e.executionFailedEventDetails = d;
    }
  }
  log.events.push(e);
}
