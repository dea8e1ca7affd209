/**
 * DynamoDB Tasks as recorded on AWS (LocalStack's AWS-validated snapshots under
 * tests/aws/services/stepfunctions/v2/): the results with their SDK HTTP metadata, and the errors
 * of failing calls in both resource forms. Values AWS masks (request ids, dates, CRC32) compare by
 * shape; everything else character for character. Runs against a local dynalite.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { runExecution } from '../../../engine';
import type { Json } from '../../../engine/types';
import { startDynalite, type LocalDynamoDb } from '../dynalite';
import { createTable } from '../provider';
import { dynamoDbInvoker, localDynamoDbClient } from '../integration';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const SNAP = 'localstack tests/aws/services/stepfunctions/v2';
let server: LocalDynamoDb;
let client: DynamoDBClient;
beforeAll(async () => {
  server = await startDynalite();
  client = localDynamoDbClient(server.endpoint);
  await createTable(client, 'table-name', { partitionKey: { name: 'id', type: 'S' } });
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

const run = (definition: object, input: Json) => runExecution(definition as never, input, { resources: [dynamoDbInvoker(client)] });
const ITEM = { data: { S: 'HelloWorld' }, id: { S: 'id1' } };
const REQUEST_ID = /^[\w-]+$/;

/** The metadata as recorded (test_dynamodb_task_service, 03-02-2025): AWS's header order in AllHttpHeaders, the SDK's sorted map in HttpHeaders. */
function recordedMetadata(length: string) {
  const id = expect.stringMatching(REQUEST_ID);
  const date = expect.stringMatching(/ GMT$/);
  const crc = expect.stringMatching(/^\d+$/);
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: { Server: ['Server'], Connection: ['keep-alive'], 'x-amzn-RequestId': [id], 'x-amz-crc32': [crc], 'Content-Length': [length], Date: [date], 'Content-Type': ['application/x-amz-json-1.0'] },
      HttpHeaders: { Connection: 'keep-alive', 'Content-Length': length, 'Content-Type': 'application/x-amz-json-1.0', Date: date, Server: 'Server', 'x-amz-crc32': crc, 'x-amzn-RequestId': id },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: id },
  };
}

test(`${SNAP}/services/test_dynamodb_task_service: test_base_integrations[DYNAMODB_PUT_GET_ITEM] (03-02-2025)`, async () => {
  const definition = {
    StartAt: 'PutItem',
    States: {
      PutItem: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { 'TableName.$': '$.TableName', 'Item.$': '$.Item' }, ResultPath: '$.putItemOutput', Next: 'GetItem' },
      GetItem: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { 'TableName.$': '$.TableName', 'Key.$': '$.Key' }, ResultPath: '$.getItemOutput', End: true },
    },
  };
  const r = await run(definition, { TableName: 'table-name', Item: ITEM, Key: { id: { S: 'id1' } } });
  expect(r.status).toBe('SUCCEEDED');
  const output = r.output as Record<string, Record<string, Record<string, object>>>;
  expect(output.putItemOutput).toEqual(recordedMetadata('2'));
  expect(output.getItemOutput).toEqual({ Item: ITEM, ...recordedMetadata('53') });
  expect(Object.keys(output.getItemOutput)).toEqual(['Item', 'SdkHttpMetadata', 'SdkResponseMetadata']);
  expect(Object.keys(output.getItemOutput.SdkHttpMetadata.AllHttpHeaders)).toEqual(['Server', 'Connection', 'x-amzn-RequestId', 'x-amz-crc32', 'Content-Length', 'Date', 'Content-Type']);
  expect(Object.keys(output.getItemOutput.SdkHttpMetadata.HttpHeaders)).toEqual(['Connection', 'Content-Length', 'Content-Type', 'Date', 'Server', 'x-amz-crc32', 'x-amzn-RequestId']);
  const scheduled = r.events.filter((e) => e.type === 'TaskScheduled').map((e) => e.taskScheduledEventDetails);
  expect(scheduled.map((d) => [d?.resourceType, d?.resource, d?.parameters])).toEqual([
    ['dynamodb', 'putItem', JSON.stringify({ TableName: 'table-name', Item: ITEM })],
    ['dynamodb', 'getItem', JSON.stringify({ TableName: 'table-name', Key: { id: { S: 'id1' } } })],
  ]);
});

