/**
 * The `s3` local service: s3rver started for workflows that declare buckets, the buckets created,
 * seeded from data/<workflow>/<bucket>/, objects kept in <dataDir>/s3 across runs.
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { WorkflowDeclaration } from '../../../workflow/declaration';
import { localS3, s3Provider } from '../provider';
import { LOCAL_CREDENTIALS } from '../s3rver';
import { startServices as startLocalServices } from '../../provider';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const workflow = (name: string, buckets?: Record<string, Record<string, never>>): WorkflowDeclaration => ({
  name,
  description: '',
  functions: {},
  bindings: {},
  buckets,
  sampleInput: {},
});

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sfn-s3-provider-'));
  mkdirSync(join(root, 'project', 'data', 'w', 'in', 'nested'), { recursive: true });
  writeFileSync(join(root, 'project', 'data', 'w', 'in', 'a.csv'), 'x\n1\n');
  writeFileSync(join(root, 'project', 'data', 'w', 'in', 'nested', 'b.json'), '[1]');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const client = (endpoint: string) => new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_CREDENTIALS });

test('every run has an endpoint; s3rver starts on the first request when no workflow declares buckets', async () => {
  const services = await startLocalServices([workflow('w')], { projectRoot: join(root, 'project') }, [s3Provider]);
  try {
    const s3 = localS3(services)!;
    expect(s3.buckets).toEqual([]);
    expect(readdirSync(s3.directory)).toEqual([]);
    const c = client(s3.endpoint);
    await c.send(new CreateBucketCommand({ Bucket: 'made-by-a-handler' }));
    await c.send(new PutObjectCommand({ Bucket: 'made-by-a-handler', Key: 'k', Body: 'v' }));
    expect(await (await c.send(new GetObjectCommand({ Bucket: 'made-by-a-handler', Key: 'k' }))).Body!.transformToString()).toBe('v');
    c.destroy();
  } finally {
    await services.close();
  }
});

test('buckets created and seeded; the engine and the handlers are pointed at it; objects kept in <dataDir>/s3 across runs', async () => {
  const dataDir = join(root, 'data-dir');
  const first = await startLocalServices([workflow('w', { in: {}, out: {} })], { projectRoot: join(root, 'project'), dataDir }, [s3Provider]);
  let endpoint: string;
  try {
    const s3 = localS3(first)!;
    endpoint = s3.endpoint;
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s3.buckets).toEqual(['in', 'out']);
    expect(s3.seeded).toEqual(['in/a.csv', 'in/nested/b.json']);
    expect(first.runOptions.s3).toEqual({ endpoint: s3.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    expect(first.functionEnvironment).toMatchObject({ AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    const c = client(s3.endpoint);
    await c.send(new PutObjectCommand({ Bucket: 'out', Key: 'result.json', Body: '{"ok":true}' }));
    c.destroy();
  } finally {
    await first.close();
  }
  const second = await startLocalServices([workflow('w', { in: {}, out: {} })], { projectRoot: join(root, 'project'), dataDir }, [s3Provider]);
  try {
    expect(localS3(second)!.endpoint).not.toBe(endpoint!);
    const c = client(localS3(second)!.endpoint);
    const body = await (await c.send(new GetObjectCommand({ Bucket: 'out', Key: 'result.json' }))).Body!.transformToString();
    expect(JSON.parse(body)).toEqual({ ok: true });
    expect(((await c.send(new ListObjectsV2Command({ Bucket: 'in' }))).Contents ?? []).map((o) => o.Key)).toEqual(['a.csv', 'nested/b.json']);
    c.destroy();
  } finally {
    await second.close();
  }
});
