/**
 * SNS `publish` (`arn:aws:states:::sns:publish` and `arn:aws:states:::aws-sdk:sns:publish`) to
 * the local topics (./topics.ts), the same ones the local SNS API serves: the message reaches the
 * topic's subscribed queues; a test reads `topic.messages`.
 *
 * Response, as Publish returns it: `MessageId` (a UUID), and `SequenceNumber` for FIFO topics; the
 * optimized form adds `SdkHttpMetadata` / `SdkResponseMetadata` as AWS does (../sdk-metadata.ts).
 * A Message that is not a string is published as its JSON text (the optimized integration
 * serializes it; LocalStack state_task_service_sns.py).
 *
 * Errors (optimized `SNS.<Code>[Exception]`, cause `... (Service: AmazonSNS; Status Code: ...;
 * Error Code: <Code>; ...)`, as LocalStack's state_task_service_sns.py reproduces AWS; AWS SDK
 * form `Sns.<Code>Exception`): an unknown topic is `NotFound` (404, "Topic does not exist"), a
 * missing Message or a FIFO message without MessageGroupId `InvalidParameter` (400).
 */
import type { Json, ResourceInvoker } from '../../engine/types';
import { AwsServiceError } from '../http/server';
import { withSnsMetadata } from '../sdk-metadata';
import { asText, isObject, optimizedServiceError, parametersOf, parseIntegration, sdkServiceError, type JsonObject } from '../integration';
import { snsError, type LocalTopics } from './topics';

export { LocalTopic, LocalTopics, type PublishedMessage } from './topics';

export function snsInvoker(topics: LocalTopics): ResourceInvoker {
  return ({ resource, input, stateName }) => {
    const r = parseIntegration(resource);
    if (r === undefined || r.service !== 'sns' || r.action !== 'publish' || r.pattern === 'sync' || r.pattern === 'sync:2') return undefined;
    return Promise.resolve().then(() => publish(topics, parametersOf(input), stateName, r.sdk));
  };
}

function failure(e: AwsServiceError, sdk: boolean): Error {
  return sdk ? sdkServiceError('Sns', e.code, e.status, e.message) : optimizedServiceError(`SNS.${e.code}Exception`, 'AmazonSNS', e.status, e.code, e.message);
}

function publish(topics: LocalTopics, p: JsonObject, stateName: string, sdk: boolean): Json {
  try {
    const arn = typeof p.TopicArn === 'string' ? p.TopicArn : typeof p.TargetArn === 'string' ? p.TargetArn : undefined;
    if (arn === undefined) throw snsError.invalid('TopicArn or TargetArn Reason: no value for required parameter (local topics only: PhoneNumber is not supported)');
    const topic = topics.get(arn);
    if (topic === undefined) throw snsError.notFound();
    const response: JsonObject = {
      ...topic.publish({
        message: p.Message === undefined || p.Message === null ? '' : asText(p.Message),
        subject: typeof p.Subject === 'string' ? p.Subject : undefined,
        attributes: isObject(p.MessageAttributes) ? p.MessageAttributes : undefined,
        structure: typeof p.MessageStructure === 'string' ? p.MessageStructure : undefined,
        groupId: typeof p.MessageGroupId === 'string' ? p.MessageGroupId : undefined,
        deduplicationId: typeof p.MessageDeduplicationId === 'string' ? p.MessageDeduplicationId : undefined,
        stateName,
      }),
    };
    return sdk ? response : withSnsMetadata(response);
  } catch (e) {
    if (e instanceof AwsServiceError) throw failure(e, sdk);
    throw e;
  }
}
