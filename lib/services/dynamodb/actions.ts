/**
 * The DynamoDB Task resources run locally (./integration.ts): `putItem`, `getItem`, `updateItem`,
 * `deleteItem`, optimized or AWS SDK, request-response or `.waitForTaskToken`. Apart from the
 * integration so that the provider can tell them without loading the AWS SDK.
 */
import { parseIntegration } from '../integration';

export const DYNAMODB_ITEM_ACTIONS: readonly string[] = ['putItem', 'getItem', 'updateItem', 'deleteItem'];

export function isDynamoDbItemAction(resource: string): boolean {
  const r = parseIntegration(resource);
  return r !== undefined && r.service === 'dynamodb' && DYNAMODB_ITEM_ACTIONS.includes(r.action) && r.pattern !== 'sync' && r.pattern !== 'sync:2';
}
