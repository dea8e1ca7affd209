/** A real S3-compatible server (s3rver on 127.0.0.1) for the tests of a file: started before them, stopped after. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { RunOptions } from '../../types';
import { LOCAL_CREDENTIALS, startS3rver, type RunningS3rver } from '../../../services/s3/s3rver';

export interface S3Fixture {
  /** A client of the server. */
  s3: S3Client;
  /** The run options that reach it (`s3`). */
  options: RunOptions;
}

/** Registers beforeAll / afterAll: the server with `buckets`, in a directory of its own. */
export function s3Fixture(buckets: string[]): S3Fixture {
  const fixture = {} as S3Fixture;
  let dir: string | undefined;
  let server: RunningS3rver | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sfn-dmap-'));
    server = await startS3rver(dir, buckets);
    fixture.s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
    fixture.options = { s3: { endpoint: server.endpoint, credentials: LOCAL_CREDENTIALS } };
  });
  afterAll(async () => {
    fixture.s3?.destroy();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return fixture;
}
