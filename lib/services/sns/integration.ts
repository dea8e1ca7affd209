/**
 * SNS `publish` (`arn:aws:states:::sns:publish` and `arn:aws:states:::aws-sdk:sns:publish`) to
 * local topics that record what they receive (a test reads `topic.messages`).
 *
 * Response, as Publish returns it: `MessageId` (a UUID), and `SequenceNumber` for FIFO topics; the
 * optimized form adds `SdkHttpMetadata` / `SdkResponseMetadata` as AWS does (./sdk-metadata.ts).
 * A Message that is not a string is published as its JSON text (the optimized integration
 * serializes it; LocalStack state_task_service_sns.py).
 *
 * Errors (optimized `SNS.<Code>[Exception]`, cause `... (Service: AmazonSNS; Status Code: ...;
 * Error Code: <Code>; ...)`, as LocalStack's state_task_service_sns.py reproduces AWS; AWS SDK
 * form `Sns.<Code>Exception`): an unknown topic is `NotFound` (404, "Topic does not exist"), a
 * missing Message or a FIFO message without MessageGroupId `InvalidParameter` (400).
 */
import { randomUUID } from 'node:crypto';
import type { Json, ResourceInvoker } from '../../engine/types';
import { LocalSinks } from '../sinks';
import { withSnsMetadata } from '../sdk-metadata';
import { asText, isObject, optimizedServiceError, parametersOf, parseIntegration, sdkServiceError, type JsonObject } from '../integration';

export interface PublishedMessage {
  MessageId: string;
  Message: string;
  Subject?: string;
  MessageAttributes?: JsonObject;
  MessageStructure?: string;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  SequenceNumber?: string;
  stateName: string;
  sentAt: Date;
}

export interface LocalTopic {
  name: string;
  arn: string;
  fifo: boolean;
  messages: PublishedMessage[];
}

export class LocalTopics extends LocalSinks<LocalTopic> {
  /** Declares a topic (its ARN is the one the local render of a `topic()` binding gives). */
  add(name: string, fifo = false): LocalTopic {
    return this.put({ name, arn: `arn:aws:sns:${this.region}:${this.accountId}:${name}`, fifo, messages: [] });
  }

  /** A topic by ARN (or name, with or without `.fifo`). */
  get(arnOrName: string): LocalTopic | undefined {
    return this.byLocalName(arnOrName.replace(/^arn:[^:]+:sns:[^:]*:[^:]*:/, ''));
  }
}

export function snsInvoker(topics: LocalTopics): ResourceInvoker {
  return ({ resource, input, stateName }) => {
    const r = parseIntegration(resource);
    if (r === undefined || r.service !== 'sns' || r.action !== 'publish' || r.pattern === 'sync' || r.pattern === 'sync:2') return undefined;
    return Promise.resolve().then(() => publish(topics, parametersOf(input), stateName, r.sdk));
  };
}

function snsError(sdk: boolean, code: string, status: number, message: string): Error {
  return sdk ? sdkServiceError('Sns', code, status, message) : optimizedServiceError(`SNS.${code}Exception`, 'AmazonSNS', status, code, message);
}

function publish(topics: LocalTopics, p: JsonObject, stateName: string, sdk: boolean): Json {
  const arn = typeof p.TopicArn === 'string' ? p.TopicArn : typeof p.TargetArn === 'string' ? p.TargetArn : undefined;
  if (arn === undefined) throw snsError(sdk, 'InvalidParameter', 400, 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter (local topics only: PhoneNumber is not supported)');
  const topic = topics.get(arn);
  if (topic === undefined) throw snsError(sdk, 'NotFound', 404, 'Topic does not exist');
  if (p.Message === undefined || p.Message === null || p.Message === '') throw snsError(sdk, 'InvalidParameter', 400, 'Invalid parameter: Empty message');
  if (topic.fifo && typeof p.MessageGroupId !== 'string') throw snsError(sdk, 'InvalidParameter', 400, 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
  const message: PublishedMessage = { MessageId: randomUUID(), Message: asText(p.Message), stateName, sentAt: new Date() };
  if (typeof p.Subject === 'string') message.Subject = p.Subject;
  if (isObject(p.MessageAttributes)) message.MessageAttributes = p.MessageAttributes;
  if (typeof p.MessageStructure === 'string') message.MessageStructure = p.MessageStructure;
  if (typeof p.MessageGroupId === 'string') message.MessageGroupId = p.MessageGroupId;
  if (typeof p.MessageDeduplicationId === 'string') message.MessageDeduplicationId = p.MessageDeduplicationId;
  if (topic.fifo) message.SequenceNumber = topics.nextSequenceNumber();
  topic.messages.push(message);
  const response: JsonObject = { MessageId: message.MessageId };
  if (message.SequenceNumber !== undefined) response.SequenceNumber = message.SequenceNumber;
  return sdk ? response : withSnsMetadata(response);
}
