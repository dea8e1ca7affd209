/**
 * SQS sendMessage, SNS publish and EventBridge putEvents into the local sinks: what they record,
 * the responses (shapes of the APIs), and the errors as Step Functions names them.
 */
import { runExecution } from '../../engine';
import type { Json, ResourceInvoker } from '../../engine/types';
import { eventBridgeInvoker, LocalEventBuses } from '../eventbridge/integration';
import { LocalTopics, snsInvoker } from '../sns/integration';
import { LocalQueues, md5OfMessageAttributes, sqsInvoker } from '../sqs/integration';

const task = (resource: string, parameters: Json, invoker: ResourceInvoker) =>
  runExecution({ StartAt: 'Send', States: { Send: { Type: 'Task', Resource: resource, Parameters: parameters, End: true } } }, {}, { resources: [invoker] });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What the optimized SQS / SNS integrations add to the response (lib/integrations/sdk-metadata.ts; the AWS SDK forms do not). */
const httpMetadata = (contentType: string) => ({
  SdkHttpMetadata: { AllHttpHeaders: expect.any(Object), HttpHeaders: expect.objectContaining({ 'Content-Type': contentType, 'x-amzn-RequestId': expect.stringMatching(UUID) }), HttpStatusCode: 200 },
  SdkResponseMetadata: { RequestId: expect.stringMatching(UUID) },
});

