/**
 * SNS for every local run: the local topics (./topics.ts) with the topics the workflows declare
 * (`topics`, under the ARNs `topic()` renders), the SNS API on 127.0.0.1 over them (./server.ts;
 * handlers reach it through `AWS_ENDPOINT_URL_SNS`), the `sns:publish` integrations on the same
 * topics, and subscriptions delivering to the local SQS (started before it).
 */
import { sharedService, startedBefore, type LocalServiceProvider, type LocalServices, type StartedService } from '../provider';
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

export const snsProvider: LocalServiceProvider<LocalSnsService> = {
  name: 'sns',
  needed: () => true,
  async start(workflows, context) {
    const running = startedBefore<LocalSnsService>(context, 'sns');
    if (running !== undefined) {
      declare(running.topics, workflows);
      return sharedService(running);
    }
    const topics = new LocalTopics(context.region, context.accountId);
    topics.queues = startedBefore<LocalSqsService>(context, 'sqs')?.queues;
    declare(topics, workflows);
    const server = await startSnsServer(topics);
    return { endpoint: server.endpoint, topics, invokers: [snsInvoker(topics)], functionEnvironment: { AWS_ENDPOINT_URL_SNS: server.endpoint }, close: () => server.close() };
  },
};

/** The local topics of started services. */
export const localSns = (services: LocalServices): LocalSnsService | undefined => services.services[snsProvider.name] as LocalSnsService | undefined;
