/**
 * The one JSONPath scanner, shared by the validator (lib/asl/validate/common/paths.ts: syntax
 * errors with their offsets, Reference Path classification) and the engine
 * (lib/engine/jsonpath/jsonpath-run.ts: segments to evaluate). Syntax as Step Functions accepts it (Jayway
 * JsonPath, with the States Language's additions): `$` paths on the input, `$$` paths on the
 * Context Object and `$name` variable references. A Reference Path is the subset that names a
 * single node: dot and bracket member access and non-negative indexes only (no wildcards, deep
 * scans, unions, slices, filters or functions).
 *
 * Filter expressions and function arguments are kept as text here; the engine compiles them.
 */

export type PathRoot = 'input' | 'context' | 'variable';

/** A parsed path segment. Filters and function arguments are left as text. */
export type PathSeg =
  | { k: 'prop'; name: string }
  | { k: 'props'; names: string[] }
  | { k: 'index'; i: number }
  | { k: 'indexes'; list: number[] }
  | { k: 'slice'; start?: number; end?: number; step?: number }
  | { k: 'wild' }
  | { k: 'scan'; sel: PathSeg }
  | { k: 'filter'; text: string }
  | { k: 'fn'; name: string; args: string[] };

export interface PathSyntax {
  root: PathRoot;
  /** The variable name for a `$name` path. */
  variable?: string;
  segs: PathSeg[];
  /** Why the path is not a Reference Path; undefined when it is one. */
  notReference?: string;
  /**
   * The first thing that parses but cannot be evaluated (a slice step of 0, a "-" slice bound, a
   * function after ".."), in `segs[seg]`: Step Functions' validator does not reject these, the
   * engine does. `offset` is where the engine reports it.
   */
  unrunnable?: { message: string; offset: number; seg: number };
}

/** A syntax error: `message` without position, `offset` the 0-based character it points at. */
export class JsonPathSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ID_START = /[\p{ID_Start}]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;
const FILTER_NAME_END = /[\s)=!<>&|,]/;
export const PATH_FUNCTIONS = new Set(['min', 'max', 'avg', 'stddev', 'length', 'sum', 'keys', 'concat', 'append', 'first', 'last', 'index']);

class Scanner {
  pos = 0;
  notReference: string | undefined;
  unrunnable: PathSyntax['unrunnable'];
  private segCount = 0;

  constructor(
    readonly text: string,
    /** Inside a filter (`@.a > 1`): names also end at operators, spaces and ")", and the segments end at any other character. */
    readonly inFilter: boolean,
  ) {}

  fail(message: string, offset = this.pos): never {
    throw new JsonPathSyntaxError(message, offset);
  }

  private nonReference(why: string): void {
    if (!this.notReference) this.notReference = why;
  }

  /** Something the engine cannot run: fatal in a filter (only the engine parses those), else recorded. */
  private cannotRun(message: string, offset: number): void {
    if (this.inFilter) this.fail(message, offset);
    if (!this.unrunnable) this.unrunnable = { message, offset, seg: this.segCount };
  }

  path(): PathSyntax {
    const t = this.text;
    if (t[0] !== '$') this.fail('a path must start with "$"', 0);
    let root: PathRoot = 'input';
    let variable: string | undefined;
    this.pos = 1;
    if (t[1] === '$') {
      root = 'context';
      this.pos = 2;
    } else if (t[1] !== undefined && t[1] !== '.' && t[1] !== '[') {
      const start = this.pos;
      const first = String.fromCodePoint(t.codePointAt(this.pos) ?? 0);
      if (!ID_START.test(first)) this.fail(`unexpected ${JSON.stringify(first)} after "$": expected ".", "[" or a variable name`);
      this.pos += first.length;
      while (this.pos < t.length) {
        const ch = String.fromCodePoint(t.codePointAt(this.pos) ?? 0);
        if (!ID_CONTINUE.test(ch)) break;
        this.pos += ch.length;
      }
      root = 'variable';
      variable = t.slice(start, this.pos);
    }
    const segs = this.segments();
    return { root, variable, segs, notReference: this.notReference, unrunnable: this.unrunnable };
  }

  /** Segments from `pos`: to the end of the text, or (in a filter) to the first character that starts none. */
  segments(): PathSeg[] {
    const t = this.text;
    const segs: PathSeg[] = [];
    for (;; this.segCount = segs.length) {
      const c = t[this.pos];
      if (c === '.') segs.push(this.dotSegment());
      else if (c === '[') segs.push(this.bracket());
      else if (c === undefined || this.inFilter) return segs;
      else this.fail(`unexpected ${JSON.stringify(c)}: expected "." or "["`);
    }
  }

