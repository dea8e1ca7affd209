/**
 * The local SNS API with the real `@aws-sdk/client-sns` (AWS query protocol), subscriptions
 * delivering to queues of the local SQS read with `@aws-sdk/client-sqs`: the notification as SNS
 * sends it to SQS (Amazon SNS Developer Guide, "Amazon SNS message and JSON formats"), raw message
 * delivery ("Amazon SNS raw message delivery"), filter policies on attributes ("Amazon SNS message
 * filtering"), and errors as the SNS API Reference names them (Publish: NotFound 404, InvalidParameter 400).
 */
import { CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, PublishBatchCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { runExecution } from '../../../engine';
import { LOCAL_CREDENTIALS } from '../../credentials';
import { LocalQueues } from '../../sqs/queues';
import { startSqsServer } from '../../sqs/server';
import { snsInvoker } from '../integration';
import { startSnsServer } from '../server';
import { LocalTopics } from '../topics';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const queues = new LocalQueues();
const topics = new LocalTopics();
topics.queues = queues;
let sns: SNSClient;
let sqs: SQSClient;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const [q, t] = await Promise.all([startSqsServer(queues), startSnsServer(topics)]);
  closers.push(q.close, t.close);
  sqs = new SQSClient({ endpoint: q.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  sns = new SNSClient({ endpoint: t.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  sns.destroy();
  sqs.destroy();
  for (const c of closers) await c();
});

const queue = async (QueueName: string) => {
  const QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName }))).QueueUrl as string;
  return { QueueUrl, arn: `arn:aws:sqs:us-east-1:123456789012:${QueueName}` };
};
const receive = async (QueueUrl: string) => (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }))).Messages ?? [];

test('CreateTopic (idempotent), ListTopics, GetTopicAttributes, DeleteTopic', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
  expect(TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:alerts');
  expect((await sns.send(new CreateTopicCommand({ Name: 'alerts' }))).TopicArn).toBe(TopicArn);
  expect((await sns.send(new ListTopicsCommand({}))).Topics).toContainEqual({ TopicArn });
  expect((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes).toMatchObject({ TopicArn, Owner: '123456789012' });
  await sns.send(new DeleteTopicCommand({ TopicArn }));
  await expect(sns.send(new GetTopicAttributesCommand({ TopicArn }))).rejects.toMatchObject({ name: 'NotFoundException', message: 'Topic does not exist', $metadata: { httpStatusCode: 404 } });
  await expect(sns.send(new CreateTopicCommand({ Name: 'no spaces' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
});

test('a message published to a topic lands in its subscribed queue as an SNS notification', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'orders' }));
  const q = await queue('order-events');
  const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, ReturnSubscriptionArn: true }));
  expect(SubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:orders:[0-9a-f-]{36}$/);
  expect((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([{ SubscriptionArn, Owner: '123456789012', Protocol: 'sqs', Endpoint: q.arn, TopicArn }]);
  const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'order 7 shipped', Subject: 'Shipping', MessageAttributes: { kind: { DataType: 'String', StringValue: 'shipping' } } }));
  const [m] = await receive(q.QueueUrl);
  expect(JSON.parse(m.Body!)).toEqual({
    Type: 'Notification',
    MessageId,
    TopicArn,
    Subject: 'Shipping',
    Message: 'order 7 shipped',
    Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    SignatureVersion: '1',
    Signature: expect.any(String),
    SigningCertURL: expect.any(String),
    UnsubscribeURL: expect.stringContaining(SubscriptionArn!),
    MessageAttributes: { kind: { Type: 'String', Value: 'shipping' } },
  });
});

test('raw message delivery, a filter policy, and a publish from a Task of the engine on the same topics', async () => {
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'raw' }))).TopicArn as string;
  const all = await queue('raw-all');
  const big = await queue('raw-big');
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: all.arn, Attributes: { RawMessageDelivery: 'true' } }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: big.arn, Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ amount: [{ numeric: ['>=', 100] }] }) } }));
  await sns.send(new PublishCommand({ TopicArn, Message: 'small', MessageAttributes: { amount: { DataType: 'Number', StringValue: '5' } } }));
  const run = await runExecution(
    { StartAt: 'P', States: { P: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn, Message: { big: true }, MessageAttributes: { amount: { DataType: 'Number', StringValue: '250' } } }, End: true } } },
    {},
    { resources: [snsInvoker(topics)] },
  );
  expect(run.status).toBe('SUCCEEDED');
  expect((await receive(all.QueueUrl)).map((m) => [m.Body, m.MessageAttributes?.amount?.StringValue])).toEqual([
    ['small', '5'],
    ['{"big":true}', '250'],
  ]);
  expect((await receive(big.QueueUrl)).map((m) => m.Body)).toEqual(['{"big":true}']);
});

test('PublishBatch; errors: an unknown topic, an empty message, a FIFO message without group, a subscription other than sqs', async () => {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'batch' }));
  const r = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'one' }, { Id: 'b', Message: '' }] }));
  expect(r.Successful?.map((s) => s.Id)).toEqual(['a']);
  expect(r.Failed).toEqual([{ Id: 'b', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true }]);
  const missing = 'arn:aws:sns:us-east-1:123456789012:missing';
  await expect(sns.send(new PublishCommand({ TopicArn: missing, Message: 'x' }))).rejects.toMatchObject({ name: 'NotFoundException', message: 'Topic does not exist' });
  await expect(sns.send(new PublishCommand({ TopicArn, Message: '' }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Empty message' });
  const fifo = (await sns.send(new CreateTopicCommand({ Name: 'ordered.fifo', Attributes: { FifoTopic: 'true' } }))).TopicArn;
  await expect(sns.send(new PublishCommand({ TopicArn: fifo, Message: 'x' }))).rejects.toMatchObject({ message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics' });
  await expect(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'https', Endpoint: 'https://example.com/hook' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
});
