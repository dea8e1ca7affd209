/**
 * cdktf construct ids and stack names are Terraform addresses: renaming one makes Terraform destroy
 * the resource and create a new one. Every address recorded before the toolkit and the app were
 * separated (fixtures/resource-addresses.json: per stack, `type.name` and `data.type.name`) must
 * still be synthesized. Additions are allowed (new features add resources); they are listed
 * when an address is missing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../main';
import { Json, synthesizeStacks, type SynthesizedStack } from '../modules/test/helpers';

const repo = join(__dirname, '..');
const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'resource-addresses.json'), 'utf8')) as Record<string, string[]>;

/** The Terraform addresses of a stack's JSON: `type.name` of its resources, `data.type.name` of its data sources. */
function addressesOf(json: Json): string[] {
  const of = (block: Record<string, Record<string, unknown>> | undefined, prefix: string) =>
    Object.entries(block ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of(json.resource, ''), ...of(json.data, 'data.')].sort();
}

let stacks: Record<string, SynthesizedStack>;
beforeAll(() => {
  stacks = synthesizeStacks((outdir) => buildApp({ outdir, projectRoot: repo }));
});

test('the record holds the addresses of stacks', () => {
  expect(Object.keys(recorded).length).toBeGreaterThan(0);
  for (const addresses of Object.values(recorded)) expect(addresses.length).toBeGreaterThan(0);
});

test('every recorded address of every recorded stack is still synthesized', () => {
  const missing: string[] = [];
  const added: string[] = [];
  for (const [stack, addresses] of Object.entries(recorded)) {
    if (!stacks[stack]) {
      missing.push(`${stack}: the stack itself (no longer synthesized: was it renamed?)`);
      continue;
    }
    const now = addressesOf(stacks[stack].json);
    for (const address of addresses) if (!now.includes(address)) missing.push(`${stack}: ${address}`);
    for (const address of now) if (!addresses.includes(address)) added.push(`${stack}: ${address}`);
  }
  for (const stack of Object.keys(stacks)) if (!(stack in recorded)) added.push(`${stack}: the whole stack (${addressesOf(stacks[stack].json).length} addresses)`);
  if (missing.length)
    throw new Error(
      `${missing.length} recorded address(es) no longer synthesized (Terraform would destroy and recreate them):\n  ${missing.join('\n  ')}\n\n` +
        `added since the record (allowed):\n  ${added.join('\n  ') || '(none)'}`,
    );
});
