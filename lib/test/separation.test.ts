/**
 * Deleting the example app is one step (issue 15): in a copy of the repository (its tracked and
 * untracked-not-ignored files, node_modules linked), the example app is removed as the README's
 * "Removing the examples" says (the paths of EXAMPLE_APP, and workflows/index.ts reduced to an
 * empty registry: its registration lines removed); then `npm test`, `npm run synth`,
 * `sfn validate`, `npm start` and `npm run docs` must each exit 0 there.
 *
 * Inside the copy (SFN_SEPARATION_COPY=1) this test is skipped, so that it does not recurse.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EMPTY_REGISTRY } from './fixture-project';

/** The example app: what a team deletes to start from the toolkit alone (besides the registration lines). */
export const EXAMPLE_APP = [
  // The five example workflows: their templates, declarations and the declarations' tests.
  'statemachine/hello.asl.json',
  'statemachine/crm-lead.asl.json',
  'statemachine/message-pipeline.asl.json',
  'statemachine/csv-fanout.asl.json',
  'statemachine/file-transfer.asl.json',
  'workflows/hello.ts',
  'workflows/crm-lead.ts',
  'workflows/message-pipeline.ts',
  'workflows/csv-fanout.ts',
  'workflows/file-transfer.ts',
  'workflows/test/',
  // Their handlers, the CRM API, its database, the activity worker and the sample data.
  'functions/',
  'api/',
  'db/',
  'workers/',
  'data/',
  // Their generated pages, the app's tests and the benchmarks of the examples.
  'docs/workflows/',
  'test/',
  'bench/crm-leads.ts',
  'bench/message-pipeline.ts',
];

jest.setTimeout(15 * 60_000);
const repo = join(__dirname, '..', '..');
const inCopy = process.env.SFN_SEPARATION_COPY === '1';
if (inCopy) console.log('separation test skipped: this is the copy it runs npm test in');

/** The README's "Removing the examples" section. */
function readmeSection(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = /^## Removing the examples\n([^]*?)(?=^## )/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no "## Removing the examples" section');
  return section;
}

/** The paths of the section's `git rm` command (its first code block). */
function readmeManifest(): string[] {
  const command = /^```sh\n([^]*?)^```/m.exec(readmeSection())?.[1] ?? '';
  const words = command.split(/[\s\\]+/).filter(Boolean);
  expect(words.slice(0, 2)).toEqual(['git', 'rm']);
  return words.slice(2).filter((w) => !w.startsWith('-'));
}

describe('the example app', () => {
  test('the README removes exactly the paths of the manifest, and shows the registry left', () => {
    expect(readmeManifest()).toEqual(EXAMPLE_APP);
    const registry = EMPTY_REGISTRY.split('\n').filter((l) => l.startsWith('export const '));
    expect(registry).toHaveLength(2);
    for (const line of registry) expect(readmeSection()).toContain(line);
  });
});

(inCopy ? describe.skip : describe)('a copy of the repository without the example app', () => {
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'sfn-separation-'));
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of files) {
      if (!existsSync(join(repo, file))) continue; // deleted in the working tree, not yet committed
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(repo, file), join(copy, file));
    }
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'), 'dir');
    for (const path of EXAMPLE_APP) rmSync(join(copy, path), { recursive: true, force: true });
    // As in a clone after the deletion: no folder left empty.
    for (const dir of ['statemachine', 'docs']) if (existsSync(join(copy, dir)) && readdirSync(join(copy, dir)).length === 0) rmSync(join(copy, dir), { recursive: true });
    writeFileSync(join(copy, 'workflows', 'index.ts'), EMPTY_REGISTRY);
  });
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  /** Runs a command in the copy; a failure shows its whole output. */
  function run(command: string, ...args: string[]): string {
    const env: NodeJS.ProcessEnv = { ...process.env, SFN_SEPARATION_COPY: '1', CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0' };
    delete env.JEST_WORKER_ID;
    const r = spawnSync(command, args, { cwd: copy, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0) throw new Error(`\`${[command, ...args].join(' ')}\` in ${copy} exited ${r.status ?? r.signal ?? r.error?.message}:\n${output}`);
    return output;
  }

  test('every path of the manifest exists in the repository (the manifest follows the app)', () => {
    expect(EXAMPLE_APP.filter((p) => !existsSync(join(repo, p)))).toEqual([]);
  });

  test('is the toolkit with an empty registry', () => {
    expect(readdirSync(join(copy, 'workflows'))).toEqual(['index.ts']);
    for (const gone of ['functions', 'statemachine', 'api', 'test']) expect(existsSync(join(copy, gone))).toBe(false);
  });

  test('npm test passes (the toolkit tests, with their own fixtures)', () => {
    const out = run('npm', 'test');
    expect(out).toMatch(/^Tests: .*\d+ passed/m);
    expect(out).not.toMatch(/^Tests: .*failed/m);
  });

  test('npm run synth passes, and leaves only the backend-<env> stacks', () => {
    run('npm', 'run', 'synth');
    const stacks = Object.keys(JSON.parse(readFileSync(join(copy, 'cdktf.out', 'manifest.json'), 'utf8')).stacks);
    expect(stacks.length).toBeGreaterThan(0);
    expect(stacks.filter((s) => !s.startsWith('backend-'))).toEqual([]);
  });

  test('sfn validate passes with no template', () => {
    expect(run(process.execPath, 'bin/sfn.js', 'validate')).toBe('ok no templates in statemachine/ yet\n');
  });

  test('npm start passes: the backend stacks, and no workflow to run', () => {
    expect(run('npm', 'start')).toMatch(/^No workflows in workflows\/index\.ts yet: nothing to run on the local engine\.$/m);
  });

  test('npm run docs passes, and writes an index that says there is no workflow', () => {
    run('npm', 'run', 'docs');
    expect(readdirSync(join(copy, 'docs', 'workflows'))).toEqual(['README.md']);
    expect(readFileSync(join(copy, 'docs', 'workflows', 'README.md'), 'utf8')).toContain('No workflows yet');
  });
});