  private dotSegment(): PathSeg {
    const t = this.text;
    if (t[this.pos + 1] === '.') {
      this.nonReference('a deep scan ("..")');
      this.pos += 2;
      if (t[this.pos] === '[') return { k: 'scan', sel: this.bracket() };
      if (t[this.pos] === '*') {
        this.pos++;
        return { k: 'scan', sel: { k: 'wild' } };
      }
      return { k: 'scan', sel: this.dotName(true) };
    }
    this.pos++;
    if (t[this.pos] === '*') {
      this.nonReference('a wildcard ("*")');
      this.pos++;
      return { k: 'wild' };
    }
    // `$.abc.['def ghi']`, as AWS documents it.
    if (t[this.pos] === '[') return this.bracket();
    return this.dotName();
  }

  /** A member name after "." (backslash escapes the next character), or a function call `name(...)`. */
  private dotName(afterScan = false): PathSeg {
    const t = this.text;
    const start = this.pos;
    let escaped = false;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '\\') {
        if (this.pos + 1 >= t.length) {
          if (!this.inFilter) this.fail('a path cannot end with an escape "\\"');
          this.pos++;
          continue;
        }
        escaped = true;
        this.pos += 2;
        continue;
      }
      if (c === '.' || c === '[') break;
      if (c === '(') return this.functionCall(start, afterScan);
      if (this.inFilter) {
        if (FILTER_NAME_END.test(c)) break;
      } else {
        if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.fail(`a space in a member name: use bracket notation, for example $['my field']`);
        if (c === ']' || c === ')' || c === "'" || c === '"') this.fail(`unexpected ${JSON.stringify(c)} in a member name`);
      }
      this.pos++;
    }
    if (this.pos === start) this.fail(start >= t.length ? 'a path cannot end with "."' : 'empty member name after "."', start);
    const raw = t.slice(start, this.pos);
    return { k: 'prop', name: escaped ? raw.replace(/\\(.)/gs, '$1') : raw };
  }

  /** At "(" after a function name starting at `start`. */
  private functionCall(start: number, afterScan: boolean): PathSeg {
    const t = this.text;
    if (afterScan) this.cannotRun('a function cannot follow ".."', this.pos);
    const name = t.slice(start, this.pos);
    if (!PATH_FUNCTIONS.has(name)) this.fail(`unknown path function "${name}()"`, start);
    this.nonReference(`a function ("${name}()")`);
    const open = this.pos;
    const close = findClose(t, open, '(', ')');
    if (close < 0) this.fail('unbalanced "("', open);
    this.pos = close + 1;
    if (this.pos < t.length && !this.inFilter) this.fail('nothing may follow a path function', this.pos);
    const inner = t.slice(open + 1, close).trim();
    return { k: 'fn', name, args: inner ? splitTopLevel(inner, ',').map((a) => a.trim()) : [] };
  }

  private bracket(): PathSeg {
    const t = this.text;
    const open = this.pos;
    this.pos++;
    this.skipSpaces();
    const c = t[this.pos];
    if (c === undefined) this.fail('unterminated "["', open);
    if (c === '?') {
      this.nonReference('a filter ("[?(...)]")');
      this.pos++;
      this.skipSpaces();
      if (t[this.pos] !== '(') this.fail('a filter must be written [?(<expression>)]');
      const close = findClose(t, this.pos, '(', ')');
      if (close < 0) this.fail('unbalanced "("');
      const text = t.slice(this.pos + 1, close);
      this.pos = close + 1;
      this.skipSpaces();
      if (t[this.pos] !== ']') this.fail('expected "]" after the filter');
      this.pos++;
      return { k: 'filter', text };
    }
    if (c === '*') {
      this.nonReference('a wildcard ("[*]")');
      this.pos++;
      this.skipSpaces();
      if (t[this.pos] !== ']') this.fail('expected "]" after "*"');
      this.pos++;
      return { k: 'wild' };
    }
    if (c === "'" || c === '"') return this.quotedNames();
    if (c === '-' || c === ':' || (c >= '0' && c <= '9')) return this.indexes();
    this.fail(`unexpected ${JSON.stringify(c)} after "[": expected an index, a quoted name, "*" or a filter`);
  }

  /** `['a']`, `['a','b']` (at the first quote). */
  private quotedNames(): PathSeg {
    const t = this.text;
    const names: string[] = [];
    do {
      this.skipSpaces();
      const q = t[this.pos];
      if (q !== "'" && q !== '"') this.fail('expected a quoted member name');
      this.pos++;
      const nameStart = this.pos;
      let name = '';
      let from = nameStart;
      while (this.pos < t.length && t[this.pos] !== q) {
        if (t[this.pos] === '\\' && this.pos + 1 < t.length) {
          name += t.slice(from, this.pos) + unescapeChar(t, this.pos);
          this.pos += escapeLength(t, this.pos);
          from = this.pos;
          continue;
        }
        this.pos++;
      }
      if (this.pos >= t.length) this.fail('unterminated quoted member name', nameStart - 1);
      names.push(name + t.slice(from, this.pos));
      this.pos++;
    } while (this.listGoesOn('a quoted member name'));
    if (names.length > 1) this.nonReference('a union of members');
    return names.length === 1 ? { k: 'prop', name: names[0] } : { k: 'props', names };
  }

  /** `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `[::2]` (after "[" and spaces). */
  private indexes(): PathSeg {
    const t = this.text;
    const rest = t.slice(this.pos);
    const m = /^\s*(-?\d*)\s*(?::\s*(-?\d*)\s*(?::\s*(-?\d*)\s*)?)?/.exec(rest);
    const head = m ? m[0] : '';
    if (m && head.includes(':')) {
      this.nonReference('a slice ("[a:b]")');
      this.pos += head.length;
      if (t[this.pos] !== ']') this.fail('expected "]" after the slice');
      this.pos++;
      const num = (p: string | undefined) => (p === undefined || p === '' || p === '-' ? undefined : Number(p));
      const step = num(m[3]);
      if (m[1] === '-' || m[2] === '-' || m[3] === '-') this.cannotRun(`invalid slice [${head.trim()}]`, this.pos);
      else if (step === 0) this.cannotRun('a slice step cannot be 0', this.pos);
      return { k: 'slice', start: num(m[1]), end: num(m[2]), step };
    }
    const list: number[] = [];
    do {
      this.skipSpaces();
      const n = /^-?\d+/.exec(t.slice(this.pos));
      if (!n) this.fail('expected an array index');
      if (n[0].startsWith('-')) this.nonReference('a negative index');
      this.pos += n[0].length;
      list.push(Number(n[0]));
    } while (this.listGoesOn('an array index'));
    if (list.length > 1) this.nonReference('a union of indexes');
    return list.length === 1 ? { k: 'index', i: list[0] } : { k: 'indexes', list };
  }

  /** After an item of a bracket list: true past ",", false past "]" (the end); fails on anything else. */
  private listGoesOn(item: string): boolean {
    this.skipSpaces();
    const c = this.text[this.pos];
    if (c !== ',' && c !== ']') this.fail(`expected "," or "]" after ${item}`);
    this.pos++;
    return c === ',';
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
}

