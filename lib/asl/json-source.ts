/**
 * A strict JSON parser (RFC 8259) that remembers where everything is: the offset of every value
 * and key by JSON pointer, and the raw extent of every string literal. Templates are rendered on
 * the raw text and problems are reported at `file:line:column`, so positions are kept exactly.
 *
 * Nesting is limited to MAX_JSON_DEPTH levels (lib/asl/json-shape.ts: 1,000, the default of the JSON
 * parser of AWS's Java services; an error at the bracket that goes deeper), so that no document,
 * however deep, overflows the stack of this parser or of what reads its value.
 */
import { MAX_JSON_DEPTH, jsonShapeProblem } from './json-shape';
import { LineIndex, SourceError, pointerSegment } from './problem';

const tooDeep = (limit: number) =>
  `nested more than ${limit.toLocaleString('en-US')} levels deep: AWS's JSON parser reads no deeper (the default of Jackson, which AWS's Java services use); no real definition or payload comes near`;

/** A string literal of the source: `start` is the opening quote, `end` is just after the closing quote. */
export interface JsonStringLiteral {
  start: number;
  end: number;
  pointer: string;
  isKey: boolean;
}

export interface JsonDocument {
  file: string;
  text: string;
  value: unknown;
  lines: LineIndex;
  /** Every string literal, in source order. */
  strings: JsonStringLiteral[];
  /** Offset of the value at each JSON pointer. */
  valueOffsets: Map<string, number>;
  /** Offset of the key naming the member at each JSON pointer. */
  keyOffsets: Map<string, number>;
  /** Members whose key repeats an earlier key of the same object (the last one wins, as in JSON.parse). */
  duplicateKeys: Array<{ pointer: string; offset: number }>;
}

const describe = (ch: string | undefined): string =>
  ch === undefined ? 'end of file' : ch === '\n' || ch === '\r' ? 'end of line' : `'${ch}'`;

class Parser {
  private pos = 0;
  private depth = 0;
  readonly strings: JsonStringLiteral[] = [];
  readonly valueOffsets = new Map<string, number>();
  readonly keyOffsets = new Map<string, number>();
  readonly duplicateKeys: Array<{ pointer: string; offset: number }> = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lines: LineIndex,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  fail(message: string, offset = this.pos): never {
    const { line, column } = this.lines.locate(offset);
    throw new SourceError([{ file: this.file, line, column, message: `invalid JSON: ${message}` }]);
  }

