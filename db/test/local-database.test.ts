/**
 * The embedded database's cache key: the data directory of `.build/pglite/` is keyed by the
 * installed PGlite's version (a data directory is read only by the PGlite that wrote it), and a
 * new entry replaces the stale ones.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteVersion, pruneStaleCaches } from '../local-database';

test('the PGlite version of the cache key is the installed one, not "unknown"', () => {
  const installed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version;
  expect(installed).toMatch(/^\d+\.\d+\.\d+/);
  expect(pgliteVersion()).toBe(installed);
});

test('a new cache entry removes the entries of other keys, and nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-pglite-cache-'));
  try {
    for (const name of ['crm-0123456789abcdef.tar', 'crm-fedcba9876543210.tar', 'crm-0123456789abcdef.tar.42.tmp', 'notes.txt', 'crm-short.tar']) writeFileSync(join(dir, name), 'x');
    expect(pruneStaleCaches(dir, 'crm-fedcba9876543210.tar')).toEqual(['crm-0123456789abcdef.tar']);
    expect(readdirSync(dir).sort()).toEqual(['crm-0123456789abcdef.tar.42.tmp', 'crm-fedcba9876543210.tar', 'crm-short.tar', 'notes.txt']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