/** Parses a whole path (`$...`, `$$...`, `$name...`); throws JsonPathSyntaxError. */
export function scanPath(text: string): PathSyntax {
  return new Scanner(text, false).path();
}

/**
 * The segments of a path inside a filter expression, from `pos` (after its `@` or `$`) to the
 * first character that continues none; throws JsonPathSyntaxError.
 */
export function scanFilterSegments(text: string, pos: number): { segs: PathSeg[]; end: number } {
  const s = new Scanner(text, true);
  s.pos = pos;
  const segs = s.segments();
  return { segs, end: s.pos };
}

/** Length of the escape at `pos` (a backslash): `\uXXXX` is 6, any other 2. */
export function escapeLength(t: string, pos: number): number {
  return t[pos + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(pos + 2, pos + 6)) ? 6 : 2;
}

/** The character the escape at `pos` (a backslash) stands for. */
export function unescapeChar(t: string, pos: number): string {
  const e = t[pos + 1];
  switch (e) {
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'u':
      if (/^[0-9a-fA-F]{4}$/.test(t.slice(pos + 2, pos + 6))) return String.fromCharCode(parseInt(t.slice(pos + 2, pos + 6), 16));
      return 'u';
    default:
      return e;
  }
}

/**
 * Calls `visit` on each character of `t` from `from` that is outside a quoted string; returns the
 * index at which `visit` returned true, or -1.
 */
function scanUnquoted(t: string, from: number, visit: (ch: string, i: number) => boolean): number {
  let quote: string | undefined;
  for (let i = from; i < t.length; i++) {
    const ch = t[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (visit(ch, i)) return i;
  }
  return -1;
}

/** Index of the bracket closing the one at `open`, skipping quoted strings; -1 when unbalanced. */
export function findClose(t: string, open: number, o: string, c: string): number {
  let depth = 0;
  return scanUnquoted(t, open, (ch) => {
    if (ch === o) depth++;
    else if (ch === c) return --depth === 0;
    return false;
  });
}

/** Splits on `sep` outside quotes, brackets and parentheses. */
function splitTopLevel(t: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  scanUnquoted(t, 0, (ch, i) => {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === sep && depth === 0) {
      out.push(t.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  out.push(t.slice(start));
  return out;
}
