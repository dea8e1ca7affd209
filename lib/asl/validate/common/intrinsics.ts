/**
 * Intrinsic functions of JSONPath states (`States.Format('{}', $.x)`, ...): a parser that returns
 * an AST (the local engine evaluates it later) and the checks Step Functions applies to a call.
 *
 * Grammar: Name "(" [Arg ("," Arg)*] ")", Name = "States." [A-Za-z0-9._]+; Arg = 'string' with
 * the escapes \' \{ \} \\ \" (AWS accepts \" too: LocalStack's AWS-validated
 * test_json_merge_escaped_argument), a number, true, false, null, a path ($..., $$..., $name...), or a
 * nested call. Whitespace is allowed around arguments.
 */
import { parsePath } from './paths';

interface Span {
  /** Offset of the first character in the intrinsic text. */
  start: number;
  /** Offset just after the last character. */
  end: number;
}

export type IntrinsicArg =
  | ({ kind: 'string'; value: string } & Span)
  | ({ kind: 'number'; value: number; text: string } & Span)
  | ({ kind: 'boolean'; value: boolean } & Span)
  | ({ kind: 'null' } & Span)
  | ({ kind: 'path'; path: string } & Span)
  | IntrinsicCall;

export interface IntrinsicCall extends Span {
  kind: 'call';
  name: string;
  args: IntrinsicArg[];
}

export type IntrinsicParseResult = { ok: true; call: IntrinsicCall } | { ok: false; message: string; offset: number };

export interface IntrinsicSignature {
  min: number;
  max: number;
  /** Whether the function returns a string (allowed in Fail's ErrorPath and CausePath). */
  returnsString: boolean;
}

/** The 18 intrinsic functions, with their arity. */
export const INTRINSICS: Readonly<Record<string, IntrinsicSignature>> = {
  'States.Format': { min: 1, max: Infinity, returnsString: true },
  'States.StringToJson': { min: 1, max: 1, returnsString: false },
  'States.JsonToString': { min: 1, max: 1, returnsString: true },
  'States.Array': { min: 0, max: Infinity, returnsString: false },
  'States.ArrayPartition': { min: 2, max: 2, returnsString: false },
  'States.ArrayContains': { min: 2, max: 2, returnsString: false },
  'States.ArrayRange': { min: 3, max: 3, returnsString: false },
  'States.ArrayGetItem': { min: 2, max: 2, returnsString: true },
  'States.ArrayLength': { min: 1, max: 1, returnsString: false },
  'States.ArrayUnique': { min: 1, max: 1, returnsString: false },
  'States.Base64Encode': { min: 1, max: 1, returnsString: true },
  'States.Base64Decode': { min: 1, max: 1, returnsString: true },
  'States.Hash': { min: 2, max: 2, returnsString: true },
  'States.JsonMerge': { min: 3, max: 3, returnsString: false },
  'States.MathRandom': { min: 2, max: 3, returnsString: false },
  'States.MathAdd': { min: 2, max: 2, returnsString: false },
  'States.StringSplit': { min: 2, max: 2, returnsString: false },
  'States.UUID': { min: 0, max: 0, returnsString: true },
};

