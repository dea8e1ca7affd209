/**
 * A Lambda's role: its own log group, plus exactly what its handler's declared resources need
 * (`uses` in the workflow declaration), with the resource passed in an environment variable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildApp } from '../app';
import { bucket, fn, queue, table, uses, type Workflow } from '../../lib/workflow/declaration';
import { prepareLocalWorkflow } from '../../lib/local/project-workflow';
import { fixtureApp } from '../../lib/test/fixture-project';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-uses-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
beforeAll(() => {
  fs.mkdirSync(path.join(root, 'functions', 'saver', 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'functions', 'saver', 'src', 'index.ts'), 'export const handler = async () => ({ table: process.env.ORDERS_TABLE, queue: process.env.JOBS_QUEUE, archive: process.env.ARCHIVE });\n');
  fs.mkdirSync(path.join(root, 'statemachine'));
  fs.writeFileSync(
    path.join(root, 'statemachine', 'orders.asl.json'),
    JSON.stringify({ StartAt: 'Save', States: { Save: { Type: 'Task', Resource: '${Saver}', End: true } } }, null, 2),
  );
});

const orders =
  (functionUses: Record<string, ReturnType<typeof uses>>): Workflow =>
  () => ({
    name: 'orders',
    description: 'saves orders',
    functions: { saver: { uses: functionUses } },
    bindings: { Saver: fn('saver') },
    tables: { orders: { partitionKey: { name: 'id', type: 'S' } } },
    queues: { jobs: {} },
    buckets: { archive: {} },
    sampleInput: {},
  });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
function synth(workflow: Workflow): Json {
  const outdir = fs.mkdtempSync(path.join(root, 'out-'));
  buildApp(fixtureApp({ outdir, projectRoot: root, workflows: [workflow] })).synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'orders-dev', 'cdk.tf.json'), 'utf8'));
}

test('the role gets exactly the declared actions on the used resources, KMS through the service, and the variables name them', () => {
  const json = synth(orders({ ORDERS_TABLE: uses(table('orders'), ['dynamodb:PutItem', 'dynamodb:GetItem']), JOBS_QUEUE: uses(queue('jobs'), ['sqs:SendMessage']) }));
  const [fnId, lambda] = Object.entries(json.resource.aws_lambda_function)[0] as [string, Json];
  expect(lambda.environment.variables).toMatchObject({
    ORDERS_TABLE: expect.stringMatching(/^\$\{aws_dynamodb_table\.[^.]+\.name\}$/),
    JOBS_QUEUE: expect.stringMatching(/^\$\{aws_sqs_queue\.[^.]+\.url\}$/),
  });
  const policy = Object.values(json.resource.aws_iam_role_policy as Record<string, Json>).find((p) => String(p.role).includes(fnId.replace(/_function_.*/, '')))!;
  const statements = JSON.parse(policy.policy).Statement.map(({ Sid: _s, ...s }: Json) => s);
  expect(statements).toEqual([
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.arn\}:\*$/) },
    { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: expect.stringMatching(/^\$\{aws_dynamodb_table\..*\.arn\}$/) },
    {
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: expect.stringMatching(/^\$\{aws_kms_key\.data-key.*\.arn\}$/),
      Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
    },
    { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: expect.stringMatching(/^\$\{aws_sqs_queue\..*\.arn\}$/) },
    expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } } }),
  ]);
});

test('wildcard or malformed actions, and resources the workflow does not declare, fail synth with a message', () => {
  // The declaration's checks (lib/workflow/check.ts) catch them before any construct is built.
  expect(() => synth(orders({ T: uses(table('orders'), ['dynamodb:*']) }))).toThrow(
    'workflow "orders", field "functions.saver.uses.T.actions[0]": must be "service:Action", without wildcards',
  );
  expect(() => synth(orders({ T: uses(table('orders'), []) }))).toThrow('workflow "orders", field "functions.saver.uses.T.actions": name at least one action');
  expect(() => synth(orders({ T: uses(table('orders'), ['sqs:SendMessage']) }))).toThrow(
    'workflow "orders", field "functions.saver.uses.T.actions[0]": "sqs:SendMessage" is not an action of dynamodb, the service of a DynamoDB table',
  );
  expect(() => synth(orders({ T: uses(table('missing'), ['dynamodb:GetItem']) }))).toThrow(
    'workflow "orders", field "functions.saver.uses.T.binding.name": DynamoDB table "missing" is not declared in "tables"; declared: orders',
  );
});

test('locally, the variables hold the local names of the resources', async () => {
  const workflow = prepareLocalWorkflow(orders({ ORDERS_TABLE: uses(table('orders'), ['dynamodb:PutItem']), JOBS_QUEUE: uses(queue('jobs'), ['sqs:SendMessage']) })({} as never), { projectRoot: root });
  const out = await workflow.functions.saver.handler({}, {} as never);
  expect(out).toEqual({ table: 'orders', queue: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' });
});

test('uses(bucket(...)): bucket actions on the bucket ARN, object actions on `ARN/*`, KMS through S3, the variable holds the bucket name', () => {
  const json = synth(orders({ ARCHIVE: uses(bucket('archive'), ['s3:ListBucket', 's3:GetObject', 's3:PutObject']) }));
  const [fnId, lambda] = Object.entries(json.resource.aws_lambda_function)[0] as [string, Json];
  expect(lambda.environment.variables.ARCHIVE).toMatch(/^\$\{aws_s3_bucket\.[^.]+\.bucket\}$/);
  const policy = Object.values(json.resource.aws_iam_role_policy as Record<string, Json>).find((p) => String(p.role).includes(fnId.replace(/_function_.*/, '')))!;
  const statements = JSON.parse(policy.policy).Statement.map(({ Sid: _s, ...s }: Json) => s);
  expect(statements.slice(1)).toEqual([
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.[^.]+\.arn\}$/) },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.[^.]+\.arn\}\/\*$/) },
    {
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: expect.stringMatching(/^\$\{aws_kms_key\.data-key.*\.arn\}$/),
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    },
  ]);
  expect(() => synth(orders({ A: uses(bucket('archive'), ['s3:Whatever']) }))).toThrow(/cannot tell whether s3:Whatever applies to the bucket or to its objects/);
});

test('locally, a bucket variable holds the bucket name', async () => {
  const workflow = prepareLocalWorkflow(orders({ ARCHIVE: uses(bucket('archive'), ['s3:GetObject']) })({} as never), { projectRoot: root });
  expect(await workflow.functions.saver.handler({}, {} as never)).toMatchObject({ archive: 'archive' });
});
