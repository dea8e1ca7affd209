/**
 * Execution operations: StartExecution, StartSyncExecution, DescribeExecution, ListExecutions,
 * GetExecutionHistory, StopExecution (members as the Step Functions API reference names them;
 * histories newest last unless `reverseOrder`, lists newest first as AWS returns them).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { ExecutionResult } from '../../engine/types';
import { optionalBoolean, optionalString, page, requiredString, validation } from '../protocol';
import { statusOf, type ExecutionRecord } from '../registry';
import type { Operation } from './types';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const DATA_DETAILS = { included: true };

/** The ended execution's members shared by DescribeExecution and StartSyncExecution. */
function ending(r: ExecutionResult | null): Record<string, unknown> {
  if (r === null) return {};
  const d: Record<string, unknown> = { stopDate: r.stopDate };
  if (r.status === 'SUCCEEDED') {
    d.output = JSON.stringify(r.output === undefined ? null : r.output);
    d.outputDetails = DATA_DETAILS;
  }
  if (r.error !== undefined) d.error = r.error;
  if (r.cause !== undefined) d.cause = r.cause;
  return d;
}

function describe(e: ExecutionRecord) {
  return {
    executionArn: e.arn,
    stateMachineArn: e.stateMachine.arn,
    name: e.name,
    status: statusOf(e),
    startDate: e.startDate,
    input: e.input,
    inputDetails: DATA_DETAILS,
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
    ...ending(e.result),
  };
}

/** A history event without its input / output data (`includeExecutionData: false`). */
function withoutData(e: HistoryEvent): HistoryEvent {
  const copy: Record<string, unknown> = { ...e };
  for (const [k, v] of Object.entries(e)) {
    if (!k.endsWith('EventDetails') || v === null || typeof v !== 'object') continue;
    const d: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const f of ['input', 'output', 'parameters', 'error', 'cause']) delete d[f];
    copy[k] = d;
  }
  return copy as unknown as HistoryEvent;
}

export const executionOperations: Record<string, Operation> = {
  StartExecution(registry, body) {
    const e = registry.startExecution(requiredString(body, 'stateMachineArn'), optionalString(body, 'input'), optionalString(body, 'name'));
    return { executionArn: e.arn, startDate: e.startDate };
  },

  async StartSyncExecution(registry, body) {
    const { record, result } = await registry.startSyncExecution(requiredString(body, 'stateMachineArn'), optionalString(body, 'input'), optionalString(body, 'name'));
    return {
      executionArn: record.arn,
      stateMachineArn: record.stateMachine.arn,
      name: record.name,
      startDate: record.startDate,
      status: result.status === 'ABORTED' ? 'FAILED' : result.status,
      input: record.input,
      inputDetails: DATA_DETAILS,
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil((result.stopDate.getTime() - record.startDate.getTime()) / 100) * 100) },
      ...ending(result),
    };
  },

  DescribeExecution(registry, body) {
    return describe(registry.execution(requiredString(body, 'executionArn')));
  },

  ListExecutions(registry, body) {
    const machineArn = requiredString(body, 'stateMachineArn');
    const machine = registry.stateMachine(machineArn);
    const filter = optionalString(body, 'statusFilter');
    if (filter !== undefined && !STATUSES.includes(filter)) throw validation(`Value '${filter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`);
    const all = [...registry.executions.values()].filter((e) => e.stateMachine === machine && (filter === undefined || statusOf(e) === filter)).reverse();
    const { items, nextToken } = page(all, body);
    return {
      executions: items.map((e) => ({ executionArn: e.arn, stateMachineArn: machine.arn, name: e.name, status: statusOf(e), startDate: e.startDate, ...(e.result ? { stopDate: e.result.stopDate } : {}) })),
      nextToken,
    };
  },

  GetExecutionHistory(registry, body) {
    const e = registry.execution(requiredString(body, 'executionArn'));
    let events = e.events.slice();
    if (optionalBoolean(body, 'reverseOrder')) events.reverse();
    if (optionalBoolean(body, 'includeExecutionData') === false) events = events.map(withoutData);
    const { items, nextToken } = page(events, body, 100, 1000);
    return { events: items, nextToken };
  },

  async StopExecution(registry, body) {
    const e = registry.execution(requiredString(body, 'executionArn'));
    const error = optionalString(body, 'error');
    const cause = optionalString(body, 'cause');
    if (error !== undefined && error.length > 256) throw validation(`Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256`);
    if (e.result === null) e.stop(error, cause);
    // A stopped execution ends at once (ABORTED); its result is ready on the next tick.
    const result = await e.done;
    return { stopDate: result.stopDate };
  },
};
