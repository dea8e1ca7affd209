/**
 * Versions and aliases: PublishStateMachineVersion, ListStateMachineVersions,
 * DeleteStateMachineVersion, CreateStateMachineAlias, DescribeStateMachineAlias,
 * UpdateStateMachineAlias, DeleteStateMachineAlias, ListStateMachineAliases (members as the API
 * reference names them; lists as AWS orders them in LocalStack's recorded snapshots: versions
 * newest first, aliases oldest first). The rules are versions.ts's.
 */
import { ApiError, optionalString, page, requiredString, type JsonObject } from '../protocol';
import type { RoutingEntry } from '../records';
import { parseStateMachineArn } from '../arns';
import { aliasAt, createAlias, deleteAlias, deleteVersion, publishVersion, updateAlias } from '../versions';
import type { Operation } from './types';

/** routingConfiguration: [{stateMachineVersionArn, weight}]. */
function routing(body: JsonObject, required: boolean): RoutingEntry[] | undefined {
  const v = body.routingConfiguration;
  if (v === undefined || v === null) {
    if (required) throw new ApiError('ValidationException', "1 validation error detected: Value null at 'routingConfiguration' failed to satisfy constraint: Member must not be null");
    return undefined;
  }
  if (!Array.isArray(v)) throw new ApiError('SerializationException', "'routingConfiguration' must be a list of {stateMachineVersionArn, weight}.");
  return v.map((r) => {
    const e = (r ?? {}) as JsonObject;
    if (typeof e.stateMachineVersionArn !== 'string' || typeof e.weight !== 'number') throw new ApiError('SerializationException', 'Each routingConfiguration item has a string stateMachineVersionArn and a number weight.');
    return { stateMachineVersionArn: e.stateMachineVersionArn, weight: e.weight };
  });
}

export const versionOperations: Record<string, Operation> = {
  PublishStateMachineVersion(registry, body) {
    const m = registry.stateMachine(requiredString(body, 'stateMachineArn'));
    const v = publishVersion(m, optionalString(body, 'description'), optionalString(body, 'revisionId'));
    return { creationDate: v.creationDate, stateMachineVersionArn: v.arn };
  },

  ListStateMachineVersions(registry, body) {
    const m = registry.stateMachine(requiredString(body, 'stateMachineArn'));
    const all = [...m.versions.values()].sort((a, b) => b.number - a.number);
    const { items, nextToken } = page(all, body);
    return { stateMachineVersions: items.map((v) => ({ stateMachineVersionArn: v.arn, creationDate: v.creationDate })), nextToken };
  },

  DeleteStateMachineVersion(registry, body) {
    deleteVersion(registry.stateMachines, requiredString(body, 'stateMachineVersionArn'));
    return {};
  },

  CreateStateMachineAlias(registry, body) {
    const a = createAlias(registry.stateMachines, requiredString(body, 'name'), routing(body, true) as RoutingEntry[], optionalString(body, 'description'));
    return { stateMachineAliasArn: a.arn, creationDate: a.creationDate };
  },

  DescribeStateMachineAlias(registry, body) {
    const a = aliasAt(registry.stateMachines, requiredString(body, 'stateMachineAliasArn'));
    return {
      stateMachineAliasArn: a.arn,
      name: a.name,
      ...(a.description !== undefined ? { description: a.description } : {}),
      routingConfiguration: a.routing,
      creationDate: a.creationDate,
      updateDate: a.updateDate,
    };
  },

  UpdateStateMachineAlias(registry, body) {
    const a = updateAlias(registry.stateMachines, requiredString(body, 'stateMachineAliasArn'), optionalString(body, 'description'), routing(body, false));
    return { updateDate: a.updateDate };
  },

  DeleteStateMachineAlias(registry, body) {
    deleteAlias(registry.stateMachines, requiredString(body, 'stateMachineAliasArn'));
    return {};
  },

  /** The aliases of a state machine; of a version ARN, those that route to that version. */
  ListStateMachineAliases(registry, body) {
    const arn = requiredString(body, 'stateMachineArn');
    const ref = parseStateMachineArn(arn);
    const m = registry.stateMachine(ref.base);
    if (ref.alias !== undefined) throw new ApiError('InvalidArn', `Invalid Arn: '${arn}' is not the ARN of a state machine or of a version`);
    const all = [...m.aliases.values()].filter((a) => ref.version === undefined || a.routing.some((r) => r.stateMachineVersionArn === arn)).sort((a, b) => a.creationDate.getTime() - b.creationDate.getTime());
    const { items, nextToken } = page(all, body);
    return { stateMachineAliases: items.map((a) => ({ stateMachineAliasArn: a.arn, creationDate: a.creationDate })), nextToken };
  },
};
