/**
 * The local SNS topics: one state for the Task integration (`sns:publish`, ./integration.ts) and
 * the SNS query API (./server.ts), with subscriptions of queues of the local SQS: a published
 * message lands in each subscribed queue, as the notification SNS sends to SQS (Amazon SNS
 * Developer Guide, "Fanout Amazon SNS notifications to Amazon SQS queues" and "Amazon SNS message
 * and JSON formats": `{Type: "Notification", MessageId, TopicArn, Subject?, Message, Timestamp,
 * SignatureVersion, Signature, SigningCertURL, UnsubscribeURL, MessageAttributes?}`), or the message
 * alone with its attributes as SQS message attributes when the subscription has RawMessageDelivery
 * ("Amazon SNS raw message delivery"). A subscription's FilterPolicy on message attributes is
 * applied (exact values, `prefix`, `anything-but`, `exists`, `numeric` comparisons).
 *
 * `messages` records every message published, for tests to read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AwsServiceError } from '../http/server';
import type { JsonObject } from '../integration';
import { LocalSinks } from '../sinks';
import type { LocalQueues } from '../sqs/queues';

export interface PublishedMessage {
  MessageId: string;
  Message: string;
  Subject?: string;
  MessageAttributes?: JsonObject;
  MessageStructure?: string;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  SequenceNumber?: string;
  /** The Task state that published it (undefined when published through the API). */
  stateName?: string;
  sentAt: Date;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: 'sqs';
  /** The queue's ARN. */
  endpoint: string;
  attributes: Record<string, string>;
}

/** Errors as SNS names them (SNS API reference, Publish / CreateTopic / Subscribe errors). */
export const snsError = {
  notFound: (what = 'Topic') => new AwsServiceError('NotFound', `${what} does not exist`, 404),
  invalid: (message: string) => new AwsServiceError('InvalidParameter', `Invalid parameter: ${message}`, 400),
};

