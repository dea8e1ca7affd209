/**
 * The HTTP metadata of the optimized DynamoDB / SQS / SNS integrations, checked against the run
 * recorded on AWS in ../shared/seeds/service-integrations-dynamodb-sqs-sns.txt and LocalStack's
 * AWS-recorded snapshots: with the seed's request and message ids, the headers come out as AWS
 * recorded them (the body lengths 2, 106 and 294, DynamoDB's x-amz-crc32 of `{}`).
 */
import { withDynamoDbMetadata, withSnsMetadata, withSqsMetadata } from '../sdk-metadata';

const at = new Date('2020-05-08T17:35:22Z');
const DATE = 'Fri, 08 May 2020 17:35:22 GMT';

test("DynamoDB putItem without ReturnValues: {} with the seed's headers", () => {
  const id = '42474c12-4dba-47a7-82a7-c745f8e8a59a';
  const r = withDynamoDbMetadata({}, id, at);
  expect(r).toEqual({
    SdkHttpMetadata: {
      AllHttpHeaders: expect.any(Object),
      HttpHeaders: { Connection: 'keep-alive', 'Content-Length': '2', 'Content-Type': 'application/x-amz-json-1.0', Date: DATE, Server: 'Server', 'x-amz-crc32': '2745614147', 'x-amzn-RequestId': id },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: id },
  });
  expect((r.SdkHttpMetadata as { AllHttpHeaders: Record<string, string[]> }).AllHttpHeaders['Content-Length']).toEqual(['2']);
});

test('DynamoDB: the response members stay; the length and CRC32 are those of its JSON body', () => {
  const r = withDynamoDbMetadata({ Attributes: { status: { S: 'RECORD_PROCESSED' } } }, 'r', at);
  expect(r.Attributes).toEqual({ status: { S: 'RECORD_PROCESSED' } });
  expect((r.SdkHttpMetadata as { HttpHeaders: Record<string, string> }).HttpHeaders['Content-Length']).toBe('50');
});

// The seed (2020) recorded SQS's query API (text/xml, Content-Length 378); SQS has answered Step
// Functions in its JSON protocol since: LocalStack's tests/aws/services/stepfunctions/v2/services/
// test_sqs_task_service.snapshot.json test_send_message (recorded on AWS 18-04-2024) has these headers.
test('SQS sendMessage: the JSON protocol response and headers (Content-Length 106), as recorded in 2024', () => {
  const id = 'fc5f0f1d-47c8-4458-ba0d-8edc2a92d809';
  const r = withSqsMetadata({ MD5OfMessageBody: '21ee0cdd2aec4288d4b9c0e48c1b9c83', MessageId: '6e8c8c00-348a-463c-bef7-52b867743d6e' }, id, at);
  expect(r).toEqual({
    MD5OfMessageBody: '21ee0cdd2aec4288d4b9c0e48c1b9c83',
    MessageId: '6e8c8c00-348a-463c-bef7-52b867743d6e',
    SdkHttpMetadata: {
      AllHttpHeaders: { 'x-amzn-RequestId': [id], connection: ['keep-alive'], 'Content-Length': ['106'], Date: [DATE], 'Content-Type': ['application/x-amz-json-1.0'] },
      HttpHeaders: { connection: 'keep-alive', 'Content-Length': '106', 'Content-Type': 'application/x-amz-json-1.0', Date: DATE, 'x-amzn-RequestId': id },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: id },
  });
  const metadata = r.SdkHttpMetadata as { AllHttpHeaders: object; HttpHeaders: object };
  expect(Object.keys(metadata.AllHttpHeaders)).toEqual(['x-amzn-RequestId', 'connection', 'Content-Length', 'Date', 'Content-Type']);
  expect(Object.keys(metadata.HttpHeaders)).toEqual(['connection', 'Content-Length', 'Content-Type', 'Date', 'x-amzn-RequestId']);
});

test("SNS publish: the seed's response and headers (Content-Length 294)", () => {
  const id = '0fe6b1a3-92ba-512b-a9f1-e68c081fb988';
  const r = withSnsMetadata({ MessageId: 'c88b34fa-e831-502d-97b1-63d57294788e' }, id, new Date('2020-05-08T17:35:32Z'));
  expect(r).toEqual({
    MessageId: 'c88b34fa-e831-502d-97b1-63d57294788e',
    SdkHttpMetadata: { AllHttpHeaders: expect.any(Object), HttpHeaders: { connection: 'keep-alive', 'Content-Length': '294', 'Content-Type': 'text/xml', Date: 'Fri, 08 May 2020 17:35:32 GMT', 'x-amzn-RequestId': id }, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: id },
  });
  // AWS's order of the headers (test_sns_task_service test_publish_message_attributes, recorded 01-02-2024).
  expect(Object.keys((r.SdkHttpMetadata as { AllHttpHeaders: object }).AllHttpHeaders)).toEqual(['x-amzn-RequestId', 'connection', 'Content-Length', 'Date', 'Content-Type']);
});
