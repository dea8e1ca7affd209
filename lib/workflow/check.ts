/**
 * Checks workflow declarations wherever they are read (synth, `sfn validate`, `sfn run`, `sfn
 * serve`, `npm start`): the schema (lib/workflow/schema.ts), then what needs several fields or the
 * project: a binding to a resource the workflow does not declare, `uses` of one, a trigger on an
 * undeclared bus, a function without `functions/<name>/src/index.ts`, an existing resource whose
 * ARN or actions do not fit its kind, and names longer than AWS allows once the environment's
 * prefix is added. Each problem is one line naming the workflow and the field, with the nearest
 * valid name when there is one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { describeIssues, keysAt, nearestName } from '../environments/issues';
import { isExisting, type Binding, type WorkflowDeclaration } from './declaration';
import { ACCOUNT_ID_WIDTH, RESOURCE_KIND_NAMES, RESOURCE_KINDS, resourceOfArn, type ResourceKind } from './kinds';
import { declarationSchema } from './schema';

/** What the checks may know of the project. */
export interface DeclarationContext {
  /** The project root: each function needs `functions/<name>/src/index.ts` there. */
  root?: string;
  /** The environment's `namePrefix`: deployed names must fit AWS's limits with it. */
  namePrefix?: string;
  /** The project's workflows, which `stateMachine('<name>')` may name. */
  workflows?: readonly string[];
  /** The project's components, whose outputs functions may read. */
  components?: readonly string[];
}

/** One problem of a declaration: the workflow (its name, or `workflows[i]` when it has none), the field and the message. */
export interface DeclarationIssue {
  workflow: string;
  field: string[];
  message: string;
}

/** `workflow "orders", field "bindings.Table": message`. */
export const formatIssue = (i: DeclarationIssue): string => `workflow ${i.workflow}${i.field.length ? `, field "${fieldPath(i.field)}"` : ''}: ${i.message}`;

/** `triggers[0].bus` from `['triggers', '0', 'bus']`. */
export const fieldPath = (field: readonly string[]): string => field.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s)).join('');

/** Declarations that do not validate: every problem, one line each. */
export class DeclarationError extends Error {
  constructor(readonly issues: DeclarationIssue[]) {
    super(`Invalid workflow declaration${issues.length === 1 ? '' : 's'}:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`);
    this.name = 'DeclarationError';
  }
}

const NOUNS = RESOURCE_KIND_NAMES.map((k) => RESOURCE_KINDS[k].noun.replace(/ of workflow$/, '')).join(', ');

/** The problems of one declaration (`index`: its place in the registry, to name it when it has no name). */
export function declarationIssues(value: unknown, index: number, ctx: DeclarationContext = {}): DeclarationIssue[] {
  const named = value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string' ? (value as { name: string }).name : undefined;
  const workflow = named !== undefined ? `"${named}"` : `workflows[${index}]`;
  const result = declarationSchema.safeParse(value);
  if (!result.success) {
    const lines: DeclarationIssue[] = [];
    for (const issue of result.error.issues) lines.push(...schemaIssue(issue, value, workflow));
    return lines;
  }
  return new CrossChecks(value as WorkflowDeclaration, workflow, ctx).run();
}

