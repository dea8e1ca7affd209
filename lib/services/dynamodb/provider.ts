/**
 * DynamoDB for every local run: dynalite (./dynalite.ts) in-process on 127.0.0.1 behind a front
 * whose endpoint handlers get at once (`AWS_ENDPOINT_URL_DYNAMODB`, with the dummy credentials);
 * dynalite itself starts when first needed: at once when a workflow declares `tables` (created
 * with their keys under the names the local render gives, `table('orders')` -> `orders`), else on
 * the first request or `dynamodb:*Item` Task (with `lazy`, as `sfn serve`, the declared tables
 * are created then too). The `dynamodb:*Item` integrations (optimized and AWS SDK) call it directly.
 */
// The AWS SDK client and the integration are loaded when dynalite starts, not with the providers
// (every local run loads those): a run that never touches DynamoDB never loads @aws-sdk/client-dynamodb.
import type { AttributeDefinition, DynamoDBClient, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import type { TableDeclaration, WorkflowDeclaration } from '../../workflow/declaration';
import type { Json, ResourceInvoker } from '../../engine/types';
import { LazyBackend, lazyFront } from '../http/lazy';
import { isDynamoDbItemAction } from './actions';
import { startDynalite, type LocalDynamoDb } from './dynalite';
import { standInProvider, type LocalServices, type StartedService } from '../provider';

export interface LocalDynamoDbService extends StartedService {
  /** `http://127.0.0.1:<port>` (the front: dynalite starts on the first request). */
  endpoint: string;
  /** Starts dynalite now (when not yet) with the declared tables; resolves with a client of it. */
  ready(): Promise<DynamoDBClient>;
  /** The tables declared, by name (created when dynalite starts). */
  tables: string[];
  /** Adds the tables of these workflows. */
  declare(workflows: readonly WorkflowDeclaration[]): Promise<void>;
}

/** The tables of these workflows, by local name (a name declared twice is created once, with the first declaration). */
function declaredTables(workflows: readonly WorkflowDeclaration[], into = new Map<string, TableDeclaration>()): Map<string, TableDeclaration> {
  for (const w of workflows) for (const [name, t] of Object.entries(w.tables ?? {})) if (!into.has(name)) into.set(name, t);
  return into;
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

export const dynamoDbProvider = standInProvider<LocalDynamoDbService>(
  'dynamodb',
  async (context) => {
    const tables = new Map<string, TableDeclaration>();
    const created = new Set<string>();
    const createTables = async (client: DynamoDBClient) => {
      for (const [name, t] of tables) if (!created.has(name)) await createTable(client, name, t).then(() => created.add(name));
    };
    const backend = new LazyBackend<LocalDynamoDb & { client: DynamoDBClient }>('DynamoDB', async () => {
      const { localDynamoDbClient } = await import('./integration');
      const server = await startDynalite();
      const client = localDynamoDbClient(server.endpoint, context.region);
      const close = async () => {
        client.destroy();
        await server.close();
      };
      await createTables(client).catch(async (e: unknown) => {
        await close();
        throw e;
      });
      return { endpoint: server.endpoint, client, close };
    });
    const front = await lazyFront(backend);
    const ready = async () => (await backend.start()).client;
    // The integration (and the AWS SDK) is loaded by the first DynamoDB Task.
    let invoker: ResourceInvoker | undefined;
    const invoke: ResourceInvoker = (request) =>
      isDynamoDbItemAction(request.resource) ? import('./integration').then((m) => (invoker ??= m.dynamoDbInvoker(ready))(request) as Promise<Json>) : undefined;
    const service: LocalDynamoDbService = {
      endpoint: front.endpoint,
      tables: [],
      ready,
      invokers: [invoke],
      functionEnvironment: { AWS_ENDPOINT_URL_DYNAMODB: front.endpoint },
      close: () => front.close(),
      async declare(workflows) {
        declaredTables(workflows, tables);
        service.tables = [...tables.keys()];
        // Declared tables are there when the run starts (with `lazy`, when DynamoDB is first used).
        if (backend.started || (!context.lazy && tables.size > created.size)) await createTables(await ready());
      },
    };
    return service;
  },
  (service, workflows) => service.declare(workflows),
);

/** The local DynamoDB of started services. */
export const localDynamoDb = (services: LocalServices): LocalDynamoDbService | undefined => services.services[dynamoDbProvider.name] as LocalDynamoDbService | undefined;
