/**
 * The EventBridge API on 127.0.0.1, over the local buses (./buses.ts): AWS JSON 1.1 with
 * `X-Amz-Target: AWSEvents.<Operation>`, as `@aws-sdk/client-eventbridge` speaks it. Operations
 * (Amazon EventBridge API Reference): PutEvents, CreateEventBus, DescribeEventBus, ListEventBuses,
 * DeleteEventBus, with their errors (ResourceNotFoundException, ResourceAlreadyExistsException,
 * ValidationException).
 */
import { AwsServiceError, listenLocally, type LocalEndpoint } from '../http/server';
import { jsonProtocol, optionalNumber, optionalString, requiredString, type JsonObject } from '../http/json-protocol';
import type { Json } from '../../engine/types';
import type { LocalBus, LocalEventBuses } from './buses';
import { ENTRIES_CONSTRAINT } from './integration';

const NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;

const notFound = (name: string) => new AwsServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
const describe = (bus: LocalBus): JsonObject => ({
  Name: bus.name,
  Arn: bus.arn,
  ...(bus.description !== undefined ? { Description: bus.description } : {}),
  CreationTime: bus.createdAt,
  LastModifiedTime: bus.createdAt,
});

export function eventBridgeOperations(buses: LocalEventBuses) {
  const busOf = (name: string): LocalBus => {
    const bus = buses.get(name);
    if (bus === undefined) throw notFound(name);
    return bus;
  };
  return {
    PutEvents: (input: JsonObject) => {
      const entries = input.Entries;
      if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) throw new AwsServiceError('ValidationException', ENTRIES_CONSTRAINT);
      return buses.putEvents(entries as Json[]);
    },
    CreateEventBus: (input: JsonObject) => {
      const name = requiredString(input, 'Name');
      if (!NAME.test(name) || name.startsWith('aws.')) throw new AwsServiceError('ValidationException', `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+`);
      if (buses.get(name) !== undefined) throw new AwsServiceError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
      return { EventBusArn: buses.add(name, optionalString(input, 'Description')).arn };
    },
    DescribeEventBus: (input: JsonObject) => describe(busOf(optionalString(input, 'Name') ?? 'default')),
    ListEventBuses: (input: JsonObject) => {
      const prefix = optionalString(input, 'NamePrefix') ?? '';
      const limit = optionalNumber(input, 'Limit') ?? 100;
      const start = Number(optionalString(input, 'NextToken') ?? 0) || 0;
      const all = buses.all.filter((b) => b.name.startsWith(prefix));
      const page = all.slice(start, start + limit).map(describe);
      return start + limit < all.length ? { EventBuses: page, NextToken: String(start + limit) } : { EventBuses: page };
    },
    DeleteEventBus: (input: JsonObject) => {
      const name = requiredString(input, 'Name');
      if (name === 'default') throw new AwsServiceError('ValidationException', 'Cannot delete event bus default.');
      buses.remove(name);
      return {};
    },
  };
}

/** Starts the EventBridge API over `buses` on 127.0.0.1. */
export function startEventBridgeServer(buses: LocalEventBuses): Promise<LocalEndpoint> {
  return listenLocally(jsonProtocol({ target: 'AWSEvents', version: '1.1', operations: eventBridgeOperations(buses) }, () => ''));
}
