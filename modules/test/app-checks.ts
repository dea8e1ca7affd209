/**
 * What every synthesized app must be, whatever its workflows: one suite over the stacks of
 * modules/app.ts's buildApp(), run on the toolkit's fixture project (modules/test/app.test.ts)
 * and on the example app (test/app.test.ts).
 */
import type { EnvironmentInput } from '../../lib/environments/environments';
import type { WorkflowDeclaration } from '../../lib/workflow/declaration';
import { Json, allowedActions, only, ref, resources, roleStatements, type SynthesizedStack } from './helpers';

export interface AppExpectations {
  /** The environments as the project configures them (region, tags, retention, backend, tracing). */
  environments: Record<string, EnvironmentInput>;
  /** Every stack the app must synthesize. */
  stacks: string[];
  /** The workflows' stacks among them (one state machine each). */
  workflowStacks: string[];
  /** How many log groups the stacks hold together. */
  logGroups: number;
}

/** The log groups of workflow stacks: one per function and one for the state machine. */
export const workflowLogGroups = (declarations: readonly WorkflowDeclaration[]): number => declarations.reduce((n, d) => n + Object.keys(d.functions).length + 1, 0);

/** Declares the suite's tests over `synthesized()` (stack name -> its cdk.tf.json, read when the tests run). */
export function appChecks(synthesized: () => Record<string, SynthesizedStack>, expected: AppExpectations): void {
  const json = (stack: string): Json => synthesized()[stack].json;
  const envOf = (stack: string): string => stack.slice(stack.lastIndexOf('-') + 1);
  const config = (stack: string): EnvironmentInput => expected.environments[envOf(stack)];
  const appStacks = () => expected.stacks.filter((s) => !s.startsWith('backend-'));

  test('one backend stack per environment, and the stacks of its components and workflows', () => {
    expect(Object.keys(synthesized()).sort()).toEqual([...expected.stacks].sort());
  });

  test('every log group of every stack is KMS-encrypted with a key of its stack and kept for its environment retention', () => {
    let count = 0;
    for (const stack of expected.stacks) {
      const keys = Object.keys(resources(json(stack), 'aws_kms_key')).map((k) => ref('aws_kms_key', k, 'arn'));
      for (const group of Object.values(resources(json(stack), 'aws_cloudwatch_log_group'))) {
        count++;
        expect(keys).toContain(group.kms_key_id);
        expect(group.retention_in_days).toBe(config(stack).logRetentionDays);
      }
    }
    expect(count).toBe(expected.logGroups);
  });

  test('every Lambda logs to a log group of its own stack (so none is created unencrypted by Lambda)', () => {
    for (const stack of appStacks()) {
      const groups = Object.values(resources(json(stack), 'aws_cloudwatch_log_group')).map((g) => g.name);
      for (const f of Object.values(resources(json(stack), 'aws_lambda_function'))) {
        expect(groups).toContain(f.logging_config.log_group);
        expect(f.runtime).toBe('nodejs22.x');
      }
    }
  });

  test('no managed IAM policy anywhere (no AWSLambdaBasicExecutionRole): every permission is an inline least-privilege policy', () => {
    for (const stack of expected.stacks) {
      expect(synthesized()[stack].text).not.toMatch(/AWSLambdaBasicExecutionRole|:iam::aws:policy\//);
      for (const type of ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_policy']) expect(resources(json(stack), type)).toEqual({});
      for (const role of Object.values(resources(json(stack), 'aws_iam_role'))) expect(role.managed_policy_arns).toBeUndefined();
    }
  });

  test('names fit AWS limits and do not collide across the stacks of an account', () => {
    for (const env of Object.keys(expected.environments)) {
      const of = (type: string, attr = 'name') =>
        expected.stacks.filter((s) => envOf(s) === env).flatMap((s) => Object.values(resources(json(s), type)).map((r) => r[attr] as string));
      const unique = (list: string[]) => expect(new Set(list).size).toBe(list.length);
      const roles = of('aws_iam_role');
      unique(roles);
      for (const n of roles) expect(n).toMatch(/^[\w+=,.@-]{1,64}$/);
      const functions = of('aws_lambda_function', 'function_name');
      unique(functions);
      for (const n of functions) expect(n).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      for (const n of of('aws_sfn_state_machine')) expect(n.length).toBeLessThanOrEqual(80);
      for (const n of of('aws_cloudwatch_event_rule')) expect(n).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
      unique(of('aws_kms_alias'));
      unique(of('aws_cloudwatch_log_group'));
    }
  });

  test('application stacks keep their state in the S3 backend of their environment', () => {
    for (const stack of appStacks()) {
      const env = config(stack);
      expect(json(stack).terraform.backend).toEqual({
        s3: {
          bucket: env.backend.bucket,
          key: `${env.backend.keyPrefix}/${envOf(stack)}/${stack}.tfstate`,
          region: env.region,
          dynamodb_table: env.backend.lockTable,
          use_lockfile: true,
          encrypt: true,
        },
      });
    }
  });

  test('backend stacks create the bucket and lock table the application stacks use, with local state', () => {
    for (const name of Object.keys(expected.environments)) {
      const j = json(`backend-${name}`);
      expect(Object.keys(j.terraform.backend)).toEqual(['local']);
      expect(only(j, 'aws_s3_bucket').r.bucket).toBe(expected.environments[name].backend.bucket);
      expect(only(j, 'aws_dynamodb_table').r.name).toBe(expected.environments[name].backend.lockTable);
    }
  });

  test('every stack uses its environment region and tags', () => {
    for (const stack of expected.stacks) {
      const provider = json(stack).provider.aws;
      expect(provider).toHaveLength(1);
      expect(provider[0].region).toBe(config(stack).region);
      expect(provider[0].default_tags).toEqual([{ tags: config(stack).tags }]);
    }
  });

  test('tracing follows the environment: X-Ray on and permitted only where it is enabled', () => {
    for (const stack of expected.workflowStacks) {
      const enabled = config(stack).tracing === true;
      const m = only(json(stack), 'aws_sfn_state_machine').r;
      expect(m.tracing_configuration).toEqual({ enabled });
      const xray = allowedActions(roleStatements(json(stack), m.role_arn)).filter((a) => a.startsWith('xray:'));
      expect(xray.length > 0).toBe(enabled);
    }
  });
}
