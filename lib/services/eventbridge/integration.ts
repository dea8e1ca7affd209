/**
 * EventBridge `putEvents` (`arn:aws:states:::events:putEvents` and
 * `arn:aws:states:::aws-sdk:eventbridge:putEvents`) onto the local buses (./buses.ts), the same
 * ones the local EventBridge API serves (a test reads `bus.events`).
 *
 * Response, as PutEvents returns it: `{ Entries: [{ EventId } | { ErrorCode, ErrorMessage }], FailedEntryCount }`.
 * The optimized integration serializes a `Detail` that is JSON (not a string), and fails the task
 * with `EventBridge.FailedEntry` (cause: the response) when FailedEntryCount is not 0 (AWS, "Add
 * EventBridge events with Step Functions"; LocalStack state_task_service_events.py); the AWS SDK
 * form returns the response as it is.
 */
import { taskFailure } from '../../engine';
import type { Json, ResourceInvoker } from '../../engine/types';
import { parametersOf, parseIntegration, sdkServiceError, type JsonObject } from '../integration';
import type { LocalEventBuses } from './buses';

export { LocalEventBuses, type LocalBus, type PutEvent } from './buses';

export const ENTRIES_CONSTRAINT = "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1";

export function eventBridgeInvoker(buses: LocalEventBuses): ResourceInvoker {
  return ({ resource, input, stateName }) => {
    const r = parseIntegration(resource);
    if (r === undefined || (r.sdk ? r.service !== 'eventbridge' : r.service !== 'events') || r.action !== 'putEvents' || r.pattern === 'sync' || r.pattern === 'sync:2') return undefined;
    return Promise.resolve().then(() => putEvents(buses, parametersOf(input), stateName, r.sdk));
  };
}

function putEvents(buses: LocalEventBuses, p: JsonObject, stateName: string, sdk: boolean): Json {
  const entries = p.Entries;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10)
    throw sdk ? sdkServiceError('EventBridge', 'Validation', 400, ENTRIES_CONSTRAINT) : taskFailure('EventBridge.ValidationException', ENTRIES_CONSTRAINT);
  const response = buses.putEvents(entries, stateName);
  if (response.FailedEntryCount !== 0 && !sdk) throw taskFailure('EventBridge.FailedEntry', JSON.stringify(response));
  return response;
}
