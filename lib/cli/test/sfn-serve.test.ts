/**
 * `sfn serve`: the endpoint with the project's workflows, its output (the endpoints of every local
 * service), usage errors, `--workers`, and the stand-ins used by state machines created through the
 * API; its ARNs in the environment's region and account (the fixture's dev environment is
 * eu-west-1) or `--region` / `--account`; a Step Functions Local mock configuration (`--mocks`,
 * SFN_MOCK_CONFIG) run by `<arn>#<TestCase>` (developer guide, "Using mocked service integrations
 * for testing in Step Functions Local": "arn:aws:states:...:stateMachine:LambdaSQSIntegration#HappyPath").
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListStateMachinesCommand, SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { localSfnClient } from '../../local/activity-workers';
import { UsageError, type CliIo } from '../io';
import { FIXTURE_PROJECT } from '../../test/fixture-project';
import { startServe } from '../serve-command';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd: FIXTURE_PROJECT, stdout: (t) => out.push(t), stderr: (t) => err.push(t), color: false, out, err };
}

test('serves every workflow of the project (the fixture project); --workers runs the transfer worker against it', async () => {
  const cli = io();
  const server = await startServe(cli, { port: '0', workers: true, virtualTime: true });
  const sfn = localSfnClient(server.url);
  try {
    const text = cli.out.join('');
    expect(text).toContain(`Step Functions endpoint on ${server.url}`);
    expect(text).toContain('region eu-west-1, account 123456789012');
    expect(text).toContain('state machine arn:aws:states:eu-west-1:123456789012:stateMachine:transfer');
    expect(text).toContain('worker of     arn:aws:states:eu-west-1:123456789012:activity:transfer (in-process)');
    expect(cli.err.join('')).toBe('');
    const names = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['greet', 'fanout', 'transfer']));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:transfer', input: '{"files":["a.csv","b.csv"]}' }));
    const d = await ended(sfn, executionArn as string);
    expect(d?.status).toBe('SUCCEEDED');
    expect(JSON.parse(d?.output as string)).toEqual({ transferredBy: 'local-transfer-worker', transferred: ['a.csv', 'b.csv'] });
  } finally {
    sfn.destroy();
    await server.close();
  }
});

async function ended(sfn: SFNClient, executionArn: string) {
  let d;
  for (let i = 0; i < 500 && (d = await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 20));
  return d;
}

test('--region and --account: the ARNs the endpoint answers to; a test case of the mock configuration by <arn>#<TestCase>', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-serve-mocks-'));
  const mocks = join(dir, 'mocks.json');
  writeFileSync(mocks, JSON.stringify({ StateMachines: { greet: { TestCases: { Friendly: { Greet: 'Hi' } } } }, MockedResponses: { Hi: { '0': { Return: { Payload: { greeting: 'mocked hi' } } } } } }));
  const cli = io();
  const server = await startServe(cli, { port: '0', virtualTime: true, region: 'ap-south-1', account: '111122223333', mocks });
  const sfn = localSfnClient(server.url, 'ap-south-1');
  try {
    expect(cli.out.join('')).toContain('state machine arn:aws:states:ap-south-1:111122223333:stateMachine:greet');
    const arn = 'arn:aws:states:ap-south-1:111122223333:stateMachine:greet';
    const real = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"name":"Ada"}' }));
    expect(JSON.parse((await ended(sfn, real.executionArn as string))?.output as string)).toEqual({ greeting: 'Hello, Ada!' });
    const mocked = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Friendly`, input: '{"name":"Ada"}' }));
    expect(mocked.executionArn).toMatch(/^arn:aws:states:ap-south-1:111122223333:execution:greet:/);
    expect(JSON.parse((await ended(sfn, mocked.executionArn as string))?.output as string)).toEqual({ greeting: 'mocked hi' });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Missing` }))).rejects.toMatchObject({ name: 'InvalidName' });
  } finally {
    sfn.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SFN_MOCK_CONFIG names the mock configuration as for Step Functions Local; an invalid one is a usage error naming file, line and column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-serve-mocks-'));
  writeFileSync(join(dir, 'bad.json'), '{\n  "StateMachines": {},\n  "MockedResponses": { "R": { "0": { "Retrun": 1 } } }\n}\n');
  const before = process.env.SFN_MOCK_CONFIG;
  process.env.SFN_MOCK_CONFIG = join(dir, 'bad.json');
  try {
    await expect(startServe(io(), { port: '0' })).rejects.toThrow(/bad\.json:3:\d+: .*Retrun/);
    await expect(startServe(io(), { port: '0', region: 'moon-1' })).rejects.toThrow('--region must be an AWS region');
  } finally {
    if (before === undefined) delete process.env.SFN_MOCK_CONFIG;
    else process.env.SFN_MOCK_CONFIG = before;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a port in use and a bad port are usage errors', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as AddressInfo).port;
  try {
    await expect(startServe(io(), { port: String(port) })).rejects.toThrow(UsageError);
    await expect(startServe(io(), { port: 'eighty' })).rejects.toThrow('--port must be a port number');
  } finally {
    blocker.close();
  }
});

/** The value of `export NAME=...` in what `sfn serve` printed. */
const printed = (text: string, name: string) => new RegExp(`export ${name}=(\\S+)`).exec(text)?.[1] as string;

test('state machines created through the API use queues and tables created with the SDK at the printed endpoints: .waitForTaskToken on sqs:sendMessage end to end', async () => {
  const cli = io();
  const server = await startServe(cli, { port: '0' });
  const text = cli.out.join('');
  const settings = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const sqs = new SQSClient({ endpoint: printed(text, 'AWS_ENDPOINT_URL_SQS'), ...settings });
  const dynamodb = new DynamoDBClient({ endpoint: printed(text, 'AWS_ENDPOINT_URL_DYNAMODB'), ...settings });
  const sfn = localSfnClient(printed(text, 'AWS_ENDPOINT_URL_SFN'));
  try {
    expect(text).toMatch(/export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+ {3}# every other service: refused/);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'callbacks' }));
    // DynamoDB's server starts with this first request.
    await dynamodb.send(new CreateTableCommand({ TableName: 'orders', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }));
    const definition = {
      StartAt: 'Ask',
      States: {
        // AWS, "Wait for a Callback with Task Token": the token goes out in the message; the execution waits for SendTaskSuccess.
        Ask: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl, MessageBody: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } }, ResultPath: '$.approval', Next: 'Save' },
        Save: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 'orders', Item: { id: { 'S.$': '$.order' }, by: { 'S.$': '$.approval.by' } } }, ResultPath: null, End: true },
      },
    };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'approve', definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::123456789012:role/approve' }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"order": "o-7"}' }));
    // The worker: receives the message, answers the token, deletes the message.
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    const body = JSON.parse(Messages![0].Body!) as { token: string; order: string };
    expect(body.order).toBe('o-7');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: body.token, output: JSON.stringify({ by: 'worker' }) }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0].ReceiptHandle }));
    const d = await ended(sfn, executionArn as string);
    expect(d?.status).toBe('SUCCEEDED');
    expect(JSON.parse(d!.output!)).toEqual({ order: 'o-7', approval: { by: 'worker' } });
    expect((await dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { id: { S: 'o-7' } } }))).Item).toEqual({ id: { S: 'o-7' }, by: { S: 'worker' } });
  } finally {
    sqs.destroy();
    dynamodb.destroy();
    sfn.destroy();
    await server.close();
  }
});