export const HASH_ALGORITHMS = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string, offset = this.pos): never {
    throw new SyntaxProblem(message, offset);
  }

  space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  call(): IntrinsicCall {
    const t = this.text;
    const start = this.pos;
    const m = /^[A-Za-z0-9._]+/.exec(t.slice(this.pos));
    if (!m) this.fail('expected an intrinsic function name such as States.Format');
    const name = m[0];
    this.pos += name.length;
    if (t[this.pos] !== '(') this.fail(`expected "(" right after ${name}`);
    this.pos++;
    const args: IntrinsicArg[] = [];
    this.space();
    if (t[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name, args, start, end: this.pos };
    }
    for (;;) {
      this.space();
      args.push(this.arg());
      this.space();
      const c = t[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ')') {
        this.pos++;
        return { kind: 'call', name, args, start, end: this.pos };
      }
      if (c === undefined) this.fail(`unterminated call of ${name}: missing ")"`);
      this.fail(`expected "," or ")" after an argument of ${name}`);
    }
  }

  arg(): IntrinsicArg {
    const t = this.text;
    const start = this.pos;
    const c = t[this.pos];
    if (c === undefined) this.fail('expected an argument');
    if (c === "'") return this.string();
    if (c === '$') {
      // A path runs to the next "," or ")" outside brackets and quotes.
      let depth = 0;
      let quote: string | undefined;
      while (this.pos < t.length) {
        const ch = t[this.pos];
        if (quote) {
          if (ch === '\\') this.pos++;
          else if (ch === quote) quote = undefined;
        } else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === '[' || ch === '(') depth++;
        else if (ch === ']' || ch === ')') {
          if (depth === 0) break;
          depth--;
        } else if (ch === ',' && depth === 0) break;
        this.pos++;
      }
      const path = t.slice(start, this.pos).trimEnd();
      const r = parsePath(path);
      if (!r.ok) this.fail(`invalid path argument ${JSON.stringify(path)}: ${r.message}`, start + r.offset);
      return { kind: 'path', path, start, end: start + path.length };
    }
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(t.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      return { kind: 'number', value: Number(num[0]), text: num[0], start, end: this.pos };
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
    ] as const) {
      if (t.startsWith(word, this.pos) && !/[A-Za-z0-9_.(]/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return { kind: 'boolean', value, start, end: this.pos };
      }
    }
    if (t.startsWith('null', this.pos) && !/[A-Za-z0-9_.(]/.test(t[this.pos + 4] ?? '')) {
      this.pos += 4;
      return { kind: 'null', start, end: this.pos };
    }
    if (/[A-Za-z]/.test(c)) return this.call();
    if (c === '"') this.fail('string arguments are written in single quotes: \'text\'');
    return this.fail(`unexpected ${JSON.stringify(c)}: expected a string in single quotes, a number, a path or a function call`);
  }

  string(): IntrinsicArg {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let value = '';
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) this.fail('unterminated string: missing closing "\'"', start);
      if (c === "'") {
        this.pos++;
        return { kind: 'string', value, start, end: this.pos };
      }
      if (c === '\\') {
        const e = t[this.pos + 1];
        if (e === "'" || e === '{' || e === '}' || e === '\\' || e === '"') {
          value += '\\' + e;
          this.pos += 2;
          continue;
        }
        this.fail(`invalid escape "\\${e ?? ''}" in a string: only \\', \\{, \\}, \\" and \\\\ are escapes`);
      }
      value += c;
      this.pos++;
    }
  }
}

/**
 * Parses an intrinsic function call. String argument values keep their escapes (`\'`, `\{`,
 * `\}`, `\\`) so that States.Format can tell an escaped brace from a placeholder; use
 * `unescapeIntrinsicString` for the plain value. Never throws.
 */
export function parseIntrinsic(text: string): IntrinsicParseResult {
  const p = new Parser(text);
  try {
    p.space();
    const call = p.call();
    p.space();
    if (p.pos < text.length) p.fail('unexpected text after the closing ")"');
    return { ok: true, call };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ok: false, message: e.message, offset: e.offset };
    return { ok: false, message: 'invalid intrinsic function', offset: 0 };
  }
}

