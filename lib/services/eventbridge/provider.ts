/**
 * EventBridge for every local run: the local buses (./buses.ts, `default` and the buses the
 * workflows declare in `eventBuses`), the EventBridge API on 127.0.0.1 over them (./server.ts;
 * handlers reach it through `AWS_ENDPOINT_URL_EVENTBRIDGE`), and the `events:putEvents`
 * integrations on the same buses.
 */
import { standInProvider, type LocalServices, type StartedService } from '../provider';
import type { WorkflowDeclaration } from '../../workflow/declaration';
import { LocalEventBuses } from './buses';
import { eventBridgeInvoker } from './integration';
import { startEventBridgeServer } from './server';

export interface LocalEventBridgeService extends StartedService {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  buses: LocalEventBuses;
}

function declare(buses: LocalEventBuses, workflows: readonly WorkflowDeclaration[]): void {
  for (const w of workflows) for (const name of w.eventBuses ?? []) buses.add(name);
}

export const eventBridgeProvider = standInProvider<LocalEventBridgeService>(
  'eventbridge',
  async (context) => {
    const buses = new LocalEventBuses(context.region, context.accountId);
    const server = await startEventBridgeServer(buses);
    return { endpoint: server.endpoint, buses, invokers: [eventBridgeInvoker(buses)], functionEnvironment: { AWS_ENDPOINT_URL_EVENTBRIDGE: server.endpoint }, close: () => server.close() };
  },
  (service, workflows) => declare(service.buses, workflows),
);

/** The local event buses of started services. */
export const localEventBridge = (services: LocalServices): LocalEventBridgeService | undefined =>
  services.services[eventBridgeProvider.name] as LocalEventBridgeService | undefined;
