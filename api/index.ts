/**
 * The CRM API as a component of the project (lib/project/project.ts): deployed as `crm-api-<env>`
 * where `api/settings.ts` configures it, and stood in locally by the same handlers on an embedded
 * PostgreSQL. Its outputs: `url`, the stage's invoke URL.
 */
import type { ProjectComponent } from '../lib/project/project';
import { crmApiService } from './local/provider';
import { CrmApiSettings, crmApiSettings } from './settings';

export const crmApi: ProjectComponent = {
  name: 'crm-api',
  deploy(scope, id, env, projectRoot) {
    if (crmApiSettings[env.name] === undefined) return undefined;
    // Loaded here, by synth only: the local tools never load cdktf.
    const { CrmApiStack } = require('./stack') as typeof import('./stack');
    const { settingsFor } = require('../lib/workflow/settings') as typeof import('../lib/workflow/settings');
    const stack = new CrmApiStack(scope, id, { env, settings: settingsFor('component "crm-api"', CrmApiSettings, crmApiSettings, env), projectRoot });
    return { outputs: { url: stack.url } };
  },
  local: crmApiService,
};
