/**
 * The CRM API for the workflows whose functions post to it (crm-lead): a function that reads the
 * CRM API key (`CRM_API_KEY_PARAMETER`) and is given no `CRM_API_URL` by its declaration would, once
 * deployed, post to the crm-api stack's URL; locally it gets the local CRM API (the deployed
 * handlers on an embedded PostgreSQL, lib/local/crm-api.ts) and its key. Nothing starts when the
 * caller already gives `CRM_API_URL` (a CRM it runs, as `npm start` and the tests do).
 */
import { startLocalCrmApi, type LocalCrmApi } from '../crm-api';
import type { LocalServiceProvider, LocalServices, StartedService } from '../services';

export interface LocalCrmApiService extends StartedService {
  /** The running API, or undefined when the caller gave its own `CRM_API_URL`. */
  api: LocalCrmApi | undefined;
}

export const crmApiProvider: LocalServiceProvider<LocalCrmApiService> = {
  name: 'crm-api',
  needed: (workflows) =>
    workflows.some((w) => Object.values(w.functions).some((f) => f.environment?.CRM_API_KEY_PARAMETER !== undefined && f.environment.CRM_API_URL === undefined)),
  async start(_workflows, context) {
    if (context.functionEnvironment?.CRM_API_URL !== undefined) return { api: undefined, close: async () => undefined };
    const api = await startLocalCrmApi({ projectRoot: context.projectRoot });
    return { api, functionEnvironment: { CRM_API_URL: api.url, CRM_API_KEY: api.apiKey }, close: () => api.close() };
  },
};

/** The local CRM API of started services, when they started one. */
export const localCrmApi = (services: LocalServices): LocalCrmApi | undefined => (services.services[crmApiProvider.name] as LocalCrmApiService | undefined)?.api;
