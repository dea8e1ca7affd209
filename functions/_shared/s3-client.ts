import { S3Client } from '@aws-sdk/client-s3';

let s3: S3Client | undefined;
let s3Endpoint: string | undefined;

/**
 * The S3 client of this execution environment, reused by its invocations (configured from the
 * environment: region, credentials, `AWS_ENDPOINT_URL_S3`), made again when that endpoint changes
 * (local runs start a new local S3 each time).
 */
export function s3Client(): S3Client {
  const endpoint = process.env.AWS_ENDPOINT_URL_S3;
  if (s3 === undefined || endpoint !== s3Endpoint) {
    s3 = new S3Client({});
    s3Endpoint = endpoint;
  }
  return s3;
}
