/**
 * StartSyncExecution and TestState reached the way the unmodified SDK and AWS CLI send them: both
 * operations carry the endpoint host prefix `sync-` in the service model, so a client configured
 * with `http://localhost:8083` connects to `sync-localhost:8083` (aws/aws-sdk-js-v3 issue 3451,
 * aws/aws-cli issue 6898: the CLI has no setting to turn the prefix off). The endpoint answers on
 * any host name, so any of these works: the SDK's `disableHostPrefix: true`; a name for
 * `sync-<host>` (an /etc/hosts line `127.0.0.1 sync-localhost`, or the SDK's agent `lookup`); or,
 * for the AWS CLI, `HTTP_PROXY=http://127.0.0.1:<port>` (botocore then sends every request,
 * `sync-` host included, to the endpoint as a proxy request).
 */
import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';
import type { LookupFunction } from 'node:net';
import { CreateStateMachineCommand, SFNClient, StartSyncExecutionCommand, TestStateCommand } from '@aws-sdk/client-sfn';
import { localEndpoint } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/local';
const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:express-echo';
let endpoint: Awaited<ReturnType<typeof localEndpoint>>;

beforeAll(async () => {
  endpoint = await localEndpoint({ clock: 'virtual' });
  const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'echo.$': '$' }, End: true } } });
  await endpoint.sfn.send(new CreateStateMachineCommand({ name: 'express-echo', definition, roleArn: ROLE, type: 'EXPRESS' }));
});

afterAll(() => endpoint.close());

/** A raw request to the endpoint's socket: `path` may be absolute-form (a proxy request), `host` any name. */
function raw(path: string, host: string, operation: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: endpoint.server.port, path, method: 'POST', headers: { Host: host, 'X-Amz-Target': `AWSStepFunctions.${operation}`, 'Content-Type': 'application/x-amz-json-1.0' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode as number, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('a request for sync-<host> is answered (what a client sends once sync-localhost resolves to the endpoint)', async () => {
  const port = endpoint.server.port;
  const r = await raw('/', `sync-localhost:${port}`, 'StartSyncExecution', { stateMachineArn: ARN, input: '{"a":1}' });
  expect(r).toMatchObject({ status: 200, body: { status: 'SUCCEEDED', output: '{"echo":{"a":1}}' } });
  const proxied = await raw(`http://sync-localhost:${port}/`, `sync-localhost:${port}`, 'TestState', { definition: '{"Type":"Succeed"}', input: '{"b":2}' });
  expect(proxied).toMatchObject({ status: 200, body: { status: 'SUCCEEDED', output: '{"b":2}' } });
});

test('the SDK with its host prefix on, sync-localhost resolved by its agent (as an /etc/hosts line would)', async () => {
  const looked: string[] = [];
  const lookup = ((hostname: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    looked.push(hostname);
    if (options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
  }) as unknown as LookupFunction;
  const sfn = new SFNClient({
    endpoint: `http://localhost:${endpoint.server.port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { httpAgent: new Agent({ lookup }) },
  });
  try {
    const r = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: ARN, input: '{"c":3}' }));
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: '{"echo":{"c":3}}' });
    expect((await sfn.send(new TestStateCommand({ definition: '{"Type":"Pass","Result":1,"End":true}' }))).output).toBe('1');
    expect(looked).toContain('sync-localhost');
  } finally {
    sfn.destroy();
  }
});

/** The AWS CLI on PATH, if there is one (`aws --version`). */
const awsCli = new Promise<boolean>((resolve) => execFile('aws', ['--version'], (e) => resolve(e === null)));

function aws(args: string[]): Promise<Record<string, unknown>> {
  const port = endpoint.server.port;
  const env = { ...process.env, HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
  return new Promise((resolve, reject) =>
    execFile('aws', ['--endpoint-url', `http://localhost:${port}`, 'stepfunctions', ...args], { env, timeout: 30_000 }, (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(JSON.parse(stdout)))),
  );
}

test('the unmodified AWS CLI, with HTTP_PROXY set to the endpoint: start-sync-execution and test-state (skipped without an AWS CLI)', async () => {
  if (!(await awsCli)) return void console.warn('no AWS CLI on PATH: the AWS CLI test did not run');
  expect(await aws(['start-sync-execution', '--state-machine-arn', ARN, '--input', '{"d":4}'])).toMatchObject({ status: 'SUCCEEDED', output: '{"echo":{"d":4}}' });
  const t = await aws(['test-state', '--definition', '{"Type":"Pass","Parameters":{"x.$":"$.d"},"End":true}', '--input', '{"d":4}', '--inspection-level', 'DEBUG']);
  expect(t).toMatchObject({ status: 'SUCCEEDED', output: '{"x":4}', inspectionData: { afterParameters: '{"x":4}' } });
});
