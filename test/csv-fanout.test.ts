/**
 * The csv-fanout example (Distributed Map over S3): its stack (two hardened buckets, a state
 * machine allowed exactly what AWS documents for a Distributed Map with an ItemReader and a
 * ResultWriter, "IAM policies for using Distributed Map states"), and a local run on s3rver seeded
 * from data/csv-fanout/, whose exported results are read back.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runWorkflow, startWorkflowServices, type LocalServices } from '../index';
import { localS3 } from '../lib/services/s3/provider';
import { LOCAL_CREDENTIALS } from '../lib/services/s3/s3rver';
import { find, only, parsePolicy, ref, resources } from '../modules/test/helpers';
import { workflowStackJson } from './workflow-stack-json';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const repo = `${__dirname}/..`;

describe('stack', () => {
  const { env, json } = workflowStackJson('csv-fanout');

  test('both buckets: versioned, SSE-KMS with the workflow key, public access blocked, ACLs off, TLS only', () => {
    const key = ref('aws_kms_key', 'data-key', 'arn');
    for (const b of ['input', 'output']) {
      const id = ref('aws_s3_bucket', `bucket-${b}`, 'id');
      expect(find(json, 'aws_s3_bucket_versioning', (r) => r.bucket === id).r.versioning_configuration).toEqual({ status: 'Enabled' });
      const sse = find(json, 'aws_s3_bucket_server_side_encryption_configuration', (r) => r.bucket === id).r.rule[0];
      expect(sse).toEqual({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: key }, bucket_key_enabled: true });
      expect(find(json, 'aws_s3_bucket_public_access_block', (r) => r.bucket === id).r).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(find(json, 'aws_s3_bucket_ownership_controls', (r) => r.bucket === id).r.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      const policy = parsePolicy(find(json, 'aws_s3_bucket_policy', (r) => r.bucket === id).r.policy);
      expect(policy.Statement).toEqual([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: ['s3:*'],
          Resource: [ref('aws_s3_bucket', `bucket-${b}`, 'arn'), `${ref('aws_s3_bucket', `bucket-${b}`, 'arn')}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]);
    }
  });

  test('the state machine may read the input bucket, write results/ of the output bucket, start and stop its own child executions, and nothing else', () => {
    const sm = only(json, 'aws_sfn_state_machine').r;
    const roleName = Object.keys(resources(json, 'aws_iam_role')).find((n) => sm.role_arn === ref('aws_iam_role', n, 'arn'))!;
    const policy = find(json, 'aws_iam_role_policy', (p) => p.role === ref('aws_iam_role', roleName, 'id') || p.role === ref('aws_iam_role', roleName, 'name'));
    const statements = parsePolicy(policy.r.policy).Statement.map(({ Sid: _sid, ...s }) => ({ ...s, Action: [s.Action].flat(), Resource: [s.Resource].flat() }));
    const key = ref('aws_kms_key', 'data-key', 'arn');
    const states = (resource: string) => `arn:\${data.aws_partition.partition.partition}:states:${env.region}:\${data.aws_caller_identity.caller.account_id}:${resource}`;
    const fn = Object.keys(resources(json, 'aws_lambda_function'))[0];
    const via = { StringEquals: { 'kms:ViaService': `s3.${env.region}.amazonaws.com` } };
    expect(statements.filter((s) => !s.Action.every((a: string) => a.startsWith('logs:')))).toEqual([
      { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [ref('aws_lambda_function', fn, 'arn'), `${ref('aws_lambda_function', fn, 'arn')}:*`] },
      // Child workflow executions: StartExecution on the state machine, Describe/Stop on its executions.
      { Effect: 'Allow', Action: ['states:StartExecution'], Resource: [states('stateMachine:sfn-dev-csv-fanout'), states('stateMachine:sfn-dev-csv-fanout:*')] },
      { Effect: 'Allow', Action: ['states:DescribeExecution', 'states:StopExecution'], Resource: [states('execution:sfn-dev-csv-fanout/*')] },
      // ItemReader (s3:getObject with a key from the input): GetObject on the input bucket's objects.
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${ref('aws_s3_bucket', 'bucket-input', 'arn')}/*`] },
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [key], Condition: via },
      // ResultWriter: the multipart-upload actions AWS documents, under the prefix only.
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        Resource: [`${ref('aws_s3_bucket', 'bucket-output', 'arn')}/results/*`],
      },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: [key], Condition: via },
    ]);
  });
});

describe('local run on s3rver', () => {
  let services: LocalServices;
  let s3: S3Client;
  beforeAll(async () => {
    services = await startWorkflowServices(['csv-fanout'], { projectRoot: repo });
    s3 = new S3Client({ endpoint: localS3(services)!.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  });
  afterAll(async () => {
    s3?.destroy();
    await services?.close();
  });
  const read = async (Key: string) => JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: 'output', Key }))).Body!.transformToString());

  test('the input bucket is seeded from data/csv-fanout/input/', () => {
    expect(localS3(services)!.seeded).toEqual(['input/records.csv']);
    expect(localS3(services)!.buckets).toEqual(['input', 'output']);
  });

  test('400 records in 20 batches: the batch with a bad record fails (5 %, tolerated); the results are in the output bucket', async () => {
    const r = await runWorkflow('csv-fanout', undefined, { services });
    expect(r.status).toBe('SUCCEEDED');
    const { MapRunArn, ResultWriterDetails } = r.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    expect(MapRunArn).toMatch(/:mapRun:csv-fanout\/ProcessRecords:/);
    const manifest = await read(ResultWriterDetails.Key);
    const succeeded = (await Promise.all(manifest.ResultFiles.SUCCEEDED.map((f: { Key: string }) => read(f.Key)))).flat();
    const failed = (await Promise.all(manifest.ResultFiles.FAILED.map((f: { Key: string }) => read(f.Key)))).flat();
    expect(succeeded).toHaveLength(19);
    expect(failed).toHaveLength(1);
    expect(failed[0].Error).toBe('InvalidRecord');
    expect(JSON.parse(failed[0].Cause).errorMessage).toMatch(/record 137: amount "n\/a"/);
    const outputs = succeeded.map((e: { Output: string }) => JSON.parse(e.Output));
    expect(outputs.reduce((n: number, o: { records: number }) => n + o.records, 0)).toBe(380);
    expect(outputs.every((o: { source: string }) => o.source === 'records.csv')).toBe(true);
  });

  test('a key that is not in the bucket fails with States.ItemReaderFailed', async () => {
    const r = await runWorkflow('csv-fanout', { key: 'nothing.csv' }, { services });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.ItemReaderFailed');
    expect(r.cause).toMatch(/NoSuchKey/);
  });
});
