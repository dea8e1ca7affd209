/**
 * The local stand-ins of AWS services, one folder per service: the Task integration (what a
 * Task of that service does on this machine), the stand-in it talks to, and the provider that
 * starts it for the workflows that declare such resources. Adding a service is one folder and
 * one entry here.
 */
import { dynamoDbProvider } from './dynamodb/provider';
import { eventBridgeProvider } from './eventbridge/provider';
import type { LocalServiceProvider } from './provider';
import { s3Provider } from './s3/provider';
import { snsProvider } from './sns/provider';
import { sqsProvider } from './sqs/provider';

/** The AWS service stand-ins, in the order their invokers are tried. */
export const serviceProviders: readonly LocalServiceProvider[] = [dynamoDbProvider, sqsProvider, snsProvider, eventBridgeProvider, s3Provider];

export { startServices, type LocalServiceContext, type LocalServiceProvider, type LocalServices, type StartedService } from './provider';
