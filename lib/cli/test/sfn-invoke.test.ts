/**
 * `sfn invoke FUNCTION`: one function with an event, in the environment a run of its workflow
 * gives it (the local counterpart of `sam local invoke`): the result (exit 0), the error document
 * as Lambda reports a thrown error (`{errorType, errorMessage, trace}`: AWS Lambda Developer Guide,
 * "Lambda function errors in Node.js"; exit 1), usage errors (exit 2). In the fixture project, and
 * in a temporary project whose function reads what its workflow declares (a queue it uses, an SSM
 * parameter with a local value, a variable) through the AWS SDK with no endpoint in its code.
 */
import { FIXTURE_PROJECT, projectWithoutWorkflows } from '../../test/fixture-project';
import { main } from '../sfn';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

async function sfn(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

test('the result of a function of the fixture project, with the event given inline', async () => {
  expect(await sfn(FIXTURE_PROJECT, 'invoke', 'greet', '--event', '{"name": "Ada"}')).toEqual({ code: 0, stdout: '{\n  "greeting": "Hello, Ada!"\n}\n', stderr: '' });
  expect(JSON.parse((await sfn(FIXTURE_PROJECT, 'invoke', 'greet')).stdout)).toEqual({ greeting: 'Hello, world!' });
});

test('a thrown error: its error document on stdout, a line on stderr, exit 1', async () => {
  const r = await sfn(FIXTURE_PROJECT, 'invoke', 'greet', '--event', '{"name": ""}');
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout)).toEqual({ errorType: 'InvalidInput', errorMessage: 'name: must be a non-empty string, got ""', trace: expect.arrayContaining([expect.stringMatching(/^InvalidInput: name: must be/)]) });
  expect(r.stderr).toBe('function greet failed: InvalidInput: name: must be a non-empty string, got ""\n');
});

test('usage errors: an unknown function (the functions listed), a workflow that does not declare it, a bad event', async () => {
  const unknown = await sfn(FIXTURE_PROJECT, 'invoke', 'gret');
  expect(unknown).toMatchObject({ code: 2, stdout: '' });
  expect(unknown.stderr).toBe('sfn: no function "gret": no workflow declares it and there is no functions/gret/src/index.ts; the functions are: fanout-batch, greet\n');
  expect((await sfn(FIXTURE_PROJECT, 'invoke', 'greet', '--workflow', 'fanout')).stderr).toBe('sfn: workflow "fanout" does not declare function "greet"; it is declared by greet\n');
  expect((await sfn(FIXTURE_PROJECT, 'invoke', 'greet', '--event', '{"name":')).code).toBe(2);
  expect((await sfn(FIXTURE_PROJECT, 'invoke', 'greet', '--event', '@missing.json')).stderr).toBe('sfn: --event: cannot read missing.json\n');
});

describe('the environment of a run of its workflow', () => {
  const project = projectWithoutWorkflows();
  afterAll(() => project.cleanup());

  test('the queue it uses, the parameter it reads (local value), its variables, the runtime variables; every other service refused', async () => {
    project.linkNodeModules();
    project.writeFile(
      'workflows/index.ts',
      `export const workflows = [() => ({
  name: 'orders',
  description: 'a function that uses a queue and reads a parameter',
  functions: { notify: { environment: { GREETING: 'hi' }, readsParameters: ['/orders/token'], uses: { JOBS: { binding: { kind: 'queue', name: 'jobs' }, actions: ['sqs:SendMessage'] } } } },
  bindings: {},
  queues: { jobs: {} },
  localValues: { parameters: { '/orders/token': 'local-token' } },
  sampleInput: {},
})];
export const components = [];
`,
    );
    project.writeFunction(
      'notify',
      `import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export const handler = async (event: { text: string }) => {
  const token = (await new SSMClient({}).send(new GetParameterCommand({ Name: '/orders/token', WithDecryption: true }))).Parameter?.Value;
  const sent = await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.JOBS, MessageBody: event.text }));
  const sts = await new STSClient({}).send(new GetCallerIdentityCommand({})).catch((e: Error) => e.name);
  return { token, md5: sent.MD5OfMessageBody, queue: process.env.JOBS, greeting: process.env.GREETING, name: process.env.AWS_LAMBDA_FUNCTION_NAME, sts };
};
`,
    );
    const r = await sfn(project.root, 'invoke', 'notify', '--event', '{"text": "hello"}');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      token: 'local-token',
      md5: '5d41402abc4b2a76b9719d911017c592',
      queue: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/123456789012\/jobs$/),
      greeting: 'hi',
      name: 'notify',
      sts: 'NoLocalStandIn',
    });
    expect(r.code).toBe(0);
    // The same event from a file.
    project.writeFile('event.json', '{"text": "hello"}');
    expect(JSON.parse((await sfn(project.root, 'invoke', 'notify', '--event', '@event.json')).stdout).md5).toBe('5d41402abc4b2a76b9719d911017c592');
  });
});
