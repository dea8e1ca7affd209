/**
 * The Context Object (`$$`), as AWS fills it (developer guide, "Accessing execution data from the
 * Context object"; member order as recorded AWS executions print it):
 *
 *   Execution:    Id, Input, StartTime, Name, RoleArn, RedriveCount, RedriveTime (a redrive only;
 *                 StartTime stays the first start: redrive.ts)
 *   StateMachine: Id, Name
 *   State:        Name, EnteredTime, RetryCount (Task, Parallel and Map states)
 *   Task:         Token (a Task whose resource ends with `.waitForTaskToken`)
 *   Map:          Item: {Index, Value} (a Map state's ItemSelector)
 *
 * It is only built for states whose fields mention `$$`.
 */
import type { PathContext } from './jsonpath';
import type { Thread } from './thread';
import type { Json } from './json';

export interface ContextExtras {
  retryCount?: number;
  taskToken?: string;
  mapItem?: { index: number; value: Json };
}

export function contextObject(t: Thread, stateName: string, extras?: ContextExtras): Json {
  const ex = t.ex;
  const state: { [k: string]: Json } = { Name: stateName, EnteredTime: new Date(t.enteredAt).toISOString() };
  const o: { [k: string]: Json } = { Execution: ex.executionContext(), StateMachine: ex.stateMachineContext(), State: state };
  if (extras !== undefined) {
    if (extras.retryCount !== undefined) state.RetryCount = extras.retryCount;
    if (extras.taskToken !== undefined) o.Task = { Token: extras.taskToken };
    if (extras.mapItem !== undefined) o.Map = { Item: { Index: extras.mapItem.index, Value: extras.mapItem.value } };
  }
  return o;
}

/** The data a state's paths and templates read: `$` and, when the state mentions it, `$$`. */
export function pathContext(t: Thread, input: Json, usesContext: boolean, stateName: string, extras?: ContextExtras): PathContext {
  return { input, context: usesContext ? contextObject(t, stateName, extras) : null, variables: t.vars, owner: t };
}
