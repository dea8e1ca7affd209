/**
 * `npm run db:migrate -- postgres://user:pass@host:5432/db` (or `CRM_DATABASE_URL`): applies
 * db/migrations to a real PostgreSQL server with the runner of db/migrate.ts.
 */
import { Client } from 'pg';
import { migrate, readMigrations } from './migrate';

const USAGE = 'usage: npm run db:migrate -- postgres://USER:PASSWORD@HOST:5432/DATABASE (or set CRM_DATABASE_URL)\n';

export interface MigrateCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs the command on `args` (after the script name); returns the exit code: 0 done, 1 failed, 2 usage. */
export async function runMigrateCli(args: string[], env: NodeJS.ProcessEnv, io: MigrateCliIo, migrationsDir?: string): Promise<number> {
  const url = args[0] ?? env.CRM_DATABASE_URL;
  if (!url) {
    io.stderr(USAGE);
    return 2;
  }
  // node-postgres reads anything else as a host name (e.g. "getaddrinfo ENOTFOUND base"): name the value instead.
  if (!/^postgres(ql)?:\/\//.test(url)) {
    io.stderr(`db:migrate: "${url}" is not a postgres:// connection string\n${USAGE}`);
    return 2;
  }
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const r = await migrate(client, migrationsDir === undefined ? undefined : readMigrations(migrationsDir));
    io.stdout(`applied: ${r.applied.join(', ') || 'none'}; already applied: ${r.alreadyApplied.join(', ') || 'none'}\n`);
    return 0;
  } catch (e) {
    // The message only (a socket error may be an Error of another realm: not `instanceof Error`).
    const message = typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : String(e);
    io.stderr(`db:migrate failed: ${message}\n`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (require.main === module) {
  void runMigrateCli(process.argv.slice(2), process.env, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then((code) => process.exit(code));
}
