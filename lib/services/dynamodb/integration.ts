/**
 * DynamoDB `putItem`, `getItem`, `updateItem`, `deleteItem`, in both forms:
 * `arn:aws:states:::dynamodb:<action>` (optimized) and `arn:aws:states:::aws-sdk:dynamodb:<action>`.
 * Both take the API's request (PascalCase members, attribute values in DynamoDB JSON) and return
 * the API's response without the SDK's `$metadata`, as Step Functions does; the optimized form adds
 * `SdkHttpMetadata` / `SdkResponseMetadata` as AWS does (./sdk-metadata.ts). The calls are real
 * (`@aws-sdk/client-dynamodb` against the endpoint given, e.g. a local dynalite), so condition and
 * update expressions and their errors are the server's.
 *
 * Errors (names as Step Functions reports them; LocalStack's state_task_service_dynamodb.py and
 * state_task_service_aws_sdk.py, which are tested against AWS):
 * - optimized: `DynamoDB.<ErrorCode>`, e.g. `DynamoDB.ConditionalCheckFailedException`, cause
 *   `<message> (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: <code>; Request ID: <id>; Proxy: null)`;
 * - AWS SDK: `DynamoDb.<ErrorCode>` (the service name in Pascal case, AWS "AWS SDK service
 *   integrations"), cause `<message> (Service: DynamoDb, Status Code: 400, Request ID: <id>)`;
 * - a code the API model does not declare (ValidationException) is the SDK's generic exception:
 *   `DynamoDB.AmazonDynamoDBException` (the cause keeps `Error Code: ValidationException`) and
 *   `DynamoDb.DynamoDbException` (recorded on AWS: LocalStack's error_handling/test_task_service_dynamodb
 *   test_invalid_param, 16-05-2023, and error_handling/test_aws_sdk test_dynamodb_invalid_param, 27-07-2023);
 * - a server that cannot be reached: `DynamoDB.SdkClientException` / `DynamoDb.SdkClientException`.
 */
import { DeleteItemCommand, DynamoDBClient, DynamoDBServiceException, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Json, ResourceInvoker } from '../../engine/types';
import { clientError, optimizedServiceError, parametersOf, parseIntegration, sdkServiceError, type JsonObject } from '../integration';
import { withDynamoDbMetadata } from '../sdk-metadata';
import { isDynamoDbItemAction } from './actions';
import { LOCAL_CREDENTIALS } from '../credentials';

const COMMANDS = {
  putItem: PutItemCommand,
  getItem: GetItemCommand,
  updateItem: UpdateItemCommand,
  deleteItem: DeleteItemCommand,
} as const;
type Action = keyof typeof COMMANDS;

/** A DynamoDB client for a local endpoint: dummy credentials, no retries (a failure is reported at once). */
export function localDynamoDbClient(endpoint: string, region = 'us-east-1'): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
}

/** Runs the DynamoDB item actions through `client` (or the client given when the first action runs: a server started then). */
export function dynamoDbInvoker(client: DynamoDBClient | (() => Promise<DynamoDBClient>)): ResourceInvoker {
  const clientOf = typeof client === 'function' ? client : () => Promise.resolve(client);
  return ({ resource, input }) => {
    if (!isDynamoDbItemAction(resource)) return undefined;
    const r = parseIntegration(resource) as NonNullable<ReturnType<typeof parseIntegration>>;
    return call(clientOf, r.action as Action, input, r.sdk);
  };
}

async function call(clientOf: () => Promise<DynamoDBClient>, action: Action, input: Json, sdk: boolean): Promise<Json> {
  const Command = COMMANDS[action];
  let out: Record<string, unknown>;
  try {
    // The request is the API's own shape; the SDK validates nothing more than the server does.
    out = (await (await clientOf()).send(new (Command as typeof PutItemCommand)(parametersOf(input) as never))) as unknown as Record<string, unknown>;
  } catch (e) {
    throw failure(e, sdk);
  }
  const { $metadata: _metadata, ...response } = out;
  return sdk ? (response as Json) : withDynamoDbMetadata(response as JsonObject);
}

function failure(e: unknown, sdk: boolean): Error {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  const status = err.$metadata?.httpStatusCode;
  if (status === undefined) return clientError(sdk ? 'DynamoDb' : 'DynamoDB', err.message ?? String(e));
  const code = err.name ?? 'UnknownError';
  const message = err.message ?? code;
  // An error code the service model does not declare (ValidationException, AccessDeniedException, ...)
  // is the SDK's generic exception: DynamoDB.AmazonDynamoDBException (Java SDK v1) / DynamoDb.DynamoDbException (v2).
  const modeled = !(e instanceof DynamoDBServiceException) || e.constructor !== DynamoDBServiceException;
  if (sdk) return sdkServiceError('DynamoDb', modeled ? code : 'DynamoDbException', status, message);
  return optimizedServiceError(`DynamoDB.${modeled ? code : 'AmazonDynamoDBException'}`, 'AmazonDynamoDBv2', status, code, message);
}
