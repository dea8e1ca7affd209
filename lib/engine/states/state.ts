/**
 * What every compiled state has: its name, type, transition (Next / End), the history event types
 * it writes, whether it needs the Context Object, and `exec`, which runs it on a thread.
 *
 * `exec(t, input)` writes the state's events, computes its output, sets `t.next` (null: the thread
 * ends) and returns the output, or a Promise of it when the state has to wait. It throws a Failure
 * (or a data-layer StatesError) when the state fails. A state whose work ends in a callback may
 * instead return SUSPENDED and move the thread on itself (thread.ts: `resume`, `fail`).
 */
import type { Catcher } from '../catch';
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import type { StateNode, Suspended, Thread } from '../thread';
import { entered, exited, stateEventKinds, type StateEventKinds } from '../history';
import { applyAssign } from '../variables';
import { mentionsContext, type QueryLanguage } from '../io';
import type { Json, JsonObject } from '../json';
import { Failure } from '../errors';
import { DATA_LIMIT_EXCEEDED, dataLimitCause, jsonBytesOver } from '../payload-limit';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** What compiling a state needs from the machine being compiled. */
export interface CompileContext {
  /** Compiles a nested state machine (a Parallel branch, a Map's ItemProcessor). */
  compileScope(def: JsonObject, ql: QueryLanguage, path: string): Scope;
}

/** A compiled state machine or nested one: its states and where it starts. */
export interface Scope {
  readonly start: State;
  readonly states: ReadonlyMap<string, State>;
}

export abstract class State implements StateNode {
  /** The state that follows (resolved by `link`); null when the state ends its machine. */
  next: State | null = null;
  readonly nextName: string | undefined;
  /** Whether any field of the state mentions `$$` (JSONata: `$states.context`). */
  readonly usesContext: boolean;
  readonly enteredType: HistoryEventType;
  readonly exitedType: HistoryEventType;
  /** `<Type>StateAborted` for the states AWS aborts in a failing Parallel or Map; null for the others. */
  readonly abortedType: HistoryEventType | null;
  /** The Catch of Task, Parallel and Map states (linked with the transitions); null for the others. */
  catchers: readonly Catcher[] | null = null;
  /** Its entered and exited events. */
  readonly eventKinds: StateEventKinds;
  /**
   * Whether its output is measured against the payload quota when it leaves (see `leave`): set by
   * a Pass with a Result (data of the definition's own, up to 1 MB). The others are not measured
   * (a Task's result is, as it comes): measuring every state's output would cost each transition a
   * walk of it (a Map of 10,000 iterations took twice as long), so a Map's or Parallel's gathered
   * results over the quota pass (README, known deviations).
   */
  protected measuresOutput = false;

  constructor(
    readonly name: string,
    readonly type: StateType,
    readonly def: JsonObject,
    readonly ql: QueryLanguage,
  ) {
    this.nextName = typeof def.Next === 'string' ? def.Next : undefined;
    this.usesContext = ql === 'JSONata' ? JSON.stringify(ownFields(def)).includes('$states.context') : mentionsContext(ownFields(def));
    this.enteredType = `${type}StateEntered` as HistoryEventType;
    this.exitedType = `${type}StateExited` as HistoryEventType;
    this.abortedType = type === 'Task' || type === 'Wait' || type === 'Parallel' || type === 'Map' ? (`${type}StateAborted` as HistoryEventType) : null;
    this.eventKinds = stateEventKinds(this.enteredType, this.exitedType, name);
  }

  abstract exec(t: Thread, input: Json): Json | Promise<Json> | Suspended;

  /** Resolves the state's transitions to the states of its scope. */
  link(states: ReadonlyMap<string, State>): void {
    if (this.nextName !== undefined) this.next = lookup(states, this.nextName, this.name);
    if (this.catchers !== null) for (const c of this.catchers) c.next = lookup(states, c.nextName, this.name);
  }

  /** Writes the entered event. */
  enter(t: Thread, input: Json): void {
    entered(t, this.eventKinds, input);
    t.pendingAssign = null;
    if (this.usesContext) t.enteredAt = t.ex.clock.now(t);
  }

  /**
   * Writes the exited event and moves the thread to the next state. An output over the payload
   * quota (`measuresOutput`) fails the state instead, States.DataLimitExceeded naming it (recorded
   * on AWS: a Pass whose Result is 257 KiB, `<Type>StateEntered` then ExecutionFailed; LocalStack's
   * error_handling/test_states_errors.snapshot.json, test_start_large_input).
   */
  leave(t: Thread, output: Json): Json {
    if (this.measuresOutput && jsonBytesOver(output, t.ex.maxPayloadBytes)) throw new Failure(DATA_LIMIT_EXCEEDED, dataLimitCause(this.name));
    const assigned = t.pendingAssign;
    if (assigned !== null) {
      t.pendingAssign = null;
      applyAssign(t, assigned);
    }
    exited(t, this.eventKinds, output, assigned);
    t.next = this.next;
    return output;
  }
}

export function lookup(states: ReadonlyMap<string, State>, name: string, from: string): State {
  const s = states.get(name);
  if (s === undefined) throw new Error(`state '${from}' goes to '${name}', which is not a state of its scope`);
  return s;
}

/** The state's own fields, without the nested state machines (which have their own states). */
function ownFields(def: JsonObject): JsonObject {
  if (def.Branches === undefined && def.ItemProcessor === undefined && def.Iterator === undefined) return def;
  const own: JsonObject = {};
  for (const k in def) if (k !== 'Branches' && k !== 'ItemProcessor' && k !== 'Iterator') own[k] = def[k];
  return own;
}
