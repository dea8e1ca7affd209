/**
 * The typed, validated configuration of deployment environments: what every workflow of an
 * environment shares (region, account, name prefix, log retention, tracing, remote state, tags).
 * Settings of one workflow or component live with it (`lib/workflow/settings.ts`).
 *
 * `config/environments.ts` holds the data; this module holds its schema and the loader that
 * turns a validation failure into a message naming the environment and the field.
 */
import { z } from 'zod';
import { describeIssues, keysAt, nearestName } from './issues';
import { AWS_REGIONS, isAwsRegion } from './regions';

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const region = z.string().superRefine((r, ctx) => {
  if (isAwsRegion(r)) return;
  const near = nearestName(r, AWS_REGIONS.map(([name]) => name));
  ctx.addIssue({ code: 'custom', message: `must be an AWS region such as "eu-west-1"${near ? ` (did you mean "${near}"?)` : ''}; "${r}" is not one of the Regions the AWS SDK knows (lib/environments/regions.ts)` });
});

// S3 bucket naming rules: 3-63 characters, lowercase letters, digits, dots and hyphens,
// starting and ending with a letter or digit, not formatted as an IP address.
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)')
  .refine((s) => !/^\d+\.\d+\.\d+\.\d+$/.test(s) && !s.includes('..'), 'must be a valid S3 bucket name');

const tableName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a valid DynamoDB table name (3-255 letters, digits, "_", "-", ".")');

const backend = z.strictObject({
  /** S3 bucket holding the Terraform state (created by the backend bootstrap stack). */
  bucket: bucketName,
  /** DynamoDB lock table (partition key LockID, String). */
  lockTable: tableName,
  /** State objects are stored at `<keyPrefix>/<env>/<stack>.tfstate`. */
  keyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, 'must be a relative S3 key prefix without leading or trailing "/"'),
  /**
   * Lock with the DynamoDB table (`dynamodb_table`). Default true, with `useLockfile`, as while migrating
   * from one lock to the other (backend/README.md, Locks). Terraform 1.11 deprecates `dynamodb_table` in
   * favour of `use_lockfile` (its init prints "Deprecated Parameter" when it fails); every run of these
   * stacks already takes the S3 lock file (required_version >= 1.10), so set it false once no older
   * configuration of the same state is in use.
   */
  dynamodbLock: z.boolean().default(true),
  /** Lock with an S3 lock file (`use_lockfile`, Terraform >= 1.10). Default true. */
  useLockfile: z.boolean().default(true),
});

export const environmentSchema = z.strictObject({
  /** AWS region of every resource of the environment. */
  region,
  /** Account id; when omitted it is read at plan time from the caller identity. */
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  /** Prefix of every resource name, e.g. `sfn-dev`. */
  namePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,23}[a-z0-9]$/, 'must be 2-25 lowercase letters, digits or hyphens, starting with a letter'),
  /** Retention of every log group, in days (a value CloudWatch Logs accepts). */
  logRetentionDays: z
    .number()
    .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
      message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    }),
  /** Turn on X-Ray tracing for state machines. Default false. */
  tracing: z.boolean().default(false),
  /** Remote state. */
  backend,
  /** Tags applied to every taggable resource. */
  tags: z
    .record(z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, 'tag keys must be 1-128 characters'), z.string().max(256))
    .default({}),
  /** Where CloudWatch alarms (failed executions, dead-lettered events) notify: an existing SNS topic of the environment's account and region. Optional. */
  alarms: z
    .strictObject({ topicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, 'must be an SNS topic ARN') })
    .optional(),
});

export const environmentsSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9]{0,9}$/, 'environment names must be 1-10 lowercase letters or digits'), environmentSchema)
  .refine((envs) => Object.keys(envs).length > 0, 'at least one environment is required');

export type EnvironmentInput = z.input<typeof environmentSchema>;
export type Environment = z.output<typeof environmentSchema> & { name: string };

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Formats one zod issue as `environment "dev", field "backend.bucket": message` (one line per unknown key, with the nearest valid name). */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const [env] = issue.path.map(String);
  if (issue.code === 'invalid_key') return issue.issues.map((sub) => `environment name "${env}": ${sub.message}`);
  const where = ([, ...f]: string[]) =>
    env === undefined ? 'environments' : f.length ? `environment "${env}", field "${f.join('.')}"` : `environment "${env}"`;
  return describeIssues([issue], where, ([, ...f]) => keysAt(environmentSchema, f));
}

/** Validates the environments and returns them with defaults applied; throws ConfigError. */
export function loadEnvironments(input: unknown): Environment[] {
  const result = environmentsSchema.safeParse(input);
  if (!result.success) throw new ConfigError(result.error.issues.flatMap(describeIssue));
  return Object.entries(result.data).map(([name, env]) => ({ name, ...env }));
}
