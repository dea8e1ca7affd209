/**
 * Reading a file a user names (a template, a Workflow Studio export, a values file, an execution
 * input, a mock configuration): what is not a regular file is refused with its path named, never
 * read (a FIFO would block forever, `/dev/zero` would never end, a directory is not "missing"),
 * and the text is UTF-8 as AWS and Terraform read it.
 *
 * - The file is opened without blocking (`O_NONBLOCK`: opening a FIFO does not wait for a writer)
 *   and checked on the open descriptor, so that nothing can swap it between the check and the read.
 * - A UTF-8 byte order mark is not part of the text and is dropped (RFC 8259, section 8.1: a parser
 *   "MAY ignore the presence of a byte order mark rather than treating it as an error"; Terraform's
 *   `file` and `templatefile` read UTF-8).
 * - UTF-16 and UTF-32 (a byte order mark of theirs: what Windows PowerShell's `>` writes) and bytes
 *   that are not UTF-8 are refused at their line and column: JSON exchanged between systems "MUST
 *   be encoded using UTF-8" (RFC 8259, section 8.1).
 *
 * I/O problems throw FileReadError (a usage error: exit 2); encoding problems a SourceError located
 * in the file (a finding about its content, reported as the command reports that file's JSON errors).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { SourceError } from './problem';

/** The largest file read (ours): 64 MiB, far above AWS's 1,048,576-character definition and 256 KiB payload limits. */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/** A path that cannot be read as a file: missing, not a regular file, unreadable, too large. */
export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** Nothing is at that path. */
    readonly missing = false,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'FileReadError';
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links (a symbolic link that points to itself?)',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENAMETOOLONG: 'the name is too long',
  EISDIR: 'is a directory, not a file',
  ENXIO: 'is not a regular file (a device or socket without a reader)',
  EMFILE: 'too many files open',
  EIO: 'an input/output error of the disk',
  ENOSPC: 'no space left on the device',
  EROFS: 'a read-only file system',
  EDQUOT: 'over the disk quota',
};

/** The reason of a failed file system call, for a message: "no such file", "permission denied", ... */
export function fileErrorReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && REASONS[code]) ?? `failed (${code ?? (e instanceof Error ? e.message : String(e))})`;
}

/** What a path is, when it is not a regular file. */
function kindOf(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'is a directory, not a file';
  if (s.isFIFO()) return 'is a FIFO (named pipe), not a regular file';
  if (s.isCharacterDevice()) return 'is a character device, not a regular file';
  if (s.isBlockDevice()) return 'is a block device, not a regular file';
  if (s.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/** Throws FileReadError unless `path` is a regular file (symbolic links followed). */
export function checkRegularFile(path: string, label = path): void {
  let s: Stats;
  try {
    s = statSync(path);
  } catch (e) {
    throw new FileReadError(label, fileErrorReason(e), (e as NodeJS.ErrnoException)?.code === 'ENOENT');
  }
  const kind = kindOf(s);
  if (kind) throw new FileReadError(label, kind);
}

/** The bytes of a regular file, at most `maxBytes` of them (FileReadError otherwise). */
export function readRegularFile(path: string, label = path, maxBytes = MAX_SOURCE_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new FileReadError(label, fileErrorReason(e), (e as NodeJS.ErrnoException)?.code === 'ENOENT');
  }
  try {
    const s = fstatSync(fd);
    const kind = kindOf(s);
    if (kind) throw new FileReadError(label, kind);
    if (s.size > maxBytes) throw new FileReadError(label, `is ${s.size.toLocaleString('en-US')} bytes; files over ${maxBytes.toLocaleString('en-US')} bytes are not read`);
    const buffer = Buffer.allocUnsafe(s.size);
    let read = 0;
    while (read < s.size) {
      const n = readSync(fd, buffer, read, s.size - read, null);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(label, fileErrorReason(e));
  } finally {
    closeSync(fd);
  }
}

/** A regular file's text: UTF-8, its byte order mark dropped; see the module comment. */
export function readSourceFile(path: string, label = path, maxBytes = MAX_SOURCE_BYTES): string {
  return decodeSource(readRegularFile(path, label, maxBytes), label);
}

/**
 * Bytes as UTF-8 text, the byte order mark dropped; UTF-16/32 and invalid UTF-8 refused with a
 * SourceError at `file:line:column`.
 */
export function decodeSource(bytes: Buffer, file: string): string {
  const [a, b, c, d] = bytes;
  const utf32 = (a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff);
  if (utf32 || (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff))
    throw new SourceError([{ file, line: 1, column: 1, message: `the file is ${utf32 ? 'UTF-32' : 'UTF-16'} encoded (it starts with that byte order mark): save it as UTF-8` }]);
  const start = a === 0xef && b === 0xbb && c === 0xbf ? 3 : 0;
  const bad = invalidUtf8At(bytes, start);
  if (bad >= 0) {
    let lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
    if (lineStart < start) lineStart = start;
    let line = 1;
    for (let i = start; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const column = bytes.toString('utf8', lineStart, bad).length + 1;
    throw new SourceError([{ file, line, column, message: `invalid UTF-8 (byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')}): the file must be UTF-8 text` }]);
  }
  return bytes.toString('utf8', start);
}

/** The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629), or -1. */
function invalidUtf8At(bytes: Buffer, from: number): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const x = bytes[i];
    if (x < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (x >= 0xc2 && x <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (x >= 0xe0 && x <= 0xef) {
      need = 2;
      // No overlong forms (E0 A0..), no surrogates (ED 80..9F).
      min = x === 0xe0 ? 0xa0 : 0x80;
      max = x === 0xed ? 0x9f : 0xbf;
    } else if (x >= 0xf0 && x <= 0xf4) {
      need = 3;
      min = x === 0xf0 ? 0x90 : 0x80;
      max = x === 0xf4 ? 0x8f : 0xbf;
    } else return i;
    const second = bytes[i + 1];
    if (second === undefined || second < min || second > max) return i;
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
