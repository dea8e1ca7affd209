/**
 * SQS sendMessage Tasks as recorded on AWS (LocalStack's AWS-validated snapshots under
 * tests/aws/services/stepfunctions/v2/): the result with its SDK HTTP metadata, the events'
 * resourceType / resource / parameters, and the failures of the call (caught and not) and of a
 * `.waitForTaskToken` answered by SendTaskFailure. Request and message ids and dates compare by shape.
 */
import { TaskTokenBroker } from '../../../engine';
import { runExecution } from '../../../engine';
import type { ExecutionResult, Json } from '../../../engine/types';
import { LocalQueues, sqsInvoker } from '../integration';

const SNAP = 'localstack tests/aws/services/stepfunctions/v2';
const queues = new LocalQueues();
const queue = queues.add('queue-recorded');
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const run = (definition: object, input: Json, callbacks?: TaskTokenBroker) => runExecution(definition as never, input, { resources: [sqsInvoker(queues)], callbacks });
const scheduled = (r: ExecutionResult) => r.events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
const types = (r: ExecutionResult) => r.events.map((e) => e.type);

/** The SQS_SEND_MESSAGE template: the queue and body from the input. */
const SEND = { StartAt: 'SendSQS', States: { SendSQS: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { 'QueueUrl.$': '$.QueueUrl', 'MessageBody.$': '$.MessageBody' }, End: true } } };

/** As recorded on 18-04-2024: SQS's JSON protocol answer (Content-Length 106), headers in AWS's order. */
const RECORDED_OUTPUT = {
  MD5OfMessageBody: expect.stringMatching(/^[0-9a-f]{32}$/),
  MessageId: UUID,
  SdkHttpMetadata: {
    AllHttpHeaders: { 'x-amzn-RequestId': [UUID], connection: ['keep-alive'], 'Content-Length': ['106'], Date: [expect.stringMatching(/ GMT$/)], 'Content-Type': ['application/x-amz-json-1.0'] },
    HttpHeaders: { connection: 'keep-alive', 'Content-Length': '106', 'Content-Type': 'application/x-amz-json-1.0', Date: expect.stringMatching(/ GMT$/), 'x-amzn-RequestId': UUID },
    HttpStatusCode: 200,
  },
  SdkResponseMetadata: { RequestId: UUID },
};

test.each([
  [`${SNAP}/services/test_sqs_task_service: test_send_message (18-04-2024)`, { QueueUrl: queue.url, MessageBody: 'test_message_body' }],
  [`${SNAP}/services/test_sqs_task_service: test_send_message_unsupported_parameters (18-04-2024)`, { QueueUrl: queue.url, MessageBody: 'test', MessageSystemAttribute: { AWSTraceHeader: 'test' } }],
])('%s', async (_name, input) => {
  const r = await run(SEND, input);
  expect(r.status).toBe('SUCCEEDED');
  expect(r.output).toEqual(RECORDED_OUTPUT);
  expect(Object.keys(r.output as object)).toEqual(['MD5OfMessageBody', 'MessageId', 'SdkHttpMetadata', 'SdkResponseMetadata']);
  expect(queue.messages.at(-1)).toMatchObject({ MessageBody: input.MessageBody, MessageId: (r.output as { MessageId: string }).MessageId });
  expect(scheduled(r)).toMatchObject({ resourceType: 'sqs', resource: 'sendMessage', parameters: JSON.stringify({ QueueUrl: queue.url, MessageBody: input.MessageBody }) });
  expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
});

/** The AWS_SERVICE_SQS_SEND_MSG_CATCH template: the client's and the service's errors caught apart. */
const SEND_CATCH = {
  StartAt: 'Start',
  States: {
    Start: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: { 'QueueUrl.$': '$.QueueUrl', 'MessageBody.$': '$.MessageBody' },
      Catch: [
        { ErrorEquals: ['SQS.SdkClientException'], Next: 'EndWithClientHandler' },
        { ErrorEquals: ['SQS.AmazonSQSException'], Next: 'EndWithSQSException' },
      ],
      End: true,
    },
    EndWithClientHandler: { Type: 'Pass', ResultPath: '$.client_error', End: true },
    EndWithSQSException: { Type: 'Pass', ResultPath: '$.aws_error', End: true },
  },
};
const NO_SUCH_QUEUE = 'http://no-such-queue-73e08fde';
const CLIENT_ERROR = { Error: 'SQS.SdkClientException', Cause: 'Unable to execute HTTP request: no-such-queue-73e08fde: Name or service not known' };
const EMPTY_BODY_CAUSE = /^The request must contain the parameter MessageBody\. \(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: [\w-]+; Proxy: null\)$/;

