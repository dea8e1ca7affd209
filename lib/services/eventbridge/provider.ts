/**
 * EventBridge for the workflows that declare `eventBuses`: a local sink per bus (and `default`)
 * that records every event the integrations put (no server), under the name `bus()` renders.
 */
import type { LocalServiceProvider, LocalServices, StartedService } from '../provider';
import { eventBridgeInvoker, LocalEventBuses } from './integration';

export interface LocalEventBridgeService extends StartedService {
  buses: LocalEventBuses;
}

export const eventBridgeProvider: LocalServiceProvider<LocalEventBridgeService> = {
  name: 'eventbridge',
  needed: (workflows) => workflows.some((w) => (w.eventBuses ?? []).length > 0),
  async start(workflows) {
    const buses = new LocalEventBuses();
    for (const w of workflows) for (const name of w.eventBuses ?? []) if (!buses.get(name)) buses.add(name);
    return { buses, invokers: [eventBridgeInvoker(buses)], close: async () => undefined };
  },
};

/** The local event buses of started services, or undefined when none of their workflows declares a bus. */
export const localEventBridge = (services: LocalServices): LocalEventBridgeService | undefined =>
  services.services[eventBridgeProvider.name] as LocalEventBridgeService | undefined;
