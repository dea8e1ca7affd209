/**
 * The DynamoDB provider: a workflow's declared tables created in a local dynalite, a handler
 * reaching them through the AWS SDK with no endpoint in its code (AWS_ENDPOINT_URL_DYNAMODB and
 * dummy credentials from the provider), and the item integrations of the same workflow.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { runExecution } from '../../../engine';
import { table, uses, type WorkflowDeclaration } from '../../../workflow/declaration';
import { tempProject } from '../../../../modules/test/helpers';
import { prepareLocalWorkflow } from '../../../local/project-workflow';
import { startLocalServices } from '../../../local/services';
import { localDynamoDb } from '../provider';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const project = tempProject('sfn-dynamodb-provider-');
afterAll(() => project.cleanup());

const workflow: WorkflowDeclaration = {
  name: 'orders',
  description: 'saves an order from a handler, reads it with getItem',
  functions: { saver: { uses: { ORDERS_TABLE: uses(table('orders'), ['dynamodb:PutItem']) } } },
  bindings: { Saver: { kind: 'function', name: 'saver' }, Orders: table('orders') },
  tables: { orders: { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'N' } } },
  sampleInput: {},
};

test('tables with their keys; a handler and the integrations use the same local DynamoDB', async () => {
  // The handler imports the SDK: the temporary project resolves it from this repository's node_modules.
  project.linkNodeModules();
  project.writeFunction(
    'saver',
    `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
export const handler = async (e: { id: string }) => {
  await new DynamoDBClient({}).send(new PutItemCommand({ TableName: process.env.ORDERS_TABLE, Item: { pk: { S: e.id }, sk: { N: '1' } } }));
  return e;
};
`,
  );
  project.writeTemplate(
    'orders',
    JSON.stringify({
      StartAt: 'Save',
      States: {
        Save: { Type: 'Task', Resource: '${Saver}', Next: 'Read' },
        Read: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: '${Orders}', Key: { pk: { 'S.$': '$.id' }, sk: { N: '1' } } }, End: true },
      },
    }),
  );
  const services = await startLocalServices([workflow], { projectRoot: project.root });
  try {
    const dynamo = localDynamoDb(services)!;
    expect(dynamo.tables).toEqual(['orders']);
    const described = await (await dynamo.ready()).send(new DescribeTableCommand({ TableName: 'orders' }));
    expect(described.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(services.functionEnvironment).toMatchObject({ AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' });
    const local = prepareLocalWorkflow(workflow, { projectRoot: project.root, functionEnvironment: services.functionEnvironment });
    const r = await runExecution(local.definition, { id: 'o-1' }, { ...services.runOptions, functions: local.functions });
    expect(r.cause).toBeUndefined();
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: { Item: { pk: { S: 'o-1' }, sk: { N: '1' } } } });
  } finally {
    await services.close();
  }
});
