/**
 * RedriveExecution (API reference, "RedriveExecution"; developer guide, "Redriving state machine
 * executions" and "Redriving Map Runs"): a FAILED, TIMED_OUT or ABORTED execution of a STANDARD
 * state machine continues from the state where it stopped, with the input that state had, the
 * execution ARN, input, start date and revision unchanged; the steps that succeeded keep their
 * results and history and are not run again. The history goes on with an `ExecutionRedriven`
 * event {redriveCount}, then the redriven states' events; DescribeExecution shows RUNNING again,
 * `redriveCount` and `redriveDate`.
 *
 * How: the engine's own mechanism (lib/engine/redrive.ts, `RunOptions.redrive`): the execution's
 * last result carries where it stopped (`redrivePoint`), and the revision runs again from there
 * with the redrive count and the first start date. A Parallel or inline Map state there runs only
 * the branches or iterations that failed or were stopped (recursively), keeping the others'
 * outputs; a Distributed Map redrives the same Map Run (MapRunRedriven; DescribeMapRun's
 * `redriveCount` and `redriveDate`), running only its unsuccessful child executions.
 * `$$.Execution.RedriveCount` and `RedriveTime` are the redrive's.
 *
 * Not as AWS: the execution's time and transition limits count again from the redrive.
 */
import { Execution, appendRedriven } from '../engine';
import type { ExecutionResult, Json, RedrivePoint } from '../engine/types';
import { StepFunctionsApiError } from '../services/stepfunctions/integration';
import type { ExecutionRecord } from './records';
import type { Registry } from './registry';

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
  if (e.result?.redrivePoint === undefined) return 'Execution did not stop in a state and cannot be redriven';
  return undefined;
}

/** RedriveExecution: its redrive date (the previous one for a repeated client token). */
export function redriveExecution(registry: Registry, e: ExecutionRecord, clientToken?: string): Date {
  if (clientToken !== undefined && e.redrive?.clientToken === clientToken) return e.redrive.date;
  const reason = notRedrivable(e);
  if (reason !== undefined) throw new StepFunctionsApiError('ExecutionNotRedrivable', `Execution Not Redrivable: '${e.arn}': ${reason}`);
  const from = (e.result as ExecutionResult).redrivePoint as RedrivePoint;
  const before = e.events.slice();
  const count = (e.redrive?.count ?? 0) + 1;
  const controller = new AbortController();
  const options = registry.optionsFor({ machine: e.stateMachine, revision: e.revision, version: e.version, alias: e.alias, testCase: e.testCase }, e.name, controller.signal);
  const execution = new Execution(e.revision.compiled, JSON.parse(e.input) as Json, { ...options, redrive: { from, count, startDate: e.startDate } });
  const done: Promise<ExecutionResult> = execution.run();
  const date = new Date(execution.startMs);
  // The history so far, read as GetExecutionHistory asks (the engine makes its events as they are read).
  Object.defineProperty(e, 'events', { get: () => appendRedriven(before, execution.history()), configurable: true });
  // A redriven Distributed Map continues its Map Run (the same one): it is listed once.
  const runsBefore = e.mapRuns.slice();
  Object.defineProperty(e, 'mapRuns', { get: () => [...runsBefore, ...execution.mapRuns.filter((r) => !runsBefore.includes(r))], configurable: true });
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
