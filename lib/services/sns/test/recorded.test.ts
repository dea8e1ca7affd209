/**
 * SNS publish Tasks as recorded on AWS (LocalStack's AWS-validated snapshots under
 * tests/aws/services/stepfunctions/v2/services/test_sns_task_service.snapshot.json): the result with
 * its SDK HTTP metadata (query XML: Content-Length 294, 352 with a FIFO SequenceNumber), the
 * notification a subscribed queue receives, and the error of an unknown topic.
 */
import { runExecution } from '../../../engine';
import type { ExecutionResult, Json } from '../../../engine/types';
import { LocalQueues } from '../../sqs/integration';
import { LocalTopics, snsInvoker } from '../integration';

const SNAP = 'localstack tests/aws/services/stepfunctions/v2/services/test_sns_task_service';
const topics = new LocalTopics();
topics.queues = new LocalQueues();
const inbox = topics.queues.add('inbox');
const topic = topics.add('topic-recorded');
topics.subscribe(topic, inbox.arn, {});
const fifo = topics.add('fifo-recorded', true);
const run = (definition: object, input: Json) => runExecution(definition as never, input, { resources: [snsInvoker(topics)] });
const scheduled = (r: ExecutionResult) => r.events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const DATE = expect.stringMatching(/ GMT$/);

/** The metadata as recorded in 2024 (the 2023 recordings did not have the `connection` header yet). */
const metadata = (length: string) => ({
  SdkHttpMetadata: {
    AllHttpHeaders: { 'x-amzn-RequestId': [UUID], connection: ['keep-alive'], 'Content-Length': [length], Date: [DATE], 'Content-Type': ['text/xml'] },
    HttpHeaders: { connection: 'keep-alive', 'Content-Length': length, 'Content-Type': 'text/xml', Date: DATE, 'x-amzn-RequestId': UUID },
    HttpStatusCode: 200,
  },
  SdkResponseMetadata: { RequestId: UUID },
});

/** SNS_PUBLISH and SNS_PUBLISH_MESSAGE_ATTRIBUTES (two String attributes from the input). */
const PUBLISH = { StartAt: 'Publish', States: { Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { 'TopicArn.$': '$.TopicArn', 'Message.$': '$.Message' }, End: true } } };
const PUBLISH_ATTRIBUTES = {
  StartAt: 'Publish',
  States: {
    Publish: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: {
        'TopicArn.$': '$.TopicArn',
        'Message.$': '$.Message',
        MessageAttributes: {
          my_attribute_no_1: { DataType: 'String', 'StringValue.$': '$.MessageAttributeValue1' },
          my_attribute_no_2: { DataType: 'String', 'StringValue.$': '$.MessageAttributeValue2' },
        },
      },
      End: true,
    },
  },
};

test(`${SNAP}: test_publish_base[HelloWorld] (03-09-2023)`, async () => {
  const r = await run(PUBLISH, { TopicArn: topic.arn, Message: { Message: 'HelloWorld!' } });
  expect(r.output).toEqual({ MessageId: UUID, ...metadata('294') });
  expect(topic.messages.at(-1)).toMatchObject({ Message: '{"Message":"HelloWorld!"}', MessageId: (r.output as { MessageId: string }).MessageId });
  expect(scheduled(r)).toMatchObject({ resourceType: 'sns', resource: 'publish', parameters: JSON.stringify({ TopicArn: topic.arn, Message: { Message: 'HelloWorld!' } }) });
});

test.each([
  ['HelloWorld', 'HelloWorld', 'HelloWorld'],
  ['"HelloWorld"', '"HelloWorld"', '"HelloWorld"'],
  ['message_value3', {}, '{}'],
])(`${SNAP}: test_publish_message_attributes[%s] (01-02-2024)`, async (_name, message, text) => {
  const r = await run(PUBLISH_ATTRIBUTES, { TopicArn: topic.arn, Message: message, MessageAttributeValue1: 'Hello', MessageAttributeValue2: 'World!' });
  expect(r.output).toEqual({ MessageId: UUID, ...metadata('294') });
  const attributes = { my_attribute_no_1: { DataType: 'String', StringValue: 'Hello' }, my_attribute_no_2: { DataType: 'String', StringValue: 'World!' } };
  expect(scheduled(r)?.parameters).toBe(JSON.stringify({ MessageAttributes: attributes, TopicArn: topic.arn, Message: message }));
  // The notification the subscribed queue receives (members compared; AWS signs it, locally it is not).
  expect(JSON.parse(inbox.messages.at(-1)!.MessageBody)).toEqual({
    Type: 'Notification',
    MessageId: (r.output as { MessageId: string }).MessageId,
    TopicArn: topic.arn,
    Message: text,
    Timestamp: expect.any(String),
    SignatureVersion: '1',
    Signature: expect.any(String),
    SigningCertURL: expect.stringMatching(/\/SimpleNotificationService-.+\.pem$/),
    UnsubscribeURL: expect.stringContaining(`/?Action=Unsubscribe&SubscriptionArn=${topic.arn}:`),
    MessageAttributes: { my_attribute_no_2: { Type: 'String', Value: 'World!' }, my_attribute_no_1: { Type: 'String', Value: 'Hello' } },
  });
});

test(`${SNAP}: test_fifo_message_attribute (07-02-2024)`, async () => {
  const definition = {
    StartAt: 'Publish',
    States: {
      Publish: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: { 'TopicArn.$': '$.TopicArn', 'Message.$': '$.Message', 'MessageGroupId.$': '$.MessageGroupId', 'MessageDeduplicationId.$': '$.MessageDeduplicationId' },
        End: true,
      },
    },
  };
  const r = await run(definition, { TopicArn: fifo.arn, Message: { Message: 'HelloWorld!' }, MessageGroupId: 'a-group', MessageDeduplicationId: 'dedup-1' });
  expect(r.output).toEqual({ MessageId: UUID, ...metadata('352'), SequenceNumber: expect.stringMatching(/^\d{20}$/) });
  // Members in alphabetical order, SequenceNumber after the metadata.
  expect(Object.keys(r.output as object)).toEqual(['MessageId', 'SdkHttpMetadata', 'SdkResponseMetadata', 'SequenceNumber']);
});

test(`${SNAP}: test_publish_base_error_topic_arn (03-09-2023)`, async () => {
  const r = await run(PUBLISH, { TopicArn: `${topic.arn}-deleted`, Message: { Message: 'HelloWorld!' } });
  expect(r.error).toBe('SNS.NotFoundException');
  expect(r.cause).toMatch(/^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: [\w-]+; Proxy: null\)$/);
  expect(r.events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toEqual({ error: r.error, cause: r.cause, resource: 'publish', resourceType: 'sns' });
  expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
});
