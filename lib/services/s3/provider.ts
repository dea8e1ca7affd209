/**
 * S3 for every local run: s3rver (./s3rver.ts) on 127.0.0.1 behind a front whose endpoint the
 * engine and the handlers get at once (`runOptions.s3` for Distributed Map ItemReader /
 * ResultWriter, `AWS_ENDPOINT_URL_S3` for handlers: an IP endpoint makes the SDKs use path-style
 * requests), with its objects in `<dataDir>/s3` (or a temporary folder removed when the services
 * stop). s3rver starts when first needed: at once when a workflow declares `buckets` (each created
 * under the name the local render gives, `bucket('input')` -> `input`, and seeded from the
 * project's `data/<workflow>/<bucket>/` folder when there is one: each file an object, its path
 * below that folder the key), else on the first request (with `lazy`, as `sfn serve`, the declared
 * buckets are created and seeded then too).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { WorkflowDeclaration } from '../../workflow/declaration';
import { LOCAL_CREDENTIALS } from '../credentials';
import { LazyBackend, lazyFront } from '../http/lazy';
import { startS3rver, type RunningS3rver } from './s3rver';
import { standInProvider, type LocalServiceContext, type LocalServices, type StartedService } from '../provider';

export interface LocalS3Service extends StartedService {
  /** `http://127.0.0.1:<port>` (the front: s3rver starts on the first request). */
  endpoint: string;
  /** Where s3rver keeps the objects. */
  directory: string;
  /** The buckets declared (created when s3rver starts). */
  buckets: string[];
  /** Objects seeded from the project's data folder, as `bucket/key`. */
  seeded: string[];
  /** Starts s3rver now (when not yet), with the declared buckets created and seeded. */
  ready(): Promise<void>;
  /** Adds the buckets of these workflows. */
  declare(workflows: readonly WorkflowDeclaration[]): Promise<void>;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Creates the buckets not created yet and seeds them from the project's data folders. */
async function createAndSeed(endpoint: string, context: LocalServiceContext, todo: ReadonlyArray<{ workflow: string; bucket: string }>, seeded: string[], create: boolean): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { S3Client, PutObjectCommand, CreateBucketCommand, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint, region: context.region, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  const root = resolve(context.projectRoot ?? process.cwd());
  try {
    for (const { workflow, bucket } of todo) {
      if (create && !(await client.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, () => false))) await client.send(new CreateBucketCommand({ Bucket: bucket }));
      const dir = join(root, 'data', workflow, bucket);
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

export const s3Provider = standInProvider<LocalS3Service>(
  's3',
  async (context) => {
    let directory: string;
    let temporary: string | null = null;
    if (context.dataDir !== undefined) {
      directory = join(resolve(context.dataDir), 's3');
      mkdirSync(directory, { recursive: true });
    } else directory = temporary = mkdtempSync(join(tmpdir(), 'sfn-s3-'));
    const declared: Array<{ workflow: string; bucket: string }> = [];
    let done = 0;
    const seeded: string[] = [];
    const backend = new LazyBackend<RunningS3rver>('S3', async () => {
      const todo = declared.slice(done);
      // Buckets known now are configured by s3rver itself (which takes any name); later ones go through CreateBucket.
      const server = await startS3rver(directory, [...new Set(todo.map((d) => d.bucket))]);
      try {
        await createAndSeed(server.endpoint, context, todo, seeded, false);
        done += todo.length;
      } catch (e) {
        await server.close();
        throw e;
      }
      return server;
    });
    const front = await lazyFront(backend).catch((e: unknown) => {
      if (temporary !== null) rmSync(temporary, { recursive: true, force: true });
      throw e;
    });
    const service: LocalS3Service = {
      endpoint: front.endpoint,
      directory,
      buckets: [],
      seeded,
      ready: async () => void (await backend.start()),
      runOptions: { s3: { endpoint: front.endpoint, region: context.region, credentials: LOCAL_CREDENTIALS, forcePathStyle: true } },
      functionEnvironment: { AWS_ENDPOINT_URL_S3: front.endpoint },
      close: async () => {
        await front.close();
        if (temporary !== null) rmSync(temporary, { recursive: true, force: true });
      },
      async declare(workflows) {
        for (const w of workflows) for (const bucket of Object.keys(w.buckets ?? {})) if (!declared.some((d) => d.workflow === w.name && d.bucket === bucket)) declared.push({ workflow: w.name, bucket });
        service.buckets = [...new Set(declared.map((d) => d.bucket))];
        if (backend.started) {
          const server = await backend.start();
          const todo = declared.slice(done);
          done += todo.length;
          await createAndSeed(server.endpoint, context, todo, seeded, true);
        } else if (!context.lazy && declared.length) await backend.start();
      },
    };
    return service;
  },
  (service, workflows) => service.declare(workflows),
);

/** The local S3 of started services, or undefined when none of their workflows declares buckets. */
export const localS3 = (services: LocalServices): LocalS3Service | undefined => services.services[s3Provider.name] as LocalS3Service | undefined;
