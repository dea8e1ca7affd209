/**
 * ASL templates: JSON files with `${Name}` placeholders inside strings.
 *
 * The syntax is that of Terraform's `templatefile` for what ASL templates use: `${Identifier}`
 * interpolates, `$${` is a literal `${` and `%%{` a literal `%{`. It differs on purpose:
 *  - a template must be valid JSON, so placeholders only appear inside strings;
 *  - a value inserted inside a string is JSON-escaped, so a quote or backslash cannot corrupt it;
 *  - a string that is exactly one placeholder (`"TimeoutSeconds": "${Timeout}"`) takes the JSON
 *    type of its value (number, boolean, null, object, array);
 *  - anything but a plain identifier in `${...}`, and every `%{` directive, is an error, and so
 *    are a placeholder without a value and a value no placeholder uses.
 * With string values free of `"` and `\`, the output is byte for byte what `templatefile` gives.
 */
import { parseJson, type JsonDocument, type JsonStringLiteral } from './json-source';
import { SourceError, suggest, type Problem } from './problem';

/**
 * Text inserted as it is, unescaped: a Terraform expression or a cdktf token that is resolved
 * later. `type` says whether it stands for a string (it stays between quotes when it fills a
 * whole string) or for another JSON value such as a number (the quotes are dropped).
 */
export class Expression {
  constructor(
    readonly text: string,
    readonly type: 'string' | 'json' = 'string',
  ) {}
}

export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | Expression
  | TemplateValue[]
  | { [key: string]: TemplateValue };

export interface Placeholder {
  name: string;
  /** Offset of the `$` in the template text. */
  offset: number;
  line: number;
  column: number;
  /** JSON pointer of the string (or member, for a key) the placeholder stands in. */
  pointer: string;
  /** The string is exactly this placeholder: the value keeps its JSON type. */
  whole: boolean;
  inKey: boolean;
}

type Segment = { text: string } | { placeholder: Placeholder };

export interface RenderOptions {
  /**
   * Render a Terraform string that evaluates to the definition: literal `${` and `%{` (from the
   * template or from plain values) are escaped, and Expressions are left as interpolations.
   * Default false: the definition itself.
   */
  terraform?: boolean;
}

const IDENTIFIER = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$/;
const WHOLE = /^\$\{\s*[A-Za-z_][A-Za-z0-9_-]*\s*\}$/;

