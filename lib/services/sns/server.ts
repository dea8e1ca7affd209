/**
 * The SNS API on 127.0.0.1, over the local topics (./topics.ts): the AWS query protocol that
 * `@aws-sdk/client-sns` speaks (../http/query-protocol.ts), errors as SNS gives them
 * (`NotFound` 404, `InvalidParameter` 400; Amazon SNS API Reference). Operations: CreateTopic,
 * DeleteTopic, ListTopics, GetTopicAttributes, Subscribe (protocol `sqs`: a queue of the local SQS),
 * Unsubscribe, ListSubscriptions, ListSubscriptionsByTopic, Publish, PublishBatch.
 */
import { AwsServiceError, listenLocally, type LocalEndpoint } from '../http/server';
import { queryProtocol, XmlMap, type QueryParams, type XmlObject } from '../http/query-protocol';
import type { JsonObject } from '../integration';
import { snsError, type LocalTopic, type LocalTopics, type Subscription } from './topics';

const NAME = /^[A-Za-z0-9_-]{1,256}$/;

function topicOf(topics: LocalTopics, arn: string): LocalTopic {
  const topic = topics.get(arn);
  if (topic === undefined) throw snsError.notFound();
  return topic;
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` / `.Value.BinaryValue` as the attributes map of the integrations. */
function messageAttributes(params: QueryParams, name: string): JsonObject | undefined {
  const map = params.map(name, 'Name', 'Value');
  if (!Object.keys(map).length) return undefined;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(map)) {
    if (v.DataType === undefined) throw snsError.invalid(`The message attribute '${k}' must contain non-empty message attribute type.`);
    out[k] = v.BinaryValue !== undefined ? { DataType: v.DataType, BinaryValue: v.BinaryValue } : { DataType: v.DataType, StringValue: v.StringValue ?? '' };
  }
  return out;
}

function publishOne(topic: LocalTopic, params: QueryParams, prefix = '') {
  return topic.publish({
    message: params.get(`${prefix}Message`) ?? '',
    subject: params.get(`${prefix}Subject`),
    attributes: messageAttributes(params, `${prefix}MessageAttributes`),
    structure: params.get(`${prefix}MessageStructure`),
    groupId: params.get(`${prefix}MessageGroupId`),
    deduplicationId: params.get(`${prefix}MessageDeduplicationId`),
  });
}

const asMember = (s: Subscription, owner: string): XmlObject => ({ SubscriptionArn: s.arn, Owner: owner, Protocol: s.protocol, Endpoint: s.endpoint, TopicArn: s.topicArn });

/** The operations of the SNS API over `topics`. */
export function snsOperations(topics: LocalTopics) {
  return {
    CreateTopic: (params: QueryParams) => {
      const name = params.required('Name');
      const attributes = params.stringMap('Attributes');
      const fifo = attributes.FifoTopic === 'true';
      if (!NAME.test(name.endsWith('.fifo') ? name.slice(0, -5) : name) || name.endsWith('.fifo') !== fifo)
        throw snsError.invalid(fifo ? 'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.' : 'Topic Name');
      const existing = topics.get(name);
      if (existing !== undefined && Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v))
        throw snsError.invalid('Attributes Reason: Topic already exists with different attributes');
      return { TopicArn: (existing ?? topics.add(name, fifo, attributes)).arn };
    },
    DeleteTopic: (params: QueryParams) => {
      topics.remove(params.required('TopicArn'));
      return undefined;
    },
    ListTopics: () => ({ Topics: topics.all.map((t) => ({ TopicArn: t.arn })) }),
    GetTopicAttributes: (params: QueryParams) => {
      const topic = topicOf(topics, params.required('TopicArn'));
      return {
        Attributes: new XmlMap({
          ...topic.attributes,
          TopicArn: topic.arn,
          Owner: topics.accountId,
          SubscriptionsConfirmed: String(topic.subscriptions.length),
          SubscriptionsPending: '0',
          SubscriptionsDeleted: '0',
        }),
      };
    },
    Subscribe: (params: QueryParams) => {
      const topic = topicOf(topics, params.required('TopicArn'));
      const protocol = params.required('Protocol');
      if (protocol !== 'sqs') throw snsError.invalid(`Protocol Reason: only sqs subscriptions (a queue of the local SQS) are delivered locally, not ${protocol}`);
      return { SubscriptionArn: topics.subscribe(topic, params.required('Endpoint'), params.stringMap('Attributes')).arn };
    },
    Unsubscribe: (params: QueryParams) => {
      topics.unsubscribe(params.required('SubscriptionArn'));
      return undefined;
    },
    ListSubscriptions: () => ({ Subscriptions: topics.all.flatMap((t) => t.subscriptions.map((s) => asMember(s, topics.accountId))) }),
    ListSubscriptionsByTopic: (params: QueryParams) => ({ Subscriptions: topicOf(topics, params.required('TopicArn')).subscriptions.map((s) => asMember(s, topics.accountId)) }),
    Publish: (params: QueryParams) => {
      const arn = params.get('TopicArn') ?? params.get('TargetArn');
      if (arn === undefined) throw snsError.invalid('TopicArn or TargetArn Reason: no value for required parameter (local topics only: PhoneNumber is not supported)');
      return publishOne(topicOf(topics, arn), params);
    },
    PublishBatch: (params: QueryParams) => {
      const topic = topicOf(topics, params.required('TopicArn'));
      const Successful: XmlObject[] = [];
      const Failed: XmlObject[] = [];
      for (let i = 1; params.get(`PublishBatchRequestEntries.member.${i}.Id`) !== undefined; i++) {
        const id = params.get(`PublishBatchRequestEntries.member.${i}.Id`) as string;
        try {
          Successful.push({ Id: id, ...publishOne(topic, params, `PublishBatchRequestEntries.member.${i}.`) });
        } catch (e) {
          const err = e as { code?: string; message: string };
          Failed.push({ Id: id, Code: err.code ?? 'InternalError', Message: err.message, SenderFault: true });
        }
      }
      if (Successful.length + Failed.length === 0) throw new AwsServiceError('EmptyBatchRequest', "The batch request doesn't contain any entries.");
      if (Successful.length + Failed.length > 10) throw new AwsServiceError('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');
      return { Successful, Failed };
    },
  };
}

/** Starts the SNS API over `topics` on 127.0.0.1. */
export async function startSnsServer(topics: LocalTopics): Promise<LocalEndpoint> {
  let endpoint = '';
  const server = await listenLocally(queryProtocol({ xmlns: 'http://sns.amazonaws.com/doc/2010-03-31/', operations: snsOperations(topics) }, () => endpoint));
  endpoint = server.endpoint;
  return server;
}
