/**
 * `sfn serve`: the endpoint with the project's workflows, its output, usage errors, and
 * `--workers`; its ARNs in the environment's region and account (the fixture's dev environment is
 * eu-west-1) or `--region` / `--account`; a Step Functions Local mock configuration (`--mocks`,
 * SFN_MOCK_CONFIG) run by `<arn>#<TestCase>` (developer guide, "Using mocked service integrations
 * for testing in Step Functions Local": "arn:aws:states:...:stateMachine:LambdaSQSIntegration#HappyPath").
 */
import { DescribeExecutionCommand, ListStateMachinesCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
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
