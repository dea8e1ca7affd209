/**
 * The documented deploy commands against cdktf's stack dependencies (the synthesized manifest): cdktf
 * refuses `cdktf deploy A` when A depends on a stack not in the same command (crm-lead-dev reads
 * crm-api-dev's URL), so every `npm run deploy -- ...` / `cdktf deploy ...` of README.md and
 * backend/README.md must name existing stacks and include their dependencies, and the README gives,
 * per environment, the one command derived here: all its application stacks, dependencies first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../main';

const ROOT = resolve(__dirname, '..');
let manifest: { stacks: Record<string, { dependencies: string[] }> };
beforeAll(() => {
  const outdir = mkdtempSync(join(tmpdir(), 'sfn-deploy-order-'));
  try {
    buildApp({ outdir, projectRoot: ROOT }).synth();
    manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

/** The application stacks of `env` in an order cdktf accepts: each after its dependencies, otherwise by name. */
function deployOrder(env: string): string[] {
  const stacks = Object.keys(manifest.stacks)
    .filter((s) => s.endsWith(`-${env}`) && !s.startsWith('backend-'))
    .sort();
  const ordered: string[] = [];
  const visit = (s: string) => {
    if (ordered.includes(s)) return;
    for (const d of manifest.stacks[s].dependencies) visit(d);
    ordered.push(s);
  };
  stacks.forEach(visit);
  return ordered;
}

/** The deploy commands of a Markdown file: their stack arguments. */
function documentedDeploys(file: string): string[][] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:npm run deploy --|cdktf deploy)((?: [a-z0-9*'<>-]+)+)/g)].map((m) => m[1].trim().split(/\s+/)).filter((args) => !args.some((a) => a.includes('<')));
}

/**
 * The README documents the examples' stacks (`<name>-<env>` in its "Stacks" section): its deploy
 * command is the derived one for them. A workflow of your own (`sfn new`) is not in the README, and
 * deploys as `npm run deploy -- <name>-<env>`.
 */
test.each(['dev', 'prod'])('README gives the derived deploy command of %s for the stacks it documents', (env) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const documented = (stack: string) => readme.includes(`\`${stack.slice(0, -env.length)}<env>\``);
  expect(readme).toContain(`npm run backend:bootstrap -- ${env}`);
  expect(readme).toContain(`npm run deploy -- ${deployOrder(env).filter(documented).join(' ')}`);
});

test.each(['README.md', 'backend/README.md'])('every deploy command of %s names existing stacks and includes their dependencies', (file) => {
  const commands = documentedDeploys(file);
  expect(commands.length).toBeGreaterThan(0);
  for (const stacks of commands) {
    for (const s of stacks) {
      expect({ s, exists: s in manifest.stacks }).toEqual({ s, exists: true });
      const missing = manifest.stacks[s].dependencies.filter((d) => !stacks.includes(d));
      expect({ command: stacks.join(' '), missing }).toEqual({ command: stacks.join(' '), missing: [] });
    }
  }
});
