/**
 * Redrive (API reference, RedriveExecution; developer guide, "Redriving state machine executions"):
 * an execution that did not succeed continues from where it stopped, in a new attempt.
 *
 * Where it stopped (`pointOf`, made when the execution ends unsuccessfully, given as the result's
 * `redrivePoint`): the state the main thread was in, with its input and the variables the thread
 * had set. A Parallel or inline Map state adds its last attempt's children by index (fanout.ts):
 * the output of each child that succeeded, where each failed or stopped child was (the same
 * recursively), null for each child never started; a Distributed Map adds its Map Run.
 *
 * The redrive (`RunOptions.redrive`, `beginRedrive`): ExecutionRedriven {redriveCount} instead of
 * ExecutionStarted, then the state where it stopped, entered again with the same input and
 * variables. A Parallel or Map state there takes its point (`takeRedrive`) in its first attempt:
 * the children that succeeded are not run again and keep their outputs (no events), the others
 * continue from their own point (`resumeThread`), and the state's result is assembled in order as
 * if all had run. A Distributed Map redrives its Map Run (distributed-map.ts).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { EventKind, EventLog } from './history';
import type { Json } from './json';
import { MapRunRecord } from './distributed/map-run-record';
import { InvalidRunOptionsError } from './run-options';
import { runFrom, type StateNode, type StateScope, type Thread } from './thread';
import type { RedriveChild, RedriveOptions, RedrivePoint } from './types';

const EXECUTION_REDRIVEN: EventKind = { type: 'ExecutionRedriven', key: 'executionRedrivenEventDetails' };

/** Where the thread is, as a redrive continues it (undefined before its first state). */
export function pointOf(t: Thread): RedrivePoint | undefined {
  const s = t.current;
  if (s === null) return undefined;
  const p: RedrivePoint = { state: s.name, input: t.input };
  const names = Object.keys(t.vars);
  if (names.length > 0) {
    const variables: { [name: string]: Json } = {};
    for (const k of names) variables[k] = t.vars[k];
    p.variables = variables;
  }
  const a = t.attempt;
  if (a !== null && a.enteredId === t.enteredId) {
    if (a.children !== undefined) p.children = a.children();
    else if (a.mapRun !== undefined) p.mapRun = a.mapRun as MapRunRecord;
  }
  return p;
}

/** The children of a redriven Parallel or Map state, taken by its first attempt (undefined: run all). */
export function takeRedrive(t: Thread, state: string): RedrivePoint | undefined {
  const p = t.redrive;
  if (p === null || p.state !== state) return undefined;
  t.redrive = null;
  return p;
}

/**
 * What a Parallel or inline Map state's fan-out continues in a redrive (fanout.ts FanOutSpec
 * `redrive`, `resume`): the children of the point the thread started at, when it is this state's
 * and has `count` children (a Map whose items changed runs them all); nothing otherwise.
 */
export function redriveFanOut(
  t: Thread,
  state: string,
  count: number,
  scopeOf: (i: number) => StateScope,
): { redrive?: readonly RedriveChild[]; resume?(i: number, c: Thread, point: RedrivePoint): Json | Promise<Json> } {
  const p = t.redrive === null ? undefined : takeRedrive(t, state);
  if (p?.children === undefined || p.children.length !== count) return {};
  return { redrive: p.children, resume: (i, c, point) => resumeThread(c, scopeOf(i), point) };
}

/** Runs child thread `c` from where it stopped (a state of `scope`, with its input and variables). */
export function resumeThread(c: Thread, scope: StateScope, point: RedrivePoint): Json | Promise<Json> {
  return runFrom(c, scope.states.get(point.state) as StateNode, resumeInput(c, point));
}

/**
 * A redrive's start on the main thread: ExecutionRedriven (the thread's first event follows it),
 * the variables set before the state where it stopped; returns that state and its input.
 */
export function beginRedrive(log: EventLog, t: Thread, scope: StateScope, at: number, r: RedriveOptions): { state: StateNode; input: Json } {
  const id = ++log.seq;
  log.events?.add(EXECUTION_REDRIVEN, id, 0, at, { redriveCount: r.count });
  t.lastEventId = id;
  return { state: scope.states.get(r.from.state) as StateNode, input: resumeInput(t, r.from) };
}

/** The thread takes the variables it had set and the state's redrive point; the state's input. */
function resumeInput(t: Thread, point: RedrivePoint): Json {
  if (point.variables !== undefined) Object.assign(t.vars, point.variables);
  if (point.children !== undefined || point.mapRun !== undefined) t.redrive = point;
  return point.input;
}

/**
 * Throws InvalidRunOptionsError when `redrive.from` is not a point of this state machine: a state
 * that is not in its scope, children given to a state that runs none (or a Parallel's of another
 * count), a Map Run not made by this engine or given to a state that is not a Distributed Map.
 */
export function checkRedrive(scope: StateScope | undefined, r: RedriveOptions): void {
  if (scope === undefined) throw bad('redrive', 'a redrive needs a compiled state machine (compileStateMachine)');
  checkPoint(r.from, scope, 'redrive.from');
}

function bad(where: string, message: string): InvalidRunOptionsError {
  return new InvalidRunOptionsError('redrive', `The run option "redrive" is not a point of this state machine: ${where}: ${message}.`);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkPoint(p: unknown, scope: StateScope, where: string): void {
  if (!isObject(p) || typeof p.state !== 'string') throw bad(where, 'must be {state, input, variables?, children?, mapRun?}');
  const s = scope.states.get(p.state);
  if (s === undefined) throw bad(`${where}.state`, `"${p.state}" is not a state of that scope`);
  if (p.input === undefined) throw bad(`${where}.input`, 'missing (the input of the state)');
  if (p.variables !== undefined && !isObject(p.variables)) throw bad(`${where}.variables`, 'must be an object of variables by name');
  const nested = s.nested;
  if (p.mapRun !== undefined) {
    if (nested?.kind !== 'mapRun') throw bad(`${where}.mapRun`, `"${p.state}" is not a Distributed Map state`);
    if (!(p.mapRun instanceof MapRunRecord)) throw bad(`${where}.mapRun`, "must be a Map Run of this engine (an earlier result's redrivePoint)");
  }
  if (p.children === undefined) return;
  const children = p.children;
  if (!Array.isArray(children) || nested === undefined || nested.kind === 'mapRun') throw bad(`${where}.children`, `"${p.state}" is not a Parallel or inline Map state`);
  if (nested.kind === 'branches' && children.length !== nested.scopes.length) throw bad(`${where}.children`, `"${p.state}" has ${nested.scopes.length} branches, not ${children.length}`);
  children.forEach((c: unknown, i) => {
    if (c === null || (isObject(c) && 'output' in c && !('state' in c))) return;
    checkPoint(c, nested.kind === 'branches' ? nested.scopes[i] : nested.scope, `${where}.children[${i}]`);
  });
}

/** Whether a redriven child is kept: its earlier output, not run again. */
export function keptOutput(c: RedriveChild | undefined): c is { output: Json } {
  return c !== null && c !== undefined && !('state' in c);
}

/**
 * The history of a redriven execution: the earlier attempts' events, then the redrive's (from its
 * ExecutionRedriven), whose ids and previous ids are shifted past the earlier ones.
 */
export function appendRedriven(before: readonly HistoryEvent[], after: readonly HistoryEvent[]): HistoryEvent[] {
  const offset = before.length;
  const out = before.slice();
  for (const ev of after) out.push({ ...ev, id: (ev.id as number) + offset, previousEventId: (ev.previousEventId as number) + offset });
  return out;
}
