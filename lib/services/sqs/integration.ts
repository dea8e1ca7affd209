/**
 * SQS `sendMessage` (`arn:aws:states:::sqs:sendMessage` and `arn:aws:states:::aws-sdk:sqs:sendMessage`)
 * into local queues that record what they receive (a test reads `queue.messages`).
 *
 * Response, as SendMessage returns it: `MessageId` (a UUID), `MD5OfMessageBody` (the MD5 hex
 * digest of the body), `MD5OfMessageAttributes` when attributes were sent, and `SequenceNumber`
 * for FIFO queues; the optimized form adds `SdkHttpMetadata` / `SdkResponseMetadata` as AWS does
 * (./sdk-metadata.ts). A body that is not a string is sent as its JSON text (the optimized
 * integration serializes it; LocalStack state_task_service_sqs.py).
 *
 * Errors: an unknown queue fails with `SQS.AmazonSQSException` (optimized: Step Functions wraps
 * every SQS error code in it, e.g. `Error Code: MissingParameter` in LocalStack's recorded
 * test_task_service_sqs.snapshot.json) and `Sqs.QueueDoesNotExistException` (AWS SDK form);
 * a missing MessageBody, or a FIFO message without MessageGroupId, with error code MissingParameter.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Json, ResourceInvoker } from '../../engine/types';
import { LocalSinks } from '../sinks';
import { withSqsMetadata } from '../sdk-metadata';
import { asText, isObject, optimizedServiceError, parametersOf, parseIntegration, sdkServiceError, type JsonObject } from '../integration';

export interface SentMessage {
  MessageId: string;
  MessageBody: string;
  MessageAttributes?: JsonObject;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  DelaySeconds?: number;
  SequenceNumber?: string;
  /** The state that sent it. */
  stateName: string;
  sentAt: Date;
}

export interface LocalQueue {
  name: string;
  url: string;
  fifo: boolean;
  messages: SentMessage[];
}

export class LocalQueues extends LocalSinks<LocalQueue> {
  /** Declares a queue (its URL is the one the local render of a `queue()` binding gives). */
  add(name: string, fifo = false): LocalQueue {
    return this.put({ name, url: `https://sqs.${this.region}.amazonaws.com/${this.accountId}/${name}`, fifo, messages: [] });
  }

  /** A queue by name (with or without `.fifo`) or URL. */
  get(nameOrUrl: string): LocalQueue | undefined {
    return this.byLocalName(nameOrUrl.replace(/\/+$/, '').replace(/^.*\//, ''));
  }
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export function sqsInvoker(queues: LocalQueues): ResourceInvoker {
  return ({ resource, input, stateName }) => {
    const r = parseIntegration(resource);
    if (r === undefined || r.service !== 'sqs' || r.action !== 'sendMessage' || r.pattern === 'sync' || r.pattern === 'sync:2') return undefined;
    return Promise.resolve().then(() => sendMessage(queues, parametersOf(input), stateName, r.sdk));
  };
}

function missing(parameter: string, sdk: boolean): Error {
  const message = `The request must contain the parameter ${parameter}.`;
  return sdk ? sdkServiceError('Sqs', 'MissingParameter', 400, message) : optimizedServiceError('SQS.AmazonSQSException', 'AmazonSQS', 400, 'MissingParameter', message);
}

function sendMessage(queues: LocalQueues, p: JsonObject, stateName: string, sdk: boolean): Json {
  const url = typeof p.QueueUrl === 'string' ? p.QueueUrl : '';
  const queue = queues.get(url);
  if (queue === undefined || url === '') {
    throw sdk
      ? sdkServiceError('Sqs', 'QueueDoesNotExist', 400, 'The specified queue does not exist.')
      : optimizedServiceError('SQS.AmazonSQSException', 'AmazonSQS', 400, 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist or you do not have access to it.');
  }
  if (p.MessageBody === undefined || p.MessageBody === null || p.MessageBody === '') throw missing('MessageBody', sdk);
  if (queue.fifo && typeof p.MessageGroupId !== 'string') throw missing('MessageGroupId', sdk);
  const body = asText(p.MessageBody);
  const message: SentMessage = { MessageId: randomUUID(), MessageBody: body, stateName, sentAt: new Date() };
  if (isObject(p.MessageAttributes)) message.MessageAttributes = p.MessageAttributes;
  if (typeof p.MessageGroupId === 'string') message.MessageGroupId = p.MessageGroupId;
  if (typeof p.MessageDeduplicationId === 'string') message.MessageDeduplicationId = p.MessageDeduplicationId;
  if (typeof p.DelaySeconds === 'number') message.DelaySeconds = p.DelaySeconds;
  if (queue.fifo) message.SequenceNumber = queues.nextSequenceNumber();
  queue.messages.push(message);
  const response: JsonObject = { MD5OfMessageBody: md5(body), MessageId: message.MessageId };
  if (message.MessageAttributes !== undefined) response.MD5OfMessageAttributes = md5OfMessageAttributes(message.MessageAttributes);
  if (message.SequenceNumber !== undefined) response.SequenceNumber = message.SequenceNumber;
  return sdk ? response : withSqsMetadata(response);
}

/**
 * The MD5 SQS computes over message attributes (Amazon SQS Developer Guide, "Calculating the MD5
 * message digest for message attributes"): for each attribute by name, each of name, data type
 * and value as a 4-byte big-endian length and its UTF-8 bytes, with a transport byte (1 for
 * String and Number, 2 for Binary) before the value.
 */
export function md5OfMessageAttributes(attributes: JsonObject): string {
  const parts: Buffer[] = [];
  const field = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    parts.push(len, b);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name];
    const dataType = isObject(a) && typeof a.DataType === 'string' ? a.DataType : 'String';
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(dataType, 'utf8'));
    if (dataType.startsWith('Binary')) {
      parts.push(Buffer.from([2]));
      field(Buffer.from(isObject(a) && typeof a.BinaryValue === 'string' ? a.BinaryValue : '', 'base64'));
    } else {
      parts.push(Buffer.from([1]));
      field(Buffer.from(isObject(a) && typeof a.StringValue === 'string' ? a.StringValue : '', 'utf8'));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}
