/**
 * The 18 intrinsic functions of JSONPath states ("Intrinsic functions for JSONPath states in Step
 * Functions", AWS developer guide; States Language Appendix B), compiled once into closures from
 * the validator's parser (`parseIntrinsic`).
 *
 * Argument rules (AWS developer guide unless noted):
 * - States.ArrayPartition: an array and a chunk size; a non-integer size is rounded; it must be > 0.
 * - States.ArrayRange: three integers (non-integers are rounded), a non-zero step, at most 1000 items;
 *   the end is included when the step reaches it.
 * - States.MathRandom: start (inclusive) and end (exclusive), rounded; an optional seed gives the same
 *   number for the same seed (java.util.Random's sequence, AWS being a Java service: not confirmed).
 * - States.MathAdd: integers (non-integers rounded) in -2147483648..2147483647.
 * - States.Base64Encode / Base64Decode: strings of at most 10,000 characters.
 * - States.Hash: data of at most 10,000 characters; MD5, SHA-1, SHA-256, SHA-384 or SHA-512.
 * - States.JsonMerge: two objects, shallow merge only (deep = true is refused); the result's keys
 *   in a Java HashMap's order, as AWS gives them (java-hash-order.ts).
 * - States.StringToJson: blank text ("", " ") is null (AWS, LocalStack's test_string_to_json).
 * - States.StringSplit: splits on every character of the second argument; empty parts are dropped.
 * - States.Format: as many values as "{}" placeholders; `\'` `\{` `\}` `\\` escapes in literals.
 * Bad arguments fail with States.IntrinsicFailure. A path argument that matches nothing fails with
 * States.Runtime, like a payload-template path.
 */
import { createHash, randomUUID } from 'crypto';
import type { Json, JsonObject } from '../json';
import { HASH_ALGORITHMS, INTRINSICS, parseIntrinsic, unescapeIntrinsicString, type IntrinsicArg, type IntrinsicCall } from '../../asl/validate/common/intrinsics';
import { PAYLOAD_PATH_FAILURE, StatesError } from './errors';
import { canonicalJson, copyObject, isObject, jsonEquals, jsonType, setOwn } from './json';
import { javaHashMapOrder } from './java-hash-order';
import { compilePath, pathRootValue, type PathContext } from './path';

export type CompiledIntrinsic = (ctx: PathContext) => Json;
type Fn = (args: Json[]) => Json;

const MAX_STRING = 10000;
const MAX_RANGE = 1000;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function failure(name: string, reason: string): StatesError {
  return new StatesError('States.IntrinsicFailure', `Invalid arguments in ${name}: ${reason}`);
}

function show(v: Json): string {
  const s = JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

/** A number argument, rounded to the nearest integer (Java's Math.round) as AWS documents. */
function roundedInteger(name: string, what: string, v: Json): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw failure(name, `${what} must be an integer, got ${show(v)}`);
  return Math.round(v);
}

function exactInteger(name: string, what: string, v: Json): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw failure(name, `${what} must be an integer, got ${show(v)}`);
  return v;
}

function arrayArg(name: string, what: string, v: Json): Json[] {
  if (!Array.isArray(v)) throw failure(name, `${what} must be an array, got ${jsonType(v)}`);
  return v;
}

function stringArg(name: string, what: string, v: Json): string {
  if (typeof v !== 'string') throw failure(name, `${what} must be a string, got ${jsonType(v)}`);
  return v;
}

function limitedString(name: string, v: Json): string {
  const s = stringArg(name, 'the argument', v);
  if (s.length > MAX_STRING) throw failure(name, `the input string has ${s.length} characters; at most ${MAX_STRING} are allowed`);
  return s;
}

/** States.Format's text of a value: strings as they are, other values as AWS (Java) prints them. */
export function formatValue(v: Json): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map(formatValue).join(', ') + ']';
  if (typeof v === 'object') return '{' + Object.keys(v).map((k) => `${k}=${formatValue(v[k])}`).join(', ') + '}';
  return String(v);
}

/** The pieces of a literal States.Format template: text and placeholders (null). */
function templatePieces(raw: string): Array<string | null> {
  const pieces: Array<string | null> = [];
  let text = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      text += raw[++i];
      continue;
    }
    if (c === '{' && raw[i + 1] === '}') {
      pieces.push(text, null);
      text = '';
      i++;
      continue;
    }
    text += c;
  }
  pieces.push(text);
  return pieces;
}

function fillTemplate(pieces: Array<string | null>, values: Json[]): string {
  let out = '';
  let k = 0;
  for (const p of pieces) out += p === null ? formatValue(values[k++]) : p;
  return out;
}

const MASK48 = (1n << 48n) - 1n;

/** java.util.Random, for a seeded States.MathRandom. */
class JavaRandom {
  private seed: bigint;
  constructor(seed: number) {
    this.seed = (BigInt.asIntN(64, BigInt(seed)) ^ 0x5deece66dn) & MASK48;
  }
  private next(bits: number): number {
    this.seed = (this.seed * 0x5deece66dn + 0xbn) & MASK48;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }
  nextInt(bound: number): number {
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = this.next(31));
    return r;
  }
}

