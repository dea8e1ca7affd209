/**
 * The CRM API's local stand-in (the component's `local`, api/index.ts): the deployed handlers on
 * an embedded PostgreSQL (api/local/crm-api.ts), started for the runs of workflows whose functions
 * read its `url` (crm-lead's `CRM_API_URL`) unless the caller gives that variable. Its output
 * `apiKey` is the local value of the key parameter crm-lead's functions read from SSM (the local
 * SSM holds it, as the deployed crm-api stack writes the key to the parameter), and after the runs
 * it tells what landed in the database and which requests it answered.
 */
import type { LocalServiceProvider, LocalServices, StartedService } from '../../lib/services/provider';
import type { LocalCrmApi } from './crm-api';
import { formatCrmRows } from './rows';

export interface LocalCrmApiService extends StartedService {
  api: LocalCrmApi;
}

export const crmApiService: LocalServiceProvider<LocalCrmApiService> = {
  name: 'crm-api',
  // Started for the functions that read the component's outputs (lib/project/components.ts).
  needed: () => false,
  async start(_workflows, context) {
    const { startLocalCrmApi } = await import('./crm-api');
    const api = await startLocalCrmApi({ projectRoot: context.projectRoot });
    return {
      api,
      outputs: { url: api.url, apiKey: api.apiKey },
      async summary() {
        const tables = { clients: await api.rows('clients'), partners: await api.rows('partners'), benefit: await api.rows('benefit') };
        const requests = await api.requests();
        return [
          `CRM API (local, ${api.url}): ${requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ') || 'no requests'}`,
          `Rows in the CRM database (embedded PostgreSQL, ${api.fromCache ? 'the migrated data directory of .build/pglite' : 'created and migrated'}):\n${formatCrmRows(tables)}`,
        ].join('\n');
      },
      close: () => api.close(),
    };
  },
};

/** The local CRM API of started services, when they started one. */
export const localCrmApi = (services: LocalServices): LocalCrmApi | undefined => (services.services[crmApiService.name] as LocalCrmApiService | undefined)?.api;
