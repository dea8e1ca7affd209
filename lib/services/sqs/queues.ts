/**
 * The local SQS queues: one state that the Task integration (`sqs:sendMessage`, ./integration.ts),
 * the SQS JSON API (./server.ts: what handlers' `@aws-sdk/client-sqs` reaches) and SNS subscriptions
 * all use, so that a message a Task sends is received by a handler's ReceiveMessage.
 *
 * As SQS does (Amazon SQS Developer Guide: "Amazon SQS visibility timeout", "Amazon SQS delay
 * queues", "Exactly-once processing in Amazon SQS", "Using the message deduplication ID"):
 * a received message is invisible for the visibility timeout (the queue's, 30 s by default, or the
 * request's) and comes back unless deleted with its receipt handle; DelaySeconds hides a new message;
 * a FIFO queue delivers a message group in order, one in-flight batch of a group at a time, and drops
 * a message whose deduplication id (or SHA-256 of the body with ContentBasedDeduplication) was sent in
 * the last 5 minutes (accepted, not delivered); `SequenceNumber` grows.
 *
 * `messages` records every message sent (whatever was received or deleted since), for tests to read.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AwsServiceError } from '../http/server';
import { isObject, type JsonObject } from '../integration';
import { LocalSinks } from '../sinks';

export interface SentMessage {
  MessageId: string;
  MessageBody: string;
  MessageAttributes?: JsonObject;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  DelaySeconds?: number;
  SequenceNumber?: string;
  /** The Task state that sent it (undefined when sent through the API). */
  stateName?: string;
  sentAt: Date;
}

/** A message in the queue (not deleted yet). */
interface Held {
  message: SentMessage;
  md5OfBody: string;
  md5OfAttributes?: string;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  receipt?: string;
}

/** What SendMessage answers. */
export interface SendResult {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  SequenceNumber?: string;
}

/** A message as ReceiveMessage gives it, with the system attributes of the queue's record. */
export interface ReceivedMessage {
  held: Held;
  ReceiptHandle: string;
}

const DEDUPLICATION_MS = 5 * 60 * 1000;
const PURGE_INTERVAL_MS = 60 * 1000;

export const md5 = (s: string | Buffer): string => createHash('md5').update(s).digest('hex');

export const DEFAULT_ATTRIBUTES: Readonly<Record<string, string>> = {
  VisibilityTimeout: '30',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '0',
  SqsManagedSseEnabled: 'true',
};

/** Errors as SQS's JSON API names them (the SDK's model of @aws-sdk/client-sqs: `__type` and the query code). */
export const sqsError = {
  nonExistentQueue: () => new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.', 400, { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' }),
  missing: (parameter: string) => new AwsServiceError('MissingParameter', `The request must contain the parameter ${parameter}.`, 400, { queryCode: 'MissingParameter' }),
  invalidValue: (message: string) => new AwsServiceError('InvalidParameterValueException', message, 400, { queryCode: 'InvalidParameterValue' }),
};

export class LocalQueue {
  readonly arn: string;
  readonly messages: SentMessage[] = [];
  readonly attributes: Record<string, string>;
  readonly createdAt = new Date();
  lastModifiedAt = this.createdAt;
  private held: Held[] = [];
  private readonly receipts = new Set<string>();
  private readonly deduplication = new Map<string, { at: number; result: SendResult }>();
  private readonly arrivals = new Set<() => void>();
  private purgedAt = 0;

