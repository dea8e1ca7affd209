/**
 * Reading user files (lib/asl/source-file.ts) and the JSON nesting limit (lib/asl/json-source.ts):
 * UTF-8 as RFC 3629 defines it, the byte order mark dropped, UTF-16 and bad bytes located; what is
 * not a regular file refused by kind; nesting beyond MAX_JSON_DEPTH refused where it goes too deep.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_JSON_DEPTH } from '../json-shape';
import { parseJson, parseJsonValue } from '../json-source';
import { SourceError } from '../problem';
import { decodeSource, FileReadError, readSourceFile } from '../source-file';
import { Template } from '../template';

const problemOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof SourceError) return e.problems[0];
    throw e;
  }
  return undefined;
};

describe('decodeSource', () => {
  test('UTF-8, four-byte characters included; the byte order mark is dropped', () => {
    expect(decodeSource(Buffer.from('\uFEFF{"a": "é😀"}', 'utf8'), 'f')).toBe('{"a": "é😀"}');
  });

  test.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a cut sequence', [0xe2, 0x82]],
    ['0xFF', [0xff]],
  ])('refused at its line and column: %s', (_name, bytes) => {
    const text = Buffer.concat([Buffer.from('{\n  "é": "'), Buffer.from(bytes), Buffer.from('"\n}')]);
    expect(problemOf(() => decodeSource(text, 'x.json'))).toMatchObject({ file: 'x.json', line: 2, column: 9, message: expect.stringContaining('invalid UTF-8') });
  });

  test.each([
    ['UTF-16 LE', [0xff, 0xfe, 0x7b, 0x00]],
    ['UTF-16 BE', [0xfe, 0xff, 0x00, 0x7b]],
    ['UTF-32 LE', [0xff, 0xfe, 0x00, 0x00]],
  ])('%s is refused at 1:1, saying what it is', (name, bytes) => {
    expect(problemOf(() => decodeSource(Buffer.from(bytes), 'x.json'))).toMatchObject({ line: 1, column: 1, message: expect.stringContaining(name.slice(0, 6)) });
  });
});

describe('readSourceFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sfn-source-file-'));
    mkdirSync(join(dir, 'folder'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync('loop', join(dir, 'loop'));
    writeFileSync(join(dir, 'file'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['missing', 'no such file'],
    ['folder', 'is a directory'],
    ['fifo', 'is a FIFO'],
    ['loop', 'symbolic link'],
    ['file/below', 'is a file, not a directory'],
  ])('%s: FileReadError (%s), never read', (name, reason) => {
    expect(() => readSourceFile(join(dir, name), name)).toThrow(FileReadError);
    expect(() => readSourceFile(join(dir, name), name)).toThrow(reason);
  });

  test('a device is refused by kind (it could be read forever)', () => {
    expect(() => readSourceFile('/dev/zero')).toThrow('/dev/zero: is a character device, not a regular file');
  });

  test('a file over the limit is refused before it is read', () => {
    expect(() => readSourceFile(join(dir, 'file'), 'file', 1)).toThrow('is 2 bytes; files over 1 bytes are not read');
  });
});

describe('JSON nesting', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

  test(`${MAX_JSON_DEPTH} levels are read; one more is refused at its bracket`, () => {
    expect(() => parseJson(deep(MAX_JSON_DEPTH), 'f')).not.toThrow();
    expect(problemOf(() => parseJson(` ${deep(MAX_JSON_DEPTH + 1)}`, 'f'))).toMatchObject({ line: 1, column: MAX_JSON_DEPTH + 2, message: expect.stringContaining('nested more than 1,000 levels') });
    expect(problemOf(() => parseJsonValue(deep(100_000), 'f'))).toMatchObject({ line: 1, column: MAX_JSON_DEPTH + 1 });
  });
});

test('a template with a byte order mark renders without it', () => {
  expect(Template.parse('\uFEFF{"a": "${V}"}', 't').render({ V: 1 })).toBe('{"a": 1}');
});
