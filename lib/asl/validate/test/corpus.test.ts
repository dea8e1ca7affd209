/**
 * The corpora: every real template of lib/asl/test/fixtures/templates (rendered with stand-ins) and every
 * definition of valid/ gives no diagnostic; every definition of invalid/ gives exactly its
 * expected diagnostics, no more, no less.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from '../../template';
import { templateFixtures } from '../../test/template-fixtures';
import { validateDefinition, type Diagnostic } from '..';

interface Expected {
  pointer: string;
  code: string;
  messageIncludes: string;
}

const here = __dirname;
const read = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))] as const);

const show = (ds: Diagnostic[]) => ds.map((d) => `  ${d.code} ${d.pointer || '(root)'}${d.atKey ? ' (key)' : ''}: ${d.message}`).join('\n');

describe('real templates (lib/asl/test/fixtures/templates)', () => {
  const templates = templateFixtures();
  test('there are templates', () => expect(templates.length).toBeGreaterThan(0));
  test.each(templates.map((t) => [t.file, t.text]))('%s is valid', (file, text) => {
    const template = Template.parse(text, file);
    const values = Object.fromEntries(template.names.map((n) => [n, `arn:aws:lambda:us-east-1:123456789012:function:${n}`]));
    const diagnostics = validateDefinition(template.renderValue(values));
    if (diagnostics.length) throw new Error(`${file}:\n${show(diagnostics)}`);
  });
});

describe('valid corpus', () => {
  const cases = read(join(here, 'valid'));
  test('has at least 25 definitions', () => expect(cases.length).toBeGreaterThanOrEqual(25));
  test.each(cases)('%s', (file, c) => {
    expect(typeof c.description).toBe('string');
    const diagnostics = validateDefinition(c.definition);
    if (diagnostics.length) throw new Error(`${file} (${c.description}) should be valid:\n${show(diagnostics)}`);
  });
});

describe('invalid corpus', () => {
  const cases = read(join(here, 'invalid'));
  test('has at least 60 definitions', () => expect(cases.length).toBeGreaterThanOrEqual(60));
  test.each(cases)('%s', (file, c) => {
    expect(typeof c.description).toBe('string');
    const expected = c.expect as Expected[];
    expect(expected.length).toBeGreaterThan(0);
    const actual = validateDefinition(c.definition);
    const unmatched = [...actual];
    const missing: Expected[] = [];
    for (const e of expected) {
      const i = unmatched.findIndex((d) => d.pointer === e.pointer && d.code === e.code && d.message.includes(e.messageIncludes));
      if (i === -1) missing.push(e);
      else unmatched.splice(i, 1);
    }
    if (missing.length || unmatched.length)
      throw new Error(
        `${file} (${c.description})\n` +
          (missing.length ? `expected but not reported:\n${missing.map((e) => `  ${e.code} ${e.pointer}: ...${e.messageIncludes}...`).join('\n')}\n` : '') +
          (unmatched.length ? `reported but not expected:\n${show(unmatched)}\n` : '') +
          `all reported:\n${show(actual)}`,
      );
  });
});
