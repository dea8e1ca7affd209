/**
 * What an execution did, on the diagram, as the Step Functions console shows it: the states it
 * entered (succeeded, failed, caught an error, aborted) and the transitions it took, read from
 * its history (HistoryEvent of @aws-sdk/client-sfn, as the local engine and AWS write it).
 *
 * Each `<Type>StateEntered` event follows (through `previousEventId`, the event thread) the
 * event that led to it: the `<Type>StateExited` of the state it came from, or the entered event
 * of the Parallel or Map whose branch it starts, or nothing for the first state. A state that
 * caught an error exits right after its failure event (`TaskFailed`, `LambdaFunctionFailed`,
 * `ParallelStateFailed`, ...), so the transition it took is its Catch.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { ExecutionResult } from '../engine/types';
import type { GraphEdge, StateGraph } from './model';

export type StateStatus = 'succeeded' | 'failed' | 'caught' | 'aborted';
export type EdgeStatus = 'taken' | 'caught' | 'failed';

export interface ExecutionOverlay {
  status: ExecutionResult['status'];
  /** By state node id; states not entered are absent. */
  states: Map<string, StateStatus>;
  /** By edge id; edges not taken are absent. */
  edges: Map<string, EdgeStatus>;
}

const enteredName = (e: HistoryEvent) => (e.type?.endsWith('StateEntered') ? e.stateEnteredEventDetails?.name : undefined);
const exitedName = (e: HistoryEvent) => (e.type?.endsWith('StateExited') ? e.stateExitedEventDetails?.name : undefined);
const isFailure = (e: HistoryEvent | undefined) => Boolean(e?.type && /(Failed|TimedOut)$/.test(e.type) && !e.type.startsWith('Execution'));

export function executionOverlay(graph: StateGraph, result: Pick<ExecutionResult, 'status' | 'events'>): ExecutionOverlay {
  const overlay: ExecutionOverlay = { status: result.status, states: new Map(), edges: new Map() };
  const byId = new Map<number, HistoryEvent>();
  for (const e of result.events) if (e.id !== undefined) byId.set(e.id, e);
  /** The nearest state event (entered or exited) before `e` on its thread. */
  const previousStateEvent = (e: HistoryEvent): HistoryEvent | undefined => {
    for (let p = byId.get(e.previousEventId ?? 0); p; p = byId.get(p.previousEventId ?? 0)) if (enteredName(p) || exitedName(p)) return p;
    return undefined;
  };
  const edgesBetween = (from: string, to: string, pick: (e: GraphEdge) => boolean) => graph.edges.filter((e) => e.from === from && e.to === to && pick(e));

  const entered = new Map<string, number>();
  const exited = new Map<string, number>();
  const caught = new Set<string>();
  const aborted = new Set<string>();
  for (const e of result.events) {
    const inName = enteredName(e);
    const outName = exitedName(e);
    if (outName) {
      exited.set(outName, (exited.get(outName) ?? 0) + 1);
      if (isFailure(byId.get(e.previousEventId ?? 0))) caught.add(outName);
    }
    // A branch's state that failed is written as aborted right after its failure: it failed.
    if (e.type?.endsWith('StateAborted') && !isFailure(byId.get(e.previousEventId ?? 0))) {
      const owner = previousStateEvent(e);
      const name = owner && (enteredName(owner) ?? exitedName(owner));
      if (name) aborted.add(name);
    }
    if (!inName) continue;
    entered.set(inName, (entered.get(inName) ?? 0) + 1);
    const to = graph.byName.get(inName);
    if (!to) continue;
    const before = previousStateEvent(e);
    if (!before) {
      for (const edge of edgesBetween(graph.start, to.id, () => true)) overlay.edges.set(edge.id, 'taken');
      continue;
    }
    const fromName = exitedName(before);
    const from = fromName ? graph.byName.get(fromName) : undefined;
    if (!from) continue; // the first state of a branch or an iteration
    const wasCaught = isFailure(byId.get(before.previousEventId ?? 0));
    for (const edge of edgesBetween(from.id, to.id, (x) => (x.kind === 'catch') === wasCaught)) overlay.edges.set(edge.id, wasCaught ? 'caught' : 'taken');
  }

  for (const [name, count] of entered) {
    const state = graph.byName.get(name);
    if (!state) continue;
    const unfinished = count > (exited.get(name) ?? 0);
    let status: StateStatus = 'succeeded';
    if (state.type === 'Fail') status = 'failed';
    else if (unfinished) status = aborted.has(name) || result.status === 'ABORTED' ? 'aborted' : 'failed';
    else if (caught.has(name)) status = 'caught';
    overlay.states.set(state.id, status);
  }

  // The way out: the state the execution's last event follows, when its edge to the end marker exists.
  const last = result.events[result.events.length - 1];
  const final = last && previousStateEvent(last);
  const finalName = final && (exitedName(final) ?? enteredName(final));
  const finalState = finalName ? graph.byName.get(finalName) : undefined;
  const through = finalState && ((result.status === 'SUCCEEDED' && exitedName(final as HistoryEvent)) || (result.status === 'FAILED' && finalState.type === 'Fail'));
  if (finalState && through)
    for (const edge of edgesBetween(finalState.id, graph.end, () => true)) overlay.edges.set(edge.id, result.status === 'SUCCEEDED' ? 'taken' : 'failed');
  return overlay;
}
