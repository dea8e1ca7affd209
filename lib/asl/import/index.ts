/**
 * Imports a Workflow Studio export as an ASL template of the project: reads it (JSON or YAML,
 * source.ts), checks it with the project's validator, replaces its AWS identifiers by named
 * placeholders (identifiers.ts, naming.ts, rewrite.ts), keeps the names of a previous template
 * with --update (update.ts), and proves the result lossless: the template rendered with the
 * detected values (lib/asl/template.ts) must be the export again, or the import fails.
 */
import type { Problem } from '../problem';
import { Template, type TemplateValue } from '../template';
import { validateDefinition } from '../validate';
import { printBindings, type BindingsOptions } from './bindings';
import { rewriteDefinition, type ImportedPlaceholder } from './rewrite';
import { readExport, type ExportSource } from './source';
import { tableKeys } from './table-keys';
import { learnFromPrevious } from './update';

export { unifiedDiff } from './diff';
export { readExport } from './source';
export type { ImportedPlaceholder } from './rewrite';

export interface ImportOptions {
  /** The template's path, for messages (`statemachine/<name>.asl.json`). */
  target: string;
  /** Deployment prefixes stripped from resource names. */
  prefixes?: readonly string[];
  /** The template this import replaces (--update) and its values when known (a vars file). */
  previous?: { template: Template; vars?: Record<string, TemplateValue> };
}

export interface ImportResult {
  source: ExportSource;
  /** The validator's diagnostics of the export (errors, and warnings with `severity`), located in it. */
  problems: Problem[];
  /** What was left unchanged and why, located in the export (all warnings). */
  notes: Problem[];
  /** The template text and the values that render it back to the export. */
  text: string;
  values: Record<string, TemplateValue>;
  placeholders: ImportedPlaceholder[];
  /** Placeholders of the previous template the new one does not use. */
  removed: string[];
}

/** Thrown when rendering the new template does not give the export back: a bug, never bad input. */
export class RoundTripError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoundTripError';
  }
}

/** Reads, checks and rewrites an export; throws SourceError when it is not JSON/YAML the import accepts. */
export function importExport(text: string, file: string, options: ImportOptions): ImportResult {
  const source = readExport(text, file);
  // What the template renders to is what will be deployed: its size is checked against AWS's limit.
  const learned = options.previous ? learnFromPrevious(options.previous.template, source.value, options.previous.vars) : undefined;
  const rewrite = rewriteDefinition(source.value, { prefixes: options.prefixes, known: learned?.known, pins: learned?.pins, keyOrder: source.keyOrder });
  const rendered = verifyRoundTrip(rewrite.text, options.target, rewrite.values, source.value);
  const problems: Problem[] = validateDefinition(source.value, { text: rendered }).map((d) => ({
    file,
    ...source.locate(d.pointer, d.atKey),
    pointer: d.pointer,
    message: `${d.message} [${d.code}]`,
    ...(d.severity ? { severity: d.severity } : {}),
  }));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const notes: Problem[] = rewrite.notes.map((n) => ({
    file,
    ...(n.needle ? source.locateIn(n.pointer, n.needle, n.atKey) : source.locate(n.pointer, n.atKey)),
    pointer: n.pointer,
    message: n.message,
    severity: 'warning',
  }));
  const removed = options.previous ? options.previous.template.names.filter((n) => !(n in rewrite.values)) : [];
  return { source, problems, notes, text: rewrite.text, values: rewrite.values, placeholders: rewrite.placeholders, removed };
}

/** Renders `text` with `values` and requires `expected` back (same JSON, member order aside); returns the rendered text. */
export function verifyRoundTrip(text: string, file: string, values: Record<string, TemplateValue>, expected: unknown): string {
  let renderedText: string;
  let rendered: unknown;
  try {
    renderedText = Template.parse(text, file).render(values);
    rendered = JSON.parse(renderedText);
  } catch (e) {
    throw new RoundTripError(`the imported template does not render: ${e instanceof Error ? e.message : String(e)}`);
  }
  const where = firstDifference(rendered, expected, '');
  if (where !== undefined) throw new RoundTripError(`the imported template does not render back to the export (first difference at ${where || 'the root'})`);
  return renderedText;
}

/** The JSON pointer of the first difference between two JSON values, undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, pointer: string): string | undefined {
  if (a === b) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return pointer;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return pointer;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return `${pointer}/${k}`;
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${pointer}/${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}

/** The declaration to paste, for an import's placeholders. */
export function bindingsOf(result: ImportResult, options: Omit<BindingsOptions, 'tableKeys'>): string {
  return printBindings(result.placeholders, { ...options, tableKeys: tableKeys(result.source.value) });
}
