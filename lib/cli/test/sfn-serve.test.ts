/** `sfn serve`: the endpoint with the project's workflows, its output, usage errors, and `--workers`. */
import { DescribeExecutionCommand, ListStateMachinesCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
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
    expect(text).toContain('state machine arn:aws:states:us-east-1:123456789012:stateMachine:transfer');
    expect(text).toContain('worker of     arn:aws:states:us-east-1:123456789012:activity:transfer (in-process)');
    expect(cli.err.join('')).toBe('');
    const names = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['greet', 'fanout', 'transfer']));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:transfer', input: '{"files":["a.csv","b.csv"]}' }));
    let d;
    for (let i = 0; i < 500 && (d = await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(d?.status).toBe('SUCCEEDED');
    expect(JSON.parse(d?.output as string)).toEqual({ transferredBy: 'local-transfer-worker', transferred: ['a.csv', 'b.csv'] });
  } finally {
    sfn.destroy();
    await server.close();
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
