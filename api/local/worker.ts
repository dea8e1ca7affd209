/**
 * The worker thread of the local CRM API (started by lib/local/crm-api.ts): the embedded database
 * and the HTTP server live here, in a plain Node.js context, because PGlite loads its WebAssembly
 * with dynamic `import()`, which jest's module sandbox refuses. The thread answers the owner's
 * messages: `query` (SQL on its own session), `log` (requests answered) and `close`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { serveCrmApi } from './server';
import { openCrmDatabase, pgConfigOf } from '../../db/local-database';

export interface CrmApiWorkerData {
  apiKey: string;
  projectRoot: string;
  /** Where the migrated data directory is cached (default `<projectRoot>/.build/pglite`). */
  cacheDir?: string;
}

export type CrmApiRequest = { id: number; op: 'query'; text: string; params?: unknown[] } | { id: number; op: 'log' } | { id: number; op: 'close' };

async function main(): Promise<void> {
  const port = parentPort!;
  const { apiKey, projectRoot, cacheDir } = workerData as CrmApiWorkerData;
  const database = await openCrmDatabase({ projectRoot, cacheDir });
  const server = await serveCrmApi({ apiKey, database, projectRoot });
  // The owner's SQL session (tests run the migration runner through it): a connection of its own.
  const session = new Client(pgConfigOf(database));
  await session.connect();
  port.on('message', (m: CrmApiRequest) => {
    void (async () => {
      try {
        if (m.op === 'query') {
          const r = await session.query(m.text, m.params);
          port.postMessage({ id: m.id, result: { rows: r.rows } });
        } else if (m.op === 'log') port.postMessage({ id: m.id, result: server.log });
        else {
          await server.close();
          await session.end().catch(() => undefined);
          await database.close();
          port.postMessage({ id: m.id, result: null });
          port.close();
        }
      } catch (e) {
        const { message, code, position } = e as { message?: string; code?: string; position?: string };
        port.postMessage({ id: m.id, error: { message: message ?? String(e), code, position } });
      }
    })();
  });
  port.postMessage({ ready: { url: server.url, migrations: database.migrations, fromCache: database.fromCache, cacheNotice: database.cacheNotice } });
}

main().catch((e: unknown) => {
  parentPort?.postMessage({ failed: e instanceof Error ? e.message : String(e) });
});
