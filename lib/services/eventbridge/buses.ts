/**
 * The local EventBridge buses: one state for the Task integration (`events:putEvents`,
 * ./integration.ts) and the EventBridge API (./server.ts). Each bus records the events put on it
 * (a test reads `bus.events`); the `default` bus always exists. Rules and targets are not run
 * locally (a rule's target is a deployed concern: triggers are tested through their stacks).
 *
 * PutEvents answers `{ Entries: [{ EventId } | { ErrorCode, ErrorMessage }], FailedEntryCount }`
 * with one result per entry in order: a bus that does not exist is `ResourceNotFoundException`
 * ("Event bus <name> does not exist."), a Detail that is not a JSON object `MalformedDetail`
 * ("Detail is malformed."), an entry without Source `InvalidArgument` ("Parameter Source is not
 * valid. Reason: Source is a required argument."), as EventBridge reports failed entries (API reference, PutEvents and
 * PutEventsResultEntry).
 */
import { randomUUID } from 'node:crypto';
import type { Json } from '../../engine/types';
import { asText, isObject, type JsonObject } from '../integration';
import { LocalSinks } from '../sinks';

export interface PutEvent {
  EventId: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: Json[];
  Time?: Json;
  /** The Task state that put it (undefined when put through the API). */
  stateName?: string;
  sentAt: Date;
}

export interface LocalBus {
  name: string;
  arn: string;
  description?: string;
  createdAt: Date;
  events: PutEvent[];
}

export class LocalEventBuses extends LocalSinks<LocalBus> {
  constructor(region?: string, accountId?: string) {
    super(region, accountId);
    this.add('default');
  }

  add(name: string, description?: string): LocalBus {
    return this.byLocalName(name) ?? this.put({ name, arn: `arn:aws:events:${this.region}:${this.accountId}:event-bus/${name}`, description, createdAt: new Date(), events: [] });
  }

  /** A bus by name or ARN. */
  get(nameOrArn: string): LocalBus | undefined {
    return this.byLocalName(nameOrArn.replace(/^arn:[^:]+:events:[^:]*:[^:]*:event-bus\//, ''));
  }

  remove(name: string): void {
    this.drop(name);
  }

  /** PutEvents: each entry on its bus (default: `default`), in order, with its result. */
  putEvents(entries: readonly Json[], stateName?: string): JsonObject {
    const results: JsonObject[] = [];
    let failed = 0;
    for (const e of entries) {
      const r = this.putOne(isObject(e) ? e : {}, stateName);
      if ('ErrorCode' in r) failed++;
      results.push(r);
    }
    return { Entries: results, FailedEntryCount: failed };
  }

  private putOne(entry: JsonObject, stateName: string | undefined): JsonObject {
    // Recorded on AWS: LocalStack's services/test_events_task_service test_put_events_no_source (12-09-2023).
    if (entry.Source === undefined) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' };
    const busName = typeof entry.EventBusName === 'string' ? entry.EventBusName : 'default';
    const bus = this.get(busName);
    if (bus === undefined) return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
    const detail = entry.Detail === undefined ? undefined : asText(entry.Detail);
    if (detail !== undefined && !isJsonObject(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const event: PutEvent = { EventId: randomUUID(), sentAt: new Date() };
    if (typeof entry.Source === 'string') event.Source = entry.Source;
    if (typeof entry.DetailType === 'string') event.DetailType = entry.DetailType;
    if (detail !== undefined) event.Detail = detail;
    if (Array.isArray(entry.Resources)) event.Resources = entry.Resources;
    if (entry.Time !== undefined) event.Time = entry.Time;
    if (stateName !== undefined) event.stateName = stateName;
    bus.events.push(event);
    return { EventId: event.EventId };
  }
}

function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}
