/**
 * The tree keeps its architecture (ARCHITECTURE.md, scripts/architecture.mjs): no import cycle
 * between files or rooms, no import running back up the rooms, the toolkit (tests included)
 * importing nothing of the app.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');

test('npm run architecture finds nothing', () => {
  const out = execFileSync('node', ['scripts/architecture.mjs', '--json'], { cwd: repo, encoding: 'utf8' });
  const { files, findings } = JSON.parse(out) as { files: number; findings: string[] };
  expect(findings).toEqual([]);
  expect(files).toBeGreaterThan(100);
});

test('the check finds a cycle, an import running back up and the toolkit importing the app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-architecture-'));
  try {
    const write = (file: string, text: string) => {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    write('lib/engine/a.ts', "import { b } from './b';\nexport const a = b;\n");
    write('lib/engine/b.ts', "import { a } from './a';\nexport const b = 1;\nexport const c = a;\n");
    write('lib/asl/x.ts', "import { run } from '../local/run';\nexport const x = run;\n");
    write('lib/local/run.ts', "export const run = 1;\n");
    write('lib/cli/y.ts', "import { hello } from '../../workflows/hello';\nexport const y = hello;\n");
    write('workflows/hello.ts', "export const hello = 1;\n");
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const script = `import('${join(repo, 'scripts', 'architecture.mjs')}').then(({ analyse }) => process.stdout.write(JSON.stringify(analyse(process.argv[1]).findings)));`;
    const findings: string[] = JSON.parse(execFileSync('node', ['--input-type=module', '-e', script, dir], { cwd: repo, encoding: 'utf8' }));
    expect(findings).toEqual(
      expect.arrayContaining([
        'import cycle: lib/engine/a.ts -> lib/engine/b.ts',
        expect.stringMatching(/^lib\/asl\/x\.ts imports lib\/local\/run\.ts: lib\/asl \(rank 1\) may import only lower rooms/),
        'lib/cli/y.ts imports workflows/hello.ts: the toolkit imports nothing of the app',
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
