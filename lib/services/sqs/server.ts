/**
 * The SQS API on 127.0.0.1, over the local queues (./queues.ts): the AWS JSON 1.0 protocol with
 * `X-Amz-Target: AmazonSQS.<Operation>` that `@aws-sdk/client-sqs` speaks, errors as SQS's JSON
 * API gives them (`__type` `com.amazonaws.sqs#<Error>` and the query code in `x-amzn-query-error`,
 * AWS "Interpreting Amazon SQS JSON API responses"). Queue URLs are `<endpoint>/<account>/<name>`,
 * so that the SDK, which sends a request to its QueueUrl's host when that differs from its
 * endpoint (@aws-sdk/middleware-sdk-sqs), stays on this machine.
 *
 * Operations (Amazon SQS API Reference): CreateQueue, GetQueueUrl, ListQueues, DeleteQueue,
 * GetQueueAttributes, SetQueueAttributes, PurgeQueue, SendMessage, SendMessageBatch, ReceiveMessage
 * (long polls up to WaitTimeSeconds), DeleteMessage, DeleteMessageBatch, ChangeMessageVisibility.
 */
import { AwsServiceError, listenLocally, type LocalEndpoint } from '../http/server';
import { jsonProtocol, optionalNumber, optionalString, requiredString, type JsonObject, type RequestContext } from '../http/json-protocol';
import type { JsonObject as Attributes } from '../integration';
import { md5OfMessageAttributes, sqsError, type LocalQueue, type LocalQueues, type ReceivedMessage } from './queues';

const SETTABLE = [
  'DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'Policy', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout', 'RedrivePolicy', 'RedriveAllowPolicy',
  'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled', 'FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit',
];
const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function queueOf(queues: LocalQueues, input: JsonObject): LocalQueue {
  const queue = queues.get(requiredString(input, 'QueueUrl'));
  if (queue === undefined) throw sqsError.nonExistentQueue();
  return queue;
}

function attributesOf(input: JsonObject): Record<string, string> {
  const raw = isRecord(input.Attributes) ? input.Attributes : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!SETTABLE.includes(k)) throw new AwsServiceError('InvalidAttributeName', `Unknown Attribute ${k}.`, 400, { queryCode: 'InvalidAttributeName' });
    out[k] = String(v);
  }
  return out;
}

function createQueue(queues: LocalQueues, input: JsonObject): JsonObject {
  const name = requiredString(input, 'QueueName');
  const attributes = attributesOf(input);
  const fifo = attributes.FifoQueue === 'true';
  const bare = name.endsWith('.fifo') ? name.slice(0, -5) : name;
  if (!NAME.test(bare) || name.endsWith('.fifo') !== fifo)
    throw sqsError.invalidValue(
      fifo
        ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.'
        : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  const existing = queues.get(name);
  if (existing !== undefined) {
    const differing = Object.entries(attributes).find(([k, v]) => existing.attributes[k] !== v);
    if (differing) throw new AwsServiceError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${differing[0]}`, 400, { queryCode: 'QueueAlreadyExists' });
    return { QueueUrl: existing.url };
  }
  return { QueueUrl: queues.add(name, fifo, attributes).url };
}

function queueAttributes(queue: LocalQueue, names: readonly string[]): Record<string, string> {
  const counts = queue.counts();
  const all: Record<string, string> = {
    ...queue.attributes,
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt.getTime() / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt.getTime() / 1000)),
  };
  if (names.includes('All')) return all;
  const out: Record<string, string> = {};
  for (const n of names) {
    if (!(n in all) && !SETTABLE.includes(n)) throw new AwsServiceError('InvalidAttributeName', `Unknown Attribute ${n}.`, 400, { queryCode: 'InvalidAttributeName' });
    if (n in all) out[n] = all[n];
  }
  return out;
}

/** The message attributes of a request, checked as SQS checks them. */
function messageAttributes(raw: unknown): Attributes | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw sqsError.invalidValue('MessageAttributes must be a map.');
  const out: Attributes = {};
  for (const [name, value] of Object.entries(raw)) {
    const v = isRecord(value) ? value : {};
    const type = typeof v.DataType === 'string' ? v.DataType : '';
    if (!/^(String|Number|Binary)(\..+)?$/.test(type))
      throw sqsError.invalidValue(`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    const field = type.startsWith('Binary') ? 'BinaryValue' : 'StringValue';
    if (typeof v[field] !== 'string' || v[field] === '')
      throw sqsError.invalidValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type.replace(/\..*$/, '')}'.`);
    out[name] = { DataType: type, [field]: v[field] as string };
  }
  return out;
}

