/**
 * The security controls of SECURITY.md (security-controls.ts) on the toolkit's own fixtures: every
 * stack of every environment of the fixture project, plus a fixture workflow that declares a
 * table, a queue, a topic and a bucket, so that the data-store checks are never vacuous.
 */
import { buildApp } from '../app';
import { fixtureApp, fixtureEnvironments, fixtureWorkflows } from '../../lib/test/fixture-project';
import { bucket, fn, queue, table, topic, type Workflow } from '../../lib/workflow/declaration';
import { ECHO_HANDLER, Json, parsePolicy, resources, stackJson, synthesizeStacks, tempProject, type TempProject } from './helpers';
import { resourcesOfStacks, securityControls } from './security-controls';

let project: TempProject;
let stacks: Record<string, Json> = {};
const ENVIRONMENTS = Object.keys(fixtureEnvironments);

const FIXTURE_TEMPLATE = JSON.stringify({
  StartAt: 'Save',
  States: {
    Save: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: '${Orders}', Item: { id: { 'S.$': '$.id' } } }, Next: 'Queue' },
    Queue: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: '${Jobs}', 'MessageBody.$': '$' }, Next: 'Tell' },
    Tell: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: '${Alerts}', 'Message.$': '$' }, Next: 'Work' },
    Work: { Type: 'Task', Resource: '${Worker}', Next: 'Archive' },
    Archive: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:putObject', Parameters: { Bucket: '${Archive}', Key: 'orders/latest.json', 'Body.$': '$' }, End: true },
  },
});
const fixture: Workflow = () => ({
  name: 'orders',
  description: 'fixture: a table, a queue, a topic and a bucket',
  functions: { worker: {} },
  tables: { orders: { partitionKey: { name: 'id', type: 'S' } } },
  queues: { jobs: {} },
  topics: { alerts: {} },
  buckets: { archive: {} },
  bindings: { Orders: table('orders'), Jobs: queue('jobs'), Alerts: topic('alerts'), Worker: fn('worker'), Archive: bucket('archive') },
  sampleInput: {},
});

beforeAll(() => {
  stacks = stackJson(synthesizeStacks((outdir) => buildApp(fixtureApp({ outdir }))));
  project = tempProject();
  project.writeFunction('worker', ECHO_HANDLER);
  project.writeTemplate('orders', FIXTURE_TEMPLATE);
  const orders = synthesizeStacks((outdir) => buildApp(fixtureApp({ outdir, projectRoot: project.root, workflows: [fixture] })));
  for (const [name, s] of Object.entries(orders)) if (!name.startsWith('backend-')) stacks[`fixture:${name}`] = s.json;
});
afterAll(() => project?.cleanup());

test('the lint sees every environment, the fixture project\'s workflows and the orders fixture', () => {
  expect(Object.keys(stacks).sort()).toEqual(
    ENVIRONMENTS.flatMap((env) => [`backend-${env}`, ...['greet', 'fanout', 'transfer'].map((w) => `${w}-${env}`), `fixture:orders-${env}`]).sort(),
  );
});

securityControls(() => stacks, { environments: ENVIRONMENTS, stateMachines: (fixtureWorkflows.length + 1) * ENVIRONMENTS.length });

describe('the orders fixture', () => {
  test('the lint sees the workflow bucket', () => {
    expect(resourcesOfStacks(stacks, 'aws_s3_bucket').filter(({ stack }) => stack.startsWith('fixture:')).length).toBe(2);
  });

  test('the state machine may put exactly the object it writes, with the key through S3', () => {
    const policy = Object.values<Json>(resources(stacks['fixture:orders-dev'], 'aws_iam_role_policy')).map((p) => parsePolicy(p.policy)).find((p) => p.Statement.some((st) => st.Action.includes('s3:PutObject')))!;
    expect(policy.Statement.find((st) => st.Action.includes('s3:PutObject'))!.Resource).toEqual([expect.stringMatching(/^\$\{aws_s3_bucket\.[^.]+\.arn\}\/orders\/latest\.json$/)]);
    expect(policy.Statement.find((st) => st.Condition?.StringEquals?.['kms:ViaService'] === 's3.eu-west-1.amazonaws.com')!.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
  });
});
