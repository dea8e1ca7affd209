/**
 * Tags of state machines and activities: TagResource, UntagResource, ListTagsForResource, and the
 * `tags` of CreateStateMachine / CreateActivity (API reference, Tag: `key` 1 to 128 characters,
 * `value` 0 to 256; at most 50 tags a resource, TooManyTags beyond). A version or alias ARN, or an
 * unknown resource, is ResourceNotFound "Resource not found: '<arn>'" (AWS-recorded in LocalStack's
 * test_sfn_api_tagging snapshot: tagging a version fails so).
 */
import { StepFunctionsApiError } from '../../services/stepfunctions/integration';
import { ApiError, requiredString, validation, type JsonObject } from '../protocol';
import type { Registry } from '../registry';
import type { Operation } from './types';

const MAX_TAGS = 50;

/** The `tags` member ([{key, value}]) as a map, checked. */
export function parseTags(body: JsonObject, field = 'tags'): Record<string, string> {
  const v = body[field];
  if (v === undefined || v === null) return {};
  if (!Array.isArray(v)) throw new ApiError('SerializationException', `'${field}' must be a list of {key, value}.`);
  const tags: Record<string, string> = {};
  v.forEach((t, i) => {
    const tag = (t ?? {}) as JsonObject;
    if (typeof tag.key !== 'string' || tag.key.length < 1 || tag.key.length > 128) throw validation(`Value at '${field}.${i + 1}.member.key' failed to satisfy constraint: Member must have length between 1 and 128`);
    if (tag.value !== undefined && (typeof tag.value !== 'string' || tag.value.length > 256)) throw validation(`Value at '${field}.${i + 1}.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`);
    tags[tag.key] = (tag.value as string | undefined) ?? '';
  });
  return tags;
}

/** The tags of a state machine or activity ARN. */
function tagsOf(registry: Registry, arn: string): Map<string, string> {
  const tags = registry.stateMachines.get(arn)?.tags ?? registry.activities.get(arn)?.tags;
  if (tags === undefined) throw new StepFunctionsApiError('ResourceNotFound', `Resource not found: '${arn}'`);
  return tags;
}

export const tagOperations: Record<string, Operation> = {
  TagResource(registry, body) {
    const tags = tagsOf(registry, requiredString(body, 'resourceArn'));
    const added = parseTags(body);
    const after = new Set([...tags.keys(), ...Object.keys(added)]);
    if (after.size > MAX_TAGS) throw new StepFunctionsApiError('TooManyTags', `Too many tags: a resource has at most ${MAX_TAGS} tags, this request would give it ${after.size}`);
    for (const [k, v] of Object.entries(added)) tags.set(k, v);
    return {};
  },

  UntagResource(registry, body) {
    const tags = tagsOf(registry, requiredString(body, 'resourceArn'));
    const keys = body.tagKeys;
    if (!Array.isArray(keys)) throw validation("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
    for (const k of keys) if (typeof k === 'string') tags.delete(k);
    return {};
  },

  ListTagsForResource(registry, body) {
    const tags = tagsOf(registry, requiredString(body, 'resourceArn'));
    return { tags: [...tags].map(([key, value]) => ({ key, value })) };
  },
};
