/**
 * SQS `sendMessage` (`arn:aws:states:::sqs:sendMessage` and `arn:aws:states:::aws-sdk:sqs:sendMessage`)
 * into the local queues (./queues.ts), the same ones the local SQS API serves: a message a Task
 * sends is received by a handler's ReceiveMessage; a test reads `queue.messages`.
 *
 * Response, as SendMessage returns it: `MessageId` (a UUID), `MD5OfMessageBody` (the MD5 hex
 * digest of the body), `MD5OfMessageAttributes` when attributes were sent, and `SequenceNumber`
 * for FIFO queues; the optimized form adds `SdkHttpMetadata` / `SdkResponseMetadata` as AWS does
 * (../sdk-metadata.ts). A body that is not a string is sent as its JSON text (the optimized
 * integration serializes it; LocalStack state_task_service_sqs.py).
 *
 * Errors: an unknown queue fails with `SQS.AmazonSQSException` (optimized: Step Functions wraps
 * every SQS error code in it, e.g. `Error Code: MissingParameter` in LocalStack's recorded
 * test_task_service_sqs.snapshot.json) and `Sqs.QueueDoesNotExistException` (AWS SDK form);
 * a missing MessageBody, or a FIFO message without MessageGroupId, with error code MissingParameter;
 * a queue URL whose host does not resolve, with `SQS.SdkClientException` / `Sqs.SdkClientException`.
 */
import type { Json, ResourceInvoker } from '../../engine/types';
import { AwsServiceError } from '../http/server';
import { withSqsMetadata } from '../sdk-metadata';
import { asText, clientError, isObject, optimizedServiceError, parametersOf, parseIntegration, sdkServiceError, type JsonObject } from '../integration';
import type { LocalQueues } from './queues';

export { LocalQueue, LocalQueues, md5OfMessageAttributes, type SentMessage } from './queues';

export function sqsInvoker(queues: LocalQueues): ResourceInvoker {
  return ({ resource, input, stateName }) => {
    const r = parseIntegration(resource);
    if (r === undefined || r.service !== 'sqs' || r.action !== 'sendMessage' || r.pattern === 'sync' || r.pattern === 'sync:2') return undefined;
    return Promise.resolve().then(() => sendMessage(queues, parametersOf(input), stateName, r.sdk));
  };
}

/**
 * The host of a queue URL the SDK would send to that is neither an SQS endpoint (`*.amazonaws.com`)
 * nor a local one: its name does not resolve, and the call fails before reaching SQS (recorded on
 * AWS for `http://no-such-queue-<id>`: LocalStack's error_handling/test_task_service_sqs
 * test_send_message_no_such_queue, 22-06-2023).
 */
function unresolvableHost(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const known = host.endsWith('.amazonaws.com') || host === 'localhost' || /^[\d.]+$/.test(host) || host.startsWith('[');
  return known ? undefined : host;
}

/** An SQS error as the integration reports it (the optimized form names every code `SQS.AmazonSQSException`, with the query code in its cause). */
function failure(e: AwsServiceError, sdk: boolean): Error {
  return sdk ? sdkServiceError('Sqs', e.code, e.status, e.message) : optimizedServiceError('SQS.AmazonSQSException', 'AmazonSQS', e.status, e.options.queryCode ?? e.code, e.message);
}

function sendMessage(queues: LocalQueues, p: JsonObject, stateName: string, sdk: boolean): Json {
  const url = typeof p.QueueUrl === 'string' ? p.QueueUrl : '';
  const queue = url === '' ? undefined : queues.get(url);
  const unresolvable = queue === undefined ? unresolvableHost(url) : undefined;
  if (unresolvable !== undefined) throw clientError(sdk ? 'Sqs' : 'SQS', `${unresolvable}: Name or service not known`);
  if (queue === undefined) {
    throw sdk
      ? sdkServiceError('Sqs', 'QueueDoesNotExist', 400, 'The specified queue does not exist.')
      : optimizedServiceError('SQS.AmazonSQSException', 'AmazonSQS', 400, 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist or you do not have access to it.');
  }
  let response: JsonObject;
  try {
    const body = p.MessageBody === undefined || p.MessageBody === null ? '' : asText(p.MessageBody);
    response = {
      ...queue.send({
        body,
        attributes: isObject(p.MessageAttributes) ? p.MessageAttributes : undefined,
        groupId: typeof p.MessageGroupId === 'string' ? p.MessageGroupId : undefined,
        deduplicationId: typeof p.MessageDeduplicationId === 'string' ? p.MessageDeduplicationId : undefined,
        delaySeconds: typeof p.DelaySeconds === 'number' ? p.DelaySeconds : undefined,
        stateName,
      }),
    };
  } catch (e) {
    if (e instanceof AwsServiceError) throw failure(e, sdk);
    throw e;
  }
  return sdk ? response : withSqsMetadata(response);
}
