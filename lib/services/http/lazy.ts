/**
 * A stand-in whose server is heavy (dynalite, s3rver) but whose endpoint must be known at once:
 * a small front on 127.0.0.1 answers for it, starts the real server on the first request (or when
 * asked: a Task of the engine, a workflow that declares tables or buckets), then passes every
 * request through to it unchanged (the Host header too, so that SigV4 signatures stay valid).
 */
import { request, Agent } from 'node:http';
import { listenLocally, type LocalEndpoint } from './server';

export interface Backend {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  close(): Promise<void>;
}

/** A server started once, when first asked for; never again once closed. */
export class LazyBackend<B extends Backend> {
  private pending?: Promise<B>;
  private closed = false;

  constructor(
    private readonly what: string,
    private readonly startBackend: () => Promise<B>,
  ) {}

  get started(): boolean {
    return this.pending !== undefined;
  }

  start(): Promise<B> {
    if (this.closed) return Promise.reject(new Error(`the local ${this.what} is stopped`));
    if (this.pending === undefined) {
      const attempt = this.startBackend();
      this.pending = attempt;
      attempt.catch(() => {
        if (this.pending === attempt) this.pending = undefined;
      });
    }
    return this.pending;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.pending;
    if (pending !== undefined) await (await pending.catch(() => undefined))?.close();
  }
}

/** The front of a lazy backend: its endpoint at once, the backend started by the first request. */
export async function lazyFront<B extends Backend>(backend: LazyBackend<B>): Promise<LocalEndpoint> {
  const agent = new Agent({ keepAlive: true });
  const front = await listenLocally((req, res) => {
    backend.start().then(
      (b) => {
        const target = new URL(b.endpoint);
        const proxied = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        proxied.on('error', () => res.destroy());
        req.pipe(proxied);
      },
      (e: unknown) => {
        const message = `The local stand-in could not start: ${e instanceof Error ? e.message : String(e)}`;
        res.writeHead(503, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ServiceUnavailable' });
        res.end(JSON.stringify({ __type: 'ServiceUnavailable', message }));
      },
    );
  });
  return {
    endpoint: front.endpoint,
    port: front.port,
    close: async () => {
      await front.close();
      agent.destroy();
      await backend.close();
    },
  };
}
