/**
 * S3 for the workflows that declare `buckets`: s3rver (../s3rver.ts) on 127.0.0.1 with its objects
 * in `<dataDir>/s3` (or a temporary folder removed when the services stop), every declared bucket
 * created under the name the local render gives (`bucket('input')` -> `input`), and seeded from
 * the project's `data/<workflow>/<bucket>/` folder when there is one (each file an object, its
 * path below that folder the key). The engine reaches it through `runOptions.s3` (Distributed Map
 * ItemReader / ResultWriter), the handlers through `AWS_ENDPOINT_URL_S3` (read by the AWS SDKs;
 * an IP endpoint makes them use path-style requests) with the local dummy credentials.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { WorkflowDeclaration } from '../../workflow/declaration';
import { LOCAL_CREDENTIALS, localSdkEnvironment } from '../credentials';
import { startS3rver } from './s3rver';
import type { LocalServiceProvider, LocalServices, StartedService } from '../provider';

export interface LocalS3Service extends StartedService {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Where s3rver keeps the objects. */
  directory: string;
  /** The buckets created. */
  buckets: string[];
  /** Objects seeded from the project's data folder, as `bucket/key`. */
  seeded: string[];
}

const declaredBuckets = (workflows: readonly WorkflowDeclaration[]) => [...new Set(workflows.flatMap((w) => Object.keys(w.buckets ?? {})))];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

export const s3Provider: LocalServiceProvider<LocalS3Service> = {
  name: 's3',
  needed: (workflows) => declaredBuckets(workflows).length > 0,
  async start(workflows, context) {
    const buckets = declaredBuckets(workflows);
    let directory: string;
    let temporary: string | null = null;
    if (context.dataDir !== undefined) {
      directory = join(resolve(context.dataDir), 's3');
      mkdirSync(directory, { recursive: true });
    } else directory = temporary = mkdtempSync(join(tmpdir(), 'sfn-s3-'));
    const server = await startS3rver(directory, buckets).catch((e: unknown) => {
      if (temporary !== null) rmSync(temporary, { recursive: true, force: true });
      throw e;
    });
    const close = async () => {
      await server.close();
      if (temporary !== null) rmSync(temporary, { recursive: true, force: true });
    };
    const seeded: string[] = [];
    try {
      const root = resolve(context.projectRoot ?? process.cwd());
      const todo = workflows.flatMap((w) => Object.keys(w.buckets ?? {}).map((b) => ({ bucket: b, dir: join(root, 'data', w.name, b) })));
      if (todo.some((x) => existsSync(x.dir))) {
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
        const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
        const client = new S3Client({ endpoint: server.endpoint, region: context.region, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
        try {
          for (const { bucket, dir } of todo) {
            if (!existsSync(dir)) continue;
            for (const file of filesUnder(dir)) {
              const key = relative(dir, file).split(sep).join('/');
              await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
              seeded.push(`${bucket}/${key}`);
            }
          }
        } finally {
          client.destroy();
        }
      }
    } catch (e) {
      await close();
      throw e;
    }
    return {
      endpoint: server.endpoint,
      directory,
      buckets,
      seeded,
      runOptions: { s3: { endpoint: server.endpoint, region: context.region, credentials: LOCAL_CREDENTIALS, forcePathStyle: true } },
      functionEnvironment: { AWS_ENDPOINT_URL_S3: server.endpoint, ...localSdkEnvironment(context.region) },
      close,
    };
  },
};

/** The local S3 of started services, or undefined when none of their workflows declares buckets. */
export const localS3 = (services: LocalServices): LocalS3Service | undefined => services.services[s3Provider.name] as LocalS3Service | undefined;
