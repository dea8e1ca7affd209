/**
 * The CRM database on this machine: PostgreSQL embedded in the process (`@electric-sql/pglite`),
 * with the schema of `db/migrations` applied by the same runner as on a real server, reached
 * through node-postgres (PGlite's `node-postgres` adapter) as the deployed handlers reach theirs.
 *
 * Starting PGlite costs about 2 s (initdb): the initialized and migrated data directory is kept in
 * `.build/pglite/` (keyed by the PGlite version and the migrations) and later databases start from
 * it in about 0.5 s. The migrations then run again and find everything applied.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { createPgConfig as CreatePgConfig } from '@electric-sql/pglite/dist/node-postgres';
import { Client, Pool } from 'pg';
import { migrate, readMigrations, type MigrationResult } from './migrate';
import { BENEFIT, CLIENTS, PARTNERS, readAll, type StoredRecord, type TableSpec } from '../functions/_shared/crm/tables';

// A subpath export, which this project's `moduleResolution: node` cannot type: the types come from its file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createPgConfig } = require('@electric-sql/pglite/node-postgres') as { createPgConfig: typeof CreatePgConfig };

export type CrmTable = 'clients' | 'partners' | 'benefit';
const SPECS: Record<CrmTable, TableSpec<string>> = { clients: CLIENTS, partners: PARTNERS, benefit: BENEFIT };

export interface CrmDatabase {
  /** node-postgres pool on the embedded database (what the handlers are given). */
  pool: Pool;
  /** The embedded database itself. */
  pglite: PGlite;
  /** What the migration run of this start did. */
  migrations: MigrationResult;
  /** Whether the data directory came from the cache. */
  fromCache: boolean;
  /** Why a cached data directory was discarded and rebuilt (also printed, one line), when it was. */
  cacheNotice?: string;
  /** Every row of a table, in id order, with the API's field names. */
  rows(table: CrmTable): Promise<StoredRecord[]>;
  close(): Promise<void>;
}

export interface CrmDatabaseOptions {
  /** Project root holding `db/migrations` and `.build/`. Default: the current directory. */
  projectRoot?: string;
  /** Keep and reuse the migrated data directory in `.build/pglite/`. Default true. */
  cache?: boolean;
  /** Where the cached data directory is kept. Default `<projectRoot>/.build/pglite`. */
  cacheDir?: string;
}

/**
 * The installed PGlite's version (part of the cache key: a data directory is read only by the
 * PGlite that wrote it). Its package.json is not exported, so it is found up from the entry point.
 */
export function pgliteVersion(): string {
  try {
    for (let dir = dirname(require.resolve('@electric-sql/pglite')); dirname(dir) !== dir; dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
  } catch {
    // not resolvable: fall through
  }
  return 'unknown';
}

/**
 * PostgreSQL settings of the embedded database. PGlite's defaults keep initdb's shared_buffers of
 * 128MB, allocated in its WebAssembly memory: about 75 MB of resident memory more than 16MB, for a
 * database that holds a few thousand rows here (measured with bench/crm-leads.ts, no slower).
 */
export const PGLITE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** node-postgres settings for another connection to the embedded database (e.g. `new Client(pgConfigOf(db))`). */
export function pgConfigOf(database: CrmDatabase): ReturnType<typeof CreatePgConfig> {
  return createPgConfig(database.pglite);
}

/**
 * Removes the data directories of other keys (an older PGlite or older migrations, ~40 MB each)
 * from the cache folder: only files named as this module names them (`crm-<16 hex>.tar`).
 */
export function pruneStaleCaches(dir: string, keep: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === keep || name === `${keep}.sha256` || !/^crm-[0-9a-f]{16}\.tar(\.sha256)?$/.test(name)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Why a cached data directory cannot be used (a tar archive of PGlite's, with the checksum written with it), or undefined. */
function cacheDamage(cacheFile: string, data: Buffer): string | undefined {
  // `dumpDataDir('none')` writes an uncompressed tar: "ustar" at offset 257 of its first header.
  if (data.length < 512 || data.toString('latin1', 257, 262) !== 'ustar') return 'it is not a tar archive';
  let expected: string;
  try {
    expected = readFileSync(`${cacheFile}.sha256`, 'utf8').trim();
  } catch {
    return 'its checksum file is missing (written by an older version, or cut short)';
  }
  return sha256(data) === expected ? undefined : 'its content does not match its checksum';
}

export async function openCrmDatabase(options: CrmDatabaseOptions = {}): Promise<CrmDatabase> {
  const root = options.projectRoot ?? process.cwd();
  const migrations = readMigrations(join(root, 'db', 'migrations'));
  const key = createHash('sha256')
    .update(JSON.stringify([pgliteVersion(), migrations.map((m) => [m.version, m.checksum])]))
    .digest('hex')
    .slice(0, 16);
  const cacheDir = options.cacheDir ?? join(root, '.build', 'pglite');
  const cacheFile = join(cacheDir, `crm-${key}.tar`);
  const useCache = options.cache ?? true;

  let pglite: PGlite | undefined;
  let fromCache = false;
  let cacheNotice: string | undefined;
  if (useCache && existsSync(cacheFile)) {
    // A damaged data directory makes PGlite fail later, outside any catch ("incorrect header
    // check" on every start): it is checked against the checksum written with it first.
    const data = readFileSync(cacheFile);
    const damage = cacheDamage(cacheFile, data);
    if (damage === undefined) {
      try {
        pglite = await PGlite.create({ loadDataDir: new Blob([data]), startParams: [...PGLITE_START_PARAMS] });
        fromCache = true;
      } catch (e) {
        pglite = undefined;
        cacheNotice = `PGlite could not start from it (${e instanceof Error ? e.message : String(e)})`;
      }
    } else cacheNotice = damage;
    if (cacheNotice !== undefined) {
      cacheNotice = `the cached CRM database ${cacheFile} is damaged: ${cacheNotice}; discarded, rebuilding it`;
      process.stderr.write(`${cacheNotice}\n`);
      rmSync(cacheFile, { force: true });
      rmSync(`${cacheFile}.sha256`, { force: true });
    }
  }
  pglite ??= await PGlite.create({ startParams: [...PGLITE_START_PARAMS] });
  const session = new Client(createPgConfig(pglite));
  try {
    await session.connect();
    const result = await migrate(session, migrations);
    if (useCache && !fromCache) {
      const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
      mkdirSync(cacheDir, { recursive: true });
      // The data directory, then its checksum: a cache cut short has none and is rebuilt.
      for (const [file, content] of [
        [cacheFile, dump],
        [`${cacheFile}.sha256`, `${sha256(dump)}\n`],
      ] as const) {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, content);
        renameSync(tmp, file);
      }
      pruneStaleCaches(dirname(cacheFile), basename(cacheFile));
    }
    const pool = new Pool(createPgConfig(pglite));
    const db = pglite;
    return {
      pool,
      pglite: db,
      migrations: result,
      fromCache,
      ...(cacheNotice !== undefined ? { cacheNotice } : {}),
      rows: (table) => readAll(pool, SPECS[table]),
      close: async () => {
        await pool.end().catch(() => undefined);
        await db.close();
      },
    };
  } catch (e) {
    await pglite.close().catch(() => undefined);
    throw e;
  } finally {
    await session.end().catch(() => undefined);
  }
}
