/**
 * Turns an exported definition into template text: every identifier found (identifiers.ts) is
 * replaced by a `${Name}` placeholder (naming.ts), literal `${` and `%{` are escaped as `$${` and
 * `%%{` (the template syntax of lib/asl/template.ts), and the text is two-space JSON with the
 * members in the export's order. Rendering the text with the returned values gives back the
 * export exactly; lib/asl/import/index.ts checks that on every import.
 *
 * Left unchanged and reported: identifiers inside a JSONata expression (`{% %}`), a JSONPath or
 * an intrinsic function (a `.$` field or a path), a Comment, a member name, or right after a `$`
 * (a literal `$` cannot precede a placeholder in a template: `$${` is the escape of `${`).
 */
import { formOfField } from '../../workflow/kinds';
import { pointerSegment } from '../problem';
import { escapeForTerraform, type TemplateValue } from '../template';
import { findIdentifiers, type Identifier, type IdentifierForm, type IdentifierKind } from './identifiers';
import { baseName, NameAllocator, resourceName } from './naming';

export interface ImportNote {
  pointer: string;
  /** The note is about the member name at `pointer`. */
  atKey?: boolean;
  /** The text the note is about, to locate it inside the string. */
  needle?: string;
  message: string;
}

export interface ImportedPlaceholder {
  name: string;
  value: TemplateValue;
  /** What the identifier is; `kept` for a placeholder of the previous template kept by --update. */
  kind: IdentifierKind | 'kept';
  form?: IdentifierForm;
  /** The resource's name as the project would declare it (`receive-lead`...). */
  resource?: string;
  /** The resource's name in the export (`ReceiveLead`), with `.fifo` when it has it. */
  exportedName?: string;
  /**
   * Where the typed binding (`bucket('x')`...) would render another form than the exported one
   * (lib/asl/permissions renders a placeholder inside a longer string in its kind's default form, a
   * whole field by the field's name): the form it would render. Such a placeholder is bound to its value.
   */
  renderedForm?: string;
}

export interface RewriteOptions {
  /** Deployment prefixes stripped from resource names (`sfn-dev-orders-`). */
  prefixes?: readonly string[];
  /** Placeholder values of the previous template (--update): an identifier with one of these values keeps that name. */
  known?: Record<string, TemplateValue>;
  /** Template strings kept verbatim at these pointers (--update: the previous template's text renders to the export's value there). */
  pins?: Map<string, Pin>;
  /** Member order of the export's objects (ExportSource.keyOrder). */
  keyOrder?: Map<string, string[]>;
}

/** A string of the previous template kept as it is, and the placeholders in it. */
export interface Pin {
  text: string;
  names: string[];
}

export interface Rewrite {
  text: string;
  values: Record<string, TemplateValue>;
  /** In order of first use. */
  placeholders: ImportedPlaceholder[];
  notes: ImportNote[];
}

const PATH_FIELDS = new Set(['InputPath', 'OutputPath', 'ResultPath', 'ItemsPath']);
const JSONATA = /^\{%[\s\S]*%\}$/;

/** A string of the template tree, already in template syntax (pins and rewritten strings). */
class TemplateString {
  constructor(readonly text: string) {}
}

/** An identifier as a person reads it in a note. */
const describe = (id: Identifier) =>
  id.kind === 'region' ? `region ${id.value}` : id.kind === 'account' ? `account id ${id.value}` : `${id.kind === 'bus' ? 'event bus' : id.kind} ${id.value}`;

/** One rewrite: the definition's strings, each identifier replaced by its placeholder, names kept stable across updates. */
class Rewriter {
  readonly names: NameAllocator;
  readonly byValue = new Map<string, string>();
  readonly placeholders = new Map<string, ImportedPlaceholder>();
  readonly notes: ImportNote[] = [];
  private readonly known: Record<string, TemplateValue>;

  constructor(private readonly options: RewriteOptions) {
    this.known = options.known ?? {};
    this.names = new NameAllocator(Object.keys(this.known));
    for (const [name, v] of Object.entries(this.known)) if (typeof v === 'string' && !this.byValue.has(v)) this.byValue.set(v, name);
  }

  private use(p: ImportedPlaceholder) {
    if (!this.placeholders.has(p.name)) this.placeholders.set(p.name, p);
  }

  private nameOf(id: Identifier, field: string | undefined, whole: boolean): string {
    const key = `${id.kind}|${id.form}|${id.value}`;
    const keep = this.byValue.get(id.value);
    if (keep) this.names.assign(key, keep);
    const resource = resourceName(id.kind, id.resource, this.options.prefixes);
    const name = this.names.nameFor(key, baseName(id.kind, id.form, resource));
    this.use({ name, value: id.value, kind: id.kind, form: id.form, resource, exportedName: id.resource });
    const p = this.placeholders.get(name);
    if (p && id.kind !== 'region' && id.kind !== 'account') {
      const rendered = formOfField(whole ? (field ?? '') : '', id.kind);
      // DynamoDB, EventBridge and Lambda take a name or an ARN alike in these fields (Lambda's Invoke:
      // "Name formats: Function name, Function ARN, Partial ARN", Lambda API Reference, Invoke, FunctionName).
      const same = rendered === id.form || (whole && (field === 'TableName' || field === 'EventBusName' || field === 'FunctionName'));
      if (!same) p.renderedForm = rendered;
    }
    return name;
  }

