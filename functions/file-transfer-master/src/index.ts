import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { InvalidInput } from '../../_shared/errors';
import { s3Client } from '../../_shared/s3-client';
import { parseOrThrow } from '../../_shared/validate';

/** Input of `file-transfer-master`: the prefix whose files the activity worker moves. */
export const MasterInput = z.object({
  sourcePrefix: z.string().trim().min(1, 'must not be empty'),
});

/** Output: the `.csv` files waiting under the source prefix when the transfer was planned. */
export interface MasterOutput {
  readonly bucket: string;
  readonly planned: string[];
}


/**
 * Plans the transfer (the seed's `file-transfer-master`): lists the `.csv` objects under
 * `<sourcePrefix>/` of the bucket named by `FILES_BUCKET`. The activity worker does the moving.
 * @throws InvalidInput when `sourcePrefix` is missing; FileTransferConfigError when FILES_BUCKET is not set
 */
export async function handler(event: unknown): Promise<MasterOutput> {
  const { sourcePrefix } = parseOrThrow(MasterInput, event ?? {}, (issues) => new InvalidInput(issues));
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
  return { bucket, planned };
}

/** A required environment variable is missing. Not retryable. */
export class FileTransferConfigError extends Error {
  override name = 'FileTransferConfigError';
}
