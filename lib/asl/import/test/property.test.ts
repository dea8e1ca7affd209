/**
 * Seeded property test: the corpus with its identifiers mutated at random (account ids, regions,
 * resource names, qualifiers) and template-hostile text added (`${`, `%{`, `$`, quotes,
 * backslashes, in values and member names) must still import losslessly: the template rendered
 * with the detected values is the mutated export, no two placeholders share a value, and every
 * placeholder name is a valid template identifier.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { seededRandom } from '../../../random';
import { Template } from '../../template';
import { importExport } from '../index';

const dir = join(__dirname, 'fixtures');
const fixtures = readdirSync(dir)
  .filter((f) => /\.(json|ya?ml)$/.test(f))
  .sort()
  .map((f) => ({ f, value: f.endsWith('.json') ? JSON.parse(readFileSync(join(dir, f), 'utf8')) : parseYaml(readFileSync(join(dir, f), 'utf8')) }));

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'sa-east-1'];
const HOSTILE = ['${', '${x}', '$${', '%{', '%%{', '$', '$$', '"', '\\', '{%', '}', 'é', '\n', ' arn:aws:sns:us-east-1:123456789012:t '];

function mutator(random: () => number) {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const accounts = Array.from({ length: 3 }, () => String(Math.floor(random() * 9e11) + 1e11));
  const names = Array.from({ length: 4 }, (_, i) => `${pick(['Fn', 'orders', 'my_queue', 'A-b', 'x'])}${i}${pick(['', '-1', '_2'])}`);
  const mutateString = (s: string): string => {
    let out = s
      .replace(/\d{12}/g, (m) => (random() < 0.5 ? m : pick(accounts)))
      .replace(/\b(us|eu|ap|sa)-[a-z]+-\d\b/g, (m) => (random() < 0.5 ? m : pick(REGIONS)))
      .replace(/(function|stateMachine|activity):([A-Za-z0-9_-]+)/g, (m, kind: string) => (random() < 0.5 ? m : `${kind}:${pick(names)}`))
      .replace(/:\$LATEST$/, (m) => pick([m, '', ':3', ':live']));
    if (random() < 0.15) {
      const at = Math.floor(random() * (out.length + 1));
      out = out.slice(0, at) + pick(HOSTILE) + out.slice(at);
    }
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mutateString(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        const key = random() < 0.03 ? `${k}${pick(HOSTILE)}` : k;
        if (!(key in out)) out[key] = walk(child);
      }
      return out;
    }
    return v;
  };
  return walk;
}

test('600 random mutations of the corpus import losslessly', () => {
  const random = seededRandom(20261122);
  const mutate = mutator(random);
  let placeholders = 0;
  for (let i = 0; i < 600; i++) {
    const { f, value } = fixtures[i % fixtures.length];
    const mutated = mutate(value);
    const yaml = f.endsWith('.yaml') || random() < 0.2;
    const file = yaml ? `m${i}.yaml` : `m${i}.json`;
    const text = yaml ? stringifyYaml(mutated) : JSON.stringify(mutated, null, random() < 0.5 ? 2 : undefined);
    const result = importExport(text, file, { target: 'statemachine/m.asl.json' });
    const back = Template.parse(result.text, 'statemachine/m.asl.json').renderValue(result.values);
    expect(back).toEqual(mutated);
    const values = Object.values(result.values).map((v) => JSON.stringify(v));
    expect(new Set(values).size).toBe(values.length);
    for (const name of Object.keys(result.values)) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
    for (const n of result.notes) {
      expect(n.line).toBeGreaterThanOrEqual(1);
      expect(n.line).toBeLessThanOrEqual(text.split('\n').length);
    }
    placeholders += values.length;
  }
  // The mutations keep identifiers to detect (the property is not vacuous).
  expect(placeholders).toBeGreaterThan(1000);
});
