/**
 * The file-transfer example (the activities seed): its stack (the activity and the bucket created
 * with cdktf), and end to end on a local Step Functions endpoint (`sfn serve`'s server, started
 * here) with the real @aws-sdk/client-sfn: StartExecution, the TypeScript activity worker polling
 * the endpoint and moving the files in the local S3, the Lambda branch planning and checking the
 * transfer; a worker failure takes the Catch path. Also `sfn run file-transfer`.
 *
 * The endpoint runs on the virtual clock here, so the branch's Waits (5 s and 30 s) are instant;
 * the activity still waits for the worker in real time (see lib/engine/states/task/token-wait.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { workflowDeclaration } from '../index';
import { main } from '../lib/cli/sfn';
import { localSfnClient } from '../lib/local/activity-workers';
import { startProjectServer, type ProjectServer } from '../lib/local/project-server';
import { evaluateTerraformString, only, parsePolicy, resources, type Json } from '../modules/test/helpers';
import { FileTransferFailed, runWorker, transferFiles, waitForPlan } from '../workers/file-transfer/src';
import { workflowStackJson } from './workflow-stack-json';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const repo = `${__dirname}/..`;

describe('stack', () => {
  const { env, json } = workflowStackJson('file-transfer');

  test('the activity is created, and the definition runs it by its ARN', () => {
    const activity = only(json, 'aws_sfn_activity');
    expect(activity.r.name).toBe(`${env.namePrefix}-file-transfer-file-transfer`);
    const definition = JSON.parse(evaluateTerraformString(only(json, 'aws_sfn_state_machine').r.definition));
    const branch = definition.States.PrepareFileTransfer.Branches[0].States.InvokeFileTransferActivity;
    // Its ARN is the resource's id: hashicorp/aws 5.x has no `arn` attribute on aws_sfn_activity (6.x has both).
    expect(branch.Resource).toBe(`<ref:aws_sfn_activity.${activity.name}.id>`);
    expect(Object.keys(resources(json, 'aws_lambda_function')).length).toBe(2);
  });

  test("no role gets anything on the activity (the execution role may use it implicitly, as aws-cdk's StepFunctionsInvokeActivity notes); the Lambdas read the bucket", () => {
    const activityArn = `aws_sfn_activity.${only(json, 'aws_sfn_activity').name}`;
    const policies = Object.values(resources(json, 'aws_iam_role_policy')).map((p: Json) => parsePolicy(p.policy));
    expect(JSON.stringify(policies)).not.toContain(activityArn);
    const actions = policies.flatMap((p) => p.Statement.flatMap((st) => st.Action));
    // The master records its plan (s3:PutObject), the status check reads the outcome (s3:GetObject).
    expect(actions).toEqual(expect.arrayContaining(['s3:ListBucket', 's3:GetObject', 's3:PutObject']));
    expect(actions.filter((a) => a.startsWith('states:'))).toEqual([]);
  });
});

describe('on a local Step Functions endpoint, with the worker polling it', () => {
  let dataDir: string;
  let server: ProjectServer;
  let sfn: SFNClient;
  let s3: S3Client;
  let stopWorker: AbortController;
  let worker: Promise<void>;
  const outcomes: Array<{ ok: boolean; error?: string }> = [];
  const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:file-transfer';
  const activityArn = 'arn:aws:states:us-east-1:123456789012:activity:file-transfer';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'file-transfer-'));
    server = await startProjectServer([workflowDeclaration('file-transfer')], { projectRoot: repo, port: 0, dataDir, clock: 'virtual', pollMs: 1000 });
    sfn = localSfnClient(server.url);
    const env = server.services.functionEnvironment;
    s3 = new S3Client({ endpoint: env.AWS_ENDPOINT_URL_S3, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    stopWorker = new AbortController();
    worker = runWorker({ client: localSfnClient(server.url), activityArn, signal: stopWorker.signal, workerName: 'test-worker', environment: env, onTask: (o) => outcomes.push(o) });
  });

  afterAll(async () => {
    stopWorker?.abort();
    await worker;
    sfn?.destroy();
    s3?.destroy();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const keys = async (prefix: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: 'files', Prefix: prefix }))).Contents ?? []).map((o) => o.Key).sort();

  async function run(name: string) {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name, input: JSON.stringify({ sourcePrefix: 'raw', destinationPrefix: 'refined' }) }));
    for (let i = 0; i < 1000; i++) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') return { ...d, events: (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [] };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${name} did not end`);
  }

  test('SUCCEEDED: the worker moved the seeded .csv files, the Lambdas planned and checked the transfer', async () => {
    expect(await keys('raw/')).toEqual(['raw/README.txt', 'raw/customers.csv', 'raw/orders.csv']);
    const r = await run('first');
    expect(r.status).toBe('SUCCEEDED');
    const transferred = [
      { from: 'raw/customers.csv', to: 'refined/customers.csv' },
      { from: 'raw/orders.csv', to: 'refined/orders.csv' },
    ];
    expect(JSON.parse(r.output as string)).toEqual([
      { status: 'File Transfer Passed', transferred },
      { status: 'FileTransferWorkerCheckFileStatusPassed', planned: ['raw/customers.csv', 'raw/orders.csv'], checked: 'completed' },
    ]);
    // The plan the master recorded is what the worker carried out, whichever branch ran first.
    const plan = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: '_transfer/first.plan.json' }));
    expect(JSON.parse((await plan.Body?.transformToString()) as string)).toEqual({ sourcePrefix: 'raw', planned: ['raw/customers.csv', 'raw/orders.csv'] });
    expect(await keys('raw/')).toEqual(['raw/README.txt']);
    expect(await keys('refined/')).toEqual(['refined/customers.csv', 'refined/orders.csv']);
    const moved = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'refined/orders.csv' }));
    expect(await moved.Body?.transformToString()).toBe('order_id,amount\n1,10.50\n2,7.25\n');
    const started = r.events.find((e) => e.type === 'ActivityStarted');
    expect(started?.activityStartedEventDetails?.workerName).toBe('test-worker');
    expect(r.events.map((e) => e.type)).toEqual(expect.arrayContaining(['ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded', 'WaitStateEntered', 'LambdaFunctionSucceeded']));
  });

  test('a corrupt file makes the worker fail: the Catch goes to FileTransferFailed and nothing is moved', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'raw/late.csv', Body: 'id\n1\n' }));
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'raw/broken.csv', Body: new Uint8Array(0) }));
    const r = await run('second');
    expect(r).toMatchObject({ status: 'FAILED', error: 'FileTransferFailed', cause: 'File Transfer Failed' });
    const failed = r.events.find((e) => e.type === 'ActivityFailed');
    expect(failed?.activityFailedEventDetails).toMatchObject({ error: 'FileTransferFailed', cause: expect.stringContaining('raw/broken.csv is empty') });
    expect(r.events.some((e) => e.type === 'FailStateEntered' && e.stateEnteredEventDetails?.name === 'FileTransferFailed')).toBe(true);
    expect(await keys('raw/')).toEqual(['raw/README.txt', 'raw/broken.csv', 'raw/late.csv']);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
  });

  test("the worker moves exactly the master's plan, not what it finds under the prefix; no plan in time fails the task", async () => {
    for (const key of ['unit/a.csv', 'unit/b.csv']) await s3.send(new PutObjectCommand({ Bucket: 'files', Key: key, Body: 'x\n' }));
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: '_transfer/unit.plan.json', Body: JSON.stringify({ sourcePrefix: 'unit', planned: ['unit/a.csv'] }) }));
    const req = { bucket: 'files', sourcePrefix: 'unit', destinationPrefix: 'unit-done', executionName: 'unit' };
    const planned = await waitForPlan(s3, req, 1000);
    expect(planned).toEqual(['unit/a.csv']);
    expect(await transferFiles(s3, req, planned)).toEqual({ message: 'File Transfer Completed', transferred: [{ from: 'unit/a.csv', to: 'unit-done/a.csv' }] });
    expect(await keys('unit')).toEqual(['unit-done/a.csv', 'unit/b.csv']);
    const missing = waitForPlan(s3, { ...req, executionName: 'never-planned' }, 300);
    await expect(missing).rejects.toThrow(FileTransferFailed);
    await expect(missing).rejects.toThrow('no plan _transfer/never-planned.plan.json was recorded within 300 ms');
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: '_transfer/outside.plan.json', Body: JSON.stringify({ planned: ['refined/orders.csv'] }) }));
    await expect(waitForPlan(s3, { ...req, executionName: 'outside' }, 300)).rejects.toThrow('the plan _transfer/outside.plan.json must list keys under unit/');
  });
});

describe('sfn run file-transfer', () => {
  test('runs the worker in-process against an in-process endpoint: the sample input succeeds', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['run', 'file-transfer'], { cwd: repo, stdout: (t) => out.push(t), stderr: (t) => err.push(t), color: false });
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const transferred = [
      { from: 'raw/customers.csv', to: 'refined/customers.csv' },
      { from: 'raw/orders.csv', to: 'refined/orders.csv' },
    ];
    expect(JSON.parse(out.join(''))).toEqual([
      { status: 'File Transfer Passed', transferred },
      { status: 'FileTransferWorkerCheckFileStatusPassed', planned: ['raw/customers.csv', 'raw/orders.csv'], checked: 'completed' },
    ]);
  });
});
