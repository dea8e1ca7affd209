/**
 * A local S3 (`s3rver` from npm) on 127.0.0.1, keeping its objects in a folder: the S3 REST
 * protocol with SigV4 authentication, GET/PUT/HEAD/DELETE, ListObjectsV2, multipart uploads.
 * Used by the `s3` local service provider (sfn run, runWorkflow) and by the backend tests.
 * s3rver is loaded when a server starts, so that importing this module costs nothing.
 */

/** s3rver's built-in account: requests must be signed with it (or with LOCAL_CREDENTIALS). */
export const S3RVER_ACCESS_KEY = 'S3RVER';
export const S3RVER_SECRET_KEY = 'S3RVER';

// The local services' dummy credentials: s3rver learns them as a second key pair of its built-in
// account (its account registry, `s3rver/lib/models/account`, has no option for it).
import { LOCAL_CREDENTIALS } from '../credentials';
export { LOCAL_CREDENTIALS };

export interface RunningS3rver {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  /** Stops the server (idempotent). */
  close(): Promise<void>;
}

/** Starts s3rver on a free port of 127.0.0.1 with its objects in `directory`, creating `buckets` (kept when they exist). */
export async function startS3rver(directory: string, buckets: readonly string[] = []): Promise<RunningS3rver> {
  const { default: S3rver } = await import('s3rver');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
  DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  let open = true;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      if (!open) return;
      open = false;
      await server.close();
    },
  };
}
