/**
 * `mock.fieldValidationMode` (API reference, MockInput): a mocked result of a service
 * integration is checked against the API's output shape, its members in Step Functions' casing
 * (PascalCase, as the task result gives them). STRICT: the required members must be there and
 * those there must have the shape's types; PRESENT: only the latter; NONE: no check. Unknown
 * members are accepted. AWS's messages, recorded in LocalStack's test_field_validation_mode
 * snapshot: "Mock result schema validation error: Required field 'ExecutionArn' is missing",
 * "... Field 'StatusCode' must be a number", "... Field 'Entries' must be an array",
 * "... Field 'EventId' must be a string", "... Field 'CapacityUnits' must be a number".
 *
 * The shapes are those of the optimized integrations this project runs locally (Lambda Invoke,
 * StartExecution, EventBridge PutEvents, SQS SendMessage, SNS Publish, DynamoDB GetItem / PutItem /
 * UpdateItem / DeleteItem), from the services' API references. Other resources (`aws-sdk:*`, the
 * rest) are not checked.
 */
import type { Json } from '../json';
import { TestStateError, type FieldValidationMode } from './types';

/** A member type: a primitive, a list of a type, an object of members, or any JSON (a document). */
type Shape = 'string' | 'number' | 'integer' | 'boolean' | 'any' | { list: Shape } | { members: Record<string, Shape>; required?: string[] } | { map: Shape };

const S = 'string' as const;
const capacity: Shape = { members: { TableName: S, CapacityUnits: 'number', ReadCapacityUnits: 'number', WriteCapacityUnits: 'number', Table: 'any', LocalSecondaryIndexes: 'any', GlobalSecondaryIndexes: 'any' } };
const attributes: Shape = { map: 'any' };
const writeItem: Shape = { members: { Attributes: attributes, ConsumedCapacity: capacity, ItemCollectionMetrics: 'any' } };

const SHAPES: Record<string, Shape> = {
  'lambda:invoke': { members: { StatusCode: 'integer', FunctionError: S, LogResult: S, Payload: 'any', ExecutedVersion: S } },
  'states:startExecution': { members: { ExecutionArn: S, StartDate: S }, required: ['ExecutionArn', 'StartDate'] },
  'events:putEvents': { members: { FailedEntryCount: 'integer', Entries: { list: { members: { EventId: S, ErrorCode: S, ErrorMessage: S } } } } },
  'sqs:sendMessage': { members: { MD5OfMessageBody: S, MD5OfMessageAttributes: S, MD5OfMessageSystemAttributes: S, MessageId: S, SequenceNumber: S } },
  'sns:publish': { members: { MessageId: S, SequenceNumber: S } },
  'dynamodb:getItem': { members: { Item: attributes, ConsumedCapacity: capacity } },
  'dynamodb:putItem': writeItem,
  'dynamodb:updateItem': writeItem,
  'dynamodb:deleteItem': writeItem,
};

const fail = (message: string) => new TestStateError('ValidationException', `Mock result schema validation error: ${message}`);
const isObject = (v: Json): v is { [k: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

function check(v: Json, shape: Shape, field: string, strict: boolean): void {
  if (shape === 'any') return;
  if (shape === 'string' && typeof v !== 'string') throw fail(`Field '${field}' must be a string`);
  if ((shape === 'number' || shape === 'integer') && (typeof v !== 'number' || (shape === 'integer' && !Number.isInteger(v)))) throw fail(`Field '${field}' must be a number`);
  if (shape === 'boolean' && typeof v !== 'boolean') throw fail(`Field '${field}' must be a boolean`);
  if (typeof shape !== 'object') return;
  if ('list' in shape) {
    if (!Array.isArray(v)) throw fail(`Field '${field}' must be an array`);
    for (const item of v) check(item, shape.list, field, strict);
  } else if ('map' in shape) {
    if (!isObject(v)) throw fail(`Field '${field}' must be an object`);
    for (const item of Object.values(v)) check(item, shape.map, field, strict);
  } else {
    if (!isObject(v)) throw fail(field ? `Field '${field}' must be an object` : 'the mocked result must be a JSON object');
    if (strict) for (const r of shape.required ?? []) if (!(r in v)) throw fail(`Required field '${r}' is missing`);
    for (const [k, member] of Object.entries(v)) if (shape.members[k] !== undefined) check(member, shape.members[k], k, strict);
  }
}

/** Checks a mocked Task result against its resource's output shape, as the mode says (STRICT by default). */
export function checkMockedResult(resource: string, result: Json, mode: FieldValidationMode = 'STRICT'): void {
  if (mode === 'NONE' || result === null) return;
  // A `.sync` or `.waitForTaskToken` result is not the API's output (the ended execution, the callback's output).
  const m = /^arn:[^:]+:states:::([a-z0-9-]+):([A-Za-z0-9]+)$/.exec(resource);
  const shape = m === null ? undefined : SHAPES[`${m[1]}:${m[2]}`];
  if (shape !== undefined) check(result, shape, '', mode === 'STRICT');
}