  private encode(s: string, pointer: string, field: string | undefined): string {
    if (s.includes('${') || s.includes('%{'))
      this.notes.push({ pointer, needle: s.includes('${') ? '${' : '%{', message: `literal ${s.includes('${') ? '${' : '%{'} kept as text (written ${s.includes('${') ? '$${' : '%%{'} in the template)` });
    const ids = findIdentifiers(s, field);
    if (!ids.length) return escapeForTerraform(s);
    const where = JSONATA.test(s)
      ? 'a JSONata expression'
      : field === 'Comment'
        ? 'a Comment'
        : field?.endsWith('.$') || (field && PATH_FIELDS.has(field))
          ? /^States\./.test(s)
            ? 'an intrinsic function'
            : 'a JSONPath'
          : undefined;
    if (where) {
      for (const id of ids) this.notes.push({ pointer, needle: id.value, message: `${describe(id)} inside ${where}: left unchanged (replace it by hand if it must vary by environment)` });
      return escapeForTerraform(s);
    }
    let out = '';
    let from = 0;
    for (const id of ids) {
      if (id.start > 0 && s[id.start - 1] === '$') {
        this.notes.push({ pointer, needle: id.value, message: `${describe(id)} right after a "$": left unchanged (a template cannot write a literal "$" just before a placeholder)` });
        continue;
      }
      const name = this.nameOf(id, field, ids.length === 1 && id.start === 0 && id.end === s.length);
      out += `${escapeForTerraform(s.slice(from, id.start))}\${${name}}`;
      from = id.end;
      const qualifier = /^:[A-Za-z0-9_-]+$/.exec(s.slice(id.end));
      if (qualifier && (id.kind === 'function' || id.kind === 'stateMachine'))
        this.notes.push({
          pointer,
          needle: id.value,
          message:
            id.kind === 'function'
              ? // The stack publishes no versions or aliases of the functions of functions/ (modules/typescript-function.ts):
                // invoking a qualifier the function lacks fails with Lambda's ResourceNotFoundException.
                `the qualifier ${qualifier[0]} stays in the template after \${${name}}: the deployed function must have that version or alias, and this project publishes none for functions/ (remove the qualifier to invoke $LATEST, or create it yourself); the derived permission covers <arn>:*`
              : `the qualifier ${qualifier[0]} stays in the template after \${${name}} (the deployed state machine is meant, at that version or alias); the permission derivation only takes a state machine placeholder that fills the whole field, so such a state needs an explicit grant`,
        });
    }
    return out + escapeForTerraform(s.slice(from));
  }

  private pinned(pointer: string, field: string | undefined): TemplateString | undefined {
    const pin = this.options.pins?.get(pointer);
    if (pin === undefined) return undefined;
    for (const name of pin.names) {
      this.names.assign(`kept|${name}`, name);
      // A kept value that is one identifier (a hand-named `${ProcessingLambda}`) binds as that resource.
      const value = this.known[name];
      const ids = typeof value === 'string' ? findIdentifiers(value, pin.names.length === 1 && pin.text.trim().startsWith('${') ? field : undefined) : [];
      const id = ids.length === 1 && ids[0].start === 0 && ids[0].end === (value as string).length ? ids[0] : undefined;
      if (id && id.kind !== 'region' && id.kind !== 'account') {
        const resource = resourceName(id.kind, id.resource, this.options.prefixes);
        this.use({ name, value, kind: id.kind, form: id.form, resource, exportedName: id.resource });
      } else this.use({ name, value, kind: 'kept' });
    }
    return new TemplateString(pin.text);
  }

  visit(value: unknown, pointer: string, field: string | undefined): unknown {
    const pin = this.pinned(pointer, field);
    if (pin) return pin;
    if (typeof value === 'string') return new TemplateString(this.encode(value, pointer, field));
    if (Array.isArray(value)) return value.map((v, i) => this.visit(v, `${pointer}/${i}`, undefined));
    if (value !== null && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      const order = this.options.keyOrder?.get(pointer) ?? Object.keys(obj);
      const entries: Array<[TemplateString, unknown]> = [];
      for (const key of order) {
        const child = `${pointer}/${pointerSegment(key)}`;
        for (const id of findIdentifiers(key, undefined))
          this.notes.push({ pointer: child, atKey: true, needle: id.value, message: `${describe(id)} in a member name: left unchanged` });
        entries.push([new TemplateString(escapeForTerraform(key)), this.visit(obj[key], child, key)]);
      }
      return new Members(entries);
    }
    return value;
  }
}

export function rewriteDefinition(definition: unknown, options: RewriteOptions = {}): Rewrite {
  const r = new Rewriter(options);
  const tree = r.visit(definition, '', undefined);
  const values: Record<string, TemplateValue> = {};
  for (const p of r.placeholders.values()) values[p.name] = p.value;
  return { text: `${serialize(tree, '')}\n`, values, placeholders: [...r.placeholders.values()], notes: r.notes };
}

/** An object's members in order. */
class Members {
  constructor(readonly entries: Array<[TemplateString, unknown]>) {}
}

/** Two-space JSON as JSON.stringify(value, null, 2) writes it, with members in the given order. */
function serialize(v: unknown, indent: string): string {
  if (v instanceof TemplateString) return JSON.stringify(v.text);
  if (v instanceof Members) {
    if (!v.entries.length) return '{}';
    const inner = indent + '  ';
    return `{\n${v.entries.map(([k, child]) => `${inner}${JSON.stringify(k.text)}: ${serialize(child, inner)}`).join(',\n')}\n${indent}}`;
  }
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    const inner = indent + '  ';
    return `[\n${v.map((child) => `${inner}${serialize(child, inner)}`).join(',\n')}\n${indent}]`;
  }
  return JSON.stringify(v);
}
