/**
 * A local run never reaches for AWS: a handler's AWS SDK clients, created with no endpoint in its
 * code (`new LambdaClient({})`), reach the local stand-ins through `AWS_ENDPOINT_URL_<SERVICE>`,
 * and every other service the endpoint of `AWS_ENDPOINT_URL` (the SDKs' global fallback: AWS SDKs
 * and Tools Reference Guide, "Service-specific endpoints"), which refuses at once (one attempt, no
 * retry) with a message naming the service and what would provide it; no host name is ever looked
 * up (every endpoint is 127.0.0.1), so no `getaddrinfo ENOTFOUND <service>.<region>.amazonaws.com` (a hook on node:dns sees only 127.0.0.1).
 */
import { runExecution } from '../../../engine';
import { queue, uses, type WorkflowDeclaration } from '../../../workflow/declaration';
import { tempProject } from '../../../../modules/test/helpers';
import { prepareLocalWorkflow } from '../../../local/project-workflow';
import { startLocalServices } from '../../../local/services';
import { localSqs } from '../../sqs/provider';
import { localUnsupportedServices } from '../provider';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const project = tempProject('sfn-refusals-');
afterAll(() => project.cleanup());

const workflow: WorkflowDeclaration = {
  name: 'caller',
  description: 'a handler calling AWS services with clients configured from the environment only',
  functions: { caller: { uses: { JOBS: uses(queue('jobs'), ['sqs:SendMessage']) } } },
  bindings: { Caller: { kind: 'function', name: 'caller' } },
  queues: { jobs: {} },
  sampleInput: {},
};

const HANDLER = `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const failure = async (call: () => Promise<unknown>) => {
  try {
    await call();
    return undefined;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { attempts?: number; httpStatusCode?: number } };
    return { name: err.name, message: err.message, attempts: err.$metadata?.attempts, status: err.$metadata?.httpStatusCode };
  }
};
export const handler = async () => ({
  lambda: await failure(() => new LambdaClient({}).send(new InvokeCommand({ FunctionName: 'other' }))),
  sts: await failure(() => new STSClient({}).send(new GetCallerIdentityCommand({}))),
  sqs: (await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.JOBS, MessageBody: 'hi' }))).MessageId,
});
`;

test('Lambda and STS are refused at once by name, SQS reaches the local queue, and no host name is looked up', async () => {
  project.linkNodeModules();
  project.writeFunction('caller', HANDLER);
  project.writeTemplate('caller', JSON.stringify({ StartAt: 'Call', States: { Call: { Type: 'Task', Resource: '${Caller}', End: true } } }));
  const looked: string[] = [];
  // The module object node:net resolves host names through (an ES import gives a read-only view of it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dns = require('node:dns') as { lookup: unknown };
  const lookup = dns.lookup;
  dns.lookup = (host: string, ...rest: unknown[]) => {
    looked.push(host);
    return (lookup as (...a: unknown[]) => unknown)(host, ...rest);
  };
  const services = await startLocalServices([workflow], { projectRoot: project.root });
  try {
    const local = prepareLocalWorkflow(workflow, { projectRoot: project.root, functionEnvironment: services.functionEnvironment });
    const r = await runExecution(local.definition, {}, { ...services.runOptions, functions: local.functions });
    expect(r.cause).toBeUndefined();
    const out = r.output as Record<string, { name: string; message: string; attempts: number; status: number }> & { sqs: string };
    expect(out.lambda).toEqual({
      name: 'NoLocalStandIn',
      message: expect.stringMatching(/^Lambda \(POST \/2015-03-31\/functions\/other\/invocations\) has no local stand-in: a local run stands in for DynamoDB, S3, SQS, SNS, EventBridge, Step Functions, SSM Parameter Store and Secrets Manager only, and never calls AWS\. A function of the project runs locally as a Task of its workflow \(bound with fn\(\) in the workflow's `bindings`\)/),
      attempts: 1,
      status: 400,
    });
    expect(out.sts).toEqual({ name: 'NoLocalStandIn', message: expect.stringMatching(/^STS \(GetCallerIdentity\) has no local stand-in: .* AWS_ENDPOINT_URL_STS/), attempts: 1, status: 400 });
    expect(localSqs(services)!.queues.get('jobs')!.messages.map((m) => m.MessageId)).toEqual([out.sqs]);
    expect(localUnsupportedServices(services)!.refused).toEqual([
      { service: 'Lambda', request: 'POST /2015-03-31/functions/other/invocations' },
      { service: 'STS', request: 'GetCallerIdentity' },
    ]);
    expect(await localUnsupportedServices(services)!.summary!()).toBe('Calls refused (no local stand-in): Lambda POST /2015-03-31/functions/other/invocations, STS GetCallerIdentity');
    // The hook sees every resolution (node resolves even an IP address through it): only 127.0.0.1, never *.amazonaws.com.
    expect([...new Set(looked)]).toEqual(['127.0.0.1']);
  } finally {
    dns.lookup = lookup;
    await services.close();
  }
});

test('the refusal speaks the protocol of the request: AWS JSON, Smithy RPC v2 CBOR, EC2 query, REST-XML', async () => {
  const services = await startLocalServices([], {});
  const endpoint = services.functionEnvironment.AWS_ENDPOINT_URL;
  const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  try {
    const json = await fetch(endpoint, { method: 'POST', headers: { authorization: auth('kms'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(json.headers.get('x-amzn-errortype')).toBe('NoLocalStandIn');
    expect((await json.json()) as unknown).toEqual({ __type: 'NoLocalStandIn', message: expect.stringMatching(/^KMS \(Encrypt\) has no local stand-in: .*the local SSM decrypts SecureString parameters WithDecryption/) });
    const cbor = Buffer.from(await (await fetch(endpoint, { method: 'POST', headers: { authorization: auth('monitoring'), 'smithy-protocol': 'rpc-v2-cbor' }, body: '' })).arrayBuffer());
    // A map of 2 (0xa2), first key the 6-character text "__type" (0x66).
    expect([cbor[0], cbor[1], cbor.subarray(2, 8).toString()]).toEqual([0xa2, 0x66, '__type']);
    expect(cbor.toString('utf8')).toContain('CloudWatch (POST /) has no local stand-in');
    const ec2 = await (await fetch(endpoint, { method: 'POST', headers: { authorization: auth('ec2'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeInstances&Version=2016-11-15' })).text();
    expect(ec2).toMatch(/^<Response><Errors><Error><Code>NoLocalStandIn<\/Code><Message>EC2 \(DescribeInstances\) has no local stand-in/);
    const xml = await (await fetch(`${endpoint}/distribution`, { headers: { authorization: auth('cloudfront') } })).text();
    expect(xml).toMatch(/^<Error><Code>NoLocalStandIn<\/Code><Message>cloudfront \(GET \/distribution\) has no local stand-in/);
  } finally {
    await services.close();
  }
});
