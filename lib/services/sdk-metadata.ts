/**
 * The HTTP metadata an optimized integration adds to the service's response: Step Functions calls
 * the service with the AWS SDK for Java v1, whose result carries `SdkHttpMetadata` (the response's
 * headers and status) and `SdkResponseMetadata` (its request id). Recorded against AWS in the
 * DynamoDB / SQS / SNS seed (../shared/seeds/service-integrations-dynamodb-sqs-sns.txt):
 *
 *   "DynamoDB": { "SdkHttpMetadata": { "HttpHeaders": { "Connection": "keep-alive", "Content-Length": "2",
 *     "Content-Type": "application/x-amz-json-1.0", "Date": ..., "Server": "Server", "x-amz-crc32": "2745614147",
 *     "x-amzn-RequestId": ... }, "HttpStatusCode": 200 }, "SdkResponseMetadata": { "RequestId": ... } }
 *   "SQS": { "MD5OfMessageBody", "MessageId", "SdkHttpMetadata": { "HttpHeaders": { "Content-Length": "378",
 *     "Content-Type": "text/xml", "Date", "x-amzn-RequestId" }, ... }, ... }
 *   "SNS": { "MessageId", "SdkHttpMetadata": { "HttpHeaders": { "Content-Length": "294", "Content-Type": "text/xml", ... } } }
 *
 * The lengths are those of the wire bodies: DynamoDB's JSON (`{}`, whose CRC32 is 2745614147), and
 * the SQS / SNS query API XML rendered below (378 and 294 bytes for the seed's ids). Newer AWS
 * histories also list the headers as `AllHttpHeaders` (each a one-element array; see
 * lib/engine/lambda.ts invokeResponse). The AWS SDK integrations (`aws-sdk:*`) return the
 * response alone.
 */
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { JsonObject } from './integration';

function metadata(headers: Record<string, string>, requestId: string): JsonObject {
  const all: JsonObject = {};
  for (const [k, v] of Object.entries(headers)) all[k] = [v];
  return {
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: headers, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** DynamoDB's response (its JSON body) with the metadata of the optimized integration. */
export function withDynamoDbMetadata(response: JsonObject, requestId: string = randomUUID(), at = new Date()): JsonObject {
  const body = JSON.stringify(response);
  const headers = {
    Connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(body)),
    'Content-Type': 'application/x-amz-json-1.0',
    Date: at.toUTCString(),
    Server: 'Server',
    'x-amz-crc32': String(crc32(body)),
    'x-amzn-RequestId': requestId,
  };
  return { ...response, ...metadata(headers, requestId) };
}

const xml = (fields: JsonObject) =>
  Object.entries(fields)
    .map(([k, v]) => `<${k}>${String(v)}</${k}>`)
    .join('');

/** SQS SendMessage's response with the metadata of the optimized integration (the query API's XML body). */
export function withSqsMetadata(response: JsonObject, requestId: string = randomUUID(), at = new Date()): JsonObject {
  const result: JsonObject = { MessageId: response.MessageId, MD5OfMessageBody: response.MD5OfMessageBody };
  if (response.MD5OfMessageAttributes !== undefined) result.MD5OfMessageAttributes = response.MD5OfMessageAttributes;
  if (response.SequenceNumber !== undefined) result.SequenceNumber = response.SequenceNumber;
  const body =
    '<?xml version="1.0"?><SendMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' +
    `<SendMessageResult>${xml(result)}</SendMessageResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></SendMessageResponse>`;
  return { ...response, ...metadata({ 'Content-Length': String(Buffer.byteLength(body)), 'Content-Type': 'text/xml', Date: at.toUTCString(), 'x-amzn-RequestId': requestId }, requestId) };
}

/** SNS Publish's response with the metadata of the optimized integration (the query API's XML body). */
export function withSnsMetadata(response: JsonObject, requestId: string = randomUUID(), at = new Date()): JsonObject {
  const result = Object.entries(response)
    .map(([k, v]) => `    <${k}>${String(v)}</${k}>\n`)
    .join('');
  const body =
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n' +
    `  <PublishResult>\n${result}  </PublishResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</PublishResponse>\n`;
  return { ...response, ...metadata({ 'Content-Length': String(Buffer.byteLength(body)), 'Content-Type': 'text/xml', Date: at.toUTCString(), 'x-amzn-RequestId': requestId }, requestId) };
}
