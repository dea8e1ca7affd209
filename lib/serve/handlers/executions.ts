/**
 * Execution operations: StartExecution, StartSyncExecution, DescribeExecution, ListExecutions,
 * GetExecutionHistory, StopExecution, DescribeStateMachineForExecution (members as the Step
 * Functions API reference names them; histories newest last unless `reverseOrder`, lists newest
 * first as AWS returns them). An execution started with a version or alias ARN records them
 * (`stateMachineVersionArn`, `stateMachineAliasArn` in DescribeExecution and ListExecutions, as
 * AWS-recorded in LocalStack's test_sfn_api_aliasing snapshot); ListExecutions of a version or
 * alias ARN lists the executions started with it.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { ExecutionResult } from '../../engine/types';
import { ApiError, LIST_EXECUTIONS_TOKEN_MAX, optionalBoolean, optionalString, page, requiredString, validation } from '../protocol';
import { statusOf, type ExecutionRecord } from '../records';
import { typeNotSupported } from '../registry';
import { redriveExecution, redriveOf } from '../redrive';
import { referencesOf } from './state-machines';
import type { Operation } from './types';

/** ExecutionStatus in the order AWS lists it in its ValidationException (LocalStack's AWS-validated test_sfn_api snapshot, test_state_machine_status_filter). */
const STATUSES = ['SUCCEEDED', 'TIMED_OUT', 'PENDING_REDRIVE', 'ABORTED', 'FAILED', 'RUNNING'];
const DATA_DETAILS = { included: true };

/** The ended execution's members shared by DescribeExecution and StartSyncExecution. */
function ending(r: ExecutionResult | null): Record<string, unknown> {
  if (r === null) return {};
  const d: Record<string, unknown> = { stopDate: r.stopDate };
  if (r.status === 'SUCCEEDED') {
    d.output = JSON.stringify(r.output === undefined ? null : r.output);
    d.outputDetails = DATA_DETAILS;
  }
  // A timed-out execution has neither (the API reference: "if the state machine execution failed";
  // recorded on AWS: LocalStack's timeouts/test_timeouts.snapshot.json, test_global_timeout).
  if (r.status === 'TIMED_OUT') return d;
  if (r.error !== undefined) d.error = r.error;
  if (r.cause !== undefined) d.cause = r.cause;
  return d;
}

/** The version and alias an execution was started with. */
function qualifiers(e: ExecutionRecord): Record<string, string> {
  const q: Record<string, string> = {};
  if (e.version !== undefined) q.stateMachineVersionArn = e.version.arn;
  if (e.alias !== undefined) q.stateMachineAliasArn = e.alias.arn;
  return q;
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
    ...qualifiers(e),
    ...redriveOf(e),
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

  /** The state machine as the execution ran it (API reference; AWS-recorded shape in LocalStack's test_sfn_api_versioning snapshot). */
  DescribeStateMachineForExecution(registry, body) {
    const e = registry.execution(requiredString(body, 'executionArn'));
    const r = e.revision;
    return {
      stateMachineArn: e.stateMachine.arn,
      name: e.stateMachine.name,
      definition: r.definition,
      roleArn: r.roleArn,
      updateDate: r.updateDate,
      loggingConfiguration: r.loggingConfiguration,
      tracingConfiguration: r.tracingConfiguration,
      ...(r.revisionId !== null ? { revisionId: r.revisionId } : {}),
      ...referencesOf(r),
    };
  },

  ListExecutions(registry, body) {
    const arn = optionalString(body, 'stateMachineArn');
    if (arn === undefined) throw validation('Must provide a StateMachine ARN or MapRun ARN');
    const { machine, version, alias } = registry.lookup(arn);
    if (machine.type === 'EXPRESS') throw typeNotSupported();
    const filter = optionalString(body, 'statusFilter');
    if (filter !== undefined && !STATUSES.includes(filter)) throw validation(`Value '${filter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`);
    if (filter === 'PENDING_REDRIVE') throw new ApiError('ValidationException', 'The PENDING_REDRIVE status filter is only valid with a mapRunArn');
    const all = [...registry.executions.values()]
      .filter((e) => e.stateMachine === machine && (version === undefined || e.version === version) && (alias === undefined || e.alias === alias) && (filter === undefined || statusOf(e) === filter))
      .reverse();
    const { items, nextToken } = page(all, body, 100, LIST_EXECUTIONS_TOKEN_MAX);
    return {
      executions: items.map((e) => ({
        executionArn: e.arn,
        stateMachineArn: machine.arn,
        name: e.name,
        status: statusOf(e),
        startDate: e.startDate,
        ...(e.result ? { stopDate: e.result.stopDate } : {}),
        ...qualifiers(e),
        redriveCount: redriveOf(e).redriveCount,
      })),
      nextToken,
    };
  },

  GetExecutionHistory(registry, body) {
    const e = registry.execution(requiredString(body, 'executionArn'));
    let events = e.events.slice();
    if (optionalBoolean(body, 'reverseOrder')) events.reverse();
    if (optionalBoolean(body, 'includeExecutionData') === false) events = events.map(withoutData);
    const { items, nextToken } = page(events, body);
    return { events: items, nextToken };
  },

  /** RedriveExecution (redrive.ts): `{redriveDate}`; ExecutionNotRedrivable when it cannot be. */
  RedriveExecution(registry, body) {
    const e = registry.execution(requiredString(body, 'executionArn'));
    return { redriveDate: redriveExecution(registry, e, optionalString(body, 'clientToken')) };
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
