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
}

export interface SfnServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  registry: Registry;
  /** Stops the running executions and the server. */
  close(): Promise<void>;
}

export async function startSfnServer(options: SfnServerOptions = {}): Promise<SfnServer> {
  const registry = options.registry ?? new Registry(options);
  const server: Server = createServer((req, res) => void handle(registry, req, res));
  // Long polls (GetActivityTask) hold requests for up to 60 s.
  server.requestTimeout = 0;
  server.headersTimeout = 70_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    registry,
    close: async () => {
      registry.stopAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
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