/** The plain value of a string argument: `\'` -> `'`, `\{` -> `{`, `\}` -> `}`, `\"` -> `"`, `\\` -> `\`. */
export function unescapeIntrinsicString(raw: string): string {
  return raw.replace(/\\(['{}"\\])/g, '$1');
}

/** Number of unescaped `{}` placeholders in a States.Format template (escapes kept). */
export function countFormatPlaceholders(raw: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') {
      i++;
      continue;
    }
    if (raw[i] === '{' && raw[i + 1] === '}') {
      n++;
      i++;
    }
  }
  return n;
}

export interface IntrinsicProblem {
  message: string;
  offset: number;
}

const isInteger = (a: IntrinsicArg) => a.kind === 'number' && Number.isInteger(a.value);

/**
 * Checks names, arity and the literal arguments of a parsed call and of every nested call.
 * `suggestName` proposes a close name for an unknown one.
 */
export function checkIntrinsicCall(call: IntrinsicCall, suggestName: (name: string) => string | undefined): IntrinsicProblem[] {
  const problems: IntrinsicProblem[] = [];
  const visit = (c: IntrinsicCall) => {
    const sig = INTRINSICS[c.name];
    if (!sig) {
      const close = suggestName(c.name);
      problems.push({
        message: `unknown intrinsic function ${c.name}${close ? ` (did you mean ${close}?)` : ''}`,
        offset: c.start,
      });
    } else {
      const n = c.args.length;
      if (n < sig.min || n > sig.max) {
        const expected =
          sig.min === sig.max ? `${sig.min}` : sig.max === Infinity ? `at least ${sig.min}` : `${sig.min} to ${sig.max}`;
        const plural = sig.min === 1 && (sig.max === 1 || sig.max === Infinity) ? '' : 's';
        problems.push({ message: `${c.name} takes ${expected} argument${plural}, got ${n}`, offset: c.start });
      } else {
        literalChecks(c, problems);
      }
    }
    for (const a of c.args) if (a.kind === 'call') visit(a);
  };
  visit(call);
  return problems;
}

function literalChecks(c: IntrinsicCall, problems: IntrinsicProblem[]): void {
  const a = c.args;
  const bad = (arg: IntrinsicArg, what: string) => problems.push({ message: `${c.name}: ${what}`, offset: arg.start });
  const integerArg = (i: number, what: string) => {
    const x = a[i];
    if (x && x.kind !== 'path' && x.kind !== 'call' && !isInteger(x)) bad(x, `${what} must be an integer`);
  };
  switch (c.name) {
    case 'States.Format': {
      const template = a[0];
      if (template.kind === 'string') {
        const holes = countFormatPlaceholders(template.value);
        if (holes !== a.length - 1)
          bad(template, `the template has ${holes} placeholder${holes === 1 ? '' : 's'} "{}" but ${a.length - 1} value${a.length - 1 === 1 ? ' follows' : 's follow'}`);
      } else if (template.kind !== 'path' && template.kind !== 'call') bad(template, 'the first argument must be a string template');
      break;
    }
    case 'States.JsonToString':
      if (a[0].kind !== 'path') bad(a[0], 'the argument must be a path');
      break;
    case 'States.ArrayRange':
      integerArg(0, 'the first argument');
      integerArg(1, 'the second argument');
      integerArg(2, 'the step');
      if (a[2].kind === 'number' && a[2].value === 0) bad(a[2], 'the step must not be 0');
      break;
    case 'States.ArrayPartition':
      integerArg(1, 'the chunk size');
      if (a[1].kind === 'number' && a[1].value <= 0) bad(a[1], 'the chunk size must be a positive integer');
      break;
    case 'States.ArrayGetItem':
      integerArg(1, 'the index');
      break;
    case 'States.MathAdd':
      integerArg(0, 'the first argument');
      integerArg(1, 'the second argument');
      break;
    case 'States.MathRandom':
      integerArg(0, 'the start');
      integerArg(1, 'the end');
      if (a[2]) integerArg(2, 'the seed');
      break;
    case 'States.Hash': {
      const alg = a[1];
      if (alg.kind === 'string' && !HASH_ALGORITHMS.includes(unescapeIntrinsicString(alg.value)))
        bad(alg, `the algorithm must be one of ${HASH_ALGORITHMS.join(', ')}`);
      else if (alg.kind !== 'string' && alg.kind !== 'path' && alg.kind !== 'call') bad(alg, 'the algorithm must be a string');
      break;
    }
    case 'States.JsonMerge': {
      const deep = a[2];
      if (deep.kind !== 'boolean' && deep.kind !== 'path' && deep.kind !== 'call') bad(deep, 'the third argument must be a boolean');
      break;
    }
    default:
      break;
  }
}
