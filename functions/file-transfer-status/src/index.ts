import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { InvalidInput } from '../../_shared/errors';
import { s3Client } from '../../_shared/s3-client';
import { parseOrThrow } from '../../_shared/validate';

/** Input of `file-transfer-status`: the execution whose transfer is checked. */
export const StatusInput = z.object({
  executionName: z.string().min(1, 'must not be empty'),
});

export interface StatusOutput {
  readonly status: 'completed';
  readonly transferred: Array<{ from: string; to: string }>;
}

/** The transfer has not completed (failed, or not done in time). Caught by the workflow. */
export class FileTransferIncompleteException extends Error {
  override name = 'FileTransferIncompleteException';
}

interface Context {
  getRemainingTimeInMillis(): number;
}


/** Keep this much of the function's time to answer (ms). */
const MARGIN_MS = 1500;
const POLL_MS = 200;

/**
 * Checks the transfer (the seed's `file-transfer-status`): waits for the outcome the activity
 * worker records in `_transfer/<executionName>.json` of the bucket named by `FILES_BUCKET`, for as
 * long as the function's time allows. Returns the files moved when the transfer completed.
 * @throws FileTransferIncompleteException when it failed or no outcome came in time
 */
export async function handler(event: unknown, context: Context): Promise<StatusOutput> {
  const { executionName } = parseOrThrow(StatusInput, event ?? {}, (issues) => new InvalidInput(issues));
  const bucket = process.env.FILES_BUCKET;
  if (!bucket) throw new FileTransferIncompleteException('FILES_BUCKET is not set');
  const s3 = s3Client();
  for (;;) {
    const outcome = await read(s3, bucket, `_transfer/${executionName}.json`);
    if (outcome !== undefined) {
      if (outcome.status === 'completed') return { status: 'completed', transferred: outcome.transferred ?? [] };
      throw new FileTransferIncompleteException(`File Transfer Incomplete: ${outcome.cause ?? outcome.status}`);
    }
    if (context.getRemainingTimeInMillis() < MARGIN_MS + POLL_MS) throw new FileTransferIncompleteException('File Transfer Incomplete: the worker recorded no outcome in time');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function read(client: S3Client, bucket: string, key: string): Promise<{ status: string; cause?: string; transferred?: StatusOutput['transferred'] } | undefined> {
  try {
    const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await (r.Body as { transformToString(): Promise<string> }).transformToString());
  } catch (e) {
    if ((e as Error).name === 'NoSuchKey') return undefined;
    throw e;
  }
}
