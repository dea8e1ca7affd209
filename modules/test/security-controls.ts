/**
 * Security controls as tests, one suite for every synthesized app: every control of SECURITY.md
 * (each test names its control) over the Terraform JSON of every stack given. The toolkit runs it
 * on its fixtures (modules/test/security.test.ts), the example app on its stacks
 * (test/security.test.ts).
 */
import { STAR_RESOURCE_ACTIONS } from '../../lib/asl/permissions';
import { Json, parsePolicy, resources, roleStatements, type Statement } from './helpers';

export interface SecurityExpectations {
  /** Every environment of the app: each has its backend stack. */
  environments: string[];
  /** How many state machines the stacks hold (so that the suite cannot pass on too few). */
  stateMachines: number;
  /** The stacks whose workflow handles personal data: their state machines log no execution data. @default none */
  personalData?: (stack: string) => boolean;
}

/** Every resource of `type` in every stack, with its stack and Terraform name. */
export function resourcesOfStacks(stacks: Record<string, Json>, type: string): Array<{ stack: string; name: string; r: Json }> {
  return Object.entries(stacks).flatMap(([stack, json]) => Object.entries(resources(json, type)).map(([name, r]) => ({ stack, name, r })));
}

/** Declares the controls' tests over `stacks()` (stack name -> its Terraform JSON, read when the tests run). */
export function securityControls(stacks: () => Record<string, Json>, expected: SecurityExpectations): void {
  const all = (type: string) => resourcesOfStacks(stacks(), type);
  const allRoleStatements = (): Array<{ where: string; s: Statement }> =>
    all('aws_iam_role_policy').flatMap(({ stack, name, r }) => parsePolicy(r.policy).Statement.map((s) => ({ where: `${stack}/${name}`, s })));

  test('IAM.1/IAM.21: no role policy allows Action "*" or "service:*"', () => {
    const bad = allRoleStatements().filter(({ s }) => s.Effect === 'Allow' && s.Action.some((a) => a === '*' || /^[^:]+:\*$/.test(a)));
    expect(bad).toEqual([]);
    expect(allRoleStatements().length).toBeGreaterThan(10);
  });

  test('IAM.21: Resource "*" only for the actions AWS offers no resource-level permission for (log delivery, X-Ray)', () => {
    const bad = allRoleStatements().filter(({ s }) => s.Resource.includes('*') && s.Action.some((a) => !STAR_RESOURCE_ACTIONS.has(a)));
    expect(bad).toEqual([]);
  });

  test('KMS key policies: "kms:*" only for the account root (administration), every key rotates (KMS.4)', () => {
    const keys = all('aws_kms_key');
    expect(keys.length).toBeGreaterThan(0);
    for (const { r } of keys) {
      expect(r.enable_key_rotation).toBe(true);
      for (const s of parsePolicy(r.policy).Statement.filter((st) => st.Action.includes('kms:*'))) expect(s.Principal).toEqual({ AWS: expect.stringMatching(/^arn:.*:iam::.*:root$/) });
    }
  });

  test('trust policies: one service principal each, all with aws:SourceAccount, states with aws:SourceArn', () => {
    for (const { r } of all('aws_iam_role')) {
      const [s, ...more] = parsePolicy(r.assume_role_policy).Statement;
      expect(more).toEqual([]);
      expect(s.Action).toEqual(['sts:AssumeRole']);
      expect(Object.keys(s.Principal)).toEqual(['Service']);
      expect(typeof s.Principal.Service).toBe('string');
      expect(s.Condition.StringEquals['aws:SourceAccount']).toBeDefined();
      if (s.Principal.Service === 'states.amazonaws.com') expect(s.Condition.ArnLike['aws:SourceArn']).toBeDefined();
    }
  });

  test('trigger roles may only start their one state machine (through its alias, when the target is one), and every target has a retry policy and a dead-letter queue', () => {
    for (const { stack, r } of all('aws_cloudwatch_event_target')) {
      const json = stacks()[stack];
      const statements = roleStatements(json, r.role_arn);
      // StartExecution of an alias is authorized on the unqualified ARN (test/iam-simulation.test.ts simulates it).
      const alias = /^\$\{aws_sfn_alias\.([^.]+)\.arn\}$/.exec(r.arn);
      const machine = Object.keys(resources(json, 'aws_sfn_state_machine'))[0];
      const expectedArn = alias ? `\${aws_sfn_state_machine.${machine}.arn}` : r.arn;
      expect(statements.map((s) => [s.Action, s.Resource])).toEqual([[['states:StartExecution'], [expectedArn]]]);
      if (alias) expect(statements[0].Condition).toEqual({ 'ForAnyValue:StringEquals': { 'states:StateMachineQualifier': [resources(json, 'aws_sfn_alias')[alias[1]].name] } });
      expect(r.dead_letter_config.arn).toMatch(/^\$\{aws_sqs_queue\..*\.arn\}$/);
      expect(r.retry_policy.maximum_retry_attempts).toBeGreaterThan(0);
    }
  });

  test('every state machine has an alarm on failed executions', () => {
    for (const { stack, name } of all('aws_sfn_state_machine')) {
      const alarms = Object.values<Json>(resources(stacks()[stack], 'aws_cloudwatch_metric_alarm')).filter((a) =>
        (a.metric_query ?? []).some((q: Json) => q.metric?.metric_name === 'ExecutionsFailed' && q.metric.dimensions.StateMachineArn === `\${aws_sfn_state_machine.${name}.arn}`),
      );
      expect({ stack, alarms: alarms.length }).toEqual({ stack, alarms: 1 });
    }
  });

  test('Lambda roles write logs only to their own log group', () => {
    for (const { stack, r } of all('aws_lambda_function')) {
      const json = stacks()[stack];
      const statements = roleStatements(json, r.role);
      const group = Object.entries<Json>(resources(json, 'aws_cloudwatch_log_group')).find(([, g]) => g.name === r.logging_config.log_group)!;
      const logs = statements.filter((s) => s.Action.some((a) => a.startsWith('logs:')));
      expect(logs.flatMap((s) => s.Resource)).toEqual([`\${aws_cloudwatch_log_group.${group[0]}.arn}:*`]);
    }
  });

  test('CloudWatch.16 / log encryption: every log group is KMS-encrypted and has a retention', () => {
    const groups = all('aws_cloudwatch_log_group');
    expect(groups.length).toBeGreaterThan(0);
    for (const { r } of groups) {
      expect(r.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
      expect(r.retention_in_days).toBeGreaterThan(0);
    }
  });

  test('StepFunctions.1: state machines log at level ALL (or ERROR); execution data only where it is not personal', () => {
    const machines = all('aws_sfn_state_machine');
    expect(machines.length).toBe(expected.stateMachines);
    for (const { stack, r } of machines) {
      expect(['ALL', 'ERROR']).toContain(r.logging_configuration.level);
      expect({ stack, data: r.logging_configuration.include_execution_data }).toEqual({ stack, data: !(expected.personalData?.(stack) ?? false) });
      expect(r.logging_configuration.log_destination).toMatch(/^\$\{aws_cloudwatch_log_group\..*\.arn\}:\*$/);
    }
  });

  describe.each(expected.environments)('backend-%s: the state bucket and the lock table', (env) => {
    const json = () => stacks()[`backend-${env}`];
    test('S3.1/S3.8: the bucket blocks every kind of public access', () => {
      const [block] = Object.values<Json>(resources(json(), 'aws_s3_bucket_public_access_block'));
      expect(block).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    });
    test('S3.5: the bucket policy denies requests without TLS', () => {
      const docs = Object.values<Json>(json().data?.aws_iam_policy_document ?? {});
      const deny = docs.flatMap((d) => d.statement).find((s: Json) => s.effect === 'Deny');
      expect(deny).toMatchObject({ actions: ['s3:*'], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] });
      expect(Object.keys(resources(json(), 'aws_s3_bucket_policy'))).toHaveLength(1);
    });
    test('S3.14 and encryption: versioned, encrypted by default', () => {
      expect(Object.values<Json>(resources(json(), 'aws_s3_bucket_versioning'))[0].versioning_configuration.status).toBe('Enabled');
      expect(Object.values<Json>(resources(json(), 'aws_s3_bucket_server_side_encryption_configuration'))[0].rule[0].apply_server_side_encryption_by_default.sse_algorithm).toMatch(/^(AES256|aws:kms)$/);
    });
    test('DynamoDB.2: the lock table is encrypted with point-in-time recovery', () => {
      const [lock] = Object.values<Json>(resources(json(), 'aws_dynamodb_table'));
      expect(lock.server_side_encryption.enabled).toBe(true);
      expect(lock.point_in_time_recovery.enabled).toBe(true);
    });
  });

  test('SQS.1, SNS.1, DynamoDB: every queue, topic and table is encrypted (with a customer managed key in workflows)', () => {
    const queues = all('aws_sqs_queue');
    const topics = all('aws_sns_topic');
    const tables = all('aws_dynamodb_table');
    expect(queues.length).toBeGreaterThan(0);
    expect(topics.length).toBeGreaterThan(0);
    for (const { r } of queues) expect(r.kms_master_key_id ?? (r.sqs_managed_sse_enabled ? 'sse-sqs' : undefined)).toBeDefined();
    for (const { r } of topics) expect(r.kms_master_key_id).toBeDefined();
    for (const { stack, r } of tables) {
      expect(r.server_side_encryption.enabled).toBe(true);
      expect(r.point_in_time_recovery.enabled).toBe(true);
      if (!stack.startsWith('backend-')) expect(r.server_side_encryption.kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
    }
  });

  describe('every S3 bucket (state buckets and workflow buckets)', () => {
    const buckets = () => all('aws_s3_bucket');
    const of = (type: string, stack: string, name: string) => Object.values<Json>(resources(stacks()[stack], type)).filter((r) => r.bucket === `\${aws_s3_bucket.${name}.id}`);
    const bucketPolicyOf = (stack: string, text: string): Json => {
      const data = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(text);
      if (!data) return parsePolicy(text);
      // A policy document data source: the same statements, in Terraform's shape.
      const doc = stacks()[stack].data.aws_iam_policy_document[data[1]];
      return { Statement: doc.statement.map((st: Json) => ({ Effect: st.effect, Action: st.actions, Condition: Object.fromEntries(st.condition.map((c: Json) => [c.test, { [c.variable]: c.values[0] }])) })) };
    };
    test('S3.8: every bucket blocks every kind of public access; ACLs disabled', () => {
      for (const { stack, name } of buckets()) {
        expect(of('aws_s3_bucket_public_access_block', stack, name)).toEqual([expect.objectContaining({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true })]);
        expect(of('aws_s3_bucket_ownership_controls', stack, name)[0].rule.object_ownership).toBe('BucketOwnerEnforced');
      }
    });
    test('S3.5: every bucket policy denies requests without TLS', () => {
      for (const { stack, name } of buckets()) {
        const [p] = of('aws_s3_bucket_policy', stack, name);
        const deny = bucketPolicyOf(stack, p.policy).Statement.find((st: Json) => st.Effect === 'Deny');
        expect([deny.Action].flat()).toEqual(['s3:*']);
        expect(deny.Condition.Bool['aws:SecureTransport']).toBe('false');
      }
    });
    test('S3.14 and encryption: every bucket versioned and encrypted; workflow buckets with the workflow key and a bucket key', () => {
      for (const { stack, name } of buckets()) {
        expect(of('aws_s3_bucket_versioning', stack, name)[0].versioning_configuration.status).toBe('Enabled');
        const rule = of('aws_s3_bucket_server_side_encryption_configuration', stack, name)[0].rule[0];
        if (stack.startsWith('backend-')) expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toMatch(/^(AES256|aws:kms)$/);
        else {
          expect(rule.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.data-key.*\.arn\}$/) });
          expect(rule.bucket_key_enabled).toBe(true);
        }
      }
    });
  });
}