describe('SQS', () => {
  const queues = new LocalQueues();
  const jobs = queues.add('jobs');
  const ordered = queues.add('ordered', true);
  const send = sqsInvoker(queues);

  test('a JSON body is sent as its text; MD5OfMessageBody is the MD5 hex of the body (as recorded on AWS by the seed)', async () => {
    const r = await task('arn:aws:states:::sqs:sendMessage', { QueueUrl: jobs.url, MessageBody: { Input: 'Message3' } }, send);
    expect(r.status).toBe('SUCCEEDED');
    expect(jobs.messages.at(-1)).toMatchObject({ MessageBody: '{"Input":"Message3"}', stateName: 'Send' });
    // The optimized integration adds the SDK's HTTP metadata (the seed's run recorded it; lib/integrations/sdk-metadata.ts).
    expect(r.output).toEqual({ MD5OfMessageBody: '21ee0cdd2aec4288d4b9c0e48c1b9c83', MessageId: jobs.messages.at(-1)!.MessageId, ...httpMetadata('application/x-amz-json-1.0') });
    expect(jobs.messages.at(-1)!.MessageId).toMatch(UUID);
  });

  test('the AWS SDK form and `.waitForTaskToken` run the same sendMessage', async () => {
    for (const resource of ['arn:aws:states:::aws-sdk:sqs:sendMessage', 'arn:aws:states:::sqs:sendMessage.waitForTaskToken']) {
      const before = jobs.messages.length;
      expect(send({ resource, input: { QueueUrl: jobs.url, MessageBody: 'hi' }, stateName: 'S' })).toBeInstanceOf(Promise);
      await new Promise((r) => setImmediate(r));
      expect(jobs.messages.length).toBe(before + 1);
    }
  });

  test('FIFO: SequenceNumber grows; MessageGroupId and (without ContentBasedDeduplication) MessageDeduplicationId are required', async () => {
    const a = await task('arn:aws:states:::sqs:sendMessage', { QueueUrl: ordered.url, MessageBody: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'a' }, send);
    const b = await task('arn:aws:states:::sqs:sendMessage', { QueueUrl: `${ordered.url}.fifo`, MessageBody: 'b', MessageGroupId: 'g', MessageDeduplicationId: 'b' }, send);
    const seq = (o: Json | undefined) => BigInt((o as { SequenceNumber: string }).SequenceNumber);
    expect(seq(b.output)).toBeGreaterThan(seq(a.output));
    const noGroup = await task('arn:aws:states:::sqs:sendMessage', { QueueUrl: ordered.url, MessageBody: 'c' }, send);
    expect(noGroup).toMatchObject({ status: 'FAILED', error: 'SQS.AmazonSQSException' });
    expect(noGroup.cause).toMatch(/^The request must contain the parameter MessageGroupId\. \(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: [\w-]+; Proxy: null\)$/);
    // Amazon SQS Developer Guide, "Using the message deduplication ID": without content-based deduplication, the sender gives one.
    const noDedup = await task('arn:aws:states:::sqs:sendMessage', { QueueUrl: ordered.url, MessageBody: 'c', MessageGroupId: 'g' }, send);
    expect(noDedup.cause).toMatch(/^The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly \(Service: AmazonSQS; Status Code: 400; Error Code: InvalidParameterValue;/);
  });

  test('message attributes: MD5OfMessageAttributes as SQS computes it', async () => {
    // Vectors published with the npm package aws-md5-of-message-attributes (an independent implementation).
    const simple = { attribName1: { DataType: 'String', StringValue: 'attribValue 1' } };
    const number = { customNumberTypeAttrib: { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' } };
    const binary = { binaryAttribute: { DataType: 'Binary', BinaryValue: Buffer.from('Hello binary world!').toString('base64') } };
    expect(md5OfMessageAttributes(simple)).toBe('19e27d4e946b072f3f58da80d94fd778');
    expect(md5OfMessageAttributes(number)).toBe('9fe1b90bbd9965bdf77bac517c7d2495');
    expect(md5OfMessageAttributes(binary)).toBe('31a92b15d92f8db860eda32aceb656c3');
    expect(md5OfMessageAttributes({ ...simple, ...number, ...binary })).toBe('c932db14a896c663f83c260297d594ff');
    const r = await task('arn:aws:states:::sqs:sendMessage', { QueueUrl: jobs.url, MessageBody: 'x', MessageAttributes: simple }, send);
    expect(r.output).toMatchObject({ MD5OfMessageBody: '9dd4e461268c8034f5c8564e155c67a6', MD5OfMessageAttributes: '19e27d4e946b072f3f58da80d94fd778' });
  });

  test('an unknown queue and a missing body fail as Step Functions reports them', async () => {
    const url = 'https://sqs.us-east-1.amazonaws.com/123456789012/missing';
    const opt = await task('arn:aws:states:::sqs:sendMessage', { QueueUrl: url, MessageBody: 'x' }, send);
    expect(opt.error).toBe('SQS.AmazonSQSException');
    expect(opt.cause).toContain('Error Code: AWS.SimpleQueueService.NonExistentQueue');
    const sdk = await task('arn:aws:states:::aws-sdk:sqs:sendMessage', { QueueUrl: url, MessageBody: 'x' }, send);
    expect(sdk.error).toBe('Sqs.QueueDoesNotExistException');
    expect(sdk.cause).toMatch(/^The specified queue does not exist\. \(Service: Sqs, Status Code: 400, Request ID: [\w-]+\)$/);
    const noBody = await task('arn:aws:states:::sqs:sendMessage', { QueueUrl: jobs.url }, send);
    expect(noBody.cause).toMatch(/^The request must contain the parameter MessageBody\. \(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter;/);
  });
});

describe('SNS', () => {
  const topics = new LocalTopics();
  const alerts = topics.add('alerts');
  const ordered = topics.add('ordered', true);
  const publish = snsInvoker(topics);

  test('publish records the message and answers its MessageId (SequenceNumber for FIFO)', async () => {
    const r = await task('arn:aws:states:::sns:publish', { TopicArn: alerts.arn, Message: { Input: 'm' }, Subject: 'S' }, publish);
    expect(alerts.messages.at(-1)).toMatchObject({ Message: '{"Input":"m"}', Subject: 'S' });
    expect(r.output).toEqual({ MessageId: alerts.messages.at(-1)!.MessageId, ...httpMetadata('text/xml') });
    const f = await task('arn:aws:states:::aws-sdk:sns:publish', { TopicArn: ordered.arn, Message: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'x' }, publish);
    expect(f.output).toEqual({ MessageId: expect.stringMatching(UUID), SequenceNumber: expect.stringMatching(/^\d{20}$/) });
  });

  test('an unknown topic is NotFound', async () => {
    const arn = 'arn:aws:sns:us-east-1:123456789012:missing';
    const opt = await task('arn:aws:states:::sns:publish', { TopicArn: arn, Message: 'x' }, publish);
    expect(opt.error).toBe('SNS.NotFoundException');
    expect(opt.cause).toMatch(/^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: [\w-]+; Proxy: null\)$/);
    expect((await task('arn:aws:states:::aws-sdk:sns:publish', { TopicArn: arn, Message: 'x' }, publish)).error).toBe('Sns.NotFoundException');
  });
});

describe('EventBridge', () => {
  const buses = new LocalEventBuses();
  const orders = buses.add('orders');
  const put = eventBridgeInvoker(buses);

  test('putEvents records the events; Detail that is JSON is sent as its text', async () => {
    const r = await task('arn:aws:states:::events:putEvents', { Entries: [{ EventBusName: 'orders', Source: 'shop', DetailType: 'Order', Detail: { id: 1 } }, { Source: 'shop', DetailType: 'Ping', Detail: '{}' }] }, put);
    expect(r.output).toEqual({ Entries: [{ EventId: orders.events.at(-1)!.EventId }, { EventId: buses.get('default')!.events.at(-1)!.EventId }], FailedEntryCount: 0 });
    expect(orders.events.at(-1)).toMatchObject({ Source: 'shop', DetailType: 'Order', Detail: '{"id":1}' });
  });

  test('an entry for an unknown bus: the optimized integration fails with EventBridge.FailedEntry, the AWS SDK form returns the response', async () => {
    const entries = { Entries: [{ EventBusName: 'missing', Source: 's', DetailType: 'd', Detail: '{}' }] };
    const opt = await task('arn:aws:states:::events:putEvents', entries, put);
    expect(opt.error).toBe('EventBridge.FailedEntry');
    expect(JSON.parse(opt.cause!)).toEqual({ Entries: [{ ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus missing does not exist.' }], FailedEntryCount: 1 });
    const sdk = await task('arn:aws:states:::aws-sdk:eventbridge:putEvents', entries, put);
    expect(sdk).toMatchObject({ status: 'SUCCEEDED', output: { FailedEntryCount: 1 } });
  });
});