export class LocalTopic {
  readonly arn: string;
  readonly messages: PublishedMessage[] = [];
  readonly attributes: Record<string, string>;
  readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly owner: LocalTopics,
    readonly name: string,
    readonly fifo: boolean,
    attributes: Record<string, string> = {},
  ) {
    this.arn = `arn:aws:sns:${owner.region}:${owner.accountId}:${name}`;
    this.attributes = { DisplayName: '', ...(fifo ? { FifoTopic: 'true', ContentBasedDeduplication: 'false' } : {}), ...attributes };
  }

  publish(request: { message: string; subject?: string; attributes?: JsonObject; structure?: string; groupId?: string; deduplicationId?: string; stateName?: string }): { MessageId: string; SequenceNumber?: string } {
    if (request.message === '') throw snsError.invalid('Empty message');
    let perProtocol: Record<string, unknown> | undefined;
    if (request.structure !== undefined) {
      if (request.structure !== 'json') throw snsError.invalid(`MessageStructure Reason: ${request.structure} is not a valid value`);
      try {
        perProtocol = JSON.parse(request.message) as Record<string, unknown>;
      } catch {
        throw snsError.invalid('Message Structure - JSON message body failed to parse');
      }
      if (typeof perProtocol?.default !== 'string') throw snsError.invalid('Message Structure - No default entry in JSON message body');
    }
    if (this.fifo) {
      if (request.groupId === undefined) throw snsError.invalid('The MessageGroupId parameter is required for FIFO topics');
      if (request.deduplicationId === undefined && this.attributes.ContentBasedDeduplication !== 'true')
        throw snsError.invalid('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    }
    const message: PublishedMessage = { MessageId: randomUUID(), Message: request.message, sentAt: new Date() };
    if (request.subject !== undefined) message.Subject = request.subject;
    if (request.attributes !== undefined && Object.keys(request.attributes).length) message.MessageAttributes = request.attributes;
    if (request.structure !== undefined) message.MessageStructure = request.structure;
    if (request.groupId !== undefined) message.MessageGroupId = request.groupId;
    if (request.deduplicationId !== undefined) message.MessageDeduplicationId = request.deduplicationId;
    if (this.fifo) message.SequenceNumber = this.owner.nextSequenceNumber();
    if (request.stateName !== undefined) message.stateName = request.stateName;
    this.messages.push(message);
    for (const s of this.subscriptions) this.deliver(s, message, typeof perProtocol?.sqs === 'string' ? perProtocol.sqs : (perProtocol?.default as string | undefined));
    return message.SequenceNumber === undefined ? { MessageId: message.MessageId } : { MessageId: message.MessageId, SequenceNumber: message.SequenceNumber };
  }

  private deliver(s: Subscription, message: PublishedMessage, text = message.Message): void {
    const queue = this.owner.queues?.get(s.endpoint.replace(/^arn:[^:]+:sqs:[^:]*:[^:]*:/, ''));
    if (queue === undefined || !matchesFilterPolicy(s.attributes.FilterPolicy, message.MessageAttributes)) return;
    const raw = s.attributes.RawMessageDelivery === 'true';
    const body = raw ? text : JSON.stringify(this.notification(s, message, text));
    const fifo = queue.fifo ? { groupId: message.MessageGroupId, deduplicationId: message.MessageDeduplicationId ?? createHash('sha256').update(body).digest('hex') } : {};
    queue.send({ body, attributes: raw ? message.MessageAttributes : undefined, ...fifo });
  }

  private notification(s: Subscription, m: PublishedMessage, text: string): JsonObject {
    const n: JsonObject = { Type: 'Notification', MessageId: m.MessageId, TopicArn: this.arn };
    if (m.Subject !== undefined) n.Subject = m.Subject;
    n.Message = text;
    n.Timestamp = m.sentAt.toISOString();
    if (m.SequenceNumber !== undefined) n.SequenceNumber = m.SequenceNumber;
    n.SignatureVersion = '1';
    // Not signed: nothing here holds SNS's signing key.
    n.Signature = 'local';
    n.SigningCertURL = `https://sns.${this.owner.region}.amazonaws.com/SimpleNotificationService-local.pem`;
    n.UnsubscribeURL = `https://sns.${this.owner.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${s.arn}`;
    if (m.MessageAttributes !== undefined) {
      const attrs: JsonObject = {};
      for (const [k, v] of Object.entries(m.MessageAttributes)) {
        const a = v as { DataType?: string; StringValue?: string; BinaryValue?: string };
        attrs[k] = { Type: a.DataType ?? 'String', Value: a.StringValue ?? a.BinaryValue ?? '' };
      }
      n.MessageAttributes = attrs;
    }
    return n;
  }
}

export class LocalTopics extends LocalSinks<LocalTopic> {
  /** The local SQS queues, where subscriptions of protocol `sqs` deliver. */
  queues?: LocalQueues;
  private readonly subscriptionArns = new Map<string, LocalTopic>();

  /** Creates a topic (its ARN is the one the local render of a `topic()` binding gives), or returns the one of that name. */
  add(name: string, fifo = false, attributes: Record<string, string> = {}): LocalTopic {
    return this.byLocalName(name) ?? this.put(new LocalTopic(this, name, fifo, attributes));
  }

  /** A topic by ARN (or name, with or without `.fifo`). */
  get(arnOrName: string): LocalTopic | undefined {
    return this.byLocalName(arnOrName.replace(/^arn:[^:]+:sns:[^:]*:[^:]*:/, ''));
  }

  /** Deletes a topic (by ARN or name) and its subscriptions. */
  remove(arnOrName: string): void {
    const topic = this.get(arnOrName);
    if (topic === undefined) return;
    for (const s of topic.subscriptions) this.subscriptionArns.delete(s.arn);
    this.drop(topic.name);
  }

  subscribe(topic: LocalTopic, endpoint: string, attributes: Record<string, string>): Subscription {
    const existing = topic.subscriptions.find((s) => s.endpoint === endpoint);
    if (existing !== undefined) return existing;
    if (!/^arn:[^:]+:sqs:[^:]*:[^:]*:[^:]+$/.test(endpoint)) throw snsError.invalid('SQS endpoint ARN');
    if (this.queues?.get(endpoint.replace(/^.*:/, '')) === undefined) throw snsError.invalid(`Endpoint Reason: the queue ${endpoint} does not exist in the local SQS`);
    if (attributes.FilterPolicy !== undefined) checkFilterPolicy(attributes.FilterPolicy);
    const s: Subscription = { arn: `${topic.arn}:${randomUUID()}`, topicArn: topic.arn, protocol: 'sqs', endpoint, attributes };
    topic.subscriptions.push(s);
    this.subscriptionArns.set(s.arn, topic);
    return s;
  }

  unsubscribe(arn: string): void {
    const topic = this.subscriptionArns.get(arn);
    if (topic === undefined) return;
    topic.subscriptions.splice(topic.subscriptions.findIndex((s) => s.arn === arn), 1);
    this.subscriptionArns.delete(arn);
  }
}

type Condition = string | number | boolean | null | Record<string, unknown>;

/** A filter policy this stand-in can apply; InvalidParameter naming what it cannot. */
function checkFilterPolicy(text: string): void {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    throw snsError.invalid('FilterPolicy: failed to parse JSON.');
  }
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) throw snsError.invalid('FilterPolicy: the policy must be a JSON object');
  for (const [key, conditions] of Object.entries(policy)) {
    if (!Array.isArray(conditions)) throw snsError.invalid(`FilterPolicy: "${key}" must be an array of conditions (nested policies on the message body are not supported locally)`);
    for (const c of conditions as Condition[])
      if (c !== null && typeof c === 'object' && !['prefix', 'anything-but', 'exists', 'numeric'].includes(Object.keys(c)[0]))
        throw snsError.invalid(`FilterPolicy: the operator ${Object.keys(c)[0]} is not supported locally (exact values, prefix, anything-but, exists and numeric are)`);
  }
}

/** Whether the message attributes pass a subscription's filter policy (no policy: every message). */
export function matchesFilterPolicy(text: string | undefined, attributes: JsonObject | undefined): boolean {
  if (text === undefined || text === '') return true;
  const policy = JSON.parse(text) as Record<string, Condition[]>;
  return Object.entries(policy).every(([key, conditions]) => {
    const a = attributes?.[key] as { DataType?: string; StringValue?: string } | undefined;
    const value = a?.StringValue;
    return conditions.some((c) => matches(c, value, a?.DataType?.startsWith('Number') ?? false));
  });
}

function matches(c: Condition, value: string | undefined, numeric: boolean): boolean {
  if (c === null || typeof c !== 'object') return value !== undefined && (numeric && typeof c === 'number' ? Number(value) === c : value === String(c));
  const [op, arg] = Object.entries(c)[0];
  if (op === 'exists') return (value !== undefined) === arg;
  if (value === undefined) return false;
  if (op === 'prefix') return value.startsWith(String(arg));
  if (op === 'anything-but') return !(Array.isArray(arg) ? arg.map(String) : [String(arg)]).includes(value);
  const ops = arg as Array<string | number>;
  const n = Number(value);
  for (let i = 0; i + 1 < ops.length; i += 2) {
    const bound = Number(ops[i + 1]);
    const ok = { '=': n === bound, '<': n < bound, '<=': n <= bound, '>': n > bound, '>=': n >= bound }[String(ops[i])];
    if (!ok) return false;
  }
  return true;
}
