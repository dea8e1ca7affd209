/**
 * Compiling parsed JSONPath segments (lib/jsonpath/parse.ts): filters `[?( ... )]` into
 * predicates and function arguments into operands, as Jayway evaluates them: comparisons between
 * values of different types are false (except Jayway's number/string equality), `=~` must match
 * the whole string, `[?(@.x)]` tests existence. A path inside a filter runs with the interpreter
 * (jsonpath-run.ts).
 */
import { JsonPathSyntaxError, escapeLength, findClose, scanFilterSegments, unescapeChar, type PathSeg } from '../../jsonpath/parse';
import type { Json } from '../json';
import { jsonEquals } from './json';
import { PathMiss, runSegments, type Operand, type Pred, type Seg } from './jsonpath-run';

export class PathSyntaxError extends Error {}

function compileSeg(s: PathSeg): Seg {
  switch (s.k) {
    case 'filter':
      return { k: 'filter', pred: new FilterParser(s.text).parse(), text: s.text };
    case 'fn':
      return { k: 'fn', name: s.name, args: s.args.map((a) => new FilterParser(a).operandOnly()) };
    case 'scan':
      return { k: 'scan', sel: compileSeg(s.sel) };
    default:
      return s;
  }
}

export function compileSegs(segs: PathSeg[]): Seg[] {
  return segs.some((s) => s.k === 'filter' || s.k === 'fn' || s.k === 'scan') ? segs.map(compileSeg) : (segs as Seg[]);
}

type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | 'in' | 'nin' | 'subsetof' | 'anyof' | 'noneof' | 'size' | 'empty';
const SYMBOL_OPS: CmpOp[] = ['==', '!=', '<=', '>=', '=~', '<', '>'];
const WORD_OPS: CmpOp[] = ['subsetof', 'anyof', 'noneof', 'empty', 'size', 'nin', 'in'];

/** The expression inside `[?( ... )]`. */
class FilterParser {
  pos = 0;
  constructor(readonly t: string) {}

  fail(message: string): never {
    throw new PathSyntaxError(`${message} in the filter ${JSON.stringify(this.t)} (at character ${this.pos + 1})`);
  }

  private space(): void {
    while (this.pos < this.t.length && /\s/.test(this.t[this.pos])) this.pos++;
  }

  parse(): Pred {
    const p = this.or();
    this.space();
    if (this.pos < this.t.length) this.fail(`unexpected ${JSON.stringify(this.t[this.pos])}`);
    return p;
  }

  operandOnly(): Operand {
    this.space();
    const o = this.operand();
    this.space();
    if (this.pos < this.t.length) this.fail('unexpected text after a function argument');
    return o.get;
  }

  private or(): Pred {
    return this.chain('||', () => this.and(), (a, b) => (n, r) => a(n, r) || b(n, r));
  }

  private and(): Pred {
    return this.chain('&&', () => this.unary(), (a, b) => (n, r) => a(n, r) && b(n, r));
  }

  /** `p op p op ...` (a two-character operator), joined left to right. */
  private chain(op: string, next: () => Pred, join: (a: Pred, b: Pred) => Pred): Pred {
    let left = next();
    for (;;) {
      this.space();
      if (!this.t.startsWith(op, this.pos)) return left;
      this.pos += 2;
      left = join(left, next());
    }
  }

  private unary(): Pred {
    this.space();
    if (this.t[this.pos] === '!' && this.t[this.pos + 1] !== '=') {
      this.pos++;
      const p = this.unary();
      return (n, r) => !p(n, r);
    }
    if (this.t[this.pos] === '(') {
      // A parenthesised expression, unless it is a comparison whose left side starts with "(": not in Jayway.
      this.pos++;
      const p = this.or();
      this.space();
      if (this.t[this.pos] !== ')') this.fail('expected ")"');
      this.pos++;
      return p;
    }
    return this.comparison();
  }

  private comparison(): Pred {
    const left = this.operand();
    this.space();
    const op = this.operator();
    if (!op) {
      // Existence test (a path) or a literal's truth.
      if (left.path) {
        const get = left.get;
        const definite = left.definite;
        return (n, r) => {
          const v = get(n, r);
          return v !== undefined && (definite || (Array.isArray(v) && v.length > 0));
        };
      }
      const v = left.get(null, null);
      return () => v !== false && v !== null && v !== undefined;
    }
    this.space();
    const right = this.operand();
    return compare(op, left.get, right.get);
  }

