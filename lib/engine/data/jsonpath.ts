/**
 * JSONPath as Step Functions evaluates it (Jayway JsonPath semantics, with the States Language
 * roots `$`, `$$` and `$name`). A path is parsed once into segments by lib/jsonpath/parse.ts (the
 * scanner the validator uses too); this file compiles their filters and function arguments into
 * predicates and operands. `runSegments` is the general interpreter (wildcards, slices, unions,
 * deep scans, filters, functions); path.ts compiles definite simple paths into a direct property
 * walk and uses this interpreter for the rest.
 *
 * Jayway rules kept here:
 * - A definite path (only names, single indexes, and a final multi-name merge) yields one value;
 *   any other path yields an array of every match, in document order (possibly empty).
 * - In the definite prefix of a path, a missing property or a step through a non-container is a
 *   failure ("Missing property in path $['a']", ...); after the first indefinite segment such
 *   misses are skipped. A definite path whose leaf is missing fails with "No results for path".
 * - An index out of bounds matches nothing; a negative index counts from the end.
 * - `['a','b']` as the last segment merges the members into one object; elsewhere it iterates.
 * - `..name` visits the node and its descendants in pre-order.
 * - Filters apply to each element of an array (or to an object itself); `[?(@.x)]` tests existence;
 *   comparisons between values of different types are false (except Jayway's number/string
 *   equality); `=~` must match the whole string.
 */
import type { Json, JsonObject } from '../json';
import { JsonPathSyntaxError, escapeLength, findClose, scanFilterSegments, scanPath, unescapeChar, type PathRoot, type PathSeg } from '../../jsonpath/parse';
import { getOwn, isObject, jsonEquals } from './json';

export type Root = PathRoot;

type Pred = (node: Json, root: Json) => boolean;
type Operand = (node: Json, root: Json) => Json | undefined;

/** A segment ready to run: the parsed one (lib/jsonpath/parse.ts) with its filter and function arguments compiled. */
export type Seg =
  | Exclude<PathSeg, { k: 'scan' | 'filter' | 'fn' }>
  | { k: 'scan'; sel: Seg }
  | { k: 'filter'; pred: Pred; text: string }
  | { k: 'fn'; name: string; args: Operand[] };

export interface ParsedPath {
  text: string;
  root: Root;
  variable?: string;
  segs: Seg[];
  /** True when the path yields a single value (Jayway's "definite path"). */
  definite: boolean;
  /** True when every segment is a single name or a single index (the fast-walk case). */
  simple: boolean;
}

export class PathSyntaxError extends Error {}

/** A failure of a definite part of the path, with Jayway's message. */
export class PathMiss extends Error {}

// ---------------------------------------------------------------------------------------------
// Compiling parsed segments (the parsing is lib/jsonpath/parse.ts)

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

function compileSegs(segs: PathSeg[]): Seg[] {
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
    let left = this.and();
    for (;;) {
      this.space();
      if (!this.t.startsWith('||', this.pos)) return left;
      this.pos += 2;
      const a = left;
      const b = this.and();
      left = (n, r) => a(n, r) || b(n, r);
    }
  }

  private and(): Pred {
    let left = this.unary();
    for (;;) {
      this.space();
      if (!this.t.startsWith('&&', this.pos)) return left;
      this.pos += 2;
      const a = left;
      const b = this.unary();
      left = (n, r) => a(n, r) && b(n, r);
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

  private operand(): { get: Operand; path: boolean; definite: boolean } {
    this.space();
    const t = this.t;
    const c = t[this.pos];
    if (c === '@' || c === '$') {
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
      const relative = c === '@';
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
    if (c === "'" || c === '"') {
      this.pos++;
      let s = '';
      while (this.pos < t.length && t[this.pos] !== c) {
        if (t[this.pos] === '\\' && this.pos + 1 < t.length) {
          s += unescapeChar(t, this.pos);
          this.pos += escapeLength(t, this.pos);
          continue;
        }
        s += t[this.pos++];
      }
      if (this.pos >= t.length) this.fail('unterminated string');
      this.pos++;
      return constant(s);
    }
    if (c === '/') {
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
      return constant(marker);
    }
    if (c === '[' || c === '{') {
      const close = findClose(t, this.pos, c, c === '[' ? ']' : '}');
      if (close < 0) this.fail(`unbalanced "${c}"`);
      const text = t.slice(this.pos, close + 1);
      this.pos = close + 1;
      let v: Json;
      try {
        v = JSON.parse(text.replace(/'((?:[^'\\]|\\.)*)'/g, (_m, s: string) => JSON.stringify(s.replace(/\\'/g, "'"))));
      } catch {
        this.fail(`invalid literal ${text}`);
      }
      return constant(v);
    }
    const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(t.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      return constant(Number(num[0]));
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (t.startsWith(word, this.pos) && !/[A-Za-z0-9_]/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return constant(value);
      }
    }
    return this.fail(c === undefined ? 'expected an operand' : `unexpected ${JSON.stringify(c)}`);
  }
}

