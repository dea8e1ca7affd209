/**
 * SQS for every local run: the local queues (./queues.ts) with the queues the workflows declare
 * (`queues`, under the names `queue()` renders, with their FIFO and visibility settings), the SQS
 * API on 127.0.0.1 over them (./server.ts; handlers reach it through `AWS_ENDPOINT_URL_SQS`), and
 * the `sqs:sendMessage` integrations on the same queues. A test reads
 * `localSqs(services)?.queues.get('jobs')?.messages`.
 */
import { standInProvider, type LocalServices, type StartedService } from '../provider';
import type { WorkflowDeclaration } from '../../workflow/declaration';
import { sqsInvoker } from './integration';
import { LocalQueues } from './queues';
import { startSqsServer } from './server';

export interface LocalSqsService extends StartedService {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  queues: LocalQueues;
}

function declare(queues: LocalQueues, workflows: readonly WorkflowDeclaration[]): void {
  for (const w of workflows)
    for (const [name, q] of Object.entries(w.queues ?? {})) queues.add(name, q.fifo ?? false, q.visibilityTimeout === undefined ? {} : { VisibilityTimeout: String(q.visibilityTimeout) });
}

export const sqsProvider = standInProvider<LocalSqsService>(
  'sqs',
  async (context) => {
    const queues = new LocalQueues(context.region, context.accountId);
    const server = await startSqsServer(queues);
    return { endpoint: server.endpoint, queues, invokers: [sqsInvoker(queues)], functionEnvironment: { AWS_ENDPOINT_URL_SQS: server.endpoint }, close: () => server.close() };
  },
  (service, workflows) => declare(service.queues, workflows),
);

/** The local queues of started services. */
export const localSqs = (services: LocalServices): LocalSqsService | undefined => services.services[sqsProvider.name] as LocalSqsService | undefined;
