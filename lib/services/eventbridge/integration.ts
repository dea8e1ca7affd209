/**
 * EventBridge `putEvents` (`arn:aws:states:::events:putEvents` and
 * `arn:aws:states:::aws-sdk:eventbridge:putEvents`) onto local buses that record the events (a
 * test reads `bus.events`). The `default` bus always exists.
 *
 * Response, as PutEvents returns it: `{ Entries: [{ EventId } | { ErrorCode, ErrorMessage }], FailedEntryCount }`.
 * An entry for a bus that does not exist fails with `ResourceNotFoundException`. The optimized
 * integration serializes a `Detail` that is JSON (not a string), and fails the task with
 * `EventBridge.FailedEntry` (cause: the response) when FailedEntryCount is not 0 (AWS, "Add
 * EventBridge events with Step Functions"; LocalStack state_task_service_events.py); the AWS SDK
 * form returns the response as it is.
 */
import { randomUUID } from 'node:crypto';
import { taskFailure } from '../../engine';
import type { Json, ResourceInvoker } from '../../engine/types';
import { LocalSinks } from '../sinks';
import { asText, isObject, parametersOf, parseIntegration, sdkServiceError, type JsonObject } from '../integration';

export interface PutEvent {
  EventId: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: Json[];
  Time?: Json;
  stateName: string;
  sentAt: Date;
}

export interface LocalBus {
  name: string;
  events: PutEvent[];
}

export class LocalEventBuses extends LocalSinks<LocalBus> {
  constructor() {
    super();
    this.add('default');
  }

  add(name: string): LocalBus {
    return this.put({ name, events: [] });
  }

  /** A bus by name or ARN. */
  get(nameOrArn: string): LocalBus | undefined {
    return this.byLocalName(nameOrArn.replace(/^arn:[^:]+:events:[^:]*:[^:]*:event-bus\//, ''));
  }
}

export function eventBridgeInvoker(buses: LocalEventBuses): ResourceInvoker {
  return ({ resource, input, stateName }) => {
    const r = parseIntegration(resource);
    if (r === undefined || (r.sdk ? r.service !== 'eventbridge' : r.service !== 'events') || r.action !== 'putEvents' || r.pattern === 'sync' || r.pattern === 'sync:2') return undefined;
    return Promise.resolve().then(() => putEvents(buses, parametersOf(input), stateName, r.sdk));
  };
}

function putEvents(buses: LocalEventBuses, p: JsonObject, stateName: string, sdk: boolean): Json {
  const entries = p.Entries;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
    const message = '1 validation error detected: Value at \'entries\' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1';
    throw sdk ? sdkServiceError('EventBridge', 'Validation', 400, message) : taskFailure('EventBridge.ValidationException', message);
  }
  const results: JsonObject[] = [];
  let failed = 0;
  for (const e of entries) {
    const entry = isObject(e) ? e : {};
    const busName = typeof entry.EventBusName === 'string' ? entry.EventBusName : 'default';
    const bus = buses.get(busName);
    if (bus === undefined) {
      failed++;
      results.push({ ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` });
      continue;
    }
    const event: PutEvent = { EventId: randomUUID(), stateName, sentAt: new Date() };
    if (typeof entry.Source === 'string') event.Source = entry.Source;
    if (typeof entry.DetailType === 'string') event.DetailType = entry.DetailType;
    if (entry.Detail !== undefined) event.Detail = asText(entry.Detail);
    if (Array.isArray(entry.Resources)) event.Resources = entry.Resources;
    if (entry.Time !== undefined) event.Time = entry.Time;
    bus.events.push(event);
    results.push({ EventId: event.EventId });
  }
  const response: JsonObject = { Entries: results, FailedEntryCount: failed };
  if (failed > 0 && !sdk) throw taskFailure('EventBridge.FailedEntry', JSON.stringify(response));
  return response;
}
