/**
 * The deployment environments. `main.ts` creates every stack for each of them.
 * Validated by `lib/config/environments.ts`: a mistake fails synth with the environment and field named.
 */
import type { EnvironmentInput } from '../lib/config/environments';

export const environments: Record<string, EnvironmentInput> = {
  dev: {
    region: 'eu-west-1',
    namePrefix: 'sfn-dev',
    logRetentionDays: 14,
    backend: {
      bucket: 'sfn-cdktf-state-dev',
      lockTable: 'sfn-cdktf-locks-dev',
      keyPrefix: 'sfn-cdktf',
    },
    tags: { Project: 'sfn-cdktf', Environment: 'dev' },
    // dev deploys the CRM API (stack crm-api-dev) and crm-lead posts to it; prod posts to the on-premise CRM of apiBaseUrl.
    crm: {
      apiKeyParameter: '/sfn-dev/crm/api-key',
      api: { databaseSecret: 'sfn-dev/crm/database' },
    },
  },
  prod: {
    region: 'eu-west-1',
    namePrefix: 'sfn-prod',
    logRetentionDays: 365,
    tracing: true,
    backend: {
      bucket: 'sfn-cdktf-state-prod',
      lockTable: 'sfn-cdktf-locks-prod',
      keyPrefix: 'sfn-cdktf',
    },
    tags: { Project: 'sfn-cdktf', Environment: 'prod' },
    crm: {
      apiBaseUrl: 'https://crm.example.com/v1',
      apiKeyParameter: '/sfn-prod/crm/api-key',
    },
  },
};
