/**
 * A local AWS Step Functions endpoint on 127.0.0.1: the Step Functions JSON API (protocol.ts)
 * over a Registry of state machines, executions and activities run by the local engine, so that
 * the unmodified `@aws-sdk/client-sfn` (or the AWS CLI) works against it:
 *
 *   const server = await startSfnServer({ port: 8083 });
 *   const sfn = new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 *
 * Every request gets a JSON answer: a malformed body, an unknown operation or a failing handler
 * gives an AWS-shaped error (never a crash of the server). Requests are not authenticated.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executionOperations } from './handlers/executions';
import { mapRunOperations } from './handlers/map-runs';
import { stateMachineOperations } from './handlers/state-machines';
import { tagOperations } from './handlers/tags';
import { taskOperations } from './handlers/tasks';
import { testStateOperations } from './handlers/test-state';
import { versionOperations } from './handlers/versions';
import type { Operation } from './handlers/types';
import { ApiError, readRequest, sendError, sendJson, TARGET_PREFIX } from './protocol';
import { Registry, type RegistryOptions } from './registry';

export const DEFAULT_PORT = 8083;

const operations: Record<string, Operation> = {
  ...stateMachineOperations,
  ...versionOperations,
  ...executionOperations,
  ...mapRunOperations,
  ...taskOperations,
  ...tagOperations,
  ...testStateOperations,
};

/** The operations the endpoint answers. */
export const SUPPORTED_OPERATIONS = Object.keys(operations).sort();

export interface SfnServerOptions extends RegistryOptions {
  /** Default 8083; 0 for any free port. */
  port?: number;
  /** A registry to serve (default: a new one with the other options). */
  registry?: Registry;
  /**
   * How long a client may take to send a whole request, headers and body, in ms (default 30 s):
   * a body that arrives slower is cut off with HTTP 408, so that slow clients cannot hold
   * connections open. Long polls (GetActivityTask) are not affected: they wait on the answer.
   */
  requestTimeoutMs?: number;
}

export interface SfnServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  registry: Registry;
  /** Stops the running executions and the server. */
  close(): Promise<void>;
}

/** An endpoint whose port is bound but which serves no registry yet (requests wait for it). */
export interface ListeningSfnServer {
  url: string;
  port: number;
  /** Starts answering with this registry. */
  serve(registry: Registry): SfnServer;
  close(): Promise<void>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Binds the endpoint's port on 127.0.0.1: a port in use fails here (EADDRINUSE), before anything
 * else is started. Requests that arrive before `serve` wait for the registry.
 */
export async function listenSfnServer(options: Pick<SfnServerOptions, 'port' | 'requestTimeoutMs'> = {}): Promise<ListeningSfnServer> {
  let attach: (r: Registry) => void = () => undefined;
  const ready = new Promise<Registry>((resolve) => (attach = resolve));
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Connections are checked for the request timeout every second (Node's default: every 30 s).
  const server: Server = createServer({ requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1_000, requestTimeout) }, (req, res) => {
    void ready.then((registry) => handle(registry, req, res));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url,
    port,
    close: stop,
    serve: (registry) => {
      attach(registry);
      return {
        url,
        port,
        registry,
        close: async () => {
          registry.stopAll();
          await stop();
        },
      };
    },
  };
}

export async function startSfnServer(options: SfnServerOptions = {}): Promise<SfnServer> {
  const listening = await listenSfnServer(options);
  return listening.serve(options.registry ?? new Registry(options));
}

async function handle(registry: Registry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  try {
    if (req.method !== 'POST') throw new ApiError('UnknownOperationException', `The Step Functions API takes POST requests; got ${req.method ?? 'none'}.`);
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const op = Object.prototype.hasOwnProperty.call(operations, name) ? operations[name] : undefined;
    if (op === undefined) {
      req.resume();
      throw new ApiError('UnknownOperationException', target ? `Unknown operation ${target}; this endpoint answers ${SUPPORTED_OPERATIONS.map((o) => TARGET_PREFIX + o).join(', ')}` : 'Missing X-Amz-Target header (AWSStepFunctions.<Operation>).');
    }
    const body = await readRequest(req);
    const result = await op(registry, body, { signal: controller.signal });
    if (!res.writableEnded) sendJson(res, 200, result ?? {});
  } catch (e) {
    if (res.headersSent) return;
    if (e instanceof ApiError) return sendError(res, e);
    // A bug of the endpoint: reported to the client, the server keeps running.
    sendError(res, new ApiError('InternalFailure', `Internal error of the local Step Functions endpoint: ${e instanceof Error ? e.message : String(e)}`, 500));
  }
}
