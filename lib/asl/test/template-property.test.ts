/**
 * Robustness of the whole template check (parse, placeholders, render, validation): 1,500 seeded
 * random mutations of the text of valid templates must never throw, and every problem must be
 * located inside the mutated text with a one-line message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTemplate } from '../check';
import { prng } from '../validate/test/prng';
import { templateFixtures } from './template-fixtures';


const validDir = join(__dirname, '..', 'validate', 'test', 'valid');
const templates = [
  ...templateFixtures().map((t) => t.text),
  ...readdirSync(validDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.stringify(JSON.parse(readFileSync(join(validDir, f), 'utf8')).definition, null, 2)),
];

const FRAGMENTS = ['${', '}', '${X}', '${a.b}', '$${', '%{', '%%{', '"', '\\', ',', ':', '{', '[', ']', 'null', '"${Timeout}"', '\n', '\u0000', 'é', '{% $x %}', '$.a[', 'States.Format('];

function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  switch (Math.floor(random() * 5)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
    case 1:
      return text.slice(0, at) + pick(FRAGMENTS) + text.slice(at);
    case 2: {
      const to = Math.min(text.length, at + Math.floor(random() * 40));
      return text.slice(0, at) + pick(FRAGMENTS) + text.slice(to);
    }
    case 3: {
      // Turn a string value into a placeholder.
      const strings = [...text.matchAll(/: "([A-Za-z][^"$]{0,30})"/g)];
      if (!strings.length) return text;
      const m = pick(strings);
      return text.slice(0, m.index! + 3) + '${P' + Math.floor(random() * 3) + '}' + text.slice(m.index! + 3 + m[1].length);
    }
    default: {
      const from = Math.floor(random() * text.length);
      return text.slice(0, at) + text.slice(from, from + 30) + text.slice(at);
    }
  }
}

test('1,500 mutated templates: no exception, every problem located in the text', () => {
  const random = prng(20261122);
  let withProblems = 0;
  for (let i = 0; i < 1500; i++) {
    let text = templates[i % templates.length];
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) text = mutate(text, random);
    const { problems } = checkTemplate(text, 'm.asl.json');
    if (problems.length) withProblems++;
    const lines = text.split('\n');
    for (const p of problems) {
      expect(p.file).toBe('m.asl.json');
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lines.length);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeLessThanOrEqual(lines[p.line - 1].length + 1);
      expect(p.message.length).toBeGreaterThan(0);
      expect(p.message).not.toMatch(/\n|\bat .*\.ts:\d+/);
    }
  }
  // The mutations must actually break things, or this test proves nothing.
  expect(withProblems).toBeGreaterThan(1000);
});
