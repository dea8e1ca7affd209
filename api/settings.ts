/**
 * The CRM API's settings per environment (stack `crm-api-<env>`): the CRM API is deployed in the
 * environments listed here and nowhere else. crm-lead posts to it where it has no `apiBaseUrl`
 * of its own (workflows/crm-lead.ts).
 */
import { z } from 'zod';
import type { Environment } from '../lib/environments/environments';

export const CrmApiSettings = z.strictObject({
  /**
   * Name or ARN of the Secrets Manager secret holding the database connection: a
   * `postgres://user:password@host:5432/db` string, or the JSON `{username, password, host, port, dbname}`.
   * The database itself (possibly on premise) is not created by the stack.
   */
  databaseSecret: z
    .string()
    .regex(/^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a Secrets Manager secret name or ARN'),
  /** The KMS key the secret is encrypted with, when it is a customer managed one (the Lambdas get kms:Decrypt through Secrets Manager). */
  databaseSecretKmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'must be a KMS key ARN').optional(),
  /** API Gateway stage name. Default `v1`. */
  stageName: z.string().regex(/^[A-Za-z0-9_]{1,128}$/, 'must be 1-128 letters, digits or "_"').default('v1'),
  /** Usage plan throttling of the API key: steady requests per second and burst. Defaults 50 and 100. */
  throttle: z
    .strictObject({ rateLimit: z.number().positive().default(50), burstLimit: z.number().int().positive().default(100) })
    .default({ rateLimit: 50, burstLimit: 100 }),
});

export type CrmApiSettings = z.output<typeof CrmApiSettings>;

/** Where the CRM API is deployed, and how. */
export const crmApiSettings: Record<string, z.input<typeof CrmApiSettings>> = {
  dev: { databaseSecret: 'sfn-dev/crm/database' },
};

/** The SSM SecureString parameter holding the CRM API's key in an environment: written by the crm-api stack, read by crm-lead's functions. */
export const crmApiKeyParameter = (env: Pick<Environment, 'namePrefix'>): string => `/${env.namePrefix}/crm/api-key`;
