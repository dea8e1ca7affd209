/**
 * The HTTP side of the local stand-ins: a server on 127.0.0.1 with a port chosen by the OS, its
 * request bodies, and the error every AWS protocol carries (a code, a message, an HTTP status).
 * The protocols themselves are in ./json-protocol.ts (AWS JSON 1.0 / 1.1) and ./query-protocol.ts
 * (the AWS query protocol with XML answers).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in listening on 127.0.0.1. */
export interface LocalEndpoint {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops it (idempotent): open connections are closed, long polls end. */
  close(): Promise<void>;
}

/** Starts `listener` on 127.0.0.1 with a free port. */
export async function listenLocally(listener: RequestListener): Promise<LocalEndpoint & { server: Server }> {
  const server = createServer(listener);
  // Long polls (SQS ReceiveMessage with WaitTimeSeconds) hold a request for up to 20 s.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    server,
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** The largest request body taken (SQS and SNS messages are at most 256 KiB; a batch of 10 of them). */
const MAX_BODY = 8 * 1024 * 1024;

/** The whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new AwsServiceError('RequestEntityTooLarge', `The request body is larger than ${MAX_BODY} bytes.`, 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * An error as an AWS service answers it: its code (`__type` of the JSON protocols, `Code` of the
 * query protocol's XML), its message and HTTP status. `queryCode` is the code the service's query
 * API used, which SQS's JSON API still sends in `x-amzn-query-error` (AWS, "Interpreting Amazon SQS
 * JSON API responses"); `sender` tells whether the caller is at fault (`Sender`) or the service (`Receiver`).
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly options: { queryCode?: string; sender?: boolean } = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** A request id as AWS gives them (`x-amzn-RequestId`). */
export const newRequestId = (): string => randomUUID();

/** Sends a body with its length and request id. */
export function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'x-amzn-RequestId': newRequestId(), ...headers });
  res.end(body);
}

/** An AbortSignal aborted when the client goes away (so that a long poll stops waiting). */
export function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  return controller.signal;
}
