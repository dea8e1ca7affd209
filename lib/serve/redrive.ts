/**
 * RedriveExecution (API reference, "RedriveExecution"; developer guide, "Redriving state machine
 * executions"): a FAILED, TIMED_OUT or ABORTED execution of a STANDARD state machine continues
 * from the state where it stopped, with the input that state had, the execution ARN and revision
 * unchanged; the steps that succeeded keep their results and history and are not run again. The
 * history goes on with an `ExecutionRedriven` event {redriveCount}, then the redriven states'
 * events; DescribeExecution shows RUNNING again, `redriveCount` and `redriveDate`.
 *
 * How: the top-level state that did not exit is found in the history, with its input (its entered
 * event) and the workflow variables set before it (the `assignedVariables` of the top-level exited
 * events). The revision's definition runs again, started at a JSONata Choice whose only rule sends
 * that input (and assigns those variables) to that state; its events are renumbered after the
 * ExecutionRedriven event and the start's own are left out.
 *
 * Not as AWS: a failed Parallel or Map state runs again whole (AWS redrives only its failed
 * branches or iterations; a Distributed Map starts a new Map Run, where AWS redrives the same one); `$$.Execution.RedriveCount` stays 0 and `$$.Execution.StartTime` is the
 * redrive's; the execution's time and transition limits count again from the redrive.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { compileStateMachine, Execution, fastUuid } from '../engine';
import type { ExecutionResult, Json } from '../engine/types';
import { StepFunctionsApiError } from '../services/stepfunctions/integration';
import type { ExecutionRecord } from './records';
import type { Registry } from './registry';

type JsonObject = { [k: string]: Json };

/** Where an ended execution stopped: the top-level state that did not exit, its input, and the variables set before it. */
interface StopPoint {
  state: string;
  input: string;
  variables: Record<string, string>;
}

function stopPoint(e: ExecutionRecord): StopPoint | undefined {
  const states = (e.revision.compiled.definition.States ?? {}) as JsonObject;
  let current: StopPoint | undefined;
  const variables: Record<string, string> = {};
  for (const ev of e.events) {
    const entered = ev.stateEnteredEventDetails;
    if (entered?.name !== undefined && Object.prototype.hasOwnProperty.call(states, entered.name)) {
      current = { state: entered.name, input: entered.input ?? '{}', variables: { ...variables } };
      continue;
    }
    const exited = ev.stateExitedEventDetails;
    if (exited?.name !== undefined && Object.prototype.hasOwnProperty.call(states, exited.name)) {
      Object.assign(variables, exited.assignedVariables ?? {});
      if (current?.state === exited.name) current = undefined;
    }
  }
  return current;
}

/** DescribeExecution's redrive members: REDRIVABLE for an ended, unsuccessful STANDARD execution that stopped in a state. */
export function redriveOf(e: ExecutionRecord): { redriveCount: number; redriveStatus: string; redriveStatusReason?: string; redriveDate?: Date } {
  const base = { redriveCount: e.redrive?.count ?? 0, ...(e.redrive ? { redriveDate: e.redrive.date } : {}) };
  const reason = notRedrivable(e);
  return reason === undefined ? { ...base, redriveStatus: 'REDRIVABLE' } : { ...base, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: reason };
}

function notRedrivable(e: ExecutionRecord): string | undefined {
  const status = e.result === null ? 'RUNNING' : e.result.status;
  if (status === 'RUNNING' || status === 'SUCCEEDED') return `Execution is ${status} and cannot be redriven`;
  if (e.stateMachine.type !== 'STANDARD') return 'Execution of an EXPRESS state machine cannot be redriven';
  if (e.events.length >= 24_999) return 'Execution history event limit exceeded';
  if (stopPoint(e) === undefined) return 'Execution did not stop in a state and cannot be redriven';
  return undefined;
}

/** The revision's definition, started at a Choice that sends the stop point's input (and variables) to its state. */
function redriveDefinition(definition: JsonObject, at: StopPoint, start: string): JsonObject {
  const literal = (text: string) => `{% $parse(${JSON.stringify(text)}) %}`;
  const assign: JsonObject = {};
  for (const [k, v] of Object.entries(at.variables)) assign[k] = literal(v);
  const rule: JsonObject = { Condition: '{% true %}', Output: literal(at.input), Next: at.state };
  if (Object.keys(assign).length) rule.Assign = assign;
  const choice: JsonObject = { Type: 'Choice', QueryLanguage: 'JSONata', Choices: [rule], Default: definition.StartAt as string };
  return { ...definition, StartAt: start, States: { ...(definition.States as JsonObject), [start]: choice } };
}

/**
 * The history of a redriven execution as GetExecutionHistory shows it: what it had, the
 * ExecutionRedriven event, then the redrive's events after its start (ExecutionStarted and the
 * start Choice's two events), renumbered.
 */
function joined(before: HistoryEvent[], redriven: HistoryEvent, after: HistoryEvent[]): HistoryEvent[] {
  const skip = 3;
  const offset = (redriven.id as number) - skip;
  const renumbered = after.slice(skip).map((ev) => ({ ...ev, id: (ev.id as number) + offset, previousEventId: (ev.previousEventId as number) <= skip ? redriven.id : (ev.previousEventId as number) + offset }));
  return [...before, redriven, ...renumbered];
}

/** RedriveExecution: its redrive date (the previous one for a repeated client token). */
export function redriveExecution(registry: Registry, e: ExecutionRecord, clientToken?: string): Date {
  if (clientToken !== undefined && e.redrive?.clientToken === clientToken) return e.redrive.date;
  const reason = notRedrivable(e);
  if (reason !== undefined) throw new StepFunctionsApiError('ExecutionNotRedrivable', `Execution Not Redrivable: '${e.arn}': ${reason}`);
  const at = stopPoint(e) as StopPoint;
  const before = e.events.slice();
  const count = (e.redrive?.count ?? 0) + 1;
  const date = new Date();
  const redriven = { id: before.length + 1, previousEventId: before.length, timestamp: date, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: count } } as HistoryEvent;
  const start = `Redrive-${fastUuid()}`;
  const compiled = compileStateMachine(redriveDefinition(e.revision.compiled.definition as JsonObject, at, start));
  const controller = new AbortController();
  const options = registry.optionsFor({ machine: e.stateMachine, revision: e.revision, version: e.version, alias: e.alias, testCase: e.testCase }, e.name, controller.signal);
  const execution = new Execution(compiled, JSON.parse(e.input) as Json, options);
  const done: Promise<ExecutionResult> = execution.run();
  // The history so far, read as GetExecutionHistory asks (the engine makes its events as they are read).
  Object.defineProperty(e, 'events', { get: () => joined(before, redriven, execution.history()), configurable: true });
  // The redriven Map state starts a Map Run of its own, listed after the first run's.
  const runsBefore = e.mapRuns.slice();
  Object.defineProperty(e, 'mapRuns', { get: () => [...runsBefore, ...execution.mapRuns], configurable: true });
  e.result = null;
  e.done = done;
  e.stop = (error, cause) => controller.abort({ error, cause });
  e.redrive = { count, date, clientToken };
  void done.then((r) => {
    e.result = { ...r, events: e.events };
    registry.ended(e.arn);
  });
  return date;
}
