/**
 * The deployment environments. `main.ts` creates every stack for each of them.
 * Validated by `lib/environments/environments.ts`: a mistake fails synth with the environment and field named.
 * What one workflow or component needs per environment (the CRM's URL, say) is not here but in its
 * own settings (`workflows/crm-lead.ts`, `api/settings.ts`).
 */
import type { EnvironmentInput } from '../lib/environments/environments';

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
  },
};
