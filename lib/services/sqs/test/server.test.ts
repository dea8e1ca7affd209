/**
 * The local SQS API with the real `@aws-sdk/client-sqs` (AWS JSON 1.0): what the SDK sends and
 * checks (it verifies MD5OfMessageBody of SendMessage, SendMessageBatch and ReceiveMessage), the
 * queue semantics of the Amazon SQS Developer Guide (visibility timeout, long polling, FIFO groups
 * and deduplication), errors as the SDK's model names them (Amazon SQS API Reference, each
 * operation's Errors; "Interpreting Amazon SQS JSON API responses" for `__type` and
 * `x-amzn-query-error`), and one state with the `sqs:sendMessage` Task integration.
 */
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { runExecution } from '../../../engine';
import { LOCAL_CREDENTIALS } from '../../credentials';
import { sqsInvoker } from '../integration';
import { LocalQueues } from '../queues';
import { startSqsServer } from '../server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const queues = new LocalQueues();
let sqs: SQSClient;
let close: () => Promise<void>;
let endpoint: string;

beforeAll(async () => {
  const server = await startSqsServer(queues);
  endpoint = server.endpoint;
  close = server.close;
  sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  sqs.destroy();
  await close();
});

const create = async (QueueName: string, Attributes?: Record<string, string>) => (await sqs.send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl as string;

test('CreateQueue answers a URL on this endpoint (idempotent for the same attributes); GetQueueUrl and ListQueues find it', async () => {
  const url = await create('orders');
  expect(url).toBe(`${endpoint}/123456789012/orders`);
  expect(await create('orders')).toBe(url);
  expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(url);
  await create('other');
  expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'ord' }))).QueueUrls).toEqual([url]);
  // "A queue with this name already exists. Amazon SQS returns this error only if the request includes attributes whose values differ" (API reference, CreateQueue).
  await expect(create('orders', { VisibilityTimeout: '5' })).rejects.toMatchObject({ name: 'QueueNameExists', Code: 'QueueAlreadyExists' });
  await expect(create('bad name')).rejects.toMatchObject({ name: 'InvalidParameterValue' });
});

test('send, receive, hide for the visibility timeout, make visible again, delete', async () => {
  const QueueUrl = await create('work');
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello', MessageAttributes: { attribName1: { DataType: 'String', StringValue: 'attribValue 1' } } }));
  // The SDK checked MD5OfMessageBody itself; the attributes' MD5 is the one AWS computes (vector of aws-md5-of-message-attributes).
  expect(sent.MD5OfMessageAttributes).toBe('19e27d4e946b072f3f58da80d94fd778');
  const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
  expect(first.Messages).toHaveLength(1);
  const m = first.Messages![0];
  expect(m).toMatchObject({ MessageId: sent.MessageId, Body: 'hello', MD5OfMessageAttributes: '19e27d4e946b072f3f58da80d94fd778', MessageAttributes: { attribName1: { DataType: 'String', StringValue: 'attribValue 1' } } });
  expect(m.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d{13}$/) });
  // In flight: invisible to others; counted as NotVisible.
  expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? []).toEqual([]);
  const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!;
  expect(attrs).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1', VisibilityTimeout: '30', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:work' });
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
  const again = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))).Messages!;
  expect(again[0]).toMatchObject({ MessageId: sent.MessageId, Attributes: { ApproximateReceiveCount: '2' } });
  await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: again[0].ReceiptHandle }));
  // Deleting again with the same (now stale) handle is not an error; a handle never given is.
  await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: again[0].ReceiptHandle }));
  await expect(sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'nonsense' }))).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid', $metadata: { httpStatusCode: 404 } });
  expect(queues.get('work')!.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
});

test('a long poll returns as soon as a message arrives, here one sent by a Task of the engine (one state)', async () => {
  const QueueUrl = await create('tasks');
  // Were the poll to wait its 10 s, the test would time out (jest's 5 s).
  const poll = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
  await new Promise((r) => setTimeout(r, 100));
  const run = await runExecution(
    { StartAt: 'Send', States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl, MessageBody: { order: 7 } }, End: true } } },
    {},
    { resources: [sqsInvoker(queues)] },
  );
  expect(run.status).toBe('SUCCEEDED');
  const got = await poll;
  expect(got.Messages?.map((m) => m.Body)).toEqual(['{"order":7}']);
  expect(got.Messages?.[0].MessageId).toBe((run.output as { MessageId: string }).MessageId);
});

test('SendMessageBatch: one result per entry; batch errors as SQS gives them', async () => {
  const QueueUrl = await create('batch');
  const r = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', MessageBody: 'one' }, { Id: 'b', MessageBody: 'two' }] }));
  expect(r.Successful?.map((s) => s.Id)).toEqual(['a', 'b']);
  expect(r.Failed ?? []).toEqual([]);
  const bodies = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages?.map((m) => m.Body);
  expect(bodies).toEqual(['one', 'two']);
  await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }] }))).rejects.toMatchObject({ name: 'BatchEntryIdsNotDistinct' });
  await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [] }))).rejects.toMatchObject({ name: 'EmptyBatchRequest' });
  const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
  await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: eleven }))).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
});

test('FIFO: a group is delivered in order, one batch in flight at a time; a repeated deduplication id is accepted and dropped', async () => {
  const QueueUrl = await create('jobs.fifo', { FifoQueue: 'true' });
  await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g' }))).rejects.toMatchObject({
    name: 'InvalidParameterValue',
    message: 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
  });
  await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageDeduplicationId: 'd' }))).rejects.toMatchObject({ name: 'MissingParameter' });
  const a = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a1', MessageGroupId: 'a', MessageDeduplicationId: '1' }));
  const dup = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a1', MessageGroupId: 'a', MessageDeduplicationId: '1' }));
  expect(dup.MessageId).toBe(a.MessageId);
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a2', MessageGroupId: 'a', MessageDeduplicationId: '2' }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b1', MessageGroupId: 'b', MessageDeduplicationId: '3' }));
  const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }))).Messages!;
  expect(first.map((m) => m.Body)).toEqual(['a1']);
  // Group a has a message in flight: only group b is delivered.
  expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages?.map((m) => m.Body)).toEqual(['b1']);
  await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first[0].ReceiptHandle }));
  expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['SequenceNumber'] }))).Messages?.map((m) => m.Body)).toEqual(['a2']);
});

test('an unknown queue, PurgeQueue twice within 60 s, a deleted queue', async () => {
  await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist', message: 'The specified queue does not exist.', Code: 'AWS.SimpleQueueService.NonExistentQueue' });
  const QueueUrl = await create('purged');
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
  await sqs.send(new PurgeQueueCommand({ QueueUrl }));
  expect(queues.get('purged')!.counts().visible).toBe(0);
  await expect(sqs.send(new PurgeQueueCommand({ QueueUrl }))).rejects.toMatchObject({ name: 'PurgeQueueInProgress', $metadata: { httpStatusCode: 403 } });
  await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  await expect(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
});
