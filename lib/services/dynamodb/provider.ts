/**
 * DynamoDB for the workflows that declare `tables`: a dynalite server in-process on 127.0.0.1,
 * the declared tables created with their keys under the names the local render gives
 * (`table('orders')` -> `orders`), the `dynamodb:*Item` integrations (optimized and AWS SDK)
 * run against it, and the handlers pointed at it through `AWS_ENDPOINT_URL_DYNAMODB` (read by
 * the AWS SDKs) with dummy credentials.
 */
// The AWS SDK client and the integration are loaded when a DynamoDB starts, not with the providers
// (every local run loads those): a workflow without tables never loads @aws-sdk/client-dynamodb.
import type { AttributeDefinition, DynamoDBClient, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import type { TableDeclaration, WorkflowDeclaration } from '../../workflow/declaration';
import { startDynalite } from './dynalite';
import type { LocalServiceProvider, LocalServices, StartedService } from '../provider';
import { localSdkEnvironment } from '../credentials';

export interface LocalDynamoDbService extends StartedService {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** A client of it (region and dummy credentials of the local services). */
  client: DynamoDBClient;
  /** The tables created, by name. */
  tables: string[];
}

/** The tables of these workflows, by local name (a name declared twice is created once, with the first declaration). */
function declaredTables(workflows: readonly WorkflowDeclaration[]): Map<string, TableDeclaration> {
  const tables = new Map<string, TableDeclaration>();
  for (const w of workflows) for (const [name, t] of Object.entries(w.tables ?? {})) if (!tables.has(name)) tables.set(name, t);
  return tables;
}

/** Creates a table with the keys of its declaration (on demand) and waits until it is ACTIVE. */
export async function createTable(client: DynamoDBClient, name: string, t: TableDeclaration): Promise<void> {
  const { CreateTableCommand, DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
  const keys = [{ ...t.partitionKey, role: 'HASH' as const }, ...(t.sortKey ? [{ ...t.sortKey, role: 'RANGE' as const }] : [])];
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keys.map((k): KeySchemaElement => ({ AttributeName: k.name, KeyType: k.role })),
      AttributeDefinitions: keys.map((k): AttributeDefinition => ({ AttributeName: k.name, AttributeType: k.type })),
    }),
  );
  // dynalite answers CreateTable with CREATING and makes the table ACTIVE just after.
  while ((await client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus !== 'ACTIVE') await new Promise((r) => setTimeout(r, 5));
}

export const dynamoDbProvider: LocalServiceProvider<LocalDynamoDbService> = {
  name: 'dynamodb',
  needed: (workflows) => declaredTables(workflows).size > 0,
  async start(workflows, context) {
    const { dynamoDbInvoker, localDynamoDbClient } = await import('./integration');
    const server = await startDynalite();
    const client = localDynamoDbClient(server.endpoint, context.region);
    const close = async () => {
      client.destroy();
      await server.close();
    };
    const tables = declaredTables(workflows);
    try {
      for (const [name, t] of tables) await createTable(client, name, t);
    } catch (e) {
      await close();
      throw e;
    }
    return {
      endpoint: server.endpoint,
      client,
      tables: [...tables.keys()],
      invokers: [dynamoDbInvoker(client)],
      functionEnvironment: { AWS_ENDPOINT_URL_DYNAMODB: server.endpoint, ...localSdkEnvironment(context.region) },
      close,
    };
  },
};

/** The local DynamoDB of started services, or undefined when none of their workflows declares tables. */
export const localDynamoDb = (services: LocalServices): LocalDynamoDbService | undefined => services.services[dynamoDbProvider.name] as LocalDynamoDbService | undefined;
