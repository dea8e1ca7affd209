/**
 * The message-pipeline example (DynamoDB / SQS / SNS service integrations): its stack (a
 * KMS-encrypted table, queue and topic, a schedule trigger, a state machine allowed exactly its
 * tasks' actions on exactly those resources), and local runs against a real DynamoDB
 * (dynalite on 127.0.0.1) and the recording SQS / SNS sinks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { localDynamoDb, localMessaging, runWorkflow, startWorkflowServices, type LocalServices, type ResourceInvoker } from '../index';
import { main } from '../lib/cli/sfn';
import { localDynamoDbClient } from '../lib/services/dynamodb/integration';
import { evaluateTerraformString, find, only, parsePolicy, ref, resources, type Json } from '../modules/test/helpers';
import { workflowStackJson } from './workflow-stack-json';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const repo = `${__dirname}/..`;
const entered = (events: HistoryEvent[]) => events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);

describe('stack', () => {
  const { env, json } = workflowStackJson('message-pipeline');
  const prefix = `${env.namePrefix}-message-pipeline`;

  test('a table, a queue and a topic, each encrypted with the workflow key', () => {
    const keyArn = ref('aws_kms_key', 'data-key', 'arn');
    expect(resources(json, 'aws_kms_key')['data-key'].enable_key_rotation).toBe(true);
    const table = only(json, 'aws_dynamodb_table').r;
    expect(table).toMatchObject({ name: `${prefix}-message`, hash_key: 'messageId', attribute: [{ name: 'messageId', type: 'S' }] });
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: keyArn });
    expect(resources(json, 'aws_sqs_queue')['queue-team-c']).toMatchObject({ name: `${prefix}-team-c`, kms_master_key_id: keyArn });
    expect(only(json, 'aws_sns_topic').r).toMatchObject({ name: `${prefix}-team-a`, kms_master_key_id: keyArn });
  });

  test('a daily schedule starts the state machine', () => {
    const rule = only(json, 'aws_cloudwatch_event_rule').r;
    expect(rule.schedule_expression).toBe('rate(1 day)');
    const target = only(json, 'aws_cloudwatch_event_target').r;
    expect(target.arn).toBe(ref('aws_sfn_state_machine', only(json, 'aws_sfn_state_machine').name, 'arn'));
    expect(JSON.parse(target.input)).toEqual({ messageText: 'daily complex task' });
  });

  test('the rendered definition names the table, the queue URL and the topic ARN', () => {
    const definition = JSON.parse(evaluateTerraformString(only(json, 'aws_sfn_state_machine').r.definition));
    const s = definition.States;
    expect(s.InsertRecord.Parameters.TableName).toBe(`<ref:aws_dynamodb_table.${only(json, 'aws_dynamodb_table').name}.name>`);
    expect(s.UpdateTableEntry.Parameters.TableName).toBe(s.InsertRecord.Parameters.TableName);
    expect(s.InformOtherQueue.Parameters.QueueUrl).toBe('<ref:aws_sqs_queue.queue-team-c.url>');
    expect(s.SendSNS.Parameters.TopicArn).toBe(`<ref:aws_sns_topic.${only(json, 'aws_sns_topic').name}.arn>`);
  });

  test('the state machine may put and update items of its table, send to its queue, publish to its topic, and nothing else', () => {
    const sm = only(json, 'aws_sfn_state_machine').r;
    const roleName = Object.keys(resources(json, 'aws_iam_role')).find((n) => sm.role_arn === ref('aws_iam_role', n, 'arn'))!;
    const policy = find(json, 'aws_iam_role_policy', (p) => p.role === ref('aws_iam_role', roleName, 'id') || p.role === ref('aws_iam_role', roleName, 'name'));
    const statements = parsePolicy(policy.r.policy).Statement.map(({ Sid: _sid, ...s }) => s);
    const key = ref('aws_kms_key', 'data-key', 'arn');
    const viaService = (service: string) => ({ StringEquals: { 'kms:ViaService': `${service}.${env.region}.amazonaws.com` } });
    const tableArn = ref('aws_dynamodb_table', 'table-message', 'arn');
    const resourceStatements = statements.filter((s) => !s.Action.some((a) => a.startsWith('logs:')));
    expect(resourceStatements).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [tableArn] },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [key], Condition: viaService('dynamodb') },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [ref('aws_sqs_queue', 'queue-team-c', 'arn')] },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [key], Condition: viaService('sqs') },
      { Effect: 'Allow', Action: ['sns:Publish'], Resource: [ref('aws_sns_topic', 'topic-team-a', 'arn')] },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [key], Condition: viaService('sns') },
      { Effect: 'Allow', Action: ['dynamodb:UpdateItem'], Resource: [tableArn] },
    ]);
    // The rest is log delivery, which AWS only grants on "*".
    expect(statements.filter((s) => !resourceStatements.includes(s)).every((s) => s.Resource.length === 1 && s.Resource[0] === '*' && s.Action.every((a) => a.startsWith('logs:')))).toBe(true);
  });
});

describe('local runs', () => {
  let services: LocalServices;
  beforeAll(async () => {
    services = await startWorkflowServices(['message-pipeline'], { projectRoot: repo });
  });
  afterAll(() => services.close());

  const item = async (messageId: string) => {
    const client = localDynamoDbClient(localDynamoDb(services)!.endpoint);
    try {
      return (await client.send(new GetItemCommand({ TableName: 'message', Key: { messageId: { S: messageId } }, ConsistentRead: true }))).Item;
    } finally {
      client.destroy();
    }
  };
  const messagesOf = (runId: string) => ({
    queue: localMessaging(services)!.queues.get('team-c')!.messages.filter((m) => m.MessageBody.includes(runId)),
    topic: localMessaging(services)!.topics.get('team-a')!.messages.filter((m) => m.Message.includes(runId)),
  });

  test('succeeds, leaves the item RECORD_PROCESSED in DynamoDB, and the queue and topic hold the messages', async () => {
    const r = await runWorkflow('message-pipeline', { messageText: 'Hello' }, { projectRoot: repo, services, executionName: 'Message3' });
    expect(r.status).toBe('SUCCEEDED');
    expect(entered(r.events)).toEqual(['ComplexTask', 'InsertRecord', 'InformOtherQueue', 'WaitSometime', 'SendSNS', 'UpdateTableEntry']);
    expect(await item('Message3')).toEqual({
      messageId: { S: 'Message3' },
      messageText: { S: 'Hello' },
      receivedAt: { S: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      status: { S: 'RECORD_PROCESSED' },
    });
    const { queue, topic } = messagesOf('Message3');
    expect(queue.map((m) => m.MessageBody)).toEqual(['{"Input":"Message3"}']);
    expect(topic.map((m) => m.Message)).toEqual(['{"Input":"Message3"}']);
    const out = r.output as Record<string, Json>;
    // As the seed's run on AWS recorded them: PutItem answers {} without ReturnValues, this very MD5
    // for this body, and each optimized integration adds the SDK's HTTP metadata (its body's length).
    const metadata = (contentType: string, length: string) => ({
      SdkHttpMetadata: { AllHttpHeaders: expect.any(Object), HttpHeaders: expect.objectContaining({ 'Content-Type': contentType, 'Content-Length': length }), HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(out.DynamoDB).toEqual(metadata('application/x-amz-json-1.0', '2'));
    // SQS has answered in its JSON protocol since the seed's run (its query XML was 378 bytes): 106 bytes,
    // as LocalStack's AWS-recorded test_sqs_task_service snapshot (18-04-2024) has it.
    expect(out.SQS).toEqual({ MD5OfMessageBody: '21ee0cdd2aec4288d4b9c0e48c1b9c83', MessageId: queue[0].MessageId, ...metadata('application/x-amz-json-1.0', '106') });
    expect(out.SNS).toEqual({ MessageId: topic[0].MessageId, ...metadata('text/xml', '294') });
    expect(out.TblUpdate).toEqual({ Attributes: { status: { S: 'RECORD_PROCESSED' } }, ...metadata('application/x-amz-json-1.0', '50') });
  });

  test('the same message twice: the conditional put fails with DynamoDB.ConditionalCheckFailedException and the run ends in GracefulFail', async () => {
    expect((await runWorkflow('message-pipeline', { messageText: 'first' }, { projectRoot: repo, services, executionName: 'Twice' })).status).toBe('SUCCEEDED');
    const r = await runWorkflow('message-pipeline', { messageText: 'second' }, { projectRoot: repo, services, executionName: 'Twice' });
    expect(r.status).toBe('SUCCEEDED');
    expect(entered(r.events)).toEqual(['ComplexTask', 'InsertRecord', 'GracefulFail']);
    const error = (r.output as Record<string, Record<string, string>>).error;
    expect(error.Error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(error.Cause).toMatch(/^The conditional request failed \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: [\w-]+; Proxy: null\)$/);
    // The first run's item is untouched and nothing more was sent.
    expect((await item('Twice'))?.messageText).toEqual({ S: 'first' });
    expect(messagesOf('Twice').queue).toHaveLength(1);
  });

  test('a mocked SNS failure (AWS Step Functions Local mock file format) ends in GracefulFail with the item left RECORD_ADDED', async () => {
    const config = {
      StateMachines: { 'message-pipeline': { TestCases: { SnsDown: { SendSNS: 'SnsThrottled' } } } },
      MockedResponses: { SnsThrottled: { '0': { Throw: { Error: 'SNS.ThrottledException', Cause: 'Rate exceeded' } } } },
    };
    const r = await runWorkflow('message-pipeline', { messageText: 'Hi' }, { projectRoot: repo, services, executionName: 'SnsDown', mocks: { config, testCase: 'SnsDown' } });
    expect(r.status).toBe('SUCCEEDED');
    expect(entered(r.events)).toEqual(['ComplexTask', 'InsertRecord', 'InformOtherQueue', 'WaitSometime', 'SendSNS', 'GracefulFail']);
    expect((r.output as Record<string, Json>).error).toEqual({ Error: 'SNS.ThrottledException', Cause: 'Rate exceeded' });
    expect((await item('SnsDown'))?.status).toEqual({ S: 'RECORD_ADDED' });
    expect(messagesOf('SnsDown')).toEqual({ queue: [expect.objectContaining({ MessageBody: '{"Input":"SnsDown"}' })], topic: [] });
  });
});

test('a DynamoDB stopped mid-run: UpdateTableEntry fails with DynamoDB.SdkClientException, caught to GracefulFail; what was sent stays recorded', async () => {
  const own = await startWorkflowServices(['message-pipeline'], { projectRoot: repo });
  try {
    // Stops the local DynamoDB when SendSNS starts (this invoker takes no resource: it only watches).
    const stopBeforeSns: ResourceInvoker = ({ stateName }) => {
      if (stateName === 'SendSNS') void localDynamoDb(own)!.close();
      return undefined;
    };
    const r = await runWorkflow('message-pipeline', { messageText: 'Hi' }, { projectRoot: repo, services: own, executionName: 'Stopped', resources: [stopBeforeSns] });
    expect(r.status).toBe('SUCCEEDED');
    expect(entered(r.events)).toEqual(['ComplexTask', 'InsertRecord', 'InformOtherQueue', 'WaitSometime', 'SendSNS', 'UpdateTableEntry', 'GracefulFail']);
    expect((r.output as Record<string, Record<string, string>>).error).toEqual({ Error: 'DynamoDB.SdkClientException', Cause: expect.stringMatching(/^Unable to execute HTTP request: /) });
    const messaging = localMessaging(own)!;
    expect(messaging.queues.get('team-c')!.messages).toHaveLength(1);
    expect(messaging.topics.get('team-a')!.messages).toHaveLength(1);
  } finally {
    await own.close();
  }
});

describe('sfn run message-pipeline', () => {
  let tmp: string;
  beforeAll(() => (tmp = mkdtempSync(join(tmpdir(), 'message-pipeline-'))));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  async function sfn(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { cwd: repo, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
    return { code, stdout, stderr };
  }

  test('runs with a local DynamoDB and message sinks, started for the run', async () => {
    const r = await sfn('run', 'message-pipeline');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ messageText: 'Hello', TblUpdate: { Attributes: { status: { S: 'RECORD_PROCESSED' } } } });
  });

  test('--mocks with a test case of the workflow (the state machine is the workflow name)', async () => {
    const file = join(tmp, 'MockConfigFile.json');
    writeFileSync(
      file,
      JSON.stringify({
        StateMachines: { 'message-pipeline': { TestCases: { QueueDown: { InformOtherQueue: 'QueueDown' } } } },
        MockedResponses: { QueueDown: { '0': { Throw: { Error: 'SQS.AmazonSQSException', Cause: 'Access denied' } } } },
      }),
    );
    const r = await sfn('run', 'message-pipeline', '--mocks', file, '--test-case', 'QueueDown', '--history');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output.error).toEqual({ Error: 'SQS.AmazonSQSException', Cause: 'Access denied' });
    expect(entered(out.events)).toEqual(['ComplexTask', 'InsertRecord', 'InformOtherQueue', 'GracefulFail']);
  });
});
