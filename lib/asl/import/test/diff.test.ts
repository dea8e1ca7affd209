/**
 * The unified diff `sfn import --update` shows: applied with the real `patch` binary to the old
 * text it must give the new text, for seeded random edits; and it reads as `diff -u` does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../../random';
import { unifiedDiff } from '../diff';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sfn-import-diff-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('a small change: three lines of context, as diff -u shows it', () => {
  const before = ['{', '  "a": 1,', '  "b": 2,', '  "c": 3,', '  "d": 4,', '  "e": 5', '}', ''].join('\n');
  const after = before.replace('"c": 3', '"c": 30');
  expect(unifiedDiff(before, after, 'a/x.json', 'b/x.json')).toBe(
    ['--- a/x.json', '+++ b/x.json', '@@ -1,7 +1,7 @@', ' {', '   "a": 1,', '   "b": 2,', '-  "c": 3,', '+  "c": 30,', '   "d": 4,', '   "e": 5', ' }', ''].join('\n'),
  );
  expect(unifiedDiff(before, before, 'a', 'b')).toBe('');
});

test('200 random edits: patch applies each diff and gives the new text', () => {
  const random = seededRandom(8);
  const oldFile = join(tmp, 'file.txt');
  const patchFile = join(tmp, 'change.diff');
  for (let i = 0; i < 200; i++) {
    const lines = Array.from({ length: 5 + Math.floor(random() * 60) }, () => `line ${Math.floor(random() * 20)}`);
    const edited = [...lines];
    for (let e = Math.floor(random() * 6); e >= 0; e--) {
      const at = Math.floor(random() * (edited.length + 1));
      const kind = random();
      if (kind < 0.33) edited.splice(at, 1);
      else if (kind < 0.66) edited.splice(at, 0, `new ${i}.${e}`);
      else edited[at] = `changed ${i}.${e}`;
    }
    const before = `${lines.join('\n')}\n`;
    const after = `${edited.filter((l) => l !== undefined).join('\n')}\n`;
    const diff = unifiedDiff(before, after, 'a/file.txt', 'b/file.txt');
    if (before === after) {
      expect(diff).toBe('');
      continue;
    }
    writeFileSync(oldFile, before);
    writeFileSync(patchFile, diff);
    execFileSync('patch', ['--silent', '--force', '--fuzz=0', oldFile, patchFile], { stdio: 'pipe' });
    expect(readFileSync(oldFile, 'utf8')).toBe(after);
  }
});

test('an export converted in place (every identifier line differs, 40,000 lines): anchored on unique lines, patch gives the new text', () => {
  // The seed's way: the export saved over statemachine/<name>.asl.json, then `sfn import --update`.
  // A full LCS table over both middles would be 40,000 x 40,000 cells (6.4 GB); unique lines
  // (the state names) anchor the diff, so only the small gaps between them get a table.
  const states = (n: number, fn: (i: number) => string) =>
    ['{', '  "StartAt": "S0",', '  "States": {', ...Array.from({ length: n }, (_, i) => [`    "S${i}": {`, '      "Type": "Task",', `      "Resource": "${fn(i)}",`, `      ${i < n - 1 ? `"Next": "S${i + 1}"` : '"End": true'}`, `    }${i < n - 1 ? ',' : ''}`].join('\n')), '  }', '}', ''].join('\n');
  const before = states(8000, (i) => `arn:aws:lambda:us-east-1:123456789012:function:fn${i % 50}`);
  const after = states(8000, (i) => `\${Fn${i % 50}FunctionArn}`);
  const diff = unifiedDiff(before, after, 'a/big.asl.json', 'b/big.asl.json');
  // Only the Resource lines change: one removed and one added line per state, nothing else.
  expect(diff.split('\n').filter((l) => /^-[^-]/.test(l))).toHaveLength(8000);
  expect(diff.split('\n').filter((l) => /^\+[^+]/.test(l))).toHaveLength(8000);
  const oldFile = join(tmp, 'big.asl.json');
  const patchFile = join(tmp, 'big.diff');
  writeFileSync(oldFile, before);
  writeFileSync(patchFile, diff);
  execFileSync('patch', ['--silent', '--force', '--fuzz=0', oldFile, patchFile], { stdio: 'pipe' });
  expect(readFileSync(oldFile, 'utf8')).toBe(after);
});
