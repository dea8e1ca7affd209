/**
 * Checks an ASL template end to end: JSON syntax, placeholders, values, then the States Language
 * rules on the rendered definition, every problem located in the template (`file:line:column`).
 *
 * Without values, each placeholder gets a typed stand-in that fits where it stands (a Lambda ARN
 * in `Resource` or `FunctionName`, a number in `TimeoutSeconds`, ...), so a template can be
 * checked before anything is deployed.
 */
import { SourceError, type Problem } from './problem';
import { Template, type Placeholder, type TemplateValue } from './template';
import { validateDefinition, type Diagnostic } from './validate';

export interface TemplateCheck {
  /** Errors and warnings (`severity: 'warning'`), by position. */
  problems: Problem[];
  template?: Template;
  /** The rendered definition, when the template rendered. */
  definition?: unknown;
}

const NUMERIC_FIELDS = new Set([
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Seconds',
  'MaxConcurrency',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'ToleratedFailureCount',
  'ToleratedFailurePercentage',
  'MaxItemsPerBatch',
  'MaxInputBytesPerBatch',
  'MaxItems',
  'NumericEquals',
  'NumericLessThan',
  'NumericGreaterThan',
  'NumericLessThanEquals',
  'NumericGreaterThanEquals',
]);
const BOOLEAN_FIELDS = new Set(['BooleanEquals', 'IsPresent', 'IsNull', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp']);
const TIMESTAMP_FIELDS = new Set(['Timestamp', 'TimestampEquals', 'TimestampLessThan', 'TimestampGreaterThan', 'TimestampLessThanEquals', 'TimestampGreaterThanEquals']);

/** A value that fits where the placeholder stands, for checking a template without its values. */
export function standIn(p: Placeholder): TemplateValue {
  const field = (p.pointer.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  if (!p.whole) return p.name;
  if (NUMERIC_FIELDS.has(field)) return 1;
  if (BOOLEAN_FIELDS.has(field)) return true;
  if (TIMESTAMP_FIELDS.has(field)) return '2026-01-01T00:00:00Z';
  if (field === 'Resource' || field === 'FunctionName' || /Arn$/.test(field) || /Arn$/.test(p.name)) return lambdaArnStandIn(p);
  return p.name;
}

export function standIns(template: Template): Record<string, TemplateValue> {
  const values: Record<string, TemplateValue> = {};
  for (const p of template.placeholders) if (!(p.name in values)) values[p.name] = qualifiedArn(template, p) ? lambdaArnStandIn(p) : standIn(p);
  return values;
}

const lambdaArnStandIn = (p: Placeholder) => `arn:aws:lambda:us-east-1:123456789012:function:${p.name}`;

/**
 * A function ARN with a version or alias after it (`"${ShipFunctionArn}:live"`, as `sfn import`
 * writes for a qualified ARN in a Workflow Studio export): the placeholder opens a Resource or
 * FunctionName string (or one whose name ends in Arn) and `:qualifier` ends it.
 */
export function qualifiedArn(template: Template, p: Placeholder): boolean {
  if (p.whole || p.inKey) return false;
  const field = (p.pointer.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  if (!(field === 'Resource' || field === 'FunctionName' || /Arn$/.test(field) || /Arn$/.test(p.name))) return false;
  const doc = template.document;
  const literal = doc.strings.find((s) => s.pointer === p.pointer && !s.isKey);
  if (!literal || literal.start + 1 !== p.offset) return false;
  const raw = doc.text.slice(p.offset, literal.end);
  return /^\$\{\s*[A-Za-z_][A-Za-z0-9_-]*\s*\}:(?:\$LATEST|[A-Za-z0-9_-]+)"$/.test(raw);
}

/** Where a diagnostic of the rendered definition is in the template: the nearest value or key that exists there. */
export function locate(template: Template, d: Pick<Diagnostic, 'pointer' | 'atKey'>): { line: number; column: number } {
  const doc = template.document;
  let pointer = d.pointer;
  for (;;) {
    const offset = (d.atKey && pointer === d.pointer ? doc.keyOffsets.get(pointer) : undefined) ?? doc.valueOffsets.get(pointer);
    if (offset !== undefined) return doc.lines.locate(offset);
    if (pointer === '') return { line: 1, column: 1 };
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
}

/**
 * Checks values against a parsed template, then the rendered definition against the States
 * Language. Problems are sorted by position; the definition is returned when it rendered.
 */
export function checkDefinition(template: Template, values: Record<string, TemplateValue> = standIns(template)): TemplateCheck {
  const { file } = template;
  const problems = template.check(values);
  if (problems.length) return { problems, template };
  // The text AWS would be sent, for its size limit; then its value.
  const text = template.render(values);
  const definition = JSON.parse(text) as unknown;
  for (const d of template.document.duplicateKeys) {
    const { line, column } = template.document.lines.locate(d.offset);
    const name = d.pointer.slice(d.pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
    const message = /\/States\/[^/]*$/.test(d.pointer)
      ? `state name "${name}" is used twice in this States object [DUPLICATE_STATE_NAME]`
      : `member "${name}" appears twice in this object: only the last one would count [DUPLICATE_FIELD]`;
    problems.push({ file, line, column, pointer: d.pointer, message });
  }
  for (const d of validateDefinition(definition, { text })) {
    const { line, column } = locate(template, d);
    problems.push({ file, line, column, pointer: d.pointer, message: `${d.message} [${d.code}]`, ...(d.severity ? { severity: d.severity } : {}) });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { problems, template, definition };
}

/** Checks a template's text; `values` default to stand-ins. Never throws for bad input. */
export function checkTemplate(text: string, file: string, values?: Record<string, TemplateValue>): TemplateCheck {
  let template: Template;
  try {
    template = Template.parse(text, file);
  } catch (e) {
    if (e instanceof SourceError) return { problems: e.problems };
    throw e;
  }
  return checkDefinition(template, values);
}

/** The problems that make a template invalid (warnings excluded). */
export const errorsOf = (problems: Problem[]): Problem[] => problems.filter((p) => p.severity !== 'warning');
