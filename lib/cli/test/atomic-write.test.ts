/**
 * lib/cli/atomic-write.ts: several files all or nothing, a failed rename putting earlier targets
 * back, and the leftovers of a writer that died finished (complete journal) or removed (none).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recoverInterruptedWrites, writeFileAtomic, writeFilesAtomically, WriteError, writeProblem } from '../atomic-write';

// The module object itself (not an import namespace, whose members cannot be replaced), for spies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sfn-atomic-'))));
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const hidden = (folder = dir) => readdirSync(folder).filter((f) => f.startsWith('.'));

/** A process id that is not running (for leftovers of a dead writer). */
function deadPid(): number {
  for (let pid = 999_999; ; pid--) {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
}

test('several files in several folders: all written, nothing else left', () => {
  mkdirSync(join(dir, 'b'));
  writeFilesAtomically([
    { path: join(dir, 'a.json'), text: 'A' },
    { path: join(dir, 'b', 'b.json'), text: 'B' },
  ]);
  expect([read('a.json'), read('b/b.json')]).toEqual(['A', 'B']);
  expect([...hidden(), ...hidden(join(dir, 'b'))]).toEqual([]);
});

test('a rename that fails puts the earlier targets back (the old content, or no file) and leaves nothing', () => {
  writeFileSync(join(dir, 'old.json'), 'OLD');
  const rename = fs.renameSync;
  let calls = 0;
  jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (++calls === 3) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    rename(from, to);
  });
  expect(() =>
    writeFilesAtomically([
      { path: join(dir, 'old.json'), text: 'NEW' },
      { path: join(dir, 'fresh.json'), text: 'FRESH' },
      { path: join(dir, 'third.json'), text: 'THIRD' },
    ]),
  ).toThrow(new WriteError(join(dir, 'third.json'), 'an input/output error of the disk'));
  jest.restoreAllMocks();
  expect(read('old.json')).toBe('OLD');
  expect(existsSync(join(dir, 'fresh.json'))).toBe(false);
  expect(existsSync(join(dir, 'third.json'))).toBe(false);
  expect(hidden()).toEqual([]);
});

test('a temporary file that cannot be written: nothing changes, folders made for it are removed', () => {
  const write = fs.writeFileSync;
  let calls = 0;
  jest.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
    if (++calls === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    write(...args);
  });
  expect(() =>
    writeFilesAtomically(
      [
        { path: join(dir, 'a.json'), text: 'A' },
        { path: join(dir, 'new', 'folder', 'b.json'), text: 'B' },
      ],
      { createFolders: true },
    ),
  ).toThrow(WriteError);
  jest.restoreAllMocks();
  expect(readdirSync(dir)).toEqual([]);
});

test('the leftovers of a writer that died after its journal: the next write finishes its write', () => {
  const pid = deadPid();
  mkdirSync(join(dir, 'vars'));
  writeFileSync(join(dir, '.t.json.sfn-' + pid + '-aa.tmp'), 'TEMPLATE');
  writeFileSync(join(dir, 'vars', '.v.json.sfn-' + pid + '-bb.tmp'), 'VALUES');
  const journal = { files: [{ path: 't.json', temp: `.t.json.sfn-${pid}-aa.tmp` }, { path: 'vars/v.json', temp: `vars/.v.json.sfn-${pid}-bb.tmp` }], complete: true };
  writeFileSync(join(dir, `.sfn-write-${pid}-cc.json`), JSON.stringify(journal));
  writeFileAtomic(join(dir, 'other.json'), 'OTHER');
  expect([read('t.json'), read('vars/v.json'), read('other.json')]).toEqual(['TEMPLATE', 'VALUES', 'OTHER']);
  expect([...hidden(), ...hidden(join(dir, 'vars'))]).toEqual([]);
});

test('the leftovers of a writer that died before its journal (or with half of one): removed, the targets untouched', () => {
  const pid = deadPid();
  writeFileSync(join(dir, 't.json'), 'KEPT');
  writeFileSync(join(dir, `.t.json.sfn-${pid}-aa.tmp`), 'HALF');
  writeFileSync(join(dir, `.sfn-write-${pid}-cc.json`), '{"files":[{"path":"t.json","temp":".t.json.sfn-');
  recoverInterruptedWrites(dir);
  expect(read('t.json')).toBe('KEPT');
  expect(hidden()).toEqual([]);
});

test("a running writer's files are left alone", () => {
  const name = `.t.json.sfn-${process.ppid}-aa.tmp`;
  writeFileSync(join(dir, name), 'IN PROGRESS');
  recoverInterruptedWrites(dir);
  expect(hidden()).toEqual([name]);
});

test('what cannot be written is said before any work', () => {
  writeFileSync(join(dir, 'file'), '');
  mkdirSync(join(dir, 'folder'));
  expect(writeProblem(join(dir, 'missing', 'x.svg'))).toBe('its folder (missing) does not exist');
  expect(writeProblem(join(dir, 'missing', 'x.svg'), { createFolders: true })).toBeUndefined();
  expect(writeProblem(join(dir, 'file', 'x.svg'), { createFolders: true })).toBe('a part of the path (file) is a file, not a folder');
  expect(writeProblem(join(dir, 'folder'))).toBe('is a directory');
  expect(() => writeFileAtomic(join(dir, 'folder'), 'x')).toThrow('is a directory');
});
