/** The README's reference of the declaration is generated from the schema and the table of kinds, and current. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_KIND_NAMES, RESOURCE_KINDS } from '../kinds';
import { declarationReference, REFERENCE_END, REFERENCE_START, withReference } from '../reference';
import { DECLARATION_FIELDS, FUNCTION_FIELDS } from '../schema';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test('README.md holds the generated reference (otherwise run `npm run docs`)', () => {
  expect(readme).toContain(REFERENCE_START);
  expect(readme).toContain(REFERENCE_END);
  expect(withReference(readme) === readme).toBe(true);
});

test('the reference names every field of the schema, every function field and every kind with its helper and limit', () => {
  const reference = declarationReference();
  for (const f of [...DECLARATION_FIELDS, ...FUNCTION_FIELDS]) {
    expect(f.doc).not.toBe('');
    expect(reference).toContain(`| \`${f.name}\` |`);
  }
  for (const kind of RESOURCE_KIND_NAMES) expect(reference).toContain(`\`${RESOURCE_KINDS[kind].helper}('<name>')\``);
  expect(reference).toContain('`<namePrefix>-<workflow>-<name>` (64)');
  expect(DECLARATION_FIELDS.map((f) => f.name)).toEqual(expect.arrayContaining(['triggers', 'grants', 'tables', 'queues', 'topics', 'eventBuses', 'buckets', 'activities']));
});

test('a stale reference is replaced between the markers, and the rest of the README kept', () => {
  const stale = `# x\n\n${REFERENCE_START}\nold\n${REFERENCE_END}\n\nafter\n`;
  expect(withReference(stale)).toBe(`# x\n\n${REFERENCE_START}\n${declarationReference()}\n${REFERENCE_END}\n\nafter\n`);
  expect(withReference('no markers')).toBe('no markers');
});
