/**
 * The migration runner on the embedded database (PGlite, through the local CRM API's session)
 * and on a real PostgreSQL server (skipped, with the reason printed, when none is available),
 * and a handler round trip against the real server. With `CRM_TEST_DATABASE_URL`, give an empty
 * scratch database: the test drops and recreates the CRM tables there.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Client, Pool } from 'pg';
import { handler as createClient } from '../../functions/crm-api-create-client/src';
import { startLocalCrmApi, type LocalCrmApi } from '../../api/local/crm-api';
import { migrate, readMigrations, type Migration, type SqlSession } from '../migrate';
import { runMigrateCli } from '../migrate-cli';
import { startTestPostgres, type TestPostgres } from './postgres-server';

const repo = join(__dirname, '..', '..');
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const columnsOf = async (db: SqlSession, table: string) =>
  (await db.query('SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [table])).rows.map(
    (r) => `${r.column_name} ${r.data_type}${r.is_nullable === 'NO' ? ' not null' : ''}`,
  );

const SCHEMA = {
  clients: ['id bigint not null', 'name character varying not null', 'lastname character varying not null', 'rut character varying not null', 'mail character varying not null', 'phone character varying not null', 'created_at timestamp with time zone not null', 'updated_at timestamp with time zone not null'],
  partners: ['id bigint not null', 'rut character varying not null', 'store character varying not null', 'created_at timestamp with time zone not null', 'updated_at timestamp with time zone not null'],
  benefit: ['id bigint not null', 'rut character varying not null', 'wantsbenefit boolean not null', 'created_at timestamp with time zone not null', 'updated_at timestamp with time zone not null'],
};

/** The same checks on any database: applied once, recorded, idempotent, checksummed, transactional. */
function migrationSuite(name: string, session: () => SqlSession | undefined) {
  // Without a database (no real server here) the tests return at once: the reason is printed.
  const test = (title: string, fn: () => Promise<void>) => global.test(title, async () => (session() ? fn() : undefined));
  const open = () => session()!;
  describe(name, () => {
    test('the schema is the seed\'s tables and columns plus a primary key and timestamps; 0001 is recorded', async () => {
      const db = open();
      for (const [table, columns] of Object.entries(SCHEMA)) expect(await columnsOf(db, table)).toEqual(columns);
      const recorded = (await db.query('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;
      expect(recorded).toEqual([{ version: '0001', name: 'create_tables', checksum: readMigrations()[0].checksum }]);
    });

    test('a second run applies nothing', async () => {
      expect(await migrate(open())).toEqual({ applied: [], alreadyApplied: ['0001'] });
    });

    test('an applied migration whose text changed is refused, naming the file', async () => {
      const [first] = readMigrations();
      const changed: Migration = { ...first, sql: `${first.sql}\n-- edited`, checksum: 'x'.repeat(64) };
      await expect(migrate(open(), [changed])).rejects.toThrow(/^db\/migrations\/0001_create_tables\.sql:1:1: migration 0001 was changed after it was applied/);
    });

    test('a failing migration is rolled back whole and located at its line and column', async () => {
      const db = open();
      const bad: Migration = { version: '0999', name: 'broken', file: 'db/migrations/0999_broken.sql', checksum: 'b'.repeat(64), sql: 'CREATE TABLE scratch_ok (x int);\nCREATE TABLE scratch_bad (x nosuchtype);\n' };
      await expect(migrate(db, [...readMigrations(), bad])).rejects.toThrow(/^db\/migrations\/0999_broken\.sql:2:29: migration 0999 failed: type "nosuchtype" does not exist/);
      expect((await db.query("SELECT to_regclass('scratch_ok') AS t")).rows).toEqual([{ t: null }]);
      expect((await db.query('SELECT version FROM schema_migrations')).rows).toEqual([{ version: '0001' }]);
    });
  });
}

describe('readMigrations', () => {
  test('the project\'s migrations, in version order', () => {
    expect(readMigrations().map((m) => `${m.version} ${m.name} ${m.file}`)).toEqual(['0001 create_tables db/migrations/0001_create_tables.sql']);
  });
  test('a badly named file and a repeated version are named', () => {
    const root = mkdtempSync(join(tmpdir(), 'sfn-migrations-'));
    scratch.push(root);
    const dir = join(root, 'db', 'migrations');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0001_b.sql'), 'SELECT 1;');
    writeFileSync(join(dir, 'add-index.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/db\/migrations\/0001_b\.sql:1:1: version 0001 is also db\/migrations\/0001_a\.sql\ndb\/migrations\/add-index\.sql:1:1: a migration is named NNNN_name\.sql/);
  });
});

/** Runs `npm run db:migrate` in-process: exit code and what it printed. */
async function migrateCli(args: string[], migrationsDir?: string) {
  let out = '';
  let err = '';
  const code = await runMigrateCli(args, {}, { stdout: (t) => (out += t), stderr: (t) => (err += t) }, migrationsDir);
  return { code, out, err };
}

describe('npm run db:migrate', () => {
  test('without a connection string, or with something else: the usage, exit 2', async () => {
    expect(await migrateCli([])).toEqual({ code: 2, out: '', err: expect.stringMatching(/^usage: npm run db:migrate -- postgres:\/\//) });
    expect(await migrateCli(['localhost'])).toEqual({ code: 2, out: '', err: expect.stringMatching(/^db:migrate: "localhost" is not a postgres:\/\/ connection string\nusage: /) });
  });
  test('a server that cannot be reached: one line, exit 1', async () => {
    expect(await migrateCli(['postgres://u@127.0.0.1:1/db'])).toEqual({ code: 1, out: '', err: 'db:migrate failed: connect ECONNREFUSED 127.0.0.1:1\n' });
  });
});

let crm: LocalCrmApi;
beforeAll(async () => (crm = await startLocalCrmApi({ projectRoot: repo })), 60_000);
afterAll(() => crm?.close());

test('the embedded database was migrated at start (or came migrated from the cache)', () => {
  expect([...crm.migrations.applied, ...crm.migrations.alreadyApplied]).toEqual(['0001']);
});
migrationSuite('on the embedded database (PGlite)', () => crm.session);

describe('on a real PostgreSQL server', () => {
  let server: TestPostgres | undefined;
  let client: Client;
  beforeAll(async () => {
    const started = await startTestPostgres();
    if ('skipped' in started) {
      process.stdout.write(`real PostgreSQL tests skipped: ${started.skipped}\n`);
      return;
    }
    server = started;
    client = new Client({ connectionString: server.url });
    await client.connect();
    await client.query('DROP TABLE IF EXISTS clients, partners, benefit, schema_migrations');
    expect(await migrate(client)).toEqual({ applied: ['0001'], alreadyApplied: [] });
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    server?.stop();
  });
  const real = (name: string, fn: () => Promise<void>) => test(name, async () => (server ? fn() : undefined));

  migrationSuite('the same checks', () => (server ? client : undefined));

  real('the command on the server: nothing left to apply; a failing migration is located and rolled back', async () => {
    expect(await migrateCli([server!.url])).toEqual({ code: 0, out: 'applied: none; already applied: 0001\n', err: '' });
    const root = mkdtempSync(join(tmpdir(), 'sfn-migrations-'));
    scratch.push(root);
    const dir = join(root, 'db', 'migrations');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(repo, 'db', 'migrations', '0001_create_tables.sql'), join(dir, '0001_create_tables.sql'));
    writeFileSync(join(dir, '0002_add_column.sql'), 'ALTER TABLE clients ADD COLUMN r10_extra TEXT;\nALTER TABLE clients ADD COLUMN r10_bad nosuchtype;\n');
    const failed = await migrateCli([server!.url], dir);
    expect(failed).toEqual({ code: 1, out: '', err: 'db:migrate failed: db/migrations/0002_add_column.sql:2:40: migration 0002 failed: type "nosuchtype" does not exist\n' });
    expect((await client.query("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'clients' AND column_name = 'r10_extra'")).rows).toEqual([{ n: 0 }]);
  });

  real('a handler round trip: created once, then the stored row is returned', async () => {
    const pool = new Pool({ connectionString: server!.url, max: 2 });
    try {
      const handle = createClient.withDatabase(pool);
      const event = (body: unknown) => ({ body: JSON.stringify(body), isBase64Encoded: false }) as APIGatewayProxyEvent;
      const lead = { name: 'Ada', lastname: 'Lovelace', rut: '12345678-5', mail: 'ada@example.com', phone: '56911112222' };
      const first = await handle(event(lead));
      expect(first.statusCode).toBe(200);
      expect(JSON.parse(first.body)).toMatchObject({ statusCode: 200, description: 'client 12345678-5 created', record: { ...lead, id: expect.any(Number) } });
      const again = await handle(event(lead));
      expect(JSON.parse(again.body)).toMatchObject({ statusCode: 200, description: 'client 12345678-5 already exists' });
      expect((await pool.query("SELECT count(*)::int AS n FROM clients WHERE rut = '12345678-5'")).rows).toEqual([{ n: 1 }]);
      expect(JSON.parse((await handle(event({ ...lead, mail: 'nope' }))).body)).toMatchObject({ statusCode: 400, description: expect.stringMatching(/^mail: /) });
    } finally {
      await pool.end();
    }
  });

  real('concurrent deliveries of one RUT on separate connections: one row, one "created"', async () => {
    const pool = new Pool({ connectionString: server!.url, max: 8 });
    try {
      const handle = createClient.withDatabase(pool);
      const lead = { name: 'Grace', lastname: 'Hopper', rut: '23456789-6', mail: 'grace@example.com', phone: '56933334444' };
      const answers = await Promise.all(Array.from({ length: 8 }, () => handle({ body: JSON.stringify(lead), isBase64Encoded: false } as APIGatewayProxyEvent)));
      const descriptions = answers.map((a) => JSON.parse(a.body).description as string);
      expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
      expect(descriptions.filter((d) => d.endsWith('created'))).toEqual(['client 23456789-6 created']);
      expect(new Set(answers.map((a) => JSON.parse(a.body).record.id)).size).toBe(1);
      expect((await pool.query("SELECT count(*)::int AS n FROM clients WHERE rut = '23456789-6'")).rows).toEqual([{ n: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
