/**
 * A real PostgreSQL server for tests: `CRM_TEST_DATABASE_URL` when set, otherwise a throwaway
 * cluster started from the Debian `postgresql` binaries (initdb + pg_ctl, as the `postgres` user
 * when running as root) in a temporary folder on a free 127.0.0.1 port. Undefined, with the
 * reason, when neither is available: the tests using it are then skipped.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  url: string;
  stop(): void;
}

function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startTestPostgres(): Promise<TestPostgres | { skipped: string }> {
  if (process.env.CRM_TEST_DATABASE_URL) return { url: process.env.CRM_TEST_DATABASE_URL, stop: () => undefined };
  const bin = binDir();
  if (!bin) return { skipped: 'no CRM_TEST_DATABASE_URL and no PostgreSQL binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)' };
  const dir = mkdtempSync(join(tmpdir(), 'sfn-crm-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  if (root) {
    // initdb refuses to run as root: the server runs as the "postgres" user, owner of the folder.
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }));
      chownSync(dir, id('-u'), id('-g'));
    } catch {
      rmSync(dir, { recursive: true, force: true });
      return { skipped: 'running as root without a "postgres" user to run the server as' };
    }
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(root ? 'runuser' : join(bin, tool), root ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args, { stdio: 'pipe', timeout: 60_000 });
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  } catch (e) {
    const detail = (e as { stderr?: Buffer }).stderr?.toString().trim() || String(e);
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `could not start a PostgreSQL server: ${detail.split('\n')[0]}` };
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
