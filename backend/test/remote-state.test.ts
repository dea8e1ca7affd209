import { S3Backend, TerraformStack, Testing } from 'cdktf';
import type { Environment } from '../../lib/environments/environments';
import { remoteStateKey, useRemoteState } from '../remote-state';
import { testEnv } from './fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function synthWithRemoteState(env: Environment, stackId: string): { backend: S3Backend; json: Json } {
  const stack = new TerraformStack(Testing.app(), stackId);
  const backend = useRemoteState(stack, env, stackId);
  return { backend, json: JSON.parse(Testing.synth(stack)) };
}

describe('useRemoteState', () => {
  test('dev (defaults: both locks on)', () => {
    const { backend, json } = synthWithRemoteState(testEnv('dev'), 'workflows-dev');
    expect(backend).toBeInstanceOf(S3Backend);
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'test-state-dev',
        key: 'sfn-cdktf/dev/workflows-dev.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        dynamodb_table: 'test-locks-dev',
        use_lockfile: true,
      },
    });
  });

  test('prod: its own bucket, region, key and table', () => {
    const env = testEnv('prod', { prod: { keyPrefix: 'org/sfn' } });
    const { json } = synthWithRemoteState(env, 'workflows-prod');
    expect(json.terraform.backend.s3).toEqual({
      bucket: 'test-state-prod',
      key: 'org/sfn/prod/workflows-prod.tfstate',
      region: 'us-east-2',
      encrypt: true,
      dynamodb_table: 'test-locks-prod',
      use_lockfile: true,
    });
  });

  test('use_lockfile is inside terraform.backend.s3, nowhere else', () => {
    const { json } = synthWithRemoteState(testEnv('dev'), 'app');
    expect(json.terraform.backend.s3.use_lockfile).toBe(true);
    expect(json.terraform.use_lockfile).toBeUndefined();
    expect(Object.keys(json.terraform.backend)).toEqual(['s3']);
  });

  test('DynamoDB lock only: dynamodb_table, no use_lockfile', () => {
    const env = testEnv('dev', { dev: { dynamodbLock: true, useLockfile: false } });
    const s3 = synthWithRemoteState(env, 'app').json.terraform.backend.s3;
    expect(s3.dynamodb_table).toBe('test-locks-dev');
    expect(s3).not.toHaveProperty('use_lockfile');
    expect(s3.encrypt).toBe(true);
  });

  test('lock file only: use_lockfile, no dynamodb_table', () => {
    const env = testEnv('prod', { prod: { dynamodbLock: false, useLockfile: true } });
    const s3 = synthWithRemoteState(env, 'app').json.terraform.backend.s3;
    expect(s3.use_lockfile).toBe(true);
    expect(s3).not.toHaveProperty('dynamodb_table');
    expect(s3.key).toBe('sfn-cdktf/prod/app.tfstate');
  });

  test('both locks at once (migration from DynamoDB to the lock file)', () => {
    const env = testEnv('prod', { prod: { dynamodbLock: true, useLockfile: true } });
    const s3 = synthWithRemoteState(env, 'app').json.terraform.backend.s3;
    expect(s3.dynamodb_table).toBe('test-locks-prod');
    expect(s3.use_lockfile).toBe(true);
  });

  test('no lock at all is rejected, naming the environment and both fields', () => {
    const env = testEnv('prod', { prod: { dynamodbLock: false, useLockfile: false } });
    const stack = new TerraformStack(Testing.app(), 'app');
    expect(() => useRemoteState(stack, env, 'app')).toThrow(Error);
    expect(() => useRemoteState(stack, env, 'app')).toThrow(/"prod"/);
    expect(() => useRemoteState(stack, env, 'app')).toThrow(/backend\.dynamodbLock/);
    expect(() => useRemoteState(stack, env, 'app')).toThrow(/backend\.useLockfile/);
  });

  test.each(['', 'a/b', 'has space'])('rejects stack id %p that cannot be a state key segment', (stackId) => {
    const stack = new TerraformStack(Testing.app(), 'app');
    expect(() => useRemoteState(stack, testEnv('dev'), stackId)).toThrow(/stack id/);
  });

  test('remoteStateKey', () => {
    expect(remoteStateKey(testEnv('dev'), 'x')).toBe('sfn-cdktf/dev/x.tfstate');
  });

  test('the stack id of the key is the one passed, not the construct id', () => {
    const stack = new TerraformStack(Testing.app(), 'construct-id');
    useRemoteState(stack, testEnv('dev'), 'state-id');
    expect(JSON.parse(Testing.synth(stack)).terraform.backend.s3.key).toBe('sfn-cdktf/dev/state-id.tfstate');
  });
});