  private operator(): CmpOp | undefined {
    for (const op of SYMBOL_OPS) {
      if (this.t.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    for (const op of WORD_OPS) {
      if (this.t.startsWith(op, this.pos) && !/[A-Za-z0-9_]/.test(this.t[this.pos + op.length] ?? '')) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  private operand(): OperandOf {
    this.space();
    const c = this.t[this.pos];
    if (c === '@' || c === '$') return this.pathOperand(c === '@');
    if (c === "'" || c === '"') return constant(this.quoted(c));
    if (c === '/') return constant(this.regex());
    if (c === '[' || c === '{') return constant(this.literal(c));
    return constant(this.scalar(c));
  }

  /** `@...` (relative to the node) or `$...` (from the root): a path run at each test. */
  private pathOperand(relative: boolean): OperandOf {
    const t = this.t;
    this.pos++;
    let segs: Seg[];
    try {
      const scanned = scanFilterSegments(t, this.pos);
      this.pos = scanned.end;
      segs = compileSegs(scanned.segs);
    } catch (e) {
      if (e instanceof JsonPathSyntaxError) throw new PathSyntaxError(`${e.message} (at character ${e.offset + 1} of ${JSON.stringify(t)})`);
      throw e;
    }
    const definite = isDefinite(segs);
    const get: Operand = (n, r) => {
      try {
        return runSegments(segs, definite, relative ? n : r, r);
      } catch (e) {
        if (e instanceof PathMiss) return undefined;
        throw e;
      }
    };
    return { get, path: true, definite };
  }

  /** A quoted string, its escapes undone. */
  private quoted(quote: string): string {
    const t = this.t;
    this.pos++;
    let s = '';
    while (this.pos < t.length && t[this.pos] !== quote) {
      if (t[this.pos] === '\\' && this.pos + 1 < t.length) {
        s += unescapeChar(t, this.pos);
        this.pos += escapeLength(t, this.pos);
        continue;
      }
      s += t[this.pos++];
    }
    if (this.pos >= t.length) this.fail('unterminated string');
    this.pos++;
    return s;
  }

  /** `/regex/flags`: a marker value that `=~` looks its RegExp up by. */
  private regex(): Json {
    const t = this.t;
    let end = this.pos + 1;
    while (end < t.length && t[end] !== '/') {
      if (t[end] === '\\') end++;
      end++;
    }
    if (end >= t.length) this.fail('unterminated regular expression');
    const source = t.slice(this.pos + 1, end);
    const flagsMatch = /^[a-z]*/.exec(t.slice(end + 1));
    const flags = flagsMatch ? flagsMatch[0] : '';
    this.pos = end + 1 + flags.length;
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${source})$`, flags.includes('i') ? 'iu' : 'u');
    } catch {
      this.fail(`invalid regular expression /${source}/`);
    }
    const marker: Json = { __regex: source };
    REGEXES.set(marker as object, re);
    return marker;
  }

  /** A JSON array or object literal (single-quoted strings allowed). */
  private literal(open: '[' | '{'): Json {
    const t = this.t;
    const close = findClose(t, this.pos, open, open === '[' ? ']' : '}');
    if (close < 0) this.fail(`unbalanced "${open}"`);
    const text = t.slice(this.pos, close + 1);
    this.pos = close + 1;
    let v: Json;
    try {
      v = JSON.parse(text.replace(/'((?:[^'\\]|\\.)*)'/g, (_m, s: string) => JSON.stringify(s.replace(/\\'/g, "'"))));
    } catch {
      this.fail(`invalid literal ${text}`);
    }
    return v;
  }

  /** A number, true, false or null. */
  private scalar(c: string | undefined): Json {
    const t = this.t;
    const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(t.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (t.startsWith(word, this.pos) && !/[A-Za-z0-9_]/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(c === undefined ? 'expected an operand' : `unexpected ${JSON.stringify(c)}`);
  }
}

const REGEXES = new WeakMap<object, RegExp>();

/** A compiled operand: whether it is a path, and whether that path is definite. */
interface OperandOf {
  get: Operand;
  path: boolean;
  definite: boolean;
}

function constant(v: Json): OperandOf {
  return { get: () => v, path: false, definite: true };
}

function numberOfString(s: string): number | undefined {
  const t = s.trim();
  if (!t || !/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Jayway's equality: numbers and strings compare across types when the string is a number. */
function filterEquals(a: Json | undefined, b: Json | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'string') return numberOfString(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return numberOfString(a) === b;
  return jsonEquals(a, b);
}

function compare(op: CmpOp, left: Operand, right: Operand): Pred {
  const contains = (arr: Json[], v: Json) => arr.some((x) => filterEquals(x, v));
  switch (op) {
    case '==':
      return (n, r) => filterEquals(left(n, r), right(n, r));
    case '!=':
      return (n, r) => !filterEquals(left(n, r), right(n, r));
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (n, r) => {
        const a = left(n, r);
        const b = right(n, r);
        if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false;
        if (op === '<') return a < b;
        if (op === '<=') return a <= b;
        if (op === '>') return a > b;
        return a >= b;
      };
    case '=~':
      return (n, r) => {
        const a = left(n, r);
        const b = right(n, r);
        const re = b !== null && typeof b === 'object' ? REGEXES.get(b) : undefined;
        return typeof a === 'string' && re !== undefined && re.test(a);
      };
    case 'in':
    case 'nin':
      return (n, r) => {
        const a = left(n, r);
        const b = right(n, r);
        if (a === undefined || !Array.isArray(b)) return op === 'nin' && a !== undefined;
        return contains(b, a) === (op === 'in');
      };
    case 'subsetof':
    case 'anyof':
    case 'noneof':
      return (n, r) => {
        const a = left(n, r);
        const b = right(n, r);
        if (!Array.isArray(a) || !Array.isArray(b)) return false;
        if (op === 'subsetof') return a.every((x) => contains(b, x));
        if (op === 'anyof') return a.some((x) => contains(b, x));
        return !a.some((x) => contains(b, x));
      };
    case 'size':
      return (n, r) => {
        const a = left(n, r);
        const b = right(n, r);
        return (typeof a === 'string' || Array.isArray(a)) && typeof b === 'number' && a.length === b;
      };
    case 'empty':
      return (n, r) => {
        const a = left(n, r);
        const b = right(n, r);
        return (typeof a === 'string' || Array.isArray(a)) && typeof b === 'boolean' && (a.length === 0) === b;
      };
  }
}

/** Whether segments yield a single value (Jayway's definite path): names, single indexes, functions, a final multi-name merge. */
export function isDefinite(segs: Seg[]): boolean {
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s.k === 'prop' || s.k === 'index' || s.k === 'fn') continue;
    if (s.k === 'props' && (i === segs.length - 1 || (i === segs.length - 2 && segs[i + 1].k === 'fn'))) continue;
    return false;
  }
  return true;
}

