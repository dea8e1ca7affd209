/**
 * SNS for the workflows that declare `topics`: a local sink per topic that records every message
 * the integrations publish (no server), under the ARN the local render of `topic()` gives.
 */
import type { LocalServiceProvider, LocalServices, StartedService } from '../provider';
import { LocalTopics, snsInvoker } from './integration';

export interface LocalSnsService extends StartedService {
  topics: LocalTopics;
}

export const snsProvider: LocalServiceProvider<LocalSnsService> = {
  name: 'sns',
  needed: (workflows) => workflows.some((w) => Object.keys(w.topics ?? {}).length > 0),
  async start(workflows, context) {
    const topics = new LocalTopics(context.region, context.accountId);
    for (const w of workflows) for (const [name, t] of Object.entries(w.topics ?? {})) if (!topics.get(name)) topics.add(name, t.fifo);
    return { topics, invokers: [snsInvoker(topics)], close: async () => undefined };
  },
};

/** The local topics of started services, or undefined when none of their workflows declares a topic. */
export const localSns = (services: LocalServices): LocalSnsService | undefined => services.services[snsProvider.name] as LocalSnsService | undefined;
