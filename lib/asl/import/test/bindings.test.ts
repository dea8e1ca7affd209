/**
 * The declaration an import prints is real TypeScript for this project: it type-checks against
 * lib/workflow/declaration.ts (strict, no unused names) and, run, binds every placeholder to what
 * the project uses (fn, table, queue, topic, bus, bucket, stateMachine, activity, value).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import * as ts from 'typescript';
import { environments } from '../../../test/fixtures/project/config/environments';
import { loadEnvironments } from '../../../environments/environments';
import type { WorkflowDeclaration } from '../../../workflow/declaration';
import { bindingsOf, importExport } from '../index';

const fixtures = join(__dirname, 'fixtures');
const declaration = join(__dirname, '..', '..', '..', 'workflow', 'declaration');
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sfn-import-bindings-'));
  mkdirSync(join(tmp, 'workflows'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function declare(fixture: string, name: string): { source: string; workflow: WorkflowDeclaration } {
  const result = importExport(readFileSync(join(fixtures, fixture), 'utf8'), fixture, { target: `statemachine/${name}.asl.json` });
  const printed = bindingsOf(result, { name, hasFunction: () => false });
  const source = printed.replace("'../lib/workflow/declaration'", JSON.stringify(declaration));
  const file = join(tmp, 'workflows', `${name}.ts`);
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
  const out = join(tmp, `${name}.js`);
  buildSync({ entryPoints: [file], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(out) as Record<string, (env: unknown) => WorkflowDeclaration>;
  const env = loadEnvironments(environments).find((e) => e.name === 'dev');
  return { source: printed, workflow: Object.values(mod)[0](env) };
}

test('every kind of binding, with the resources declared', () => {
  const { source, workflow } = declare('distributed-map-s3.json', 'ingest');
  expect(source).toMatch(/^\/\/ workflows\/ingest\.ts/);
  expect(workflow.name).toBe('ingest');
  expect(workflow.bindings).toEqual({
    StagingDataBucketName: { kind: 'bucket', name: 'staging-data' },
    RawDataBucketName: { kind: 'bucket', name: 'raw-data' },
    ProcessObjectFunctionArn: { kind: 'function', name: 'process-object' },
    ResultsBucketName: { kind: 'bucket', name: 'results-bucket' },
    Region: { kind: 'value', value: 'eu-west-1' },
    AccountId: { kind: 'value', value: '123456789012' },
    // Inside a longer string a bucket binding would render its name: the ARN stays a value.
    ResultsBucketArn: { kind: 'value', value: 'arn:aws:s3:::results-bucket' },
  });
  expect(Object.keys(workflow.buckets ?? {})).toEqual(['staging-data', 'raw-data', 'results-bucket']);
  expect(workflow.functions).toEqual({ 'process-object': {} });
  expect(source).toContain("'process-object': {}, // functions/process-object/src/index.ts does not exist yet");
});

test('queues and topics (FIFO kept), tables with the key the export shows, buses, state machines, activities', () => {
  expect(declare('notify-sqs-sns.json', 'notify').workflow).toMatchObject({
    bindings: { OrdersQueueUrl: { kind: 'queue', name: 'orders' }, LedgerQueueUrl: { kind: 'queue', name: 'ledger' }, OrderAlertsTopicArn: { kind: 'topic', name: 'order-alerts' } },
    queues: { orders: {}, ledger: { fifo: true } },
    topics: { 'order-alerts': {} },
  });
  expect(declare('orders-dynamodb.json', 'orders').workflow.tables).toEqual({
    Orders: { partitionKey: { name: 'orderId', type: 'S' } },
    'order-audit': { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'at', type: 'N' } },
  });
  expect(declare('events.json', 'events').workflow).toMatchObject({ eventBuses: ['crm', 'partners'] });
  const nested = declare('nested-sfn.json', 'nested').workflow;
  expect(nested.bindings.ShippingStateMachineArn).toEqual({ kind: 'stateMachine', name: 'shipping' });
  expect(nested.activities).toEqual(['ManualApproval']);
});
