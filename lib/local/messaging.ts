/**
 * The message sinks of started services in one object (SQS queues, SNS topics, EventBridge
 * buses), as the package entry gave them before each service had its own provider. Services not
 * started give empty sinks.
 */
import { LocalEventBuses } from '../services/eventbridge/integration';
import { localEventBridge } from '../services/eventbridge/provider';
import type { LocalServices } from '../services/provider';
import { LocalTopics } from '../services/sns/integration';
import { localSns } from '../services/sns/provider';
import { LocalQueues } from '../services/sqs/integration';
import { localSqs } from '../services/sqs/provider';

export interface LocalMessaging {
  queues: LocalQueues;
  topics: LocalTopics;
  buses: LocalEventBuses;
}

/** The queues, topics and buses of started services, or undefined when none of their workflows declares any. */
export function localMessaging(services: LocalServices): LocalMessaging | undefined {
  const [sqs, sns, events] = [localSqs(services), localSns(services), localEventBridge(services)];
  if (!sqs && !sns && !events) return undefined;
  return { queues: sqs?.queues ?? new LocalQueues(), topics: sns?.topics ?? new LocalTopics(), buses: events?.buses ?? new LocalEventBuses() };
}
