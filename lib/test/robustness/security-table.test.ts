/**
 * SECURITY.md's table of what the robustness suite tries is kept in step with the suite: every
 * test file of lib/test/robustness/ (the toolkit's) and of test/robustness/ (the example app's
 * CRM API, gone when the app is removed) has its row, and every file a row names exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './harness';

const section = (() => {
  const text = readFileSync(join(REPO, 'SECURITY.md'), 'utf8');
  const start = text.indexOf('## Bad input and faults');
  const end = text.indexOf('\n## ', start + 1);
  return start < 0 ? '' : text.slice(start, end < 0 ? undefined : end);
})();

test('SECURITY.md has the section', () => {
  expect(section).not.toBe('');
});

const APP_SUITE = join(REPO, 'test', 'robustness');
const appPresent = existsSync(APP_SUITE);

test('every file of the suite has its row in the table', () => {
  const own = readdirSync(__dirname).filter((f) => f.endsWith('.test.ts') && f !== 'security-table.test.ts').map((f) => `lib/test/robustness/${f}`);
  const app = appPresent ? readdirSync(APP_SUITE).filter((f) => f.endsWith('.test.ts')).map((f) => `test/robustness/${f}`) : [];
  expect([...own, ...app].filter((f) => !section.includes(`\`${f}\``))).toEqual([]);
});

test('every test file the table names exists', () => {
  const named = [...section.matchAll(/`((?:test|lib)\/[\w/-]+\.test\.ts)`/g)].map((m) => m[1]);
  expect(named.length).toBeGreaterThan(0);
  // The example app's tests (test/) are gone once the app is removed (README, "Removing the examples").
  expect(named.filter((f) => !existsSync(join(REPO, f)) && (appPresent || !f.startsWith('test/')))).toEqual([]);
});
