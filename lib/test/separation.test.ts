/**
 * Deleting the example app is one step (issue 15): in a copy of the repository (its tracked and
 * untracked-not-ignored files, node_modules linked), the example app is removed as the README's
 * "Removing the examples" says (the paths of EXAMPLE_APP, and the examples' registration lines of
 * workflows/index.ts); then `npm test`, `npm run synth`, `sfn validate`, `npm start` and
 * `npm run docs` must each exit 0 there. Workflows of the project's own (`sfn new`) stay, and
 * are all that is left: in this repository as shipped, nothing is.
 *
 * Inside the copy (SFN_SEPARATION_COPY=1) this test is skipped, so that it does not recurse.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EMPTY_REGISTRY } from './fixture-project';

/** The example app: what a team deletes to start from the toolkit alone (besides the registration lines); its own workflows stay. */
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
  'workflows/test/crm-lead-settings.test.ts',
  // Their handlers (and the code they share), the CRM API, its database, the activity worker and the sample data.
  'functions/_shared/',
  'functions/hello/',
  'functions/receive-lead/',
  'functions/create-client/',
  'functions/create-partner/',
  'functions/create-benefit/',
  'functions/catch-errors/',
  'functions/crm-api-create-client/',
  'functions/crm-api-create-partner/',
  'functions/crm-api-create-benefit/',
  'functions/csv-fanout-batch/',
  'functions/file-transfer-master/',
  'functions/file-transfer-status/',
  'api/',
  'db/',
  'workers/',
  'data/',
  // Their generated pages (npm run docs writes the index again), the app's tests and the benchmarks of the examples.
  'docs/workflows/hello.md',
  'docs/workflows/crm-lead.md',
  'docs/workflows/message-pipeline.md',
  'docs/workflows/csv-fanout.md',
  'docs/workflows/file-transfer.md',
  'docs/workflows/README.md',
  'test/',
  'bench/crm-leads.ts',
  'bench/message-pipeline.ts',
];

/** What the examples register in workflows/index.ts: their imports and the names they add to `workflows` and `components`. */
const EXAMPLE_REGISTRATIONS = { modules: ['./hello', './crm-lead', './message-pipeline', './csv-fanout', './file-transfer', '../api'], names: ['hello', 'crmLead', 'messagePipeline', 'csvFanout', 'fileTransfer', 'crmApi'] };

/** The registry without the examples' registration lines (and names): what the README says to remove. */
export function withoutExamples(registry: string): string {
  const { modules, names } = EXAMPLE_REGISTRATIONS;
  let text = registry.replace(/^import \{ \w+ \} from '([^']+)';\n/gm, (line, from: string) => (modules.includes(from) ? '' : line));
  text = text.replace(/(export const \w+: \w+\[\] = \[)([^\]]*)(\];)/g, (_, open: string, items: string, close: string) =>
    `${open}${items.split(',').map((i) => i.trim()).filter((i) => i && !names.includes(i)).join(', ')}${close}`,
  );
  return text;
}

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

  test('removing the registration lines of the examples leaves the README\'s registry (plus the project\'s own workflows, when it has some)', () => {
    const left = withoutExamples(readFileSync(join(repo, 'workflows', 'index.ts'), 'utf8'));
    expect(left).not.toMatch(/\b(hello|crmLead|messagePipeline|csvFanout|fileTransfer|crmApi)\b/);
    const ownNames = /export const workflows: Workflow\[\] = \[([^\]]*)\]/.exec(left)?.[1].split(',').map((n) => n.trim()).filter(Boolean) ?? [];
    if (!ownNames.length) expect(left).toBe(EMPTY_REGISTRY);
  });
});

(inCopy ? describe.skip : describe)('a copy of the repository without the example app', () => {
  let copy: string;
  /** The project's own workflows, left in the copy (by their templates): none in the repository as shipped. */
  let own: string[] = [];
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
    for (const dir of ['statemachine', 'functions', 'workflows/test', 'docs/workflows', 'docs'])
      if (existsSync(join(copy, dir)) && readdirSync(join(copy, dir)).length === 0) rmSync(join(copy, dir), { recursive: true });
    writeFileSync(join(copy, 'workflows', 'index.ts'), withoutExamples(readFileSync(join(copy, 'workflows', 'index.ts'), 'utf8')));
    own = existsSync(join(copy, 'statemachine')) ? readdirSync(join(copy, 'statemachine')).map((f) => f.replace(/\.asl\.json$/, '')).sort() : [];
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

  test('is the toolkit with its own workflows only (none as shipped)', () => {
    expect(readdirSync(join(copy, 'workflows')).filter((f) => f.endsWith('.ts')).sort()).toEqual(['index.ts', ...own.map((w) => `${w}.ts`)].sort());
    for (const gone of EXAMPLE_APP) expect(existsSync(join(copy, gone))).toBe(false);
    if (!own.length) for (const gone of ['functions', 'statemachine']) expect(existsSync(join(copy, gone))).toBe(false);
  });

  test('npm test passes (the toolkit tests, with their own fixtures)', () => {
    // One worker in the copy: this suite's own run takes the other core.
    const out = run('npm', 'test', '--', '--maxWorkers=1');
    expect(out).toMatch(/^Tests: .*\d+ passed/m);
    expect(out).not.toMatch(/^Tests: .*failed/m);
  });

  test('npm run synth passes, and leaves only the backend-<env> stacks', () => {
    run('npm', 'run', 'synth');
    const stacks = Object.keys(JSON.parse(readFileSync(join(copy, 'cdktf.out', 'manifest.json'), 'utf8')).stacks);
    expect(stacks.length).toBeGreaterThan(0);
    const envs = stacks.filter((s) => s.startsWith('backend-')).map((s) => s.slice('backend-'.length));
    expect(stacks.filter((s) => !s.startsWith('backend-')).sort()).toEqual(own.flatMap((w) => envs.map((e) => `${w}-${e}`)).sort());
  });

  test('sfn validate passes (no template as shipped)', () => {
    expect(run(process.execPath, 'bin/sfn.js', 'validate')).toBe(own.length ? `ok ${own.length} template${own.length === 1 ? '' : 's'} valid\n` : 'ok no templates in statemachine/ yet\n');
  });

  test('npm start passes: the backend stacks, and no workflow to run as shipped', () => {
    const out = run('npm', 'start');
    if (!own.length) expect(out).toMatch(/^No workflows in workflows\/index\.ts yet: nothing to run on the local engine\.$/m);
  });

  test('npm run docs passes, and writes an index that says there is no workflow as shipped', () => {
    run('npm', 'run', 'docs');
    expect(readdirSync(join(copy, 'docs', 'workflows')).sort()).toEqual(['README.md', ...own.map((w) => `${w}.md`)].sort());
    if (!own.length) expect(readFileSync(join(copy, 'docs', 'workflows', 'README.md'), 'utf8')).toContain('No workflows yet');
  });
});