test(`${SNAP}/error_handling/test_task_service_sqs: test_send_message_no_such_queue (22-06-2023)`, async () => {
  const r = await run(SEND_CATCH, { QueueUrl: NO_SUCH_QUEUE, MessageBody: 'test_message_body' });
  expect(r.output).toEqual({ ...CLIENT_ERROR, client_error: CLIENT_ERROR });
  expect(r.events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toEqual({ error: CLIENT_ERROR.Error, cause: CLIENT_ERROR.Cause, resource: 'sendMessage', resourceType: 'sqs' });
  expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
});

test(`${SNAP}/error_handling/test_task_service_sqs: test_send_message_no_such_queue_no_catch (22-06-2023)`, async () => {
  const r = await run(SEND, { QueueUrl: 'http://no-such-queue-fa484d45', MessageBody: 'test_message_body' });
  expect([r.status, r.error, r.cause]).toEqual(['FAILED', 'SQS.SdkClientException', 'Unable to execute HTTP request: no-such-queue-fa484d45: Name or service not known']);
  expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
});

test(`${SNAP}/error_handling/test_task_service_sqs: test_send_message_empty_body (22-06-2023)`, async () => {
  const r = await run(SEND_CATCH, { QueueUrl: queue.url, MessageBody: null });
  expect(scheduled(r)?.parameters).toBe(JSON.stringify({ QueueUrl: queue.url, MessageBody: null }));
  const caught = { Error: 'SQS.AmazonSQSException', Cause: expect.stringMatching(EMPTY_BODY_CAUSE) };
  expect(r.output).toEqual({ ...caught, aws_error: caught });
  expect(r.events.at(-2)?.stateExitedEventDetails?.name).toBe('EndWithSQSException');
});

/** A `.waitForTaskToken` sendMessage of the input's Message with the token, as the callback templates have it. */
const sendWithToken = (fields: object) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
  Parameters: { 'QueueUrl.$': '$.QueueUrl', MessageBody: { 'Message.$': '$.Message', 'TaskToken.$': '$$.Task.Token' } },
  ...fields,
});

test(`${SNAP}/error_handling/test_task_service_sqs: test_sqs_failure_in_wait_for_task_tok (18-04-2024)`, async () => {
  // AWS_SERVICE_SQS_SEND_MSG_CATCH_TOKEN_FAILURE; a consumer of the queue answers SendTaskFailure("Failure error", "Failure cause").
  const definition = {
    StartAt: 'SendMessageWithWait',
    States: {
      SendMessageWithWait: sendWithToken({ Catch: [{ ErrorEquals: ['Failure error'], Next: 'EndWithCaught' }], End: true }),
      EndWithCaught: { Type: 'Pass', ResultPath: '$.caught', End: true },
    },
  };
  const broker = new TaskTokenBroker();
  const before = queue.messages.length;
  const answered = (async () => {
    while (queue.messages.length === before) await new Promise((r) => setTimeout(r, 5));
    broker.sendTaskFailure((JSON.parse(queue.messages.at(-1)!.MessageBody) as { TaskToken: string }).TaskToken, 'Failure error', 'Failure cause');
  })();
  const r = await run(definition, { QueueUrl: queue.url, Message: 'test_message_txt' }, broker);
  await answered;
  const failure = { Error: 'Failure error', Cause: 'Failure cause' };
  expect(r.output).toEqual({ ...failure, caught: failure });
  expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskFailed', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  const token = (JSON.parse(queue.messages.at(-1)!.MessageBody) as { TaskToken: string }).TaskToken;
  // The parameters as AWS recorded them: MessageBody before QueueUrl (lib/engine/jsonpath/test/payload-order.test.ts).
  expect(scheduled(r)).toMatchObject({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', parameters: JSON.stringify({ MessageBody: { Message: 'test_message_txt', TaskToken: token }, QueueUrl: queue.url }) });
  const submitted = r.events.find((e) => e.type === 'TaskSubmitted')?.taskSubmittedEventDetails;
  expect(JSON.parse(submitted!.output!)).toEqual({ ...RECORDED_OUTPUT, SdkHttpMetadata: expect.objectContaining({ HttpStatusCode: 200 }) });
  expect(r.events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toEqual({ error: 'Failure error', cause: 'Failure cause', resource: 'sendMessage.waitForTaskToken', resourceType: 'sqs' });
});

test(`${SNAP}/callback/test_callback: test_sqs_wait_for_task_token_timeout (10-03-2024)`, async () => {
  // A callback nobody answers: TaskTimedOut with States.Timeout and no cause, after the TaskSubmitted result.
  // AWS's run had TimeoutSeconds 5; 1 here (a callback waits in wall-clock time) to keep the suite fast.
  const definition = {
    StartAt: 'SendMessageWithWaitAndTimeout',
    States: {
      SendMessageWithWaitAndTimeout: sendWithToken({ TimeoutSeconds: 1, End: true }),
    },
  };
  const r = await run(definition, { QueueUrl: queue.url, Message: 'test_message_txt' }, new TaskTokenBroker());
  expect([r.status, r.error, r.cause]).toEqual(['FAILED', 'States.Timeout', undefined]);
  expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
  expect(scheduled(r)).toMatchObject({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', timeoutInSeconds: 1 });
  expect(r.events.find((e) => e.type === 'TaskTimedOut')?.taskTimedOutEventDetails).toEqual({ error: 'States.Timeout', resource: 'sendMessage.waitForTaskToken', resourceType: 'sqs' });
  expect(r.events.at(-1)?.executionFailedEventDetails).toEqual({ error: 'States.Timeout' });
});
