/**
 * Map Run operations (API reference: DescribeMapRun, ListMapRuns, UpdateMapRun), on the Map Runs
 * the engine reports for each execution (`Execution.mapRuns`):
 *
 * - DescribeMapRun `{mapRunArn}` -> `{mapRunArn, executionArn, status, startDate, stopDate (once
 *   ended), maxConcurrency, toleratedFailurePercentage, toleratedFailureCount, itemCounts,
 *   executionCounts, redriveCount, redriveDate (once redriven)}`; the tolerated failures are 0 when the state gives none, as
 *   AWS recorded it (LocalStack's test_sfn_api_map_run snapshot). InvalidArn, ResourceNotFound.
 * - ListMapRuns `{executionArn, maxResults, nextToken}` -> `{mapRuns: [{executionArn, mapRunArn,
 *   stateMachineArn, startDate, stopDate}], nextToken}`, in the order they started;
 *   `stateMachineArn` is `<state machine ARN>/<label>` as AWS recorded it. InvalidArn,
 *   ExecutionDoesNotExist, InvalidToken.
 * - UpdateMapRun `{mapRunArn, maxConcurrency, toleratedFailureCount, toleratedFailurePercentage}`
 *   -> `{}`: applied to the running Map Run at once. InvalidArn, ResourceNotFound;
 *   ValidationException with `reason: CANNOT_UPDATE_COMPLETED_MAP_RUN` once it ended (the reason
 *   AWS's ValidationExceptionReason names). A request that changes nothing is accepted.
 */
import type { MapRunView } from '../../engine/types';
import { ApiError, optionalInteger, optionalNumber, page, requiredString } from '../protocol';
import type { Operation } from './types';

/** The members of a Map Run as DescribeMapRun answers. */
export function describeMapRun(r: MapRunView): Record<string, unknown> {
  return {
    mapRunArn: r.mapRunArn,
    executionArn: r.executionArn,
    status: r.status,
    startDate: r.startDate,
    ...(r.stopDate !== undefined ? { stopDate: r.stopDate } : {}),
    maxConcurrency: r.maxConcurrency,
    toleratedFailurePercentage: r.toleratedFailurePercentage ?? 0,
    toleratedFailureCount: r.toleratedFailureCount ?? 0,
    itemCounts: { ...r.itemCounts },
    executionCounts: { ...r.executionCounts },
    redriveCount: r.redriveCount,
    ...(r.redriveDate !== undefined ? { redriveDate: r.redriveDate } : {}),
  };
}

export const mapRunOperations: Record<string, Operation> = {
  DescribeMapRun(registry, body) {
    return describeMapRun(registry.mapRun(requiredString(body, 'mapRunArn', 2000)));
  },

  ListMapRuns(registry, body) {
    const e = registry.execution(requiredString(body, 'executionArn', 256));
    const { items, nextToken } = page(e.mapRuns, body);
    return {
      mapRuns: items.map((r) => ({
        executionArn: r.executionArn,
        mapRunArn: r.mapRunArn,
        stateMachineArn: r.stateMachineArn,
        startDate: r.startDate,
        ...(r.stopDate !== undefined ? { stopDate: r.stopDate } : {}),
      })),
      nextToken,
    };
  },

  UpdateMapRun(registry, body) {
    const run = registry.mapRun(requiredString(body, 'mapRunArn', 2000));
    const changes = {
      maxConcurrency: optionalInteger(body, 'maxConcurrency', 0, 2 ** 31 - 1),
      toleratedFailureCount: optionalInteger(body, 'toleratedFailureCount', 0, Number.MAX_SAFE_INTEGER),
      toleratedFailurePercentage: optionalNumber(body, 'toleratedFailurePercentage', 0, 100),
    };
    if (run.status !== 'RUNNING') {
      throw new ApiError('ValidationException', `Map Run '${run.mapRunArn}' has ended (${run.status}): only a running Map Run can be updated`, 400, { reason: 'CANNOT_UPDATE_COMPLETED_MAP_RUN' });
    }
    run.update(changes);
    return {};
  },
};