const REGEXES = new WeakMap<object, RegExp>();

function constant(v: Json): { get: Operand; path: false; definite: true } {
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

function isDefinite(segs: Seg[]): boolean {
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s.k === 'prop' || s.k === 'index' || s.k === 'fn') continue;
    if (s.k === 'props' && (i === segs.length - 1 || (i === segs.length - 2 && segs[i + 1].k === 'fn'))) continue;
    return false;
  }
  return true;
}

/** Parses a path (`$...`, `$$...`, `$name...`) once and compiles its segments; throws PathSyntaxError. */
export function parseJsonPath(text: string): ParsedPath {
  let scanned;
  try {
    scanned = scanPath(text);
  } catch (e) {
    if (!(e instanceof JsonPathSyntaxError)) throw e;
    throw new PathSyntaxError(`invalid JSONPath ${JSON.stringify(text)}: ${e.message} (at character ${e.offset + 1})`);
  }
  const bad = scanned.unrunnable;
  if (bad) {
    compileSegs(scanned.segs.slice(0, bad.seg)); // a filter before it fails first
    throw new PathSyntaxError(`${bad.message} (at character ${bad.offset + 1} of ${JSON.stringify(text)})`);
  }
  const segs = compileSegs(scanned.segs);
  return {
    text,
    root: scanned.root,
    variable: scanned.variable,
    segs,
    definite: isDefinite(segs),
    simple: segs.every((s) => s.k === 'prop' || s.k === 'index'),
  };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Jayway's text of a path prefix: $['a'][0][*]... */
export function pathString(rootText: string, segs: Seg[], upTo = segs.length): string {
  let s = rootText;
  for (let i = 0; i < upTo; i++) s += segString(segs[i]);
  return s;
}

function segString(s: Seg): string {
  switch (s.k) {
    case 'prop':
      return `['${s.name}']`;
    case 'props':
      return '[' + s.names.map((n) => `'${n}'`).join(',') + ']';
    case 'index':
      return `[${s.i}]`;
    case 'indexes':
      return `[${s.list.join(',')}]`;
    case 'slice':
      return `[${s.start ?? ''}:${s.end ?? ''}${s.step !== undefined ? ':' + s.step : ''}]`;
    case 'wild':
      return '[*]';
    case 'scan':
      return '..' + segString(s.sel);
    case 'filter':
      return '[?]';
    case 'fn':
      return `.${s.name}()`;
  }
}

function typeName(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

interface Walk {
  segs: Seg[];
  root: Json;
  rootText: string;
  out: Json[];
}

function step(w: Walk, i: number, node: Json, upDef: boolean): void {
  const segs = w.segs;
  if (i === segs.length) {
    w.out.push(node);
    return;
  }
  const s = segs[i];
  const leaf = i === segs.length - 1;
  switch (s.k) {
    case 'prop': {
      if (!isObject(node)) {
        if (!upDef) return;
        throw new PathMiss(`Expected to find an object with property ['${s.name}'] in path ${pathString(w.rootText, segs, i)} but found '${typeName(node)}'.`);
      }
      const v = getOwn(node, s.name);
      if (v === undefined) {
        if (leaf || !upDef) return;
        throw new PathMiss(`Missing property in path ${pathString(w.rootText, segs, i + 1)}`);
      }
      step(w, i + 1, v, upDef);
      return;
    }
    case 'props': {
      if (!isObject(node)) {
        if (!upDef) return;
        throw new PathMiss(`Expected to find an object with property ${segString(s)} in path ${pathString(w.rootText, segs, i)} but found '${typeName(node)}'.`);
      }
      const merge = leaf || (i === segs.length - 2 && segs[i + 1].k === 'fn');
      if (merge) {
        const merged: JsonObject = {};
        for (const name of s.names) {
          const v = getOwn(node, name);
          if (v !== undefined) merged[name] = v;
        }
        step(w, i + 1, merged, upDef);
        return;
      }
      for (const name of s.names) {
        const v = getOwn(node, name);
        if (v !== undefined) step(w, i + 1, v, false);
      }
      return;
    }
    case 'index':
    case 'indexes':
    case 'slice': {
      if (!Array.isArray(node)) {
        if (!upDef) return;
        if (node === null) throw new PathMiss(`The path ${pathString(w.rootText, segs, i)} is null`);
        throw new PathMiss(`Filter: ${segString(s)} can only be applied to arrays. Current context is: ${JSON.stringify(node)}`);
      }
      const len = node.length;
      if (s.k === 'index') {
        const idx = s.i < 0 ? len + s.i : s.i;
        if (idx >= 0 && idx < len) step(w, i + 1, node[idx], upDef);
        return;
      }
      if (s.k === 'indexes') {
        for (const raw of s.list) {
          const idx = raw < 0 ? len + raw : raw;
          if (idx >= 0 && idx < len) step(w, i + 1, node[idx], false);
        }
        return;
      }
      for (const idx of sliceIndexes(len, s.start, s.end, s.step)) step(w, i + 1, node[idx], false);
      return;
    }
    case 'wild': {
      if (Array.isArray(node)) for (const v of node) step(w, i + 1, v, false);
      else if (isObject(node)) for (const k of Object.keys(node)) step(w, i + 1, node[k], false);
      return;
    }
    case 'scan': {
      scan(w, i, node, s.sel);
      return;
    }
    case 'filter': {
      if (Array.isArray(node)) {
        for (const v of node) if (s.pred(v, w.root)) step(w, i + 1, v, false);
        return;
      }
      if (isObject(node)) {
        if (s.pred(node, w.root)) step(w, i + 1, node, false);
        return;
      }
      if (!upDef) return;
      throw new PathMiss(`Filter: [?] can not be applied to primitives. Current context is: ${JSON.stringify(node)}`);
    }
    case 'fn': {
      // Jayway applies a function to each node that reaches it.
      let v: Json | undefined;
      try {
        v = applyFunction(s.name, s.args, node, w.root);
      } catch (e) {
        if (e instanceof PathMiss && !upDef) return;
        throw e;
      }
      if (v !== undefined) w.out.push(v);
      return;
    }
  }
}

function scan(w: Walk, i: number, node: Json, sel: Seg): void {
  // Pre-order: the node itself, then its members / elements.
  switch (sel.k) {
    case 'prop':
      if (isObject(node)) {
        const v = getOwn(node, sel.name);
        if (v !== undefined) step(w, i + 1, v, false);
      }
      break;
    case 'props':
      if (isObject(node)) {
        for (const name of sel.names) {
          const v = getOwn(node, name);
          if (v !== undefined) step(w, i + 1, v, false);
        }
      }
      break;
    case 'wild':
      if (Array.isArray(node)) for (const v of node) step(w, i + 1, v, false);
      else if (isObject(node)) for (const k of Object.keys(node)) step(w, i + 1, node[k], false);
      break;
    case 'index':
    case 'indexes':
    case 'slice':
      if (Array.isArray(node)) {
        const len = node.length;
        const idxs =
          sel.k === 'index' ? [sel.i] : sel.k === 'indexes' ? sel.list : sliceIndexes(len, sel.start, sel.end, sel.step);
        for (const raw of idxs) {
          const idx = raw < 0 ? len + raw : raw;
          if (idx >= 0 && idx < len) step(w, i + 1, node[idx], false);
        }
      }
      break;
    case 'filter':
      if (isObject(node) && sel.pred(node, w.root)) step(w, i + 1, node, false);
      break;
    default:
      break;
  }
  if (Array.isArray(node)) for (const v of node) if (v !== null && typeof v === 'object') scan(w, i, v, sel);
  if (isObject(node)) {
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (v !== null && typeof v === 'object') scan(w, i, v, sel);
    }
  }
}

function sliceIndexes(len: number, start: number | undefined, end: number | undefined, stepBy: number | undefined): number[] {
  const st = stepBy ?? 1;
  const out: number[] = [];
  if (st > 0) {
    let a = start === undefined ? 0 : start < 0 ? Math.max(0, len + start) : Math.min(start, len);
    const b = end === undefined ? len : end < 0 ? Math.max(0, len + end) : Math.min(end, len);
    for (; a < b; a += st) out.push(a);
  } else {
    let a = start === undefined ? len - 1 : start < 0 ? len + start : Math.min(start, len - 1);
    const b = end === undefined ? -1 : end < 0 ? Math.max(-1, len + end) : end;
    for (; a > b; a += st) if (a >= 0) out.push(a);
  }
  return out;
}

/**
 * Runs segments on `start`: the value of a definite path (undefined when it matches nothing) or
 * the array of matches of an indefinite one. Throws PathMiss when a definite part fails.
 */
export function runSegments(segs: Seg[], definite: boolean, start: Json, root: Json, rootText = '$'): Json | undefined {
  const w: Walk = { segs, root, rootText, out: [] };
  step(w, 0, start, true);
  if (definite) return w.out.length ? w.out[0] : undefined;
  return w.out;
}

function numbersOf(v: Json): number[] {
  const arr = Array.isArray(v) ? v : [v];
  return arr.filter((x): x is number => typeof x === 'number');
}

function applyFunction(name: string, args: Operand[], v: Json, root: Json): Json | undefined {
  const argValues = args.map((a) => a(root, root));
  switch (name) {
    case 'length':
      if (Array.isArray(v)) return v.length;
      if (isObject(v)) return Object.keys(v).length;
      if (typeof v === 'string') return v.length;
      return null;
    case 'min':
    case 'max':
    case 'avg':
    case 'sum':
    case 'stddev': {
      const ns = [...numbersOf(v), ...argValues.filter((x): x is number => typeof x === 'number')];
      if (!ns.length) throw new PathMiss('Aggregation function attempted to calculate value using empty array');
      if (name === 'min') return Math.min(...ns);
      if (name === 'max') return Math.max(...ns);
      const sum = ns.reduce((a, b) => a + b, 0);
      if (name === 'sum') return sum;
      const mean = sum / ns.length;
      if (name === 'avg') return mean;
      const sq = ns.reduce((a, b) => a + b * b, 0);
      return Math.sqrt(sq / ns.length - mean * mean);
    }
    case 'keys':
      return isObject(v) ? Object.keys(v) : null;
    case 'first':
    case 'last':
      if (!Array.isArray(v) || !v.length) throw new PathMiss(`Invalid function ${name}() on ${JSON.stringify(v)}`);
      return name === 'first' ? v[0] : v[v.length - 1];
    case 'index': {
      const n = argValues[0];
      if (!Array.isArray(v) || typeof n !== 'number') throw new PathMiss(`Invalid function index() on ${JSON.stringify(v)}`);
      const idx = n < 0 ? v.length + n : n;
      if (idx < 0 || idx >= v.length) throw new PathMiss(`Index ${n} out of bounds`);
      return v[idx];
    }
    case 'append': {
      const base = Array.isArray(v) ? v : [v];
      return [...base, ...argValues.filter((x): x is Json => x !== undefined)];
    }
    case 'concat': {
      const part = (x: Json | undefined): string =>
        x === undefined ? '' : Array.isArray(x) ? x.map(part).join('') : typeof x === 'string' ? x : JSON.stringify(x);
      return part(v) + argValues.map(part).join('');
    }
    default:
      return undefined;
  }
}
