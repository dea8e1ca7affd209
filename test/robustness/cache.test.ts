/**
 * A local cache that fails to load is discarded and rebuilt, with a one-line notice: the embedded
 * PostgreSQL's cached data directory replaced by random bytes, or cut in half. Each time the CRM
 * API starts and answers, and the next start uses the rebuilt cache.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../lib/random';
import { startLocalCrmApi } from '../../api/local/crm-api';
import { expectClean, REPO, type Judgement } from '../../lib/test/robustness/harness';

jest.setTimeout(120_000);

const SUITE = 'caches';
let cacheDir: string;
beforeAll(() => (cacheDir = mkdtempSync(join(tmpdir(), 'sfn-robust-pglite-'))));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/** The cached data directory (in the project's .build/pglite where cacheDir is not supported). */
const tarOf = () => {
  for (const dir of [cacheDir, join(REPO, '.build', 'pglite')]) {
    const tar = readdirSync(dir).find((f) => f.endsWith('.tar'));
    if (tar) return join(dir, tar);
  }
  throw new Error('no cached data directory');
};

/** Starts the local CRM API on the cache, checks it answers, and what it says of the cache. */
async function start(): Promise<{ fromCache: boolean; notice?: string; answered: boolean }> {
  const crm = await startLocalCrmApi({ apiKey: 'k', projectRoot: REPO, cacheDir });
  try {
    const r = await fetch(`${crm.url}/create_client`, { method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'A', lastname: 'B', rut: '11111111-1', mail: 'a@example.com', phone: '5454545' }) });
    return { fromCache: crm.fromCache, notice: crm.cacheNotice, answered: r.status === 200 };
  } finally {
    await crm.close();
  }
}

test('a fresh cache is written, then used', async () => {
  expect((await start()).fromCache).toBe(false);
  expect((await start()).fromCache).toBe(true);
});

describe.each([
  ['replaced by random bytes', () => writeFileSync(tarOf(), Buffer.from(Array.from({ length: 2_000_000 }, ((r) => () => Math.floor(r() * 256))(seededRandom(3)))))],
  ['cut in half', () => truncateSync(tarOf(), Math.floor(readFileSync(tarOf()).length / 2))],
])('a cached data directory %s', (name, damage) => {
  test('is discarded with a one-line notice and rebuilt', async () => {
    damage();
    let j: Judgement;
    try {
      const first = await start();
      const problems: string[] = [];
      if (!first.answered) problems.push('the CRM API did not answer');
      if (first.fromCache) problems.push('the damaged cache was used');
      if (!first.notice || first.notice.includes('\n') || !first.notice.includes('.tar')) problems.push(`no one-line notice naming the cache: ${JSON.stringify(first.notice)}`);
      j = { verdict: problems.length ? 'unclean' : 'clean', problems };
    } catch (e) {
      j = { verdict: 'unclean', problems: [`the local CRM API did not start: ${e instanceof Error ? e.message : String(e)}`] };
    }
    expectClean(SUITE, `a cached CRM database ${name}`, j);
  });
});

test('the rebuilt cache is used by the next start', async () => {
  expect((await start()).fromCache).toBe(true);
});