  constructor(
    private readonly owner: LocalQueues,
    readonly name: string,
    readonly fifo: boolean,
    attributes: Record<string, string> = {},
  ) {
    this.arn = `arn:aws:sqs:${owner.region}:${owner.accountId}:${name}`;
    this.attributes = { ...DEFAULT_ATTRIBUTES, ...(fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'false' } : {}), ...attributes };
  }

  /** `<endpoint>/<account>/<name>` when the queues have an endpoint (the SQS API's), else the URL SQS gives. */
  get url(): string {
    return this.owner.urlOf(this.name);
  }

  send(request: { body: string; attributes?: JsonObject; groupId?: string; deduplicationId?: string; delaySeconds?: number; stateName?: string }): SendResult {
    if (request.body === '') throw sqsError.missing('MessageBody');
    const delay = request.delaySeconds ?? Number(this.attributes.DelaySeconds);
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) throw sqsError.invalidValue(`Value ${delay} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900.`);
    let deduplicationId = request.deduplicationId;
    if (this.fifo) {
      if (request.groupId === undefined) throw sqsError.missing('MessageGroupId');
      if (request.delaySeconds !== undefined && request.delaySeconds !== 0)
        throw sqsError.invalidValue(`Value ${request.delaySeconds} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`);
      if (deduplicationId === undefined) {
        if (this.attributes.ContentBasedDeduplication !== 'true')
          throw sqsError.invalidValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
        deduplicationId = createHash('sha256').update(request.body).digest('hex');
      }
      const seen = this.deduplication.get(deduplicationId);
      if (seen !== undefined && Date.now() - seen.at < DEDUPLICATION_MS) return seen.result;
    }
    const message: SentMessage = { MessageId: randomUUID(), MessageBody: request.body, sentAt: new Date() };
    if (request.stateName !== undefined) message.stateName = request.stateName;
    if (request.attributes !== undefined && Object.keys(request.attributes).length) message.MessageAttributes = request.attributes;
    if (request.groupId !== undefined) message.MessageGroupId = request.groupId;
    if (request.deduplicationId !== undefined) message.MessageDeduplicationId = request.deduplicationId;
    if (request.delaySeconds !== undefined) message.DelaySeconds = request.delaySeconds;
    if (this.fifo) message.SequenceNumber = this.owner.nextSequenceNumber();
    const held: Held = { message, md5OfBody: md5(request.body), visibleAt: message.sentAt.getTime() + delay * 1000, receiveCount: 0 };
    if (message.MessageAttributes !== undefined) held.md5OfAttributes = md5OfMessageAttributes(message.MessageAttributes);
    this.messages.push(message);
    this.held.push(held);
    const result: SendResult = { MD5OfMessageBody: held.md5OfBody, MessageId: message.MessageId };
    if (held.md5OfAttributes !== undefined) result.MD5OfMessageAttributes = held.md5OfAttributes;
    if (message.SequenceNumber !== undefined) result.SequenceNumber = message.SequenceNumber;
    if (this.fifo && deduplicationId !== undefined) this.deduplication.set(deduplicationId, { at: Date.now(), result });
    for (const wake of [...this.arrivals]) wake();
    return result;
  }

  /** Up to `max` visible messages, made invisible for `visibilitySeconds` (FIFO: whole groups in order, none of a group with a message in flight). */
  receive(max: number, visibilitySeconds = Number(this.attributes.VisibilityTimeout)): ReceivedMessage[] {
    const now = Date.now();
    // Held in the order sent: a hidden message of a FIFO group holds back the later ones of its group.
    const heldBack = new Set<string | undefined>();
    const out: ReceivedMessage[] = [];
    for (const h of this.held) {
      if (out.length >= max) break;
      if (h.visibleAt > now) {
        if (this.fifo) heldBack.add(h.message.MessageGroupId);
        continue;
      }
      if (heldBack.has(h.message.MessageGroupId)) continue;
      h.receiveCount++;
      h.firstReceivedAt ??= now;
      h.visibleAt = now + visibilitySeconds * 1000;
      h.receipt = randomBytes(48).toString('base64');
      this.receipts.add(h.receipt);
      out.push({ held: h, ReceiptHandle: h.receipt });
    }
    return out;
  }

  /** When the next hidden message becomes visible (ms since the epoch), or undefined. */
  nextVisibleAt(): number | undefined {
    const now = Date.now();
    const times = this.held.map((h) => h.visibleAt).filter((t) => t > now);
    return times.length ? Math.min(...times) : undefined;
  }

  /** Resolves when a message is sent, or after `ms`, or when `signal` aborts. */
  waitForArrival(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.arrivals.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.arrivals.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  /** Deletes the message of a receipt handle; an unknown handle is ReceiptHandleIsInvalid (a handle of a message already deleted is not). */
  delete(receipt: string): void {
    if (!this.receipts.has(receipt)) throw invalidReceipt(receipt);
    this.held = this.held.filter((h) => h.receipt !== receipt);
  }

  changeVisibility(receipt: string, seconds: number): void {
    if (!this.receipts.has(receipt)) throw invalidReceipt(receipt);
    const h = this.held.find((x) => x.receipt === receipt);
    if (h === undefined || h.visibleAt <= Date.now())
      throw new AwsServiceError('MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.', 400, { queryCode: 'AWS.SimpleQueueService.MessageNotInflight' });
    h.visibleAt = Date.now() + seconds * 1000;
  }

  purge(): void {
    if (Date.now() - this.purgedAt < PURGE_INTERVAL_MS)
      throw new AwsServiceError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${this.name} is allowed every 60 seconds.`, 403, { queryCode: 'AWS.SimpleQueueService.PurgeQueueInProgress' });
    this.purgedAt = Date.now();
    this.held = [];
  }

  /** ApproximateNumberOfMessages (visible), ...NotVisible (in flight), ...Delayed (not received yet, hidden). */
  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = Date.now();
    const hidden = this.held.filter((h) => h.visibleAt > now);
    return { visible: this.held.length - hidden.length, inFlight: hidden.filter((h) => h.receiveCount > 0).length, delayed: hidden.filter((h) => h.receiveCount === 0).length };
  }
}

const invalidReceipt = (receipt: string) => new AwsServiceError('ReceiptHandleIsInvalid', `The input receipt handle "${receipt}" is not a valid receipt handle.`, 404, { queryCode: 'ReceiptHandleIsInvalid' });

export class LocalQueues extends LocalSinks<LocalQueue> {
  /** The SQS API's endpoint, once it listens: queue URLs are then `<endpoint>/<account>/<name>`. */
  endpoint?: string;

  /** Creates a queue (its URL is the one the local render of a `queue()` binding gives), or returns the one of that name. */
  add(name: string, fifo = false, attributes: Record<string, string> = {}): LocalQueue {
    return this.byLocalName(name) ?? this.put(new LocalQueue(this, name, fifo, attributes));
  }

  /** A queue by name (with or without `.fifo`) or URL (any host: only the name counts). */
  get(nameOrUrl: string): LocalQueue | undefined {
    return this.byLocalName(nameOrUrl.replace(/\/+$/, '').replace(/^.*\//, ''));
  }

  remove(name: string): void {
    this.drop(name);
  }

  urlOf(name: string): string {
    return this.endpoint !== undefined ? `${this.endpoint}/${this.accountId}/${name}` : `https://sqs.${this.region}.amazonaws.com/${this.accountId}/${name}`;
  }
}

/** A queue URL as SQS gives it (`https://sqs.<region>.amazonaws.com/<account>/<name>`) on the local SQS's endpoint instead. */
export const onLocalEndpoint = (url: string, endpoint: string): string => url.replace(/^https:\/\/sqs\.[^/]+\.amazonaws\.com(?=\/)/, endpoint);

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
