/**
 * SNS for every local run: the local topics (./topics.ts) with the topics the workflows declare
 * (`topics`, under the ARNs `topic()` renders), the SNS API on 127.0.0.1 over them (./server.ts;
 * handlers reach it through `AWS_ENDPOINT_URL_SNS`), the `sns:publish` integrations on the same
 * topics, and subscriptions delivering to the local SQS (started before it).
 */
import { startedBefore, standInProvider, type LocalServices, type StartedService } from '../provider';
import type { WorkflowDeclaration } from '../../workflow/declaration';
import type { LocalSqsService } from '../sqs/provider';
import { snsInvoker } from './integration';
import { startSnsServer } from './server';
import { LocalTopics } from './topics';

export interface LocalSnsService extends StartedService {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  topics: LocalTopics;
}

function declare(topics: LocalTopics, workflows: readonly WorkflowDeclaration[]): void {
  for (const w of workflows) for (const [name, t] of Object.entries(w.topics ?? {})) topics.add(name, t.fifo ?? false);
}

export const snsProvider = standInProvider<LocalSnsService>(
  'sns',
  async (context) => {
    const topics = new LocalTopics(context.region, context.accountId);
    // Subscriptions deliver to the local SQS (started before).
    topics.queues = startedBefore<LocalSqsService>(context, 'sqs')?.queues;
    const server = await startSnsServer(topics);
    return { endpoint: server.endpoint, topics, invokers: [snsInvoker(topics)], functionEnvironment: { AWS_ENDPOINT_URL_SNS: server.endpoint }, close: () => server.close() };
  },
  (service, workflows) => declare(service.topics, workflows),
);

/** The local topics of started services. */
export const localSns = (services: LocalServices): LocalSnsService | undefined => services.services[snsProvider.name] as LocalSnsService | undefined;
