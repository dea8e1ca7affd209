/**
 * The embedded database's cache key: the data directory of `.build/pglite/` is keyed by the
 * installed PGlite's version (a data directory is read only by the PGlite that wrote it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pgliteVersion } from '../crm-database';

test('the PGlite version of the cache key is the installed one, not "unknown"', () => {
  const installed = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version;
  expect(installed).toMatch(/^\d+\.\d+\.\d+/);
  expect(pgliteVersion()).toBe(installed);
});
