/**
 * SQS, SNS and EventBridge for the workflows that declare `queues`, `topics` or `eventBuses`:
 * local sinks that record every message and event the integrations send (no server), under
 * the URLs / ARNs / names the local render of `queue()`, `topic()`, `bus()` gives. A test reads
 * them: `localMessaging(services).queues.get('jobs')?.messages`.
 */
import { eventBridgeInvoker, LocalEventBuses } from '../../integrations/eventbridge';
import { LocalTopics, snsInvoker } from '../../integrations/sns';
import { LocalQueues, sqsInvoker } from '../../integrations/sqs';
import type { LocalServiceProvider, LocalServices, StartedService } from '../services';

export interface LocalMessagingService extends StartedService {
  queues: LocalQueues;
  topics: LocalTopics;
  buses: LocalEventBuses;
}

export const messagingProvider: LocalServiceProvider<LocalMessagingService> = {
  name: 'messaging',
  needed: (workflows) => workflows.some((w) => Object.keys(w.queues ?? {}).length + Object.keys(w.topics ?? {}).length + (w.eventBuses ?? []).length > 0),
  async start(workflows, context) {
    const queues = new LocalQueues(context.region, context.accountId);
    const topics = new LocalTopics(context.region, context.accountId);
    const buses = new LocalEventBuses();
    for (const w of workflows) {
      for (const [name, q] of Object.entries(w.queues ?? {})) if (!queues.get(name)) queues.add(name, q.fifo);
      for (const [name, t] of Object.entries(w.topics ?? {})) if (!topics.get(name)) topics.add(name, t.fifo);
      for (const name of w.eventBuses ?? []) if (!buses.get(name)) buses.add(name);
    }
    return { queues, topics, buses, invokers: [sqsInvoker(queues), snsInvoker(topics), eventBridgeInvoker(buses)], close: async () => undefined };
  },
};

/** The message sinks of started services, or undefined when none of their workflows declares queues, topics or buses. */
export const localMessaging = (services: LocalServices): LocalMessagingService | undefined => services.services[messagingProvider.name] as LocalMessagingService | undefined;
