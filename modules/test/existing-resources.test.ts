/**
 * Existing resources (another stack's or account's) bound by ARN with the actions the state machine
 * may perform on them: rendered in the form each field needs (a topic's ARN in TopicArn, a queue's
 * URL in QueueUrl, a table's name in TableName, a function's ARN in FunctionName), granted exactly
 * the derived actions on exactly that ARN (no KMS, no resource created), refused when a task needs
 * more; locally stood in like declared resources. The actions a task needs are AWS's
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html); a
 * queue URL is `https://sqs.<region>.amazonaws.com/<account>/<name>` (SQS Developer Guide, "Queue and
 * message identifiers").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../lib/cli/sfn';
import { SourceError } from '../../lib/asl/problem';
import { existing, uses, type Workflow } from '../../lib/workflow/declaration';
import { fixtureApp, fixtureEnvironments } from '../../lib/test/fixture-project';
import { buildApp } from '../app';
import { parsePolicy, tempProject, type Json } from './helpers';

const ARNS = {
  topic: 'arn:aws:sns:eu-west-1:111122223333:alerts',
  queue: 'arn:aws:sqs:eu-west-1:111122223333:jobs',
  table: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders',
  fn: 'arn:aws:lambda:eu-west-1:111122223333:function:other',
};
const TEMPLATE = {
  StartAt: 'Notify',
  States: {
    Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: '${AlertsTopicArn}', Message: 'hi' }, ResultPath: '$.sns', Next: 'Enqueue' },
    Enqueue: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: '${JobsQueueUrl}', 'MessageBody.$': '$.order' }, ResultPath: '$.sqs', Next: 'Save' },
    Save: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: '${OrdersTable}', Item: { pk: { 'S.$': '$.order' } } }, ResultPath: '$.ddb', Next: 'Call' },
    Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: '${OtherFunctionArn}', Payload: { 'order.$': '$.order' } }, ResultSelector: { 'echo.$': '$.Payload.order' }, ResultPath: '$.call', End: true },
  },
};

const project = tempProject('sfn-existing-');
afterAll(() => project.cleanup());
beforeAll(() => {
  project.writeTemplate('notify', JSON.stringify(TEMPLATE, null, 2));
  project.writeFunction('saver', 'export const handler = async () => ({ table: process.env.ORDERS_TABLE });\n');
});

const notify =
  (topicActions = ['sns:Publish']): Workflow =>
  () => ({
    name: 'notify',
    description: 'notifies, enqueues, saves and calls, on resources of another stack',
    functions: { saver: { uses: { ORDERS_TABLE: uses(existing(ARNS.table, { actions: ['dynamodb:PutItem', 'dynamodb:GetItem'] }) as never, ['dynamodb:GetItem']) } } },
    bindings: {
      AlertsTopicArn: existing(ARNS.topic, { actions: topicActions }),
      JobsQueueUrl: existing(ARNS.queue, { actions: ['sqs:SendMessage'] }),
      OrdersTable: existing(ARNS.table, { actions: ['dynamodb:PutItem'], local: { partitionKey: { name: 'pk', type: 'S' } } }),
      OtherFunctionArn: existing(ARNS.fn, { actions: ['lambda:InvokeFunction'] }),
    },
    sampleInput: { order: 'o-1' },
  });

function synth(workflow: Workflow): Json {
  const outdir = fs.mkdtempSync(path.join(project.root, 'out-'));
  buildApp(fixtureApp({ outdir, projectRoot: project.root, workflows: [workflow] })).synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'notify-dev', 'cdk.tf.json'), 'utf8'));
}

describe('synth', () => {
  let json: Json;
  beforeAll(() => {
    json = synth(notify());
  });

  test('each field gets the form it needs, derived from the ARN', () => {
    const definition = JSON.parse(Object.values<Json>(json.resource.aws_sfn_state_machine)[0].definition);
    expect(definition.States.Notify.Parameters.TopicArn).toBe(ARNS.topic);
    expect(definition.States.Enqueue.Parameters.QueueUrl).toBe('https://sqs.eu-west-1.amazonaws.com/111122223333/jobs');
    expect(definition.States.Save.Parameters.TableName).toBe('orders');
    expect(definition.States.Call.Parameters.FunctionName).toBe(ARNS.fn);
  });

  test('the role gets the derived actions on exactly those ARNs, no KMS; the stack creates none of them', () => {
    const machine = Object.entries<Json>(json.resource.aws_iam_role_policy).find(([id]) => id.startsWith('workflow_'))![1];
    const statements = parsePolicy(machine.policy).Statement.filter((s) => s.Sid !== 'DeliverLogs');
    expect(statements.map(({ Action, Resource }) => ({ Action, Resource }))).toEqual([
      { Action: ['sns:Publish'], Resource: [ARNS.topic] },
      { Action: ['sqs:SendMessage'], Resource: [ARNS.queue] },
      { Action: ['dynamodb:PutItem'], Resource: [ARNS.table] },
      { Action: ['lambda:InvokeFunction'], Resource: [ARNS.fn, `${ARNS.fn}:*`] },
    ]);
    for (const type of ['aws_sns_topic', 'aws_sqs_queue', 'aws_dynamodb_table']) expect(json.resource[type]).toBeUndefined();
    // Only the logs' key: no data key, since the workflow owns no encrypted resource.
    expect(Object.keys(json.resource.aws_kms_key)).toEqual([expect.stringMatching(/^logging_key_/)]);
  });

  test("a function's uses of an existing resource: its name in the variable, the actions on its ARN", () => {
    const lambda = Object.values<Json>(json.resource.aws_lambda_function)[0];
    expect(lambda.environment.variables.ORDERS_TABLE).toBe('orders');
    const policies = Object.entries<Json>(json.resource.aws_iam_role_policy).filter(([id]) => id.startsWith('fn-saver')).map(([, p]) => p);
    expect(policies.flatMap((p) => parsePolicy(p.policy).Statement).filter((s) => String(s.Action).startsWith('dynamodb'))).toEqual([
      { Sid: 'UseORDERSTABLE', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [ARNS.table] },
    ]);
  });

  test('a task needing an action its existing(...) does not allow fails synth at the task, naming the state and the action', () => {
    let error: unknown;
    try {
      synth(notify(['sns:GetTopicAttributes']));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toBe(
      `statemachine/notify.asl.json:4:15: state "Notify" needs sns:Publish on \${AlertsTopicArn}, an existing SNS topic, which its existing(...) does not allow (sns:GetTopicAttributes): add 'sns:Publish' to its actions in the workflow's declaration`,
    );
  });
});

describe('locally', () => {
  beforeAll(() => {
    const decl = path.join(__dirname, '..', '..', 'lib', 'workflow', 'declaration');
    project.writeFile('config/environments.ts', `export const environments = ${JSON.stringify(fixtureEnvironments)};\n`);
    // The same declaration as `notify()` above, as a project's registry writes it.
    project.writeFile(
      'workflows/index.ts',
      `import { existing, uses } from ${JSON.stringify(decl)};
export const workflows = [() => ({
  name: 'notify',
  description: 'notifies, enqueues, saves and calls, on resources of another stack',
  functions: { saver: { uses: { ORDERS_TABLE: uses(existing('${ARNS.table}', { actions: ['dynamodb:PutItem', 'dynamodb:GetItem'] }), ['dynamodb:GetItem']) } } },
  bindings: {
    AlertsTopicArn: existing('${ARNS.topic}', { actions: ['sns:Publish'] }),
    JobsQueueUrl: existing('${ARNS.queue}', { actions: ['sqs:SendMessage'] }),
    OrdersTable: existing('${ARNS.table}', { actions: ['dynamodb:PutItem'], local: { partitionKey: { name: 'pk', type: 'S' } } }),
    OtherFunctionArn: existing('${ARNS.fn}', { actions: ['lambda:InvokeFunction'] }),
  },
  sampleInput: { order: 'o-1' },
})];
`,
    );
  });

  test('sfn run: every existing resource stood in like a declared one (no AWS host), the existing function answered with its event', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['run', 'notify', '--history'], { cwd: project.root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const { status, output } = JSON.parse(stdout);
    expect(status).toBe('SUCCEEDED');
    expect(output.sns.MessageId).toEqual(expect.any(String));
    expect(output.sqs.MD5OfMessageBody).toEqual(expect.any(String));
    expect(output.ddb.SdkHttpMetadata.HttpStatusCode).toBe(200);
    expect(output.call.echo).toBe('o-1');
  });
});
