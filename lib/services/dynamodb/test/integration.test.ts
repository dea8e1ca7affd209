/**
 * The DynamoDB item integrations against a real DynamoDB-compatible server (dynalite on
 * 127.0.0.1): the API responses without `$metadata`, in both resource forms, and the errors as
 * Step Functions names them (`DynamoDB.<Code>` optimized, `DynamoDb.<Code>` AWS SDK).
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { runExecution } from '../../../engine';
import type { Json } from '../../../engine/types';
import { startDynalite, type LocalDynamoDb } from '../dynalite';
import { createTable } from '../provider';
import { dynamoDbInvoker, localDynamoDbClient } from '../integration';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
let server: LocalDynamoDb;
let client: DynamoDBClient;
beforeAll(async () => {
  server = await startDynalite();
  client = localDynamoDbClient(server.endpoint);
  await createTable(client, 'orders', { partitionKey: { name: 'id', type: 'S' } });
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

/** Runs one Task of `resource` with these parameters. */
const task = (resource: string, parameters: Json, invokerClient = client) =>
  runExecution({ StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, Parameters: parameters, End: true } } }, {}, { resources: [dynamoDbInvoker(invokerClient)] });

const OPT = 'arn:aws:states:::dynamodb:';
const SDK = 'arn:aws:states:::aws-sdk:dynamodb:';

describe.each([
  ['optimized', OPT],
  ['AWS SDK', SDK],
])('%s integration', (_label, prefix) => {
  const id = `order-${prefix === OPT ? 'opt' : 'sdk'}`;
  /** The optimized form adds AWS's HTTP metadata (lib/integrations/sdk-metadata.ts); the AWS SDK form answers the response alone. */
  const shaped = (response: Record<string, unknown>) =>
    prefix === OPT
      ? {
          ...response,
          SdkHttpMetadata: {
            AllHttpHeaders: expect.any(Object),
            HttpHeaders: expect.objectContaining({ 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': String(Buffer.byteLength(JSON.stringify(response))) }),
            HttpStatusCode: 200,
          },
          SdkResponseMetadata: { RequestId: expect.any(String) },
        }
      : response;

  test('putItem, getItem, updateItem, deleteItem return the API responses', async () => {
    const put = await task(`${prefix}putItem`, { TableName: 'orders', Item: { id: { S: id }, qty: { N: '1' } } });
    expect(put.status).toBe('SUCCEEDED');
    expect(put.output).toEqual(shaped({}));
    const again = await task(`${prefix}putItem`, { TableName: 'orders', Item: { id: { S: id }, qty: { N: '2' } }, ReturnValues: 'ALL_OLD' });
    expect(again.output).toEqual(shaped({ Attributes: { id: { S: id }, qty: { N: '1' } } }));
    const get = await task(`${prefix}getItem`, { TableName: 'orders', Key: { id: { S: id } } });
    expect(get.output).toEqual(shaped({ Item: { id: { S: id }, qty: { N: '2' } } }));
    const update = await task(`${prefix}updateItem`, {
      TableName: 'orders',
      Key: { id: { S: id } },
      UpdateExpression: 'SET qty = qty + :one, #s = :shipped',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':one': { N: '1' }, ':shipped': { S: 'SHIPPED' } },
      ReturnValues: 'UPDATED_NEW',
    });
    expect(update.output).toEqual(shaped({ Attributes: { qty: { N: '3' }, status: { S: 'SHIPPED' } } }));
    const del = await task(`${prefix}deleteItem`, { TableName: 'orders', Key: { id: { S: id } }, ReturnValues: 'ALL_OLD' });
    expect(del.output).toEqual(shaped({ Attributes: { id: { S: id }, qty: { N: '3' }, status: { S: 'SHIPPED' } } }));
    expect((await client.send(new GetItemCommand({ TableName: 'orders', Key: { id: { S: id } } }))).Item).toBeUndefined();
    expect((await task(`${prefix}getItem`, { TableName: 'orders', Key: { id: { S: id } } })).output).toEqual(shaped({}));
  });

  test('a failed condition is ConditionalCheckFailedException, named as the form names it', async () => {
    await task(`${prefix}putItem`, { TableName: 'orders', Item: { id: { S: `${id}-c` } } });
    const r = await task(`${prefix}putItem`, { TableName: 'orders', Item: { id: { S: `${id}-c` } }, ConditionExpression: 'attribute_not_exists(id)' });
    expect(r.status).toBe('FAILED');
    if (prefix === OPT) {
      expect(r.error).toBe('DynamoDB.ConditionalCheckFailedException');
      expect(r.cause).toMatch(/^The conditional request failed \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: [\w-]+; Proxy: null\)$/);
    } else {
      expect(r.error).toBe('DynamoDb.ConditionalCheckFailedException');
      expect(r.cause).toMatch(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: [\w-]+\)$/);
    }
    const failed = r.events.find((e) => e.type === 'TaskFailed')!.taskFailedEventDetails!;
    expect(failed).toMatchObject({ resourceType: prefix === OPT ? 'dynamodb' : 'aws-sdk:dynamodb', error: r.error });
  });

  test('an unknown table is ResourceNotFoundException; a reserved word in an expression is ValidationException', async () => {
    const missing = await task(`${prefix}getItem`, { TableName: 'nope', Key: { id: { S: 'x' } } });
    expect(missing.error).toBe(prefix === OPT ? 'DynamoDB.ResourceNotFoundException' : 'DynamoDb.ResourceNotFoundException');
    const reserved = await task(`${prefix}updateItem`, {
      TableName: 'orders',
      Key: { id: { S: 'x' } },
      UpdateExpression: 'SET status = :s',
      ExpressionAttributeValues: { ':s': { S: 'x' } },
    });
    expect(reserved.error).toBe(prefix === OPT ? 'DynamoDB.AmazonDynamoDBException' : 'DynamoDb.DynamoDbException');
    expect(reserved.cause).toContain('reserved keyword: status');
  });
});

test('a server that cannot be reached is SdkClientException, which Catch takes', async () => {
  const stopped = await startDynalite();
  const endpoint = stopped.endpoint;
  await stopped.close();
  const c = localDynamoDbClient(endpoint);
  try {
    const r = await runExecution(
      {
        StartAt: 'Put',
        States: {
          Put: { Type: 'Task', Resource: `${OPT}putItem`, Parameters: { TableName: 'orders', Item: { id: { S: 'x' } } }, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }], End: true },
          Caught: { Type: 'Pass', End: true },
        },
      },
      {},
      { resources: [dynamoDbInvoker(c)] },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ Error: 'DynamoDB.SdkClientException', Cause: expect.stringMatching(/^Unable to execute HTTP request: /) });
  } finally {
    c.destroy();
  }
});

test('other resources are not taken', () => {
  const invoke = dynamoDbInvoker(client);
  for (const resource of ['arn:aws:states:::dynamodb:query', 'arn:aws:states:::sqs:sendMessage', 'arn:aws:lambda:us-east-1:123456789012:function:f']) {
    expect(invoke({ resource, input: {}, stateName: 'S' })).toBeUndefined();
  }
});