test(`${SNAP}/services/test_aws_sdk_task_service: test_dynamodb_put_get_item (16-05-2023)`, async () => {
  // AWS_SDK_DYNAMODB_PUT_GET_ITEM: the AWS SDK form answers the responses alone, its events name `aws-sdk:dynamodb`.
  const definition = {
    StartAt: 'PutItem',
    States: {
      PutItem: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:putItem', Parameters: { 'TableName.$': '$.TableName', 'Item.$': '$.Item' }, ResultPath: '$.putItemOutput', Next: 'GetItem' },
      GetItem: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem', Parameters: { 'TableName.$': '$.TableName', 'Key.$': '$.Key' }, ResultPath: '$.getItemOutput', End: true },
    },
  };
  const input = { TableName: 'table-name', Item: ITEM, Key: { id: { S: 'id1' } } };
  const r = await run(definition, input);
  expect(JSON.stringify(r.output)).toBe(JSON.stringify({ ...input, putItemOutput: {}, getItemOutput: { Item: ITEM } }));
  const succeeded = r.events.filter((e) => e.type === 'TaskSucceeded').map((e) => e.taskSucceededEventDetails);
  expect(succeeded).toEqual([
    { resource: 'putItem', resourceType: 'aws-sdk:dynamodb', output: '{}', outputDetails: { truncated: false } },
    { resource: 'getItem', resourceType: 'aws-sdk:dynamodb', output: JSON.stringify({ Item: ITEM }), outputDetails: { truncated: false } },
  ]);
});

const putItem = (sdk: boolean) => ({
  StartAt: 'PutItem',
  States: { PutItem: { Type: 'Task', Resource: `arn:aws:states:::${sdk ? 'aws-sdk:' : ''}dynamodb:putItem`, Parameters: { 'TableName.$': '$.TableName', 'Item.$': '$.Item' }, End: true } },
});
const opt = (message: string, code: string) => new RegExp(`^${escape(message)} \\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ${code}; Request ID: [\\w-]+; Proxy: null\\)$`);
const sdk = (message: string) => new RegExp(`^${escape(message)} \\(Service: DynamoDb, Status Code: 400, Request ID: [\\w-]+\\)$`);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const NOT_FOUND = 'Requested resource not found';
const NULL_ITEM = "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null";

// [snapshot, resource form, input, error, cause]
const FAILURES: [string, boolean, Json, string, RegExp][] = [
  [`${SNAP}/error_handling/test_task_service_dynamodb: test_put_item_no_such_table (12-05-2023)`, false, { TableName: 'no-such-table', Item: ITEM }, 'DynamoDB.ResourceNotFoundException', opt(NOT_FOUND, 'ResourceNotFoundException')],
  [`${SNAP}/error_handling/test_task_service_dynamodb: test_put_item_invalid_table_name (12-05-2023)`, false, { TableName: '/table-name', Item: ITEM }, 'DynamoDB.AmazonDynamoDBException',
    opt("1 validation error detected: Value '/table-name' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", 'ValidationException')],
  [`${SNAP}/error_handling/test_task_service_dynamodb: test_invalid_param (16-05-2023)`, false, { TableName: 'table-name', Key: null, Item: null }, 'DynamoDB.AmazonDynamoDBException', opt(NULL_ITEM, 'ValidationException')],
  [`${SNAP}/error_handling/test_aws_sdk: test_dynamodb_invalid_param (27-07-2023)`, true, { TableName: 'no-such-table', Key: null, Item: null }, 'DynamoDb.DynamoDbException', sdk(NULL_ITEM)],
  [`${SNAP}/error_handling/test_aws_sdk: test_dynamodb_put_item_no_such_table (27-07-2023)`, true, { TableName: 'no-such-table', Item: ITEM }, 'DynamoDb.ResourceNotFoundException', sdk(NOT_FOUND)],
];

test.each(FAILURES)('%s', async (_name, isSdk, input, error, cause) => {
  const r = await run(putItem(isSdk), input);
  expect(r.status).toBe('FAILED');
  expect(r.error).toBe(error);
  expect(r.cause).toMatch(cause);
  const failed = r.events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails;
  expect(failed).toEqual({ error, cause: r.cause, resource: 'putItem', resourceType: isSdk ? 'aws-sdk:dynamodb' : 'dynamodb' });
  expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
  // The parameters keep the members the path gave, a null one too (Key is not among the template's).
  expect(r.events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails?.parameters).toBe(JSON.stringify({ TableName: (input as { TableName: string }).TableName, Item: (input as { Item: Json }).Item }));
});
