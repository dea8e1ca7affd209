/**
 * Local stand-ins for the AWS services the S3 backend talks to, for tests: S3 and DynamoDB on
 * 127.0.0.1, with temporary storage, no AWS account.
 *
 * - DynamoDB: `dynalite` (npm), in memory. It implements conditional writes
 *   (`attribute_not_exists(LockID)`), which is all the DynamoDB lock relies on.
 * - S3: `s3rver` (npm) stores the objects (in a folder the caller gives, e.g. from mkdtemp) and
 *   implements the S3 REST protocol (SigV4 authentication, HEAD/GET/PUT/DELETE, ListObjectsV2).
 *   It lacks two features the backend and these tests depend on, so a small gateway in front of it
 *   adds them:
 *   - conditional writes: `PUT` with `If-None-Match: *` (the S3 lock file of `use_lockfile`: Terraform
 *     writes `<key>.tflock` only if it does not exist) or `If-Match: <etag>` answers
 *     `412 PreconditionFailed` when the condition fails. s3rver ignores these headers, so without the
 *     gateway two runs would both "acquire" the lock file.
 *   - bucket versioning: `PutBucketVersioning`/`GetBucketVersioning`, `x-amz-version-id` on writes,
 *     delete markers, `ListObjectVersions` and `GetObject`/`HeadObject` with `versionId`. s3rver answers
 *     `NotImplemented` to all of them.
 *   It also echoes the `x-amz-server-side-encryption` a write asked for on reads, as S3 does.
 *   The gateway serializes the writes to each key, records every version of every object that
 *   s3rver accepted, and forwards everything else unchanged (headers included, so signatures hold).
 */
import { CreateTableCommand, type AttributeDefinition, type BillingMode, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3RVER_ACCESS_KEY, S3RVER_SECRET_KEY, startS3rver, type RunningS3rver } from '../services/s3/s3rver';
import { startDynalite, type LocalDynamoDb } from '../services/dynamodb/dynalite';

/** s3rver's built-in account: requests must be signed with it. */
export const LOCAL_ACCESS_KEY = S3RVER_ACCESS_KEY;
export const LOCAL_SECRET_KEY = S3RVER_SECRET_KEY;

export interface LocalAws {
  /** `http://127.0.0.1:<port>` of the S3 gateway. */
  readonly s3Endpoint: string;
  /** `http://127.0.0.1:<port>` of dynalite. */
  readonly dynamodbEndpoint: string;
  /** Stops both servers (idempotent). */
  close(): Promise<void>;
}

interface ObjectVersion {
  versionId: string;
  isDeleteMarker: boolean;
  body: Buffer;
  etag: string;
  contentType?: string;
  /** `x-amz-server-side-encryption` asked for by the write (s3rver does not keep it). */
  serverSideEncryption?: string;
  lastModified: Date;
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendXml(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const data = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(data.length), ...headers });
  res.end(data);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string, extra = ''): void {
  sendXml(res, status, `<Error><Code>${code}</Code><Message>${xml(message)}</Message>${extra}</Error>`);
}

type Upstream = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** One request to the gateway, parsed. */
interface GatewayRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  body: Buffer;
  url: URL;
  bucket: string;
  key: string;
  /** `<bucket>/<key>` */
  id: string;
  method: string;
  /** Query parameters naming a sub-resource (the SDKs' `x-id=<Operation>` left out). */
  subresources: string[];
}

/** The S3 gateway: conditional writes and versioning on top of s3rver (see the module comment). */
class S3Gateway {
  private readonly versioning = new Map<string, 'Enabled' | 'Suspended'>();
  /** `<bucket>/<key>` → versions, oldest first. */
  private readonly history = new Map<string, ObjectVersion[]>();
  /** `<bucket>/<key>` → tail of the chain of writes to that key. */
  private readonly writeQueues = new Map<string, Promise<unknown>>();

  constructor(private readonly upstreamPort: number) {}

