/**
 * The CRM API on this machine, for local runs of the crm-lead workflow: what API Gateway does with
 * `api/crm-api.openapi.json`, the deployed handlers of `functions/crm-api-*`, and an embedded
 * PostgreSQL database (PGlite) created by `db/migrations`, on a free port of 127.0.0.1
 * (lib/local/crm-api-server.ts). The server and the database run in a worker thread
 * (lib/local/crm-api-worker.ts, compiled on first use to `.build/local/`); this module talks to it.
 *
 *   const crm = await startLocalCrmApi();
 *   // CRM_API_URL=crm.url CRM_API_KEY=crm.apiKey for the crm-lead functions
 *   await crm.rows('clients');
 *   await crm.close();
 */
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BENEFIT, CLIENTS, PARTNERS, readAll, type Queryable, type StoredRecord, type TableSpec } from '../../functions/_shared/crm/tables';
import type { MigrationResult, SqlSession } from '../../db/migrate';
import type { CrmApiRequest, CrmApiWorkerData } from './worker';
import type { CrmTable } from '../../db/local-database';
import { compileModule } from '../../lib/bundle/module';

export type { CrmTable } from '../../db/local-database';

export interface LocalCrmApi {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the endpoints are `<url>/create_client`, ...). */
  url: string;
  apiKey: string;
  /** What the migration run at start did (everything already applied when the database came from the cache). */
  migrations: MigrationResult;
  /** Whether the database started from the cached, migrated data directory of `.build/pglite/`. */
  fromCache: boolean;
  /** Why the cached data directory was discarded and rebuilt (printed on stderr too), when it was. */
  cacheNotice?: string;
  /** Every row of a table, in id order, with the API's field names plus id, createdAt, updatedAt. */
  rows(table: CrmTable): Promise<StoredRecord[]>;
  /** A SQL session on the database (its own connection: transactions hold). */
  session: SqlSession & Queryable;
  /** Requests answered so far, in order. */
  requests(): Promise<Array<{ method: string; path: string; status: number }>>;
  /** Stops the server and the database. */
  close(): Promise<void>;
}

export interface LocalCrmApiOptions {
  /** Default `local-crm-api-key`. */
  apiKey?: string;
  /** Project root holding `api/`, `functions/`, `db/` and `lib/`. Default: the current directory. */
  projectRoot?: string;
  /** Where the migrated data directory is cached. Default `<projectRoot>/.build/pglite`. */
  cacheDir?: string;
}

const SPECS: Record<CrmTable, TableSpec<string>> = { clients: CLIENTS, partners: PARTNERS, benefit: BENEFIT };

/** A SQL error from the worker, with PostgreSQL's code and position (the migration runner locates it). */
class RemoteSqlError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly position?: string,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

export async function startLocalCrmApi(options: LocalCrmApiOptions = {}): Promise<LocalCrmApi> {
  const root = resolve(options.projectRoot ?? process.cwd());
  const apiKey = options.apiKey ?? 'local-crm-api-key';
  const data: CrmApiWorkerData = { apiKey, projectRoot: root, cacheDir: options.cacheDir };
  // The worker's entry, compiled like the project's handlers (to `.build/local/crm-api-worker.js`).
  const entry = compileModule(root, join('api', 'local', 'worker.ts'), 'crm-api-worker', 'the local CRM API');
  const worker = new Worker(entry, { workerData: data });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;

  const ready = new Promise<{ url: string; migrations: MigrationResult; fromCache: boolean; cacheNotice?: string }>((resolveReady, rejectReady) => {
    worker.on('message', (m: { ready?: { url: string; migrations: MigrationResult; fromCache: boolean; cacheNotice?: string }; failed?: string; id?: number; result?: unknown; error?: { message: string; code?: string; position?: string } }) => {
      if (m.ready) return resolveReady(m.ready);
      if (m.failed) return rejectReady(new Error(`the local CRM API did not start: ${m.failed}`));
      const call = m.id === undefined ? undefined : pending.get(m.id);
      if (!call) return;
      pending.delete(m.id!);
      if (m.error) call.reject(new RemoteSqlError(m.error.message, m.error.code, m.error.position));
      else call.resolve(m.result);
    });
    worker.on('error', (e) => rejectReady(e));
    worker.on('exit', (code) => {
      exited = new Error(`the local CRM API stopped (worker exit code ${code})`);
      rejectReady(exited);
      for (const call of pending.values()) call.reject(exited);
      pending.clear();
    });
  });
  let started: Awaited<typeof ready>;
  try {
    started = await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }

  const call = <T>(request: CrmApiRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never): Promise<T> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((res, rej) => {
      pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
      worker.postMessage({ ...request, id });
    });
  };
  const session: LocalCrmApi['session'] = {
    query: (text: string, params?: unknown[]) => call<{ rows: Array<Record<string, unknown>> }>({ op: 'query', text, params }),
  };
  let closing: Promise<void> | undefined;
  return {
    url: started.url,
    apiKey,
    migrations: started.migrations,
    fromCache: started.fromCache,
    ...(started.cacheNotice !== undefined ? { cacheNotice: started.cacheNotice } : {}),
    session,
    rows: (table) => readAll(session, SPECS[table]),
    requests: () => call({ op: 'log' }),
    close: () =>
      (closing ??= (async () => {
        if (!exited) await call({ op: 'close' }).catch(() => undefined);
        await worker.terminate();
      })()),
  };
}
