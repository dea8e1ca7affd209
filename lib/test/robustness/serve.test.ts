/**
 * The local Step Functions endpoint under abuse: malformed requests, JSON nested tens of thousands
 * deep (as a body, an execution input, a definition), malformed role ARNs, handlers that end the
 * process, bodies that arrive slowly, a port already in use. Every request gets an AWS-shaped
 * answer (never a 500 nor a hang), and the server still answers afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changes, CliRunner, expectAllClean, expectClean, httpRequest, judge, judgeHttp, makeProject, REPO, snapshot, type HttpOutcome, type Judgement } from './harness';
import { startSfnServer } from '../../serve/server';

jest.setTimeout(90_000);

const SUITE = 'sfn serve';
const ROLE = 'arn:aws:iam::123456789012:role/local';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:';
const PASS = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

let cwd: string;
let serve: ChildProcess;
let url: string;
let serveOutput = '';

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'sfn-robust-serve-'));
  makeProject(cwd);
  serve = spawn(process.execPath, [join(REPO, 'bin', 'sfn.js'), 'serve', '--port', '0', '--virtual-time'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  serve.stderr?.on('data', (d: Buffer) => (serveOutput += d.toString()));
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /endpoint on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    serve.once('exit', (code) => reject(new Error(`sfn serve ended (${code}): ${out}${serveOutput}`)));
  });
});
afterAll(() => {
  serve?.kill('SIGINT');
  rmSync(cwd, { recursive: true, force: true });
});

const call = (target: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  httpRequest(url, { headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${target}`, ...headers }, body });

async function stillAnswers(): Promise<[string, Judgement]> {
  const o = await call('ListStateMachines', '{}');
  return ['the server still answers', judgeHttp(o, { status: 200, mentions: ['greet'] })];
}

describe('malformed requests: HTTP 400 with an AWS error code', () => {
  // Every row has all five members: jest takes a missing last one as the test's `done` callback.
  test.each<[string, () => Promise<HttpOutcome>, number, string, Array<string | RegExp>]>([
    ['GET', () => httpRequest(url, { method: 'GET' }), 400, 'UnknownOperationException', []],
    ['no X-Amz-Target', () => httpRequest(url, { body: '{}' }), 400, 'UnknownOperationException', []],
    ['an unknown operation', () => call('Bogus', '{}'), 400, 'UnknownOperationException', []],
    ['a body that is not JSON', () => call('ListStateMachines', '{bad'), 400, 'SerializationException', []],
    ['a JSON array body', () => call('ListStateMachines', '[]'), 400, 'SerializationException', []],
    ['a body nested 100,000 deep', () => call('ListStateMachines', `{"a": ${deep(100_000)}}`), 400, 'SerializationException', [/nest/i]],
    ['invalid UTF-8 in the body', () => call('ListStateMachines', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), 400, 'SerializationException', []],
    ['StartExecution input nested 100,000 deep', () => call('StartExecution', JSON.stringify({ stateMachineArn: `${MACHINE}greet`, input: `{"a": ${deep(100_000)}}` })), 400, 'InvalidExecutionInput', [/nest/i]],
    ['StartExecution input nested 5,000 deep', () => call('StartExecution', JSON.stringify({ stateMachineArn: `${MACHINE}greet`, input: `{"a": ${deep(5_000)}}` })), 400, 'InvalidExecutionInput', [/nest/i]],
    ['CreateStateMachine definition nested 100,000 deep', () => call('CreateStateMachine', JSON.stringify({ name: 'deep1', roleArn: ROLE, definition: `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": ${deep(100_000)}, "End": true}}}` })), 400, 'InvalidDefinition', [/nest/i]],
    ['CreateStateMachine definition nested 5,000 deep', () => call('CreateStateMachine', JSON.stringify({ name: 'deep2', roleArn: ROLE, definition: `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": ${deep(5_000)}, "End": true}}}` })), 400, 'InvalidDefinition', [/nest/i]],
    ['ValidateStateMachineDefinition of a definition nested 100,000 deep', () => call('ValidateStateMachineDefinition', JSON.stringify({ definition: `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": ${deep(100_000)}, "End": true}}}` })), 200, 'FAIL', [/nest/i]],
    ['a name with a NUL', () => call('CreateStateMachine', JSON.stringify({ name: 'a\u0000b', roleArn: ROLE, definition: PASS })), 400, 'InvalidName', []],
    ...['', 'not-an-arn', 'arn:aws:iam::123456789012:user/someone', 'arn:aws:s3:::bucket', 'arn:aws:iam::12:role/short-account', 'arn:aws:iam::123456789012:role/'].map(
      (roleArn, i): [string, () => Promise<HttpOutcome>, number, string, Array<string | RegExp>] => [`CreateStateMachine with roleArn ${JSON.stringify(roleArn)}`, () => call('CreateStateMachine', JSON.stringify({ name: `role${i}`, roleArn, definition: PASS })), 400, roleArn === '' ? 'ValidationException' : 'InvalidArn', [roleArn || 'roleArn']],
    ),
  ])('%s', async (name, send, status, code, mentions) => {
    expectClean(SUITE, name, judgeHttp(await send(), { status, code, mentions }));
  });

  afterAll(async () => expectAllClean(SUITE, [await stillAnswers()]));
});

describe('executions whose handlers end the process or lose a rejection fail; the server goes on', () => {
  test.each([
    ['quit', 'Runtime.ExitError'],
    ['reject', 'Runtime.UnhandledPromiseRejection'],
  ])('%s: FAILED with %s', async (workflow, error) => {
    const started = await call('StartExecution', JSON.stringify({ stateMachineArn: `${MACHINE}${workflow}` }));
    const executionArn = (JSON.parse(started.body) as { executionArn?: string }).executionArn ?? '';
    let described: HttpOutcome = started;
    for (let i = 0; i < 200; i++) {
      described = await call('DescribeExecution', JSON.stringify({ executionArn }));
      if (described.hung || described.status !== 200 || !described.body.includes('"RUNNING"')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expectAllClean(SUITE, [[`StartExecution of ${workflow}`, judgeHttp(described, { status: 200, mentions: ['"FAILED"', error] })], await stillAnswers()]);
  });
});

describe('bodies that arrive slowly are cut off', () => {
  test('20 connections sending a byte now and then: each cut, the server still answers the others', async () => {
    const server = await startSfnServer({ port: 0, requestTimeoutMs: 1_000 });
    const sockets: Socket[] = [];
    try {
      const cut = await Promise.all(
        Array.from({ length: 20 }, () =>
          new Promise<boolean>((resolve) => {
            const s = connect(server.port, '127.0.0.1');
            sockets.push(s);
            const timer = setInterval(() => s.writable && s.write('{'), 300);
            const budget = setTimeout(() => resolve(false), 8_000);
            s.on('connect', () => s.write('POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\nContent-Length: 100000\r\n\r\n'));
            s.on('close', () => {
              clearInterval(timer);
              clearTimeout(budget);
              resolve(true);
            });
            s.on('error', () => undefined);
          }),
        ),
      );
      const fine = await httpRequest(server.url, { headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, body: '{}' });
      const verdict = cut.every(Boolean) ? judgeHttp(fine, { status: 200 }) : { verdict: 'hang' as const, problems: [`${cut.filter((c) => !c).length} of 20 slow connections still open after 8 s`] };
      expectClean(SUITE, 'slow bodies (20 connections)', verdict);
    } finally {
      for (const s of sockets) s.destroy();
      await server.close();
    }
  });
});

describe('a port already in use', () => {
  test('is reported before any local service starts: exit 2, the port named, nothing started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-robust-port-'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as AddressInfo).port);
    const cli = new CliRunner(30_000);
    try {
      makeProject(dir, { serviceMarker: true });
      const before = snapshot(dir);
      const o = await cli.run(['serve', '--port', port], dir);
      expectClean(SUITE, 'serve --port <in use>', judge(o, { code: 2, mentions: [port] }, changes(before, snapshot(dir))));
    } finally {
      cli.close();
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