function sendOne(queue: LocalQueue, entry: JsonObject) {
  const body = requiredString(entry, 'MessageBody');
  const attributes = messageAttributes(entry.MessageAttributes);
  const size = Buffer.byteLength(body) + Object.entries(attributes ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(JSON.stringify(v)), 0);
  if (size > Number(queue.attributes.MaximumMessageSize))
    throw sqsError.invalidValue(`One or more parameters are invalid. Reason: Message must be shorter than ${queue.attributes.MaximumMessageSize} bytes.`);
  return queue.send({
    body,
    attributes,
    groupId: optionalString(entry, 'MessageGroupId'),
    deduplicationId: optionalString(entry, 'MessageDeduplicationId'),
    delaySeconds: optionalNumber(entry, 'DelaySeconds'),
  });
}

/** The entries of a batch request: 1 to 10, distinct ids of letters, digits, `-` and `_`. */
function batchEntries(input: JsonObject): JsonObject[] {
  const entries = Array.isArray(input.Entries) ? (input.Entries as JsonObject[]) : [];
  if (entries.length === 0) throw new AwsServiceError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.', 400, { queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest' });
  if (entries.length > 10)
    throw new AwsServiceError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`, 400, { queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest' });
  const ids = entries.map((e) => String(e.Id ?? ''));
  const bad = ids.find((id) => !BATCH_ID.test(id));
  if (bad !== undefined)
    throw new AwsServiceError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.', 400, { queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId' });
  if (new Set(ids).size !== ids.length)
    throw new AwsServiceError('BatchEntryIdsNotDistinct', 'Id ' + ids.find((id, i) => ids.indexOf(id) !== i) + ' repeated.', 400, { queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct' });
  return entries;
}

/** Runs `each` on every entry: `{ Successful, Failed }` as the batch operations answer. */
function batch(entries: JsonObject[], each: (entry: JsonObject) => JsonObject): JsonObject {
  const Successful: JsonObject[] = [];
  const Failed: JsonObject[] = [];
  for (const entry of entries) {
    try {
      Successful.push({ Id: entry.Id, ...each(entry) });
    } catch (e) {
      if (!(e instanceof AwsServiceError)) throw e;
      Failed.push({ Id: entry.Id, SenderFault: e.options.sender !== false, Code: e.options.queryCode ?? e.code, Message: e.message });
    }
  }
  return { Successful, Failed };
}

function wanted(names: unknown, name: string): boolean {
  const list = Array.isArray(names) ? (names as string[]) : [];
  return list.some((n) => n === 'All' || n === '.*' || n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))));
}

function asReceived(accountId: string, r: ReceivedMessage, input: JsonObject): JsonObject {
  const { message } = r.held;
  const out: JsonObject = { MessageId: message.MessageId, ReceiptHandle: r.ReceiptHandle, MD5OfBody: r.held.md5OfBody, Body: message.MessageBody };
  const system: Record<string, string | undefined> = {
    SenderId: accountId,
    SentTimestamp: String(message.sentAt.getTime()),
    ApproximateReceiveCount: String(r.held.receiveCount),
    ApproximateFirstReceiveTimestamp: String(r.held.firstReceivedAt),
    MessageGroupId: message.MessageGroupId,
    MessageDeduplicationId: message.MessageDeduplicationId,
    SequenceNumber: message.SequenceNumber,
  };
  const names = [...(Array.isArray(input.AttributeNames) ? input.AttributeNames : []), ...(Array.isArray(input.MessageSystemAttributeNames) ? input.MessageSystemAttributeNames : [])];
  const attributes = Object.fromEntries(Object.entries(system).filter(([k, v]) => v !== undefined && wanted(names, k)));
  if (Object.keys(attributes).length) out.Attributes = attributes;
  const user = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).filter(([k]) => wanted(input.MessageAttributeNames, k)));
  if (Object.keys(user).length) {
    out.MessageAttributes = user;
    out.MD5OfMessageAttributes = md5OfMessageAttributes(user);
  }
  return out;
}

function bounded(input: JsonObject, field: string, min: number, max: number, reason: string): number | undefined {
  const v = optionalNumber(input, field);
  if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw sqsError.invalidValue(`Value ${v} for parameter ${field} is invalid. Reason: ${reason}`);
  return v;
}

async function receiveMessage(queues: LocalQueues, input: JsonObject, context: RequestContext): Promise<JsonObject> {
  const queue = queueOf(queues, input);
  const max = bounded(input, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10, if provided.') ?? 1;
  const wait = bounded(input, 'WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20, if provided.') ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds);
  const visibility = bounded(input, 'VisibilityTimeout', 0, 43200, 'Must be between 0 and 43200, if provided.');
  const deadline = Date.now() + wait * 1000;
  for (;;) {
    const received = queue.receive(max, visibility);
    if (received.length || Date.now() >= deadline || context.signal.aborted || queues.get(queue.name) !== queue) return { Messages: received.map((r) => asReceived(queues.accountId, r, input)) };
    const next = queue.nextVisibleAt();
    await queue.waitForArrival(Math.min(deadline, next ?? deadline) - Date.now(), context.signal);
  }
}

/** The operations of the SQS API over `queues`. */
export function sqsOperations(queues: LocalQueues) {
  return {
    CreateQueue: (input: JsonObject) => createQueue(queues, input),
    GetQueueUrl: (input: JsonObject) => {
      const queue = queues.get(requiredString(input, 'QueueName'));
      if (queue === undefined) throw sqsError.nonExistentQueue();
      return { QueueUrl: queue.url };
    },
    ListQueues: (input: JsonObject) => {
      const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
      const max = bounded(input, 'MaxResults', 1, 1000, 'Must be between 1 and 1000, if provided.') ?? 1000;
      const start = Number(optionalString(input, 'NextToken') ?? 0) || 0;
      const urls = queues.all.filter((q) => q.name.startsWith(prefix)).map((q) => q.url);
      const page = urls.slice(start, start + max);
      return start + max < urls.length && input.MaxResults !== undefined ? { QueueUrls: page, NextToken: String(start + max) } : { QueueUrls: page };
    },
    DeleteQueue: (input: JsonObject) => {
      queues.remove(queueOf(queues, input).name);
      return {};
    },
    GetQueueAttributes: (input: JsonObject) => ({ Attributes: queueAttributes(queueOf(queues, input), Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : []) }),
    SetQueueAttributes: (input: JsonObject) => {
      const queue = queueOf(queues, input);
      Object.assign(queue.attributes, attributesOf(input));
      queue.lastModifiedAt = new Date();
      return {};
    },
    PurgeQueue: (input: JsonObject) => {
      queueOf(queues, input).purge();
      return {};
    },
    SendMessage: (input: JsonObject) => sendOne(queueOf(queues, input), input),
    SendMessageBatch: (input: JsonObject) => {
      const queue = queueOf(queues, input);
      return batch(batchEntries(input), (entry) => ({ ...sendOne(queue, entry) }));
    },
    ReceiveMessage: (input: JsonObject, context: RequestContext) => receiveMessage(queues, input, context),
    DeleteMessage: (input: JsonObject) => {
      queueOf(queues, input).delete(requiredString(input, 'ReceiptHandle'));
      return {};
    },
    DeleteMessageBatch: (input: JsonObject) => {
      const queue = queueOf(queues, input);
      return batch(batchEntries(input), (entry) => {
        queue.delete(requiredString(entry, 'ReceiptHandle'));
        return {};
      });
    },
    ChangeMessageVisibility: (input: JsonObject) => {
      const seconds = bounded(input, 'VisibilityTimeout', 0, 43200, 'Must be between 0 and 43200.');
      if (seconds === undefined) throw sqsError.missing('VisibilityTimeout');
      queueOf(queues, input).changeVisibility(requiredString(input, 'ReceiptHandle'), seconds);
      return {};
    },
  };
}

/** Starts the SQS API over `queues` on 127.0.0.1; their URLs become this endpoint's. */
export async function startSqsServer(queues: LocalQueues): Promise<LocalEndpoint> {
  let endpoint = '';
  const server = await listenLocally(jsonProtocol({ target: 'AmazonSQS', version: '1.0', namespace: 'com.amazonaws.sqs', queryCompatible: true, operations: sqsOperations(queues) }, () => endpoint));
  endpoint = server.endpoint;
  queues.endpoint = endpoint;
  return server;
}
