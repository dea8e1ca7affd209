/**
 * `npm run db:migrate -- postgres://user:pass@host:5432/db` (or `CRM_DATABASE_URL`): applies
 * db/migrations to a real PostgreSQL server with the runner of db/migrate.ts.
 */
import { Client } from 'pg';
import { migrate } from './migrate';

/** `npm run db:migrate -- postgres://user:pass@host:5432/db` (or `CRM_DATABASE_URL`): migrates a real server. */
async function main(): Promise<number> {
  const url = process.argv[2] ?? process.env.CRM_DATABASE_URL;
  if (!url) {
    process.stderr.write('usage: npm run db:migrate -- postgres://USER:PASSWORD@HOST:5432/DATABASE (or set CRM_DATABASE_URL)\n');
    return 2;
  }
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const r = await migrate(client);
    process.stdout.write(`applied: ${r.applied.join(', ') || 'none'}; already applied: ${r.alreadyApplied.join(', ') || 'none'}\n`);
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`db:migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
