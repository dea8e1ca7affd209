/**
 * `npm start`'s second half (dist/lib/cli/start.js, after the synth): the summary of the
 * synthesized stacks, then every workflow of the project on the local engine; in the fixture
 * project, and in a project without workflows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../../modules/app';
import { FIXTURE_PROJECT, fixtureApp, projectWithoutWorkflows } from '../../test/fixture-project';

const repo = join(__dirname, '..', '..', '..');
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo });
});

/** Synthesizes the app of `props` into a temporary outdir, then runs start.js in `cwd` on it. */
function start(cwd: string, props: Parameters<typeof fixtureApp>[0]) {
  const outdir = mkdtempSync(join(tmpdir(), 'sfn-start-'));
  try {
    buildApp(fixtureApp({ ...props, outdir })).synth();
    return spawnSync(process.execPath, [join(repo, 'dist', 'lib', 'cli', 'start.js')], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test('the synth summary, then every workflow of the project succeeds on the local engine', () => {
  const r = start(FIXTURE_PROJECT, {});
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('8 stacks synthesized');
  expect(r.stdout).toMatch(/^greet-dev: \d+ resources -> .*\/stacks\/greet-dev\/cdk\.tf\.json\n/m);
  expect(r.stdout).toMatch(/^greet: SUCCEEDED after 1 transition /m);
  expect(r.stdout).toMatch(/^fanout: SUCCEEDED after 1 transition /m);
  expect(r.stdout).toMatch(/^transfer: SUCCEEDED after 1 transition /m);
});

test('a project without workflows: the backend stacks, and nothing to run', () => {
  const project = projectWithoutWorkflows();
  try {
    const r = start(project.root, { projectRoot: project.root, workflows: [] });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2 stacks synthesized');
    expect(r.stdout).toMatch(/No workflows in workflows\/index\.ts yet: nothing to run on the local engine\.\n$/);
  } finally {
    project.cleanup();
  }
});
