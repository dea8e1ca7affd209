/**
 * What every local run gives its functions besides the stand-ins' endpoints (each with the region
 * and the dummy credentials): no instance metadata lookups, and the AWS SDKs' global `AWS_ENDPOINT_URL`
 * pointed at the endpoint that refuses every service without a local stand-in (./server.ts), so
 * that no call of a handler ever leaves this machine.
 */
import { standInProvider, type LocalServices, type StartedService } from '../provider';
import { startUnsupportedServer, type Refusal } from './server';

export interface UnsupportedServicesService extends StartedService {
  endpoint: string;
  /** The requests refused, in order. */
  refused: Refusal[];
}

export const unsupportedServicesProvider = standInProvider<UnsupportedServicesService>(
  'unsupported',
  async () => {
    const server = await startUnsupportedServer();
    return {
      endpoint: server.endpoint,
      refused: server.refused,
      functionEnvironment: { AWS_ENDPOINT_URL: server.endpoint, AWS_EC2_METADATA_DISABLED: 'true' },
      async summary() {
        if (!server.refused.length) return undefined;
        const counts = new Map<string, number>();
        for (const r of server.refused) counts.set(`${r.service} ${r.request}`, (counts.get(`${r.service} ${r.request}`) ?? 0) + 1);
        return `Calls refused (no local stand-in): ${[...counts].map(([k, n]) => `${k}${n > 1 ? ` x${n}` : ''}`).join(', ')}`;
      },
      close: () => server.close(),
    };
  },
  () => undefined,
);

/** The refusing endpoint of started services. */
export const localUnsupportedServices = (services: LocalServices): UnsupportedServicesService | undefined =>
  services.services[unsupportedServicesProvider.name] as UnsupportedServicesService | undefined;
