/** `require(<package root>)` after `npm run build`: the engine, and a project's workflows read by loadProject. */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_PROJECT } from './fixture-project';

const repo = join(__dirname, '..', '..');

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo });
});

test('runExecution and loadProject from the compiled package, run from another folder', () => {
  const script = `
    const pkg = require(${JSON.stringify(repo)});
    (async () => {
      const a = await pkg.runExecution({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: true }, End: true } } }, {});
      const project = pkg.loadProject(${JSON.stringify(FIXTURE_PROJECT)});
      process.stdout.write(JSON.stringify([a.status, a.output, project.declarations('prod').map((d) => d.name), project.environment('prod').region]));
    })();`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: tmpdir(), encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual(['SUCCEEDED', { ok: true }, ['greet', 'fanout', 'transfer'], 'us-east-2']);
});
