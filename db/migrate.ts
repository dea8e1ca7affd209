/**
 * The CRM database's migration runner, the one used everywhere: by the embedded PGlite database
 * locally (through node-postgres, see lib/local/crm-database.ts) and by a real PostgreSQL server
 * given a connection string (`npm run db:migrate -- postgres://...`, db/migrate-cli.ts).
 *
 * Migrations are `db/migrations/NNNN_name.sql`, applied in version order, each once: the applied
 * versions (with a checksum of their text) are recorded in `schema_migrations`. One run is one
 * transaction holding an advisory lock, so concurrent runners wait for each other and a failing
 * migration leaves the database as it was. A migration changed after it was applied is an error.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LineIndex, SourceError, type Problem } from '../lib/asl/problem';

/** What the runner needs of a database session: node-postgres' `Client` (one session: transactions hold). */
export interface SqlSession {
  query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

export interface Migration {
  version: string;
  name: string;
  /** Path relative to the project root, for messages. */
  file: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// An arbitrary constant: the key of the advisory lock concurrent runners share.
const LOCK_KEY = 727_001;

/** The project's `db/migrations` folder: the nearest one up from this file (in the sources or compiled in dist/). */
export function defaultMigrationsDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'db', 'migrations'))) return join(dir, 'db', 'migrations');
    if (dirname(dir) === dir) return join(process.cwd(), 'db', 'migrations');
  }
}

/** Reads the migrations of `dir`, in version order; a badly named file or a repeated version is an error naming it. */
export function readMigrations(dir = defaultMigrationsDir()): Migration[] {
  const root = dirname(dirname(dir));
  const migrations: Migration[] = [];
  const problems: Problem[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const file = relative(root, join(dir, entry));
    if (!entry.endsWith('.sql')) continue;
    const m = FILE.exec(entry);
    if (!m) {
      problems.push({ file, line: 1, column: 1, message: 'a migration is named NNNN_name.sql (4-digit version, lowercase name), e.g. 0002_add_index.sql' });
      continue;
    }
    const previous = migrations.find((x) => x.version === m[1]);
    if (previous) {
      problems.push({ file, line: 1, column: 1, message: `version ${m[1]} is also ${previous.file}` });
      continue;
    }
    const sql = readFileSync(join(dir, entry), 'utf8');
    migrations.push({ version: m[1], name: m[2], file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  if (problems.length) throw new SourceError(problems);
  return migrations;
}

/** A failed statement located in its migration file (PostgreSQL reports the character position). */
function located(error: unknown, migration: Migration): Error {
  const e = error as { message?: string; position?: string };
  const offset = e.position ? Number(e.position) - 1 : 0;
  const { line, column } = new LineIndex(migration.sql).locate(Number.isFinite(offset) && offset >= 0 ? offset : 0);
  return new SourceError([{ file: migration.file, line, column, message: `migration ${migration.version} failed: ${e.message ?? String(error)}` }]);
}

/**
 * Applies the migrations not applied yet, all in one transaction. Returns the versions applied by
 * this run and those found applied before. Throws (after a rollback) a SourceError naming the file,
 * line and column of a failing statement, or of an applied migration whose text changed.
 */
export async function migrate(session: SqlSession, migrations: Migration[] = readMigrations()): Promise<MigrationResult> {
  await session.query('BEGIN');
  try {
    await session.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await session.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(4) PRIMARY KEY, name TEXT NOT NULL, checksum CHAR(64) NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await session.query('SELECT version, checksum FROM schema_migrations');
    const done = new Map(rows.map((r) => [String(r.version), String(r.checksum).trim()]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    const changed = migrations.filter((m) => done.has(m.version) && done.get(m.version) !== m.checksum);
    if (changed.length)
      throw new SourceError(changed.map((m) => ({ file: m.file, line: 1, column: 1, message: `migration ${m.version} was changed after it was applied: add a new migration instead` })));
    for (const m of migrations) {
      if (done.has(m.version)) {
        result.alreadyApplied.push(m.version);
        continue;
      }
      try {
        await session.query(m.sql);
      } catch (e) {
        throw located(e, m);
      }
      await session.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      result.applied.push(m.version);
    }
    await session.query('COMMIT');
    return result;
  } catch (e) {
    await session.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