const FUNCTIONS: Record<string, Fn> = {
  'States.Format': (args) => {
    const name = 'States.Format';
    const template = stringArg(name, 'the template (first argument)', args[0]);
    const parts = template.split('{}');
    if (parts.length - 1 !== args.length - 1)
      throw failure(name, `the template has ${parts.length - 1} placeholder(s) "{}" but ${args.length - 1} value(s) follow`);
    let out = parts[0];
    for (let i = 1; i < parts.length; i++) out += formatValue(args[i]) + parts[i];
    return out;
  },
  'States.StringToJson': (args) => {
    const s = stringArg('States.StringToJson', 'the argument', args[0]);
    // Blank text is null on AWS ("" and " ": LocalStack's AWS-validated test_string_to_json).
    if (s.trim() === '') return null;
    try {
      return JSON.parse(s) as Json;
    } catch (e) {
      throw failure('States.StringToJson', `${show(s)} is not valid JSON (${(e as Error).message})`);
    }
  },
  'States.JsonToString': (args) => JSON.stringify(args[0]),
  'States.Array': (args) => args,
  'States.ArrayPartition': (args) => {
    const name = 'States.ArrayPartition';
    const arr = arrayArg(name, 'the first argument', args[0]);
    const size = roundedInteger(name, 'the chunk size', args[1]);
    if (size <= 0) throw failure(name, `the chunk size must be a positive integer, got ${show(args[1])}`);
    const out: Json[] = [];
    for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
    return out;
  },
  'States.ArrayContains': (args) => {
    const arr = arrayArg('States.ArrayContains', 'the first argument', args[0]);
    const v = args[1];
    return arr.some((x) => jsonEquals(x, v));
  },
  'States.ArrayRange': (args) => {
    const name = 'States.ArrayRange';
    const start = roundedInteger(name, 'the first argument', args[0]);
    const end = roundedInteger(name, 'the second argument', args[1]);
    const stepBy = roundedInteger(name, 'the step (third argument)', args[2]);
    if (stepBy === 0) throw failure(name, 'the step (third argument) must not be 0');
    const count = (end - start) / stepBy < 0 ? 0 : Math.floor((end - start) / stepBy) + 1;
    if (count > MAX_RANGE) throw failure(name, `the array would have ${count} items; at most ${MAX_RANGE} are allowed`);
    const out: number[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = start + i * stepBy;
    return out;
  },
  'States.ArrayGetItem': (args) => {
    const name = 'States.ArrayGetItem';
    const arr = arrayArg(name, 'the first argument', args[0]);
    const i = exactInteger(name, 'the index', args[1]);
    if (i < 0 || i >= arr.length) throw failure(name, `the index ${i} is out of bounds for an array of ${arr.length} item(s)`);
    return arr[i];
  },
  'States.ArrayLength': (args) => arrayArg('States.ArrayLength', 'the argument', args[0]).length,
  'States.ArrayUnique': (args) => {
    const arr = arrayArg('States.ArrayUnique', 'the argument', args[0]);
    const seen = new Set<string>();
    const out: Json[] = [];
    for (const v of arr) {
      const key = canonicalJson(v);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(v);
    }
    return out;
  },
  'States.Base64Encode': (args) => Buffer.from(limitedString('States.Base64Encode', args[0]), 'utf8').toString('base64'),
  'States.Base64Decode': (args) => {
    const s = limitedString('States.Base64Decode', args[0]);
    // MIME decoding ignores characters outside the Base64 alphabet (line breaks).
    const clean = s.replace(/[^A-Za-z0-9+/=]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1)
      throw failure('States.Base64Decode', `${show(s)} is not valid Base64`);
    return Buffer.from(clean, 'base64').toString('utf8');
  },
  'States.Hash': (args) => {
    const name = 'States.Hash';
    const data = stringArg(name, 'the data (first argument)', args[0]);
    if (data.length > MAX_STRING) throw failure(name, `the data has ${data.length} characters; at most ${MAX_STRING} are allowed`);
    const alg = stringArg(name, 'the algorithm (second argument)', args[1]);
    if (!HASH_ALGORITHMS.includes(alg)) throw failure(name, `the algorithm must be one of ${HASH_ALGORITHMS.join(', ')}, got ${show(alg)}`);
    return createHash(alg.replace('-', '').toLowerCase()).update(data, 'utf8').digest('hex');
  },
  'States.JsonMerge': (args) => {
    const name = 'States.JsonMerge';
    const [a, b, deep] = args;
    if (!isObject(a)) throw failure(name, `the first argument must be a JSON object, got ${jsonType(a)}`);
    if (!isObject(b)) throw failure(name, `the second argument must be a JSON object, got ${jsonType(b)}`);
    if (typeof deep !== 'boolean') throw failure(name, `the third argument (deep merge) must be a boolean, got ${show(deep)}`);
    if (deep) throw failure(name, 'only the shallow merging mode is supported: the third argument must be false');
    const merged = copyObject(a);
    for (const k of Object.keys(b)) setOwn(merged, k, b[k]);
    // AWS's merged object comes out in a Java HashMap's order (java-hash-order.ts).
    const out: JsonObject = {};
    for (const k of javaHashMapOrder(Object.keys(merged))) setOwn(out, k, merged[k]);
    return out;
  },
  'States.MathRandom': (args) => {
    const name = 'States.MathRandom';
    const start = roundedInteger(name, 'the start (first argument)', args[0]);
    const end = roundedInteger(name, 'the end (second argument)', args[1]);
    if (end <= start) throw failure(name, `the end (${end}) must be greater than the start (${start})`);
    if (args.length > 2) {
      const seed = roundedInteger(name, 'the seed (third argument)', args[2]);
      const bound = end - start;
      if (bound > INT_MAX) throw failure(name, `the range ${start}..${end} is too large`);
      return start + new JavaRandom(seed).nextInt(bound);
    }
    return start + Math.floor(Math.random() * (end - start));
  },
  'States.MathAdd': (args) => {
    const name = 'States.MathAdd';
    const a = roundedInteger(name, 'the first argument', args[0]);
    const b = roundedInteger(name, 'the second argument', args[1]);
    for (const v of [a, b])
      if (v < INT_MIN || v > INT_MAX) throw failure(name, `${v} is out of range: values must be between ${INT_MIN} and ${INT_MAX}`);
    return a + b;
  },
  'States.StringSplit': (args) => {
    const name = 'States.StringSplit';
    const s = stringArg(name, 'the first argument', args[0]);
    const delims = new Set(stringArg(name, 'the delimiting characters (second argument)', args[1]));
    const out: string[] = [];
    let cur = '';
    for (const ch of s) {
      if (delims.has(ch)) {
        if (cur) out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  },
  'States.UUID': () => randomUUID(),
};

interface CompileOptions {
  /** The payload-template key holding the call ("greeting.$"), for messages. */
  field?: string;
}

function compileArg(arg: IntrinsicArg, opts: CompileOptions): CompiledIntrinsic {
  switch (arg.kind) {
    case 'string': {
      const v = unescapeIntrinsicString(arg.value);
      return () => v;
    }
    case 'number': {
      const v = arg.value;
      return () => v;
    }
    case 'boolean': {
      const v = arg.value;
      return () => v;
    }
    case 'null':
      return () => null;
    case 'path': {
      const path = arg.path;
      const get = compilePath(path);
      return (ctx) => {
        const v = get(ctx);
        if (v === undefined) {
          const where = opts.field ? ` specified for the field '${opts.field}'` : '';
          throw new StatesError(PAYLOAD_PATH_FAILURE, `The JSONPath '${path}'${where} could not be found in the input '${JSON.stringify(pathRootValue(path, ctx) ?? null)}'`);
        }
        return v;
      };
    }
    case 'call':
      return compileCall(arg, opts);
  }
}

function compileCall(call: IntrinsicCall, opts: CompileOptions): CompiledIntrinsic {
  const name = call.name;
  const sig = INTRINSICS[name];
  const fn = FUNCTIONS[name];
  if (!sig || !fn) throw new StatesError('States.IntrinsicFailure', `Unknown intrinsic function ${name}`);
  const n = call.args.length;
  if (n < sig.min || n > sig.max) {
    const expected = sig.min === sig.max ? `${sig.min}` : sig.max === Infinity ? `at least ${sig.min}` : `${sig.min} to ${sig.max}`;
    throw new StatesError('States.IntrinsicFailure', `${name} takes ${expected} argument(s), got ${n}`);
  }
  const args = call.args.map((a) => compileArg(a, opts));

  // States.Format with a literal template: split it once, honouring the escapes.
  if (name === 'States.Format' && call.args[0].kind === 'string') {
    const pieces = templatePieces(call.args[0].value);
    const holes = pieces.filter((p) => p === null).length;
    if (holes !== n - 1) throw failure(name, `the template has ${holes} placeholder(s) "{}" but ${n - 1} value(s) follow`);
    const values = args.slice(1);
    return (ctx) => fillTemplate(pieces, values.map((a) => a(ctx)));
  }
  if (n === 0) return () => fn([]);
  if (n === 1) {
    const [a] = args;
    return (ctx) => fn([a(ctx)]);
  }
  if (n === 2) {
    const [a, b] = args;
    return (ctx) => fn([a(ctx), b(ctx)]);
  }
  return (ctx) => fn(args.map((a) => a(ctx)));
}

/**
 * Compiles an intrinsic function call ("States.Format('{}', $.name)"). Syntax errors, unknown
 * functions and wrong argument counts throw StatesError('States.IntrinsicFailure') here; bad
 * argument values throw it when the closure runs.
 */
export function compileIntrinsic(text: string, field?: string): CompiledIntrinsic {
  const parsed = parseIntrinsic(text);
  if (!parsed.ok) throw new StatesError('States.IntrinsicFailure', `Invalid intrinsic function ${JSON.stringify(text)}: ${parsed.message} (at character ${parsed.offset + 1})`);
  return compileCall(parsed.call, { field });
}
