/**
 * The HTTP metadata an optimized integration adds to the service's response: Step Functions calls
 * the service with the AWS SDK for Java v1, whose result carries `SdkHttpMetadata` (the response's
 * headers and status) and `SdkResponseMetadata` (its request id). `AllHttpHeaders` lists the
 * headers in the order the service sent them, each as a one-element array; `HttpHeaders` is the
 * SDK's case-insensitive sorted map (Connection, Content-Length, Content-Type, Date, ...).
 *
 * Recorded against AWS (LocalStack's tests/aws/services/stepfunctions/v2/services/*.snapshot.json):
 * - DynamoDB (test_dynamodb_task_service, 03-02-2025): Server, Connection, x-amzn-RequestId,
 *   x-amz-crc32, Content-Length, Date, Content-Type `application/x-amz-json-1.0`;
 * - SQS (test_sqs_task_service: test_send_message, 18-04-2024; SQS answers in its JSON protocol):
 *   x-amzn-RequestId, connection, Content-Length (106 for `{"MD5OfMessageBody":..,"MessageId":..}`),
 *   Date, Content-Type `application/x-amz-json-1.0`;
 * - Step Functions StartExecution (test_sfn_task_service: test_start_execution, 28-06-2023; JSON
 *   1.0): x-amzn-RequestId, connection, Content-Length (160, 161: the ARN and the date's digits),
 *   Date, Content-Type `application/x-amz-json-1.0`;
 * - SNS (test_sns_task_service: test_publish_message_attributes, 01-02-2024; the query protocol's XML):
 *   x-amzn-RequestId, connection (not yet in the 2023 recordings), Content-Length (294; 352 with a
 *   FIFO topic's SequenceNumber), Date, Content-Type `text/xml`.
 *
 * The lengths are those of the wire bodies: DynamoDB's JSON (`{}`, whose CRC32 is 2745614147,
 * as in the seed ../shared/seeds/service-integrations-dynamodb-sqs-sns.txt), SQS's JSON and SNS's
 * XML rendered below. The AWS SDK integrations (`aws-sdk:*`) return the response alone.
 */
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { JsonObject } from './integration';

/**
 * The result of an optimized integration: the response's members and the metadata, in alphabetical
 * order as Step Functions writes them (recorded: `Item, SdkHttpMetadata, SdkResponseMetadata`;
 * `MD5OfMessageBody, MessageId, SdkHttpMetadata, ...`; `MessageId, SdkHttpMetadata, SdkResponseMetadata,
 * SequenceNumber` for a FIFO topic, test_sns_task_service test_fifo_message_attribute, 07-02-2024).
 */
function withMetadata(response: JsonObject, headers: [string, string][], requestId: string): JsonObject {
  const all: JsonObject = { ...response, ...metadata(headers, requestId) };
  const out: JsonObject = {};
  for (const k of Object.keys(all).sort()) out[k] = all[k];
  return out;
}

/** The metadata of a response whose headers are `headers`, in the order the service sent them. */
function metadata(headers: [string, string][], requestId: string): JsonObject {
  const all: JsonObject = {};
  for (const [k, v] of headers) all[k] = [v];
  const sorted: JsonObject = {};
  for (const [k, v] of [...headers].sort(([a], [b]) => compareIgnoringCase(a, b))) sorted[k] = v;
  return {
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: sorted, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** Java's String.CASE_INSENSITIVE_ORDER (the order of the SDK's header map). */
function compareIgnoringCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** DynamoDB's response (its JSON body) with the metadata of the optimized integration. */
export function withDynamoDbMetadata(response: JsonObject, requestId: string = randomUUID(), at = new Date()): JsonObject {
  const body = JSON.stringify(response);
  const headers: [string, string][] = [
    ['Server', 'Server'],
    ['Connection', 'keep-alive'],
    ['x-amzn-RequestId', requestId],
    ['x-amz-crc32', String(crc32(body))],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Date', at.toUTCString()],
    ['Content-Type', 'application/x-amz-json-1.0'],
  ];
  return withMetadata(response, headers, requestId);
}

/** SQS SendMessage's response with the metadata of the optimized integration (SQS's JSON protocol body). */
export function withSqsMetadata(response: JsonObject, requestId: string = randomUUID(), at = new Date()): JsonObject {
  return withMetadata(response, responseHeaders(JSON.stringify(response), requestId, at), requestId);
}

/** SNS Publish's response with the metadata of the optimized integration (the query API's XML body). */
export function withSnsMetadata(response: JsonObject, requestId: string = randomUUID(), at = new Date()): JsonObject {
  const result = Object.entries(response)
    .map(([k, v]) => `    <${k}>${String(v)}</${k}>\n`)
    .join('');
  const body =
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n' +
    `  <PublishResult>\n${result}  </PublishResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</PublishResponse>\n`;
  return withMetadata(response, responseHeaders(body, requestId, at, 'text/xml'), requestId);
}

/**
 * The headers of a response whose body is `body`, in the order SQS, Step Functions (AWS JSON 1.0,
 * the default type) and SNS (`text/xml`) send them.
 */
function responseHeaders(body: string, requestId: string, at: Date, contentType = 'application/x-amz-json-1.0'): [string, string][] {
  return [
    ['x-amzn-RequestId', requestId],
    ['connection', 'keep-alive'],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Date', at.toUTCString()],
    ['Content-Type', contentType],
  ];
}

/**
 * Step Functions StartExecution's response (`{ ExecutionArn, StartDate }`, the date in epoch
 * milliseconds) with the metadata of the optimized integration. The wire body has the date in
 * epoch seconds as Java prints a double (`1.687946874477E9`).
 */
export function withStepFunctionsMetadata(response: JsonObject, requestId: string = randomUUID(), at = new Date()): JsonObject {
  const body = `{"executionArn":${JSON.stringify(response.ExecutionArn)},"startDate":${javaSeconds(Number(response.StartDate))}}`;
  return withMetadata(response, responseHeaders(body, requestId, at), requestId);
}

/** Epoch milliseconds as seconds in Java's Double.toString (scientific notation from 10^7 up). */
function javaSeconds(ms: number): string {
  const digits = String(ms).replace(/0+$/, '');
  const exponent = String(Math.trunc(ms / 1000)).length - 1;
  return `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}E${exponent}`;
}