  server(): http.Server {
    return http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) sendError(res, 500, 'InternalError', String(e));
        else res.destroy();
      });
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://gateway');
    const [bucket = '', ...keyParts] = url.pathname.slice(1).split('/');
    const key = keyParts.map(decodeURIComponent).join('/');
    const subresources = [...url.searchParams.keys()].filter((k) => k !== 'x-id');
    const r: GatewayRequest = { req, res, body, url, bucket, key, id: `${bucket}/${key}`, method: req.method ?? 'GET', subresources };
    const q = url.searchParams;
    if (bucket && !key) return this.bucketRequest(r);
    const read = r.method === 'GET' || r.method === 'HEAD';
    if (key && read && q.has('versionId')) return this.getVersion(r);
    if (key && read && subresources.length === 0) return this.getCurrent(r);
    if (key && r.method === 'PUT') return this.putObject(r);
    if (key && r.method === 'DELETE') return this.deleteObject(r);
    if (key && r.method === 'POST') return sendError(res, 501, 'NotImplemented', 'multipart uploads are not supported by the test gateway');
    return this.relay(res, await this.forward(req, body));
  }

  /** Versioning configuration and ListObjectVersions, here; everything else of a bucket, s3rver's. */
  private async bucketRequest({ req, res, body, url, bucket, method }: GatewayRequest): Promise<void> {
    const q = url.searchParams;
    if (q.has('versioning') && method === 'PUT') {
      const status = /<Status>\s*(Enabled|Suspended)\s*<\/Status>/.exec(body.toString())?.[1] as 'Enabled' | 'Suspended' | undefined;
      if (!status) return sendError(res, 400, 'MalformedXML', 'versioning Status must be Enabled or Suspended');
      this.versioning.set(bucket, status);
      res.writeHead(200, { 'content-length': '0' });
      return void res.end();
    }
    if (q.has('versioning') && method === 'GET') {
      const status = this.versioning.get(bucket);
      return sendXml(res, 200, `<VersioningConfiguration xmlns="${XMLNS}">${status ? `<Status>${status}</Status>` : ''}</VersioningConfiguration>`);
    }
    if (q.has('versions') && method === 'GET') return this.listVersions(res, bucket, q.get('prefix') ?? '');
    if (q.has('delete') && method === 'POST') return sendError(res, 501, 'NotImplemented', 'DeleteObjects is not supported by the test gateway');
    return this.relay(res, await this.forward(req, body));
  }

  /** GetObject / HeadObject of a given version, from the gateway's history. */
  private getVersion({ res, url, id, method }: GatewayRequest): void {
    const v = this.history.get(id)?.find((x) => x.versionId === url.searchParams.get('versionId'));
    if (!v) return sendError(res, 404, 'NoSuchVersion', 'The specified version does not exist.');
    if (v.isDeleteMarker) return sendError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    res.writeHead(200, {
      'content-type': v.contentType ?? 'binary/octet-stream',
      'content-length': String(v.body.length),
      etag: v.etag,
      'last-modified': v.lastModified.toUTCString(),
      'x-amz-version-id': v.versionId,
      ...(v.serverSideEncryption ? { 'x-amz-server-side-encryption': v.serverSideEncryption } : {}),
    });
    res.end(method === 'HEAD' ? undefined : v.body);
  }

  /** The current version: s3rver serves it; the gateway adds its version id. */
  private async getCurrent({ req, res, body, bucket, id }: GatewayRequest): Promise<void> {
    const up = await this.forward(req, body);
    const latest = this.current(id);
    const found = latest && up.status >= 200 && up.status < 300;
    this.relay(res, up, {
      ...(found && this.versioning.has(bucket) ? { 'x-amz-version-id': latest.versionId } : {}),
      ...(found && latest.serverSideEncryption ? { 'x-amz-server-side-encryption': latest.serverSideEncryption } : {}),
    });
  }

  /** PutObject with If-None-Match / If-Match, one write to a key at a time, recorded as a version. */
  private putObject({ req, res, body, url, bucket, id, subresources }: GatewayRequest): Promise<void> | void {
    if (subresources.length > 0 || req.headers['x-amz-copy-source']) return sendError(res, 501, 'NotImplemented', `PUT ${url.search} / copy is not supported by the test gateway`);
    if (/aws-chunked/.test(String(req.headers['content-encoding'] ?? ''))) {
      return sendError(res, 501, 'NotImplemented', 'aws-chunked uploads are not supported by the test gateway (set skip_s3_checksum)');
    }
    return this.serialize(id, async () => {
      const existing = this.current(id);
      const ifNoneMatch = req.headers['if-none-match'];
      const ifMatch = req.headers['if-match'];
      if ((ifNoneMatch === '*' && existing) || (ifMatch !== undefined && (!existing || (ifMatch !== '*' && ifMatch !== existing.etag)))) {
        return sendError(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', `<Condition>${ifNoneMatch ? 'If-None-Match' : 'If-Match'}</Condition>`);
      }
      const up = await this.forward(req, body);
      if (up.status < 200 || up.status >= 300) return this.relay(res, up);
      const sse = req.headers['x-amz-server-side-encryption'] as string | undefined;
      const versionId = this.record(bucket, id, {
        isDeleteMarker: false,
        body,
        etag: `"${createHash('md5').update(body).digest('hex')}"`,
        contentType: req.headers['content-type'],
        serverSideEncryption: sse,
        lastModified: new Date(),
      });
      this.relay(res, up, { ...(this.versioning.has(bucket) ? { 'x-amz-version-id': versionId } : {}), ...(sse ? { 'x-amz-server-side-encryption': sse } : {}) });
    });
  }

  /** DeleteObject: a delete marker in a versioned bucket, the object's history gone otherwise. */
  private deleteObject({ req, res, body, url, bucket, id, subresources }: GatewayRequest): Promise<void> | void {
    if (subresources.length > 0) return sendError(res, 501, 'NotImplemented', `DELETE ${url.search} is not supported by the test gateway`);
    return this.serialize(id, async () => {
      const up = await this.forward(req, body);
      if (up.status < 200 || up.status >= 300) return this.relay(res, up);
      if (this.versioning.get(bucket) === 'Enabled') {
        const versionId = this.record(bucket, id, { isDeleteMarker: true, body: Buffer.alloc(0), etag: '', lastModified: new Date() });
        return this.relay(res, up, { 'x-amz-version-id': versionId, 'x-amz-delete-marker': 'true' });
      }
      this.history.delete(id);
      this.relay(res, up);
    });
  }

  private serialize<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.writeQueues.get(id) ?? Promise.resolve()).then(fn, fn);
    this.writeQueues.set(id, next.catch(() => undefined));
    return next;
  }

  private current(id: string): ObjectVersion | undefined {
    const latest = this.history.get(id)?.at(-1);
    return latest && !latest.isDeleteMarker ? latest : undefined;
  }

  private record(bucket: string, id: string, version: Omit<ObjectVersion, 'versionId'>): string {
    const versions = this.history.get(id) ?? [];
    if (this.versioning.get(bucket) === 'Enabled') {
      const versionId = randomBytes(16).toString('hex');
      versions.push({ ...version, versionId });
      this.history.set(id, versions);
      return versionId;
    }
    // Unversioned (or suspended): the write replaces the "null" version.
    this.history.set(id, [...versions.filter((v) => v.versionId !== 'null'), { ...version, versionId: 'null' }]);
    return 'null';
  }

  private forward(req: http.IncomingMessage, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const upstream = http.request({ host: '127.0.0.1', port: this.upstreamPort, method: req.method, path: req.url, headers: req.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  private relay(res: http.ServerResponse, up: Upstream, extra: Record<string, string> = {}): void {
    const headers: http.OutgoingHttpHeaders = { ...up.headers, ...extra };
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = String(up.body.length);
    res.writeHead(up.status, headers);
    res.end(up.body);
  }

  private listVersions(res: http.ServerResponse, bucket: string, prefix: string): void {
    const entries: string[] = [];
    const ids = [...this.history.keys()].filter((id) => id.startsWith(`${bucket}/${prefix}`)).sort();
    for (const id of ids) {
      const key = id.slice(bucket.length + 1);
      const versions = this.history.get(id) ?? [];
      versions
        .map((v, i) => ({ v, latest: i === versions.length - 1 }))
        .reverse()
        .forEach(({ v, latest }) => {
          const common = `<Key>${xml(key)}</Key><VersionId>${v.versionId}</VersionId><IsLatest>${latest}</IsLatest><LastModified>${v.lastModified.toISOString()}</LastModified>`;
          entries.push(
            v.isDeleteMarker
              ? `<DeleteMarker>${common}</DeleteMarker>`
              : `<Version>${common}<ETag>${xml(v.etag)}</ETag><Size>${v.body.length}</Size><StorageClass>STANDARD</StorageClass></Version>`,
          );
        });
    }
    sendXml(
      res,
      200,
      `<ListVersionsResult xmlns="${XMLNS}"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyMarker></KeyMarker>` +
        `<VersionIdMarker></VersionIdMarker><MaxKeys>100000</MaxKeys><IsTruncated>false</IsTruncated>${entries.join('')}</ListVersionsResult>`,
    );
  }
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * The only settings added to a synthesized S3 backend block (or a `terraform_remote_state` config of
 * backend s3) to point it at these servers: endpoints, path-style URLs, the `skip_*` checks, no
 * aws-chunked checksum trailers (s3rver cannot decode them), and s3rver's keys.
 * (Shared by the remote-state test and the deploy proof, `lib/proof/`.)
 */
export function localEndpointSettings(aws: LocalAws): Record<string, unknown> {
  return {
    endpoints: { s3: aws.s3Endpoint, dynamodb: aws.dynamodbEndpoint },
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    skip_s3_checksum: true,
    access_key: LOCAL_ACCESS_KEY,
    secret_key: LOCAL_SECRET_KEY,
  };
}

/** Creates, in the local DynamoDB, the lock table an `aws_dynamodb_table` resource of a bootstrap stack declares (name, key, billing). */
export async function createLockTable(ddb: DynamoDBClient, table: { name: string; hash_key: string; attribute: Array<{ name: string; type: string }>; billing_mode: string }): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: table.name,
      KeySchema: [{ AttributeName: table.hash_key, KeyType: 'HASH' }],
      AttributeDefinitions: table.attribute.map((a): AttributeDefinition => ({ AttributeName: a.name, AttributeType: a.type as AttributeDefinition['AttributeType'] })),
      BillingMode: table.billing_mode as BillingMode,
    }),
  );
}

/**
 * Starts s3rver (objects stored under `s3Directory`) behind the versioning/conditional-write
 * gateway, and dynalite (in memory), all on 127.0.0.1 with ports chosen by the OS.
 * On failure, whatever was started is stopped before the error is thrown.
 */
export async function startLocalAws(s3Directory: string): Promise<LocalAws> {
  let s3rver: RunningS3rver | undefined;
  const gateway = { server: undefined as http.Server | undefined };
  let dynamo: LocalDynamoDb | undefined;
  const close = async () => {
    await Promise.allSettled([
      gateway.server ? closeServer(gateway.server) : Promise.resolve(),
      dynamo ? dynamo.close() : Promise.resolve(),
      s3rver ? s3rver.close() : Promise.resolve(),
    ]);
  };
  try {
    s3rver = await startS3rver(s3Directory);
    gateway.server = new S3Gateway(s3rver.port).server();
    const gatewayPort = await listen(gateway.server);
    dynamo = await startDynalite();
    return {
      s3Endpoint: `http://127.0.0.1:${gatewayPort}`,
      dynamodbEndpoint: dynamo.endpoint,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
