import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { loadEnvironments } from '../../lib/environments/environments';
import { testConfig } from '../../backend/test/fixtures';
import { awsContext, type AwsContext } from '../aws-context';
import { EncryptedLogging, type EncryptedLoggingProps } from '../encrypted-logging';
import { AWS, Json, names, newStack, only, parsePolicy, ref, resources, synth, type Statement } from './helpers';

const LOGS_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

function build(props: Partial<EncryptedLoggingProps> = {}, aws: AwsContext = AWS): { json: Json; stack: TerraformStack } {
  const stack = newStack();
  const logging = new EncryptedLogging(stack, 'logging', { aws, namePrefix: 'sfn-test', retentionDays: 14, ...props });
  logging.logGroup(stack, 'first', '/aws/lambda/first');
  // A log group created in another scope than the key's.
  logging.logGroup(new Construct(stack, 'elsewhere'), 'second', '/aws/vendedlogs/states/second');
  return { json: synth(stack), stack };
}

function keyPolicy(json: Json): Statement[] {
  const { Version, Statement } = parsePolicy(only(json, 'aws_kms_key').r.policy);
  expect(Version).toBe('2012-10-17');
  return Statement;
}

/** The statement granting `principal` (an AWS or Service principal). */
function statementFor(statements: Statement[], kind: 'AWS' | 'Service', principal: string): Statement {
  const hits = statements.filter((s) => {
    const p = s.Principal?.[kind];
    return p === principal || (Array.isArray(p) && p.includes(principal));
  });
  expect(hits).toHaveLength(1);
  return hits[0];
}

describe('EncryptedLogging', () => {
  const { json } = build();
  const key = only(json, 'aws_kms_key');
  const keyArn = ref('aws_kms_key', key.name, 'arn');

  test('one customer-managed key with yearly rotation and the default 30-day deletion window', () => {
    expect(key.r.enable_key_rotation).toBe(true);
    expect(key.r.deletion_window_in_days).toBe(30);
    expect(key.r.is_enabled).not.toBe(false);
    // A symmetric encryption key: CloudWatch Logs supports only those.
    expect(key.r.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    expect(key.r.key_usage ?? 'ENCRYPT_DECRYPT').toBe('ENCRYPT_DECRYPT');
  });

  test.each([7, 15, 30])('deletion window of %i days', (days) => {
    expect(only(build({ keyDeletionWindowDays: days }).json, 'aws_kms_key').r.deletion_window_in_days).toBe(days);
  });

  test('key policy: exactly the root administration and the CloudWatch Logs statements', () => {
    const statements = keyPolicy(json);
    expect(statements).toHaveLength(2);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    // Nobody is granted through a wildcard principal.
    for (const s of statements) {
      expect(s.Principal).not.toBe('*');
      expect(s.Principal?.AWS).not.toBe('*');
    }
  });

  test('root administration: the account root principal, kms:*', () => {
    const root = statementFor(keyPolicy(json), 'AWS', 'arn:aws:iam::123456789012:root');
    expect(root.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    expect(root.Action).toEqual(['kms:*']);
    expect(root.Resource).toEqual(['*']);
    expect(root.Condition).toBeUndefined();
  });

  test("CloudWatch Logs of this region may use the key only for this account's log groups", () => {
    const logs = statementFor(keyPolicy(json), 'Service', 'logs.eu-west-1.amazonaws.com');
    expect(logs.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect([...logs.Action].sort()).toEqual([...LOGS_ACTIONS].sort());
    expect(logs.Resource).toEqual(['*']);
    expect(logs.Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:*' },
    });
  });

  test('partition, region and account come from the context', () => {
    const gov = build({}, { region: 'us-gov-west-1', accountId: '210987654321', partition: 'aws-us-gov' }).json;
    const statements = keyPolicy(gov);
    statementFor(statements, 'AWS', 'arn:aws-us-gov:iam::210987654321:root');
    const logs = statementFor(statements, 'Service', 'logs.us-gov-west-1.amazonaws.com');
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBe('arn:aws-us-gov:logs:us-gov-west-1:210987654321:log-group:*');
  });

  test('with no account id in the config, ARNs reference the caller identity and the partition data sources', () => {
    const env = loadEnvironments(testConfig()).find((e) => e.name === 'dev')!;
    expect(env.accountId).toBeUndefined();
    const stack = newStack();
    new EncryptedLogging(stack, 'logging', { aws: awsContext(stack, env), namePrefix: 'sfn-test', retentionDays: 14 });
    const j = synth(stack);
    const account = '${data.aws_caller_identity.caller.account_id}';
    const partition = '${data.aws_partition.partition.partition}';
    const statements = keyPolicy(j);
    statementFor(statements, 'AWS', `arn:${partition}:iam::${account}:root`);
    const logs = statementFor(statements, 'Service', 'logs.eu-west-1.amazonaws.com');
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBe(`arn:${partition}:logs:eu-west-1:${account}:log-group:*`);
    expect(Object.keys(j.data.aws_caller_identity)).toEqual(['caller']);
    expect(Object.keys(j.data.aws_partition)).toEqual(['partition']);
  });

  test('with an account id in the config, it is used as is and the caller identity is not read', () => {
    const config = testConfig();
    const env = loadEnvironments({ dev: { ...config.dev, accountId: '123456789012' } })[0];
    const stack = newStack();
    new EncryptedLogging(stack, 'logging', { aws: awsContext(stack, env), namePrefix: 'sfn-test', retentionDays: 14 });
    const j = synth(stack);
    statementFor(keyPolicy(j), 'AWS', 'arn:${data.aws_partition.partition.partition}:iam::123456789012:root');
    expect(j.data?.aws_caller_identity).toBeUndefined();
  });

  test('alias alias/<namePrefix>-logs targets the key', () => {
    const alias = only(json, 'aws_kms_alias').r;
    expect(alias.name).toBe('alias/sfn-test-logs');
    expect(alias.name).not.toMatch(/^alias\/aws\//); // reserved for AWS managed keys
    expect(alias.target_key_id).toBe(ref('aws_kms_key', key.name, 'key_id'));
  });

  test('every log group made by logGroup() is encrypted with the key ARN and kept for the retention', () => {
    const groups = resources(json, 'aws_cloudwatch_log_group');
    expect(Object.values(groups).map((g) => g.name).sort()).toEqual(['/aws/lambda/first', '/aws/vendedlogs/states/second']);
    for (const g of Object.values(groups)) {
      // CloudWatch Logs takes the key's ARN, not its id or alias.
      expect(g.kms_key_id).toBe(keyArn);
      expect(g.retention_in_days).toBe(14);
    }
  });

  test('retention is what the props say', () => {
    const j = build({ retentionDays: 365 }).json;
    const groups = Object.values(resources(j, 'aws_cloudwatch_log_group'));
    expect(groups).toHaveLength(2);
    for (const g of groups) expect(g.retention_in_days).toBe(365);
  });

  test('creates nothing but the key, its alias and the log groups asked for', () => {
    expect(Object.keys(json.resource).sort()).toEqual(['aws_cloudwatch_log_group', 'aws_kms_alias', 'aws_kms_key']);
    expect(names(json, 'aws_cloudwatch_log_group')).toHaveLength(2);
  });
});
