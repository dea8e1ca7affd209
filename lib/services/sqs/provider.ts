/**
 * SQS for the workflows that declare `queues`: a local sink per queue that records every message
 * the integrations send (no server), under the URL the local render of `queue()` gives. A test
 * reads it: `localSqs(services)?.queues.get('jobs')?.messages`.
 */
import type { LocalServiceProvider, LocalServices, StartedService } from '../provider';
import { LocalQueues, sqsInvoker } from './integration';

export interface LocalSqsService extends StartedService {
  queues: LocalQueues;
}

export const sqsProvider: LocalServiceProvider<LocalSqsService> = {
  name: 'sqs',
  needed: (workflows) => workflows.some((w) => Object.keys(w.queues ?? {}).length > 0),
  async start(workflows, context) {
    const queues = new LocalQueues(context.region, context.accountId);
    for (const w of workflows) for (const [name, q] of Object.entries(w.queues ?? {})) if (!queues.get(name)) queues.add(name, q.fifo);
    return { queues, invokers: [sqsInvoker(queues)], close: async () => undefined };
  },
};

/** The local queues of started services, or undefined when none of their workflows declares a queue. */
export const localSqs = (services: LocalServices): LocalSqsService | undefined => services.services[sqsProvider.name] as LocalSqsService | undefined;