/** Escapes `${` and `%{` so that Terraform takes them literally. */
export function escapeForTerraform(text: string): string {
  return text.replace(/([$%])\{/g, (_, c: string) => `${c}${c}{`);
}

/**
 * The walk of a template's string literals, in order: the text cut into segments around the
 * placeholders (escapes `$${` and `%%{` made literal), and the problems found.
 */
class PlaceholderScan {
  readonly problems: Problem[] = [];
  readonly placeholders: Placeholder[] = [];
  readonly segments: Segment[] = [];
  /**
   * Template text before this offset is already in `segments`. A byte order mark is not part of
   * the text (RFC 8259, section 8.1; lib/asl/source-file.ts): it is not rendered.
   */
  private copied: number;

  constructor(
    private readonly text: string,
    private readonly document: JsonDocument,
  ) {
    this.copied = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** One string literal (a key or a value) holding `${` or `%{`. */
  literal(literal: JsonStringLiteral): void {
    const { text } = this;
    const contentEnd = literal.end - 1;
    const raw = text.slice(literal.start + 1, contentEnd);
    if (!raw.includes('${') && !raw.includes('%{')) return;
    const whole = !literal.isKey && WHOLE.test(raw);
    this.pushText(text.slice(this.copied, whole ? literal.start : literal.start + 1));
    let i = literal.start + 1;
    let literalFrom = i;
    while (i < contentEnd) {
      const c = text[i];
      if (c !== '$' && c !== '%') {
        i++;
        continue;
      }
      if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
        this.pushText(text.slice(literalFrom, i) + c + '{');
        i += 3;
        literalFrom = i;
        continue;
      }
      if (text[i + 1] !== '{') {
        i++;
        continue;
      }
      this.pushText(text.slice(literalFrom, i));
      i = this.opening(i, literal, whole, contentEnd);
      literalFrom = i;
    }
    this.pushText(text.slice(literalFrom, contentEnd));
    this.copied = whole ? literal.end : contentEnd;
  }

  /** The rest of the text, after the last literal. */
  finish(): void {
    this.pushText(this.text.slice(this.copied));
  }

  /** `${` or `%{` at `i`: a placeholder, or a problem. Returns the offset after it. */
  private opening(i: number, literal: JsonStringLiteral, whole: boolean, contentEnd: number): number {
    const { text } = this;
    if (text[i] === '%') {
      this.problemAt(
        i,
        'template directives (%{ ... }) are not supported: templates only take plain ${Identifier} placeholders; write %%{ for a literal %{',
        literal.pointer,
      );
      return i + 2;
    }
    const close = text.indexOf('}', i + 2);
    if (close === -1 || close >= contentEnd) {
      this.problemAt(i, 'unterminated placeholder: "${" without a closing "}" in this string; write $${ for a literal ${', literal.pointer);
      return contentEnd;
    }
    const inner = text.slice(i + 2, close);
    const m = IDENTIFIER.exec(inner);
    if (!m) {
      this.problemAt(
        i,
        `malformed placeholder "\${${inner}}": templates only take plain identifiers such as \${FunctionArn} (letters, digits, "_", "-"); write $\${ for a literal \${`,
        literal.pointer,
      );
    } else {
      const { line, column } = this.document.lines.locate(i);
      const placeholder: Placeholder = { name: m[1], offset: i, line, column, pointer: literal.pointer, whole, inKey: literal.isKey };
      this.placeholders.push(placeholder);
      this.segments.push({ placeholder });
    }
    return close + 1;
  }

  private pushText(s: string): void {
    if (!s) return;
    const last = this.segments[this.segments.length - 1];
    if (last && 'text' in last) last.text += s;
    else this.segments.push({ text: s });
  }

  private problemAt(offset: number, message: string, pointer: string): void {
    const { line, column } = this.document.lines.locate(offset);
    this.problems.push({ file: this.document.file, line, column, message, pointer });
  }
}

export class Template {
  private constructor(
    readonly document: JsonDocument,
    readonly placeholders: Placeholder[],
    private readonly segments: Segment[],
  ) {}

  get file(): string {
    return this.document.file;
  }

  /** The placeholder names, each once, in order of first use. */
  get names(): string[] {
    return [...new Set(this.placeholders.map((p) => p.name))];
  }

  /** Parses and checks a template; throws SourceError listing every problem. */
  static parse(text: string, file: string): Template {
    const document = parseJson(text, file);
    const scan = new PlaceholderScan(text, document);
    for (const literal of document.strings) scan.literal(literal);
    scan.finish();
    if (scan.problems.length) throw new SourceError(scan.problems);
    return new Template(document, scan.placeholders, scan.segments);
  }

  /**
   * Checks `values` against the placeholders: every placeholder needs a value and every value
   * must be used. Returns the problems, empty when the values fit.
   */
  check(values: Record<string, TemplateValue>): Problem[] {
    const problems: Problem[] = [];
    const available = Object.keys(values);
    const availableText = available.length ? `values given: ${available.join(', ')}` : 'no values were given';
    for (const p of this.placeholders) {
      if (Object.prototype.hasOwnProperty.call(values, p.name)) continue;
      const close = suggest(p.name, available);
      problems.push({
        file: this.file,
        line: p.line,
        column: p.column,
        pointer: p.pointer,
        message: `no value for placeholder \${${p.name}}${close.length ? ` (did you mean ${close[0]}?)` : ''}; ${availableText}`,
      });
    }
    const used = new Set(this.names);
    for (const name of available) {
      if (used.has(name)) continue;
      const close = suggest(name, used);
      const names = used.size ? `placeholders in this template: ${[...used].join(', ')}` : 'this template has no placeholders';
      problems.push({
        file: this.file,
        line: 1,
        column: 1,
        message: `value "${name}" is not used by any placeholder${close.length ? ` (did you mean ${close[0]}?)` : ''}; ${names}`,
      });
    }
    for (const p of this.placeholders) {
      if (!used.has(p.name) || !Object.prototype.hasOwnProperty.call(values, p.name)) continue;
      const v = values[p.name];
      const fault = valueFault(v, p.whole);
      if (fault) problems.push({ file: this.file, line: p.line, column: p.column, pointer: p.pointer, message: `value of \${${p.name}} ${fault}` });
    }
    return problems;
  }

  /** Renders the template to text; throws SourceError when the values do not fit. */
  render(values: Record<string, TemplateValue>, options: RenderOptions = {}): string {
    const problems = this.check(values);
    if (problems.length) throw new SourceError(problems);
    // Literal text (template text and plain values) is gathered in runs and escaped for Terraform
    // a run at a time, so that a `${` or `%{` formed across a value's edge is escaped too.
    let out = '';
    let run = '';
    const flush = () => {
      out += options.terraform ? escapeForTerraform(run) : run;
      run = '';
    };
    for (const segment of this.segments) {
      if ('text' in segment) {
        run += segment.text;
        continue;
      }
      const { whole, name } = segment.placeholder;
      const v = values[name];
      if (v instanceof Expression) {
        flush();
        // In Terraform, literal `$`s right before `${expr}` would make the escape `$${`: write them
        // as an interpolated string literal instead.
        const dollars = options.terraform ? /\$+$/.exec(out) : null;
        if (dollars) out = `${out.slice(0, dollars.index)}\${"${dollars[0]}"}`;
        out += whole && v.type === 'string' ? `"${v.text}"` : v.text;
      } else if (whole) {
        run += JSON.stringify(v);
      } else {
        run += JSON.stringify(String(v)).slice(1, -1);
      }
    }
    flush();
    return out;
  }

  /** Renders with plain values and parses the result. */
  renderValue(values: Record<string, TemplateValue>): unknown {
    return JSON.parse(this.render(values));
  }
}

function valueFault(v: TemplateValue, whole: boolean): string | undefined {
  if (v === undefined) return 'is undefined';
  if (typeof v === 'number' && !Number.isFinite(v)) return `is ${v}, which JSON cannot represent`;
  if (v instanceof Expression) return undefined;
  if (whole) return containsExpression(v) ? 'contains a Terraform reference: bind the reference to a placeholder of its own' : undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return undefined;
  const kind = v === null ? 'null' : Array.isArray(v) ? 'an array' : 'an object';
  return `is ${kind}: it can only fill a whole string such as "\${Name}", not part of one`;
}

function containsExpression(v: TemplateValue): boolean {
  if (v instanceof Expression) return true;
  if (v === null || typeof v !== 'object') return false;
  return Object.values(v).some(containsExpression);
}