/** The problems of every declaration of a project; throws DeclarationError when there is one. */
export function checkDeclarations(values: readonly unknown[], ctx: DeclarationContext = {}): void {
  const issues = values.flatMap((v, i) => declarationIssues(v, i, ctx));
  const seen = new Map<string, number>();
  values.forEach((v, i) => {
    const name = (v as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string') return;
    if (seen.has(name)) issues.push({ workflow: `"${name}"`, field: ['name'], message: `workflows[${seen.get(name)}] and workflows[${i}] are both named "${name}": each workflow needs its own name (its template and stacks)` });
    else seen.set(name, i);
  });
  if (issues.length) throw new DeclarationError(issues);
}

/** A zod issue as declaration issues: unknown fields with the nearest valid one, an unknown binding kind with the kinds. */
function schemaIssue(issue: z.core.$ZodIssue, value: unknown, workflow: string): DeclarationIssue[] {
  const at = (path: readonly PropertyKey[]) => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
  if (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator === 'kind') {
    const field = issue.path.map(String);
    const holder = at(issue.path.slice(0, -1)) as { kind?: unknown; existing?: { arn?: unknown } } | undefined;
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    if (holder?.existing !== undefined)
      return [{ workflow, field: field.slice(0, -1), message: `existing(${JSON.stringify(holder.existing?.arn)}): not the ARN of a resource a placeholder binds to (${NOUNS}), such as arn:aws:sns:eu-west-1:111122223333:alerts` }];
    const near = typeof holder?.kind === 'string' ? nearestName(holder.kind, options) : undefined;
    return [{ workflow, field, message: `unknown kind ${JSON.stringify(holder?.kind)}${near ? ` (did you mean "${near}"?)` : ''}; the kinds are: ${options.join(', ')}` }];
  }
  // A required field left out (zod: "expected nonoptional" or "expected <type>, received undefined").
  if (issue.code === 'invalid_type' && issue.path.length && at(issue.path) === undefined) return [{ workflow, field: issue.path.map(String), message: 'required field is missing' }];
  return describeIssues([issue], (f) => JSON.stringify(f), (f) => keysAt(declarationSchema, f)).map((line) => {
    const sep = line.indexOf(': ');
    return { workflow, field: JSON.parse(line.slice(0, sep)) as string[], message: line.slice(sep + 2) };
  });
}

/** The names a workflow declares of a kind (its `tables`, `eventBuses`, ...). */
export function declaredNames(w: WorkflowDeclaration, kind: ResourceKind): string[] {
  const field = RESOURCE_KINDS[kind].declaredIn;
  if (!field) return [];
  const declared = w[field];
  return Array.isArray(declared) ? declared : Object.keys(declared ?? {});
}

/** The checks needing several fields, or the project. */
class CrossChecks {
  private readonly issues: DeclarationIssue[] = [];

  constructor(
    private readonly w: WorkflowDeclaration,
    private readonly workflow: string,
    private readonly ctx: DeclarationContext,
  ) {}

  private add(field: string[], message: string) {
    this.issues.push({ workflow: this.workflow, field, message });
  }

  run(): DeclarationIssue[] {
    const w = this.w;
    for (const [placeholder, b] of Object.entries(w.bindings)) this.binding(['bindings', placeholder], b);
    for (const [name, f] of Object.entries(w.functions)) {
      if (this.ctx.root !== undefined && !existsSync(join(this.ctx.root, 'functions', name, 'src', 'index.ts')))
        this.add(['functions', name], `functions/${name}/src/index.ts does not exist: write its handler there (export const handler = async (event) => ...), or remove the function`);
      for (const [variable, use] of Object.entries(f.uses ?? {})) {
        const field = ['functions', name, 'uses', variable];
        this.binding([...field, 'binding'], use.binding);
        this.actions(field, use.binding.kind, use.actions, use.binding.existing?.actions);
      }
      for (const [variable, v] of Object.entries(f.environment ?? {})) if (typeof v !== 'string') this.component(['functions', name, 'environment', variable], v.component);
      (f.readsParameters ?? []).forEach((v, i) => typeof v !== 'string' && this.component(['functions', name, 'readsParameters', String(i)], v.component));
    }
    const buses = declaredNames(w, 'bus');
    (w.triggers ?? []).forEach((t, i) => {
      if (t.kind === 'event' && !buses.includes(t.bus)) this.add(['triggers', String(i), 'bus'], this.undeclared('bus', t.bus, buses));
    });
    if (this.ctx.namePrefix !== undefined) this.names(this.ctx.namePrefix);
    return this.issues;
  }

  private undeclared(kind: ResourceKind, name: string, declared: readonly string[]): string {
    const spec = RESOURCE_KINDS[kind];
    const near = nearestName(name, declared);
    return `${spec.noun} "${name}" is not declared in "${spec.declaredIn}"${near ? ` (did you mean "${near}"?)` : ''}; declared: ${declared.join(', ') || 'none'}${kind === 'function' ? '' : `; an existing one binds with existing('<its ARN>', { actions })`}`;
  }

  private binding(field: string[], b: Binding) {
    if (b.kind === 'value') return;
    if (isExisting(b)) return this.existing(field, b.kind, b.name, b.existing.arn, b.existing.actions);
    if (b.kind === 'stateMachine') {
      const known = this.ctx.workflows;
      if (known && !known.includes(b.name)) {
        const near = nearestName(b.name, known);
        this.add([...field, 'name'], `stateMachine("${b.name}") names no workflow of the project${near ? ` (did you mean "${near}"?)` : ''}; the workflows are: ${known.join(', ')}`);
      }
      return;
    }
    const declared = b.kind === 'function' ? Object.keys(this.w.functions) : declaredNames(this.w, b.kind);
    if (!declared.includes(b.name)) this.add([...field, 'name'], this.undeclared(b.kind, b.name, declared));
  }

  private existing(field: string[], kind: ResourceKind, name: string, arn: string, actions: readonly string[]) {
    const found = resourceOfArn(arn);
    if (!found || found.kind !== kind || found.name !== name) {
      this.add([...field, 'existing', 'arn'], `"${arn}" is not the ARN of a ${RESOURCE_KINDS[kind].noun} named "${name}" (an unqualified ARN: no version, alias, index or key)`);
      return;
    }
    if (kind === 'function' && /:\$LATEST$/.test(arn)) this.add([...field, 'existing', 'arn'], `"${arn}": bind the unqualified function ARN (it runs $LATEST), without ":$LATEST"`);
    if (kind !== 'stateMachine' && declaredNames(this.w, kind).includes(name))
      this.add([...field, 'existing', 'arn'], `the workflow also declares its own ${RESOURCE_KINDS[kind].noun} "${name}" in "${RESOURCE_KINDS[kind].declaredIn}": rename one of them (locally both would be "${name}")`);
    this.actions([...field, 'existing'], kind, actions);
  }

  /** Actions on a resource are of its service; with `within`, among those (what an existing resource allows). */
  private actions(field: string[], kind: ResourceKind, actions: readonly string[], within?: readonly string[]) {
    const service = RESOURCE_KINDS[kind].iamService;
    actions.forEach((a, i) => {
      if (!a.startsWith(`${service}:`)) this.add([...field, 'actions', String(i)], `"${a}" is not an action of ${service}, the service of a ${RESOURCE_KINDS[kind].noun} (e.g. "${service}:...")`);
      else if (within && !within.includes(a)) this.add([...field, 'actions', String(i)], `"${a}" is not among the actions its existing(...) allows (${within.join(', ')})`);
    });
  }

  private component(field: string[], component: string) {
    const known = this.ctx.components;
    if (!known || known.includes(component)) return;
    const near = nearestName(component, known);
    this.add(field, `output of component "${component}", which the project does not register${near ? ` (did you mean "${near}"?)` : ''}; its components: ${known.join(', ') || 'none'} (components in workflows/index.ts)`);
  }

  /** Every deployed name within AWS's limits, with the environment's prefix. */
  private names(namePrefix: string) {
    const w = this.w;
    const parts = { environment: namePrefix, workflow: `${namePrefix}-${w.name}`, accountId: ACCOUNT_ID_WIDTH };
    const fit = (field: string[], what: string, name: string, max: number, shorten: string) => {
      if (name.length > max) this.add(field, `${what} would be named "${name}" (${name.length} characters) where AWS allows ${max}: ${shorten}`);
    };
    fit(['name'], 'the state machine', RESOURCE_KINDS.stateMachine.deployedName.of(parts, w.name), 80, 'shorten the workflow\'s name');
    // EventBridge rule names (`<prefix>-<workflow>-<kind>-<n>`) are at most 64 characters.
    (w.triggers ?? []).forEach((t, i) => fit(['triggers', String(i)], `trigger ${i + 1}'s rule`, `${parts.workflow}-${t.kind}-${i + 1}`, 64, "shorten the workflow's name"));
    for (const kind of RESOURCE_KIND_NAMES) {
      const spec = RESOURCE_KINDS[kind];
      if (!spec.declaredIn || kind === 'stateMachine') continue;
      const declared = spec.declaredIn === 'functions' ? w.functions : w[spec.declaredIn];
      const entries: Array<[string, { fifo?: boolean }]> = Array.isArray(declared) ? declared.map((n) => [n, {}]) : Object.entries(declared ?? {});
      for (const [name, options] of entries) {
        const field = [spec.declaredIn, ...(Array.isArray(declared) ? [String(declared.indexOf(name))] : [name])];
        const { deployedName } = spec;
        if (!deployedName.pattern.test(name)) this.add(field, `a ${spec.noun}'s name may hold ${deployedName.allowed}, not "${name}"`);
        else fit(field, `the ${spec.noun} "${name}"`, deployedName.of(parts, name, options), deployedName.max, `shorten "${name}" (or the workflow's name)`);
      }
    }
  }
}
