/** The example app through the compiled package (`require(<project root>)` after `npm run build`) and `npm start`. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACKS, WORKFLOW_NAMES } from './example-stacks';

const repo = join(__dirname, '..');

beforeAll(() => {
  execFileSync('node', ['scripts/build.mjs'], { cwd: repo });
});

test('runExecution and runWorkflow from the compiled package, run from another folder', () => {
  const script = `
    const pkg = require(${JSON.stringify(repo)});
    (async () => {
      const a = await pkg.runExecution({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: true }, End: true } } }, {});
      const b = await pkg.runWorkflow('hello', { name: 'Bo' });
      process.stdout.write(JSON.stringify([a.status, a.output, b.status, b.output]));
    })();`;
  const out = execFileSync('node', ['-e', script], { cwd: tmpdir(), encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual(['SUCCEEDED', { ok: true }, 'SUCCEEDED', { greeting: 'Hello, Bo!' }]);
});

test('npm start: the synth summary, then every example workflow succeeds on the local engine', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'sfn-start-'));
  try {
    const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' };
    execFileSync('node', ['dist/main.js'], { cwd: repo, env });
    const out = execFileSync('node', ['dist/lib/cli/start.js'], { cwd: repo, env, encoding: 'utf8' });
    expect(out).toContain(`${STACKS.length} stacks synthesized`);
    for (const name of WORKFLOW_NAMES) expect(out).toMatch(new RegExp(`^${name}: SUCCEEDED after \\d+ transitions? `, 'm'));
    expect(out).toMatch(/^hello: SUCCEEDED after 1 transition /m);
    expect(out).toMatch(/^crm-lead: SUCCEEDED after 4 transitions /m);
    // The Wait states take their simulated time (10 s, 5 + 30 s), not real time.
    expect(out).toMatch(/^message-pipeline: SUCCEEDED after 6 transitions \(10000 ms of execution time\)$/m);
    expect(out).toMatch(/^csv-fanout: SUCCEEDED after 1 transition /m);
    expect(out).toMatch(/^file-transfer: SUCCEEDED after 8 transitions \(35000 ms of execution time\)$/m);
    expect(out).not.toMatch(/NodeVersionSupportWarning/);
    expect(out).toMatch(/^CRM API \(local, http:\/\/127\.0\.0\.1:\d+\): POST \/create_client 200, POST \/create_partner 200, POST \/create_benefit 200$/m);
    // The rows in the embedded database, one per table, then the run with the CRM API stopped.
    expect(out).toMatch(/^  clients \(1 row\)\n    id=1  name=Alice  lastname=Cooper  rut=11111111-1 /m);
    expect(out).toMatch(/^  partners \(1 row\)\n    id=1  rut=11111111-1  store=ESTACION_CENTRAL /m);
    expect(out).toMatch(/^  benefit \(1 row\)\n    id=1  rut=11111111-1  wantsBenefit=true /m);
    expect(out).toMatch(/^crm-lead \(CRM API stopped\): FAILED after \d+ transitions[^]*^  CatchErrors /m);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
