import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { InvalidInput } from '../../_shared/errors';
import { s3Client } from '../../_shared/s3-client';
import { parseOrThrow } from '../../_shared/validate';

/** Input of `file-transfer-master`: the prefix whose files the activity worker moves, and the execution they are moved for. */
export const MasterInput = z.object({
  sourcePrefix: z.string().trim().min(1, 'must not be empty'),
  executionName: z.string().min(1, 'must not be empty'),
});

/**
 * Where the plan of an execution's transfer is recorded; the activity worker (workers/file-transfer)
 * waits for it and moves exactly these files, as the seed's slave Lambda moves the files its master
 * dispatched. Keep in step with the worker's `planKey`.
 */
export const planKey = (executionName: string) => `_transfer/${executionName}.plan.json`;

/** Output: the `.csv` files waiting under the source prefix when the transfer was planned. */
export interface MasterOutput {
  readonly bucket: string;
  readonly planned: string[];
}

/**
 * Plans the transfer (the seed's `file-transfer-master`): lists the `.csv` objects under
 * `<sourcePrefix>/` of the bucket named by `FILES_BUCKET` and records them as the execution's plan
 * (`planKey`), which the activity worker waits for and carries out: what is planned is what is
 * moved, whichever branch of the Parallel runs first.
 * @throws InvalidInput when `sourcePrefix` is missing; FileTransferConfigError when FILES_BUCKET is not set
 */
export async function handler(event: unknown): Promise<MasterOutput> {
  const { sourcePrefix, executionName } = parseOrThrow(MasterInput, event ?? {}, (issues) => new InvalidInput(issues));
  const bucket = process.env.FILES_BUCKET;
  if (!bucket) throw new FileTransferConfigError('FILES_BUCKET is not set');
  const s3 = s3Client();
  const planned: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${sourcePrefix.replace(/\/+$/, '')}/`, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key?.endsWith('.csv')) planned.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: planKey(executionName), Body: JSON.stringify({ sourcePrefix, planned }), ContentType: 'application/json' }));
  return { bucket, planned };
}

/** A required environment variable is missing. Not retryable. */
export class FileTransferConfigError extends Error {
  override name = 'FileTransferConfigError';
}
