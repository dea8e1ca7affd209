/**
 * The S3 a Distributed Map reads its items from and writes its results to (RunOptions.s3).
 * `@aws-sdk/client-s3` is imported lazily, when a Map Run needs S3, so that executions without a
 * Distributed Map never load the SDK.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { StatesError } from '../jsonpath';
import type { S3Settings } from '../types';

export type S3Sdk = typeof import('@aws-sdk/client-s3');

export interface S3Access {
  sdk: S3Sdk;
  client: S3Client;
  /** Destroys the client when the Map Run made it. */
  release(): void;
}

/** The S3 client of a Map Run; `error` (States.ItemReaderFailed or States.ResultWriterFailed) when no S3 is configured. */
export async function openS3(settings: S3Settings | undefined, error: string): Promise<S3Access> {
  if (settings === undefined) {
    throw new StatesError(
      error,
      'The local engine has no S3 to use: give the run option `s3` (an endpoint such as a local s3rver, or a client). ' +
        '`sfn run` and `runWorkflow` start a local S3 for workflows that declare `buckets`.',
    );
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await import('@aws-sdk/client-s3');
  if ('client' in settings) return { sdk, client: settings.client, release: () => undefined };
  const client = new sdk.S3Client({
    endpoint: settings.endpoint,
    region: settings.region ?? 'us-east-1',
    forcePathStyle: settings.forcePathStyle ?? true,
    credentials: settings.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { sdk, client, release: () => client.destroy() };
}

/** An S3 error as a cause: its code and message (NoSuchKey, NoSuchBucket, AccessDenied, ...). */
export function s3Cause(e: unknown, what: string): string {
  const err = e as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = err?.Code ?? err?.name ?? 'Error';
  const status = err?.$metadata?.httpStatusCode;
  return `${what}: ${code}${status ? ` (HTTP ${status})` : ''}: ${err?.message ?? String(e)}`;
}