  parseDocument(): unknown {
    this.skipSpace();
    const value = this.parseValue('');
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`unexpected ${describe(this.text[this.pos])} after the end of the document`);
    return value;
  }

  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') this.pos++;
      else if (c === '/' && (t[this.pos + 1] === '/' || t[this.pos + 1] === '*')) this.fail('comments are not allowed in JSON');
      else return;
    }
  }

  private parseValue(pointer: string): unknown {
    const start = this.pos;
    this.valueOffsets.set(pointer, start);
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.parseObject(pointer);
      case '[':
        return this.parseArray(pointer);
      case '"':
        return this.parseString(pointer, false);
      case 't':
        return this.parseWord('true', true);
      case 'f':
        return this.parseWord('false', false);
      case 'n':
        return this.parseWord('null', null);
      case '$':
        if (this.text[this.pos + 1] === '{')
          this.fail('a placeholder must be inside a JSON string: write "${Name}" with quotes (a string that is exactly one placeholder takes the JSON type of its value)');
        return this.fail('unexpected "$", expected a value');
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber();
        if (c === "'") this.fail('strings must use double quotes');
        return this.fail(`unexpected ${describe(c)}, expected a value`);
    }
  }

  private parseWord<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.pos, this.pos + 40));
      this.fail(`unexpected ${m ? JSON.stringify(m[0]) : describe(this.text[this.pos])}, expected a value`);
    }
    this.pos += word.length;
    return value;
  }

  private parseNumber(): number {
    const start = this.pos;
    const re = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    re.lastIndex = start;
    const m = re.exec(this.text);
    if (!m || m[0] === '-') this.fail('invalid number');
    this.pos += m[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[\w.]/.test(next)) this.fail(`invalid number ${JSON.stringify(m[0] + next)}`, start);
    return Number(m[0]);
  }

  private parseString(pointer: string, isKey: boolean): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      const code = t.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('unterminated string', start);
      if (code === 0x22) break;
      if (code < 0x20) this.fail(code === 10 ? 'unterminated string (a line break must be written \\n)' : 'control character in string; escape it');
      if (code === 0x5c) {
        out += t.slice(chunk, this.pos);
        const e = t[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          this.fail(`invalid escape ${JSON.stringify('\\' + (e ?? ''))} in string`);
        }
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    out += t.slice(chunk, this.pos);
    this.pos++;
    this.strings.push({ start, end: this.pos, pointer, isKey });
    return out;
  }

  /** Entering an object or array: refused beyond MAX_JSON_DEPTH, at its bracket. */
  private enter(): void {
    if (++this.depth > MAX_JSON_DEPTH) this.fail(tooDeep(MAX_JSON_DEPTH));
  }

  private parseObject(pointer: string): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.enter();
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return obj;
    }
    let comma = -1;
    for (;;) {
      if (this.text[this.pos] !== '"') {
        if (this.text[this.pos] === '}' && comma >= 0) this.fail('trailing comma before "}"', comma);
        this.fail(`unexpected ${describe(this.text[this.pos])}, expected a member name in double quotes`);
      }
      const keyStart = this.pos;
      // The pointer of a key's literal is the member's pointer.
      const probe = this.strings.length;
      const key = this.parseString('', true);
      const member = `${pointer}/${pointerSegment(key)}`;
      this.strings[probe].pointer = member;
      if (seen.has(key)) this.duplicateKeys.push({ pointer: member, offset: keyStart });
      seen.add(key);
      this.keyOffsets.set(member, keyStart);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`unexpected ${describe(this.text[this.pos])}, expected ":" after the member name`);
      this.pos++;
      this.skipSpace();
      Object.defineProperty(obj, key, { value: this.parseValue(member), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        comma = this.pos;
        this.pos++;
        this.skipSpace();
        continue;
      }
      if (c === '}') {
        this.pos++;
        this.depth--;
        return obj;
      }
      this.fail(`unexpected ${describe(c)}, expected "," or "}" after the member "${key}"`);
    }
  }

  private parseArray(pointer: string): unknown[] {
    const arr: unknown[] = [];
    this.enter();
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      this.depth--;
      return arr;
    }
    let comma = -1;
    for (;;) {
      if (this.text[this.pos] === ']' && comma >= 0) this.fail('trailing comma before "]"', comma);
      arr.push(this.parseValue(`${pointer}/${arr.length}`));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        comma = this.pos;
        this.pos++;
        this.skipSpace();
        continue;
      }
      if (c === ']') {
        this.pos++;
        this.depth--;
        return arr;
      }
      this.fail(`unexpected ${describe(c)}, expected "," or "]" in the array`);
    }
  }
}

/** Parses JSON text, throwing a SourceError located at `file:line:column` when it is not valid JSON. */
export function parseJson(text: string, file: string): JsonDocument {
  const lines = new LineIndex(text);
  const parser = new Parser(text, file, lines);
  const value = parser.parseDocument();
  return {
    file,
    text,
    value,
    lines,
    strings: parser.strings,
    valueOffsets: parser.valueOffsets,
    keyOffsets: parser.keyOffsets,
    duplicateKeys: parser.duplicateKeys,
  };
}

/**
 * JSON text to a value as JSON.parse reads it (fast), with parseJson's located message when it is
 * not valid JSON and its nesting limit (a SourceError either way). A byte order mark is dropped.
 */
export function parseJsonValue(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    parseJson(body, file); // throws where the text stops being JSON
    throw new SourceError([{ file, line: 1, column: 1, message: 'invalid JSON' }]);
  }
  if (value !== null && typeof value === 'object' && jsonShapeProblem(value) !== undefined) {
    parseJson(body, file); // throws at the bracket that goes too deep
  }
  return value;
}

/** A SourceError's first problem as one line for an API message: `what happened (line L, column C)`. */
export function describeJsonError(e: SourceError): string {
  const p = e.problems[0];
  return p ? `${p.message.replace(/^invalid JSON: /, '')} (line ${p.line}, column ${p.column})` : e.message;
}
