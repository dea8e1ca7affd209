/**
 * The local stand-ins of AWS services, one folder per service: the Task integration (what a
 * Task of that service does on this machine), the stand-in it talks to (an HTTP API on 127.0.0.1
 * speaking the service's protocol), and the provider that starts it. Every local run has them all
 * (heavy servers start when first used), and the endpoint refusing every other service. Adding a
 * service is one folder and one entry here.
 */
import { dynamoDbProvider } from './dynamodb/provider';
import { eventBridgeProvider } from './eventbridge/provider';
import type { LocalServiceProvider } from './provider';
import { s3Provider } from './s3/provider';
import { secretsManagerProvider } from './secretsmanager/provider';
import { snsProvider } from './sns/provider';
import { sqsProvider } from './sqs/provider';
import { ssmProvider } from './ssm/provider';
import { unsupportedServicesProvider } from './unsupported/provider';

/**
 * The AWS service stand-ins, in the order they start and their invokers are tried (SQS before SNS:
 * subscriptions deliver to its queues).
 */
export const serviceProviders: readonly LocalServiceProvider[] = [
  unsupportedServicesProvider,
  dynamoDbProvider,
  sqsProvider,
  snsProvider,
  eventBridgeProvider,
  ssmProvider,
  secretsManagerProvider,
  s3Provider,
] as readonly LocalServiceProvider[];

export { startServices, type LocalServiceContext, type LocalServiceProvider, type LocalServices, type StartedService } from './provider';
