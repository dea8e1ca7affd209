/**
 * What `sfn new NAME [--from EXPORT]` decides before writing anything: the template, what each
 * placeholder is bound to (a resource the workflow's stack creates, or an existing one by its ARN
 * with `--existing`), the names of what it declares (within AWS's limits, `--rename` to choose),
 * the handlers and the sample input. The result is checked as synth and `sfn validate` check a
 * declaration (lib/workflow/check.ts, lib/workflow/verify.ts) before a file is written.
 */
import { importExport, verifyRoundTrip, type ImportedPlaceholder } from '../../asl/import';
import { baseName, NameAllocator } from '../../asl/import/naming';
import { firstItemAttributes, tableKeys } from '../../asl/import/table-keys';
import type { Problem } from '../../asl/problem';
import { Template } from '../../asl/template';
import { derivePermissions } from '../../asl/permissions';
import type { Binding, WorkflowDeclaration } from '../../workflow/declaration';
import { RESOURCE_KINDS, type ResourceKind } from '../../workflow/kinds';
import { templatePath } from '../../workflow/template';
import { bindingInfos } from '../../workflow/verify';
import { UsageError } from '../io';
import { commonPrefix, declaredName, nameBudget, shorten, uniqueName } from './names';
import type { DeclarationModel } from './render';
import { sampleInputOf } from './sample-input';
import { sampleResultOf } from './sample-result';

export interface PlanOptions {
  name: string;
  /** Every environment's `namePrefix`: names must fit AWS's limits in each. */
  namePrefixes: readonly string[];
  /** The default environment's region (the data of `value(env.region)`). */
  region: string;
  /** `--existing SELECTOR[=ARN]`: a placeholder, or a kind (`topic`), or `all`, bound to the existing resource. */
  existing: ReadonlyMap<string, string | undefined>;
  /** `--rename OLD=NEW`: a placeholder or a declared name, and the name to declare instead. */
  renames: ReadonlyMap<string, string>;
  /** Folders of `functions/` already there (never overwritten). */
  takenFunctions: ReadonlySet<string>;
  /** The project's workflows (another workflow's state machine binds with `stateMachine('<name>')`). */
  workflows: readonly string[];
}

/** One line of what was decided: a placeholder and its binding, or a note. */
export interface Decision {
  placeholder: string;
  code: string;
  why: string;
}

export interface Plan {
  template: string;
  model: DeclarationModel;
  /** The declaration as data (what the checks, the docs and the local engine read). */
  declaration: WorkflowDeclaration;
  helpers: Set<string>;
  usesEnv: boolean;
  /**
   * Handlers to write: folder, the states using it, `result`: what the workflow reads of its result
   * (what the handler returns; undefined: nothing, it returns its event); `greeting`: the typed example of a new workflow.
   */
  handlers: Array<{ folder: string; states: string[]; result?: unknown; greeting?: boolean }>;
  decisions: Decision[];
  /** What the import left unchanged, located in the export. */
  notes: Problem[];
}

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const DEFAULT_RETRY_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/** A new workflow without an export: one Lambda Task with Retry, as Workflow Studio writes it (statemachine/hello.asl.json's shape). */
export function defaultPlan(o: PlanOptions): Plan {
  const budget = nameBudget('function', o.name, o.namePrefixes);
  if (budget < 1) throw new UsageError(`workflow name "${o.name}" is too long: its functions' names would not fit Lambda's 64 characters; choose a shorter NAME`);
  const folder = uniqueName(shorten(o.renames.get(o.name) ?? o.name, budget), o.takenFunctions, budget);
  const placeholder = baseName('function', 'arn', folder);
  const template = {
    Comment: `${o.name}: invokes the ${folder} function with the execution input and returns what it returns`,
    StartAt: 'Lambda Invoke',
    States: {
      'Lambda Invoke': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        OutputPath: '$.Payload',
        Parameters: { 'Payload.$': '$', FunctionName: `\${${placeholder}}` },
        Retry: [{ ErrorEquals: DEFAULT_RETRY_ERRORS, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' }],
        End: true,
      },
    },
  };
  const description = `Invokes the ${folder} function with the execution input`;
  const model: DeclarationModel = {
    name: o.name,
    description,
    functions: [{ folder, description: `Greets whoever the input names` }],
    bindings: [{ placeholder, code: `fn(${q(folder)})` }],
    resources: [],
    sampleInput: { name: 'Ada' },
  };
  const declaration: WorkflowDeclaration = { name: o.name, description, functions: { [folder]: { description: model.functions[0].description, timeout: 10 } }, bindings: { [placeholder]: { kind: 'function', name: folder } }, sampleInput: model.sampleInput };
  return {
    template: `${JSON.stringify(template, null, 2)}\n`,
    model,
    declaration,
    helpers: new Set(['fn']),
    usesEnv: false,
    handlers: [{ folder, states: ['Lambda Invoke'], greeting: true }],
    decisions: [{ placeholder, code: `fn(${q(folder)})`, why: `function functions/${folder}, created by the stack` }],
    notes: [],
  };
}

/** The ARN of an imported identifier, when the export shows it (a queue URL gives it too), for `existing(...)`. */
function arnOf(p: ImportedPlaceholder): string | undefined {
  const v = String(p.value);
  if (p.form === 'arn') return v.replace(/:\$LATEST$/, '');
  const url = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/]+)$/.exec(v);
  return url ? `arn:aws:sqs:${url[1]}:${url[2]}:${url[3]}` : undefined;
}

const isResource = (p: ImportedPlaceholder) => !p.renderedForm && p.resource !== undefined && !['region', 'account', 'kept'].includes(p.kind);

/** The template text with its placeholders renamed (`renames`: old name to new), at their offsets. */
export function renamePlaceholders(text: string, file: string, renames: ReadonlyMap<string, string>): string {
  let out = text;
  for (const p of [...Template.parse(text, file).placeholders].sort((a, b) => b.offset - a.offset)) {
    const renamed = renames.get(p.name);
    if (renamed === undefined || renamed === p.name) continue;
    const end = out.indexOf('}', p.offset) + 1;
    out = `${out.slice(0, p.offset)}\${${renamed}}${out.slice(end)}`;
  }
  return out;
}

/** One plan from an export: see the module comment. */
export class ExportPlanner {
  private readonly model: DeclarationModel;
  private readonly bindings: Record<string, Binding> = {};
  private readonly declared: Partial<Record<ResourceKind, Map<string, Record<string, unknown>>>> = {};
  private readonly helpers = new Set<string>();
  private readonly decisions: Decision[] = [];
  private readonly handlers = new Map<string, string[]>();
  private usesEnv = false;
  /** The declared name of each resource placeholder (by its new name), and of each exported resource (`kind|name`). */
  private readonly declaredOf = new Map<string, string>();
  private readonly byExported = new Map<string, string>();
  private readonly existing = new Set<string>();
  /** `--existing PLACEHOLDER=ARN`: the ARN given for a placeholder (by its new name). */
  private readonly existingArns = new Map<string, string>();
  /** Partition keys guessed from the first attribute PutItem writes, by exported table name. */
  private readonly guessedKeys = new Map<string, [string, string]>();

  constructor(
    private readonly o: PlanOptions,
    private readonly exportText: string,
    private readonly exportFile: string,
  ) {
    this.model = { name: o.name, description: `Imported from ${exportFile.replace(/^.*[/\\]/, '')}`, functions: [], bindings: [], resources: [], sampleInput: {} };
  }

  plan(): Plan {
    const result = importExport(this.exportText, this.exportFile, { target: templatePath(this.o.name), prefixes: this.o.namePrefixes.flatMap((p) => [`${p}-${this.o.name}-`, `${p}-`]) });
    const errors = result.problems.filter((p) => p.severity !== 'warning');
    if (errors.length) throw new ExportError(errors);
    const prefix = commonPrefix(result.placeholders.filter(isResource).map((p) => p.exportedName ?? p.resource ?? ''));
    const placeholders = this.nameAll(result.placeholders, prefix);
    const renames = new Map(result.placeholders.map((p, i) => [p.name, placeholders[i].name]));
    const text = renamePlaceholders(result.text, templatePath(this.o.name), renames);
    const values = Object.fromEntries(placeholders.map((p) => [p.name, p.value]));
    verifyRoundTrip(text, templatePath(this.o.name), values, result.source.value);
    const template = Template.parse(text, templatePath(this.o.name));
    const definition = template.renderValue(values);
    const invokers = placeholderStates(template);
    const keys = tableKeys(definition);
    for (const [table, attribute] of firstItemAttributes(definition)) if (!keys.has(table)) this.guessedKeys.set(table, attribute);
    for (const p of placeholders) if (!this.existing.has(p.name)) this.bind(p, invokers, keys);
    // The existing ones need the actions their tasks need: derived with the others bound.
    const existing = placeholders.filter((p) => this.existing.has(p.name));
    const actions = this.derivedActions(template, definition, existing);
    for (const p of existing) this.bindExisting(p, actions.get(p.name) ?? []);
    this.model.sampleInput = sampleInputOf(definition);
    const handlers = this.handlersOf(template, definition);
    this.model.resources = (Object.keys(this.declared) as ResourceKind[]).flatMap((kind) => [...(this.declared[kind] ?? [])].map(([name, options]) => ({ kind, name, options })));
    return {
      template: text,
      model: this.model,
      declaration: this.declaration(),
      helpers: this.helpers,
      usesEnv: this.usesEnv,
      handlers,
      decisions: this.decisions,
      notes: [...result.problems.filter((p) => p.severity === 'warning'), ...result.notes],
    };
  }

  /** The handlers, each with what the workflow reads of its function's result (see Plan), its description saying what it returns. */
  private handlersOf(template: Template, definition: unknown): Plan['handlers'] {
    const tasks = new Map<string, string[]>();
    for (const [placeholder, states] of invokingStates(template)) {
      const b = this.bindings[placeholder];
      if (b?.kind === 'function') tasks.set(b.name, [...(tasks.get(b.name) ?? []), ...states]);
    }
    return [...this.handlers].map(([folder, states]) => {
      const result = sampleResultOf(definition, tasks.get(folder) ?? []);
      const f = this.model.functions.find((x) => x.folder === folder);
      if (f && result !== undefined) f.description = f.description.replace('returns its event', 'returns what the workflow reads of its result');
      return { folder, states, result };
    });
  }

  /**
   * Names every placeholder after what it is bound to (`ReserveFlightFunctionArn` for function
   * `reserve-flight`), choosing the declared names first; plain values keep the import's names.
   */
  private nameAll(placeholders: readonly ImportedPlaceholder[], prefix: string): ImportedPlaceholder[] {
    const names = new NameAllocator();
    return placeholders.map((p) => {
      if (!isResource(p)) {
        // A resource kept as a value (its form inside a longer string) is named after it too.
        const base = p.renderedForm && p.resource !== undefined ? baseName(p.kind as ResourceKind, p.form ?? 'arn', declaredName(p.kind as ResourceKind, p.resource, prefix)) : p.name;
        return { ...p, name: names.nameFor(`value|${p.name}`, base) };
      }
      const kind = p.kind as ResourceKind;
      const auto = declaredName(kind, p.resource as string, prefix);
      const autoPlaceholder = baseName(kind, p.form ?? 'arn', auto);
      const asked = [autoPlaceholder, p.name, kind, 'all'].some((k) => this.o.existing.has(k));
      // Another state machine is another stack's, unless it is a workflow of this project.
      const existing = asked || (kind === 'stateMachine' && !this.o.workflows.includes(this.renamed(p, auto, autoPlaceholder) ?? auto));
      const declared = existing ? auto : this.declaredNameOf(p, auto, autoPlaceholder);
      // A resource named after its kind alone (`topic`) is `${TopicArn}`, not `${TopicTopicArn}`.
      const word = RESOURCE_KINDS[kind].word;
      const name = names.nameFor(`${kind}|${p.form}|${String(p.value)}`, baseName(kind, p.form ?? 'arn', declared).replace(`${word}${word}`, word));
      if (existing) this.existing.add(name);
      const arn = [autoPlaceholder, name, p.name].map((k) => this.o.existing.get(k)).find((a) => a !== undefined);
      if (arn !== undefined) this.existingArns.set(name, arn);
      this.declaredOf.set(name, declared);
      return { ...p, name };
    });
  }

  /** The name `--rename` gives a placeholder's resource: by its placeholder (the import's or the printed one), its declared name or its exported name. */
  private renamed(p: ImportedPlaceholder, auto: string, autoPlaceholder: string): string | undefined {
    const r = this.o.renames;
    return r.get(autoPlaceholder) ?? r.get(p.name) ?? r.get(auto) ?? r.get(p.resource ?? '');
  }

  /** The declared name of a resource the workflow creates: renamed, or its cleaned exported name, within AWS's limits and unique. */
  private declaredNameOf(p: ImportedPlaceholder, auto: string, autoPlaceholder: string): string {
    const kind = p.kind as ResourceKind;
    const spec = RESOURCE_KINDS[kind];
    const key = `${kind}|${p.resource}`;
    const known = this.byExported.get(key);
    if (known !== undefined) return known;
    const fifo = /\.fifo$/.test(p.exportedName ?? '');
    const taken = new Set([...this.byExported].filter(([k]) => k.startsWith(`${kind}|`)).map(([, v]) => v));
    if (kind === 'function') for (const f of this.o.takenFunctions) taken.add(f);
    const budget = nameBudget(kind, this.o.name, this.o.namePrefixes, { fifo });
    if (budget < 1) throw new UsageError(`workflow name "${this.o.name}" is too long for the ${spec.noun} ${p.resource}: choose a shorter NAME`);
    const wanted = this.renamed(p, auto, autoPlaceholder);
    if (wanted !== undefined && (wanted.length > budget || taken.has(wanted)))
      throw new UsageError(`--rename ...=${wanted}: ${taken.has(wanted) ? `a ${spec.noun} "${wanted}" exists already` : `too long: a ${spec.noun} of workflow "${this.o.name}" may have ${budget} characters`}`);
    const name = wanted ?? uniqueName(shorten(auto, budget), taken, budget);
    this.byExported.set(key, name);
    return name;
  }

  private decide(placeholder: string, code: string, binding: Binding, why: string) {
    this.model.bindings.push({ placeholder, code });
    this.bindings[placeholder] = binding;
    this.decisions.push({ placeholder, code, why });
  }

  /** A value, or a resource the workflow declares (a function with its handler). */
  private bind(p: ImportedPlaceholder, invokers: Map<string, string[]>, keys: Map<string, Array<[string, string]>>) {
    const shown = typeof p.value === 'string' ? p.value : JSON.stringify(p.value);
    if (p.kind === 'region') {
      this.helpers.add('value');
      this.usesEnv = true;
      return this.decide(p.name, 'value(env.region)', { kind: 'value', value: this.o.region }, `the environment's region (exported: ${shown})`);
    }
    if (!isResource(p)) {
      this.helpers.add('value');
      const why = p.renderedForm ? `a ${p.kind} ${p.form} inside a longer string: kept as exported` : p.kind === 'account' ? 'the account id, as exported' : 'kept as exported';
      return this.decide(p.name, `value(${q(shown)})`, { kind: 'value', value: p.value }, why);
    }
    const kind = p.kind as ResourceKind;
    const spec = RESOURCE_KINDS[kind];
    const name = this.declaredOf.get(p.name) as string;
    const fifo = /\.fifo$/.test(p.exportedName ?? '');
    const first = !(this.declared[kind]?.has(name) || this.handlers.has(name) && kind === 'function');
    const exported = p.exportedName ?? '';
    const guessed = !keys.has(exported) ? this.guessedKeys.get(exported) : undefined;
    if (first) this.declare(kind, name, fifo, keys.get(exported) ?? (guessed ? [guessed] : undefined), invokers.get(p.name) ?? []);
    const keyNote = kind !== 'table' ? '' : keys.has(exported) ? ', keys as its Key fields show them' : guessed ? `, partition key ${guessed[0]} guessed from the first attribute PutItem writes` : ', partition key id (the export shows none: set it)';
    this.helpers.add(spec.helper);
    const prefix = this.o.namePrefixes[0] ?? 'sfn';
    const deployed = spec.deployedName.of({ environment: prefix, workflow: `${prefix}-${this.o.name}`, accountId: '<account>' }, name, { fifo });
    const where = kind === 'function' ? `functions/${name}` : `"${spec.declaredIn}"`;
    this.decide(p.name, `${spec.helper}(${q(name)})`, { kind, name } as Binding, `${spec.noun} ${name} (${where}), created by the stack as ${deployed}${keyNote}; exported: ${shown}`);
  }

  private declare(kind: ResourceKind, name: string, fifo: boolean, keys: Array<[string, string]> | undefined, states: string[]) {
    if (kind === 'function') {
      this.model.functions.push({ folder: name, description: `Invoked by ${states.map((s) => `"${s}"`).join(', ') || 'the workflow'} (written by sfn new: returns its event)` });
      this.handlers.set(name, states);
      return;
    }
    const options: Record<string, unknown> = {};
    if (kind === 'table') {
      const attr = ([n, type]: [string, string]) => ({ name: n, type });
      options.partitionKey = keys?.length ? attr(keys[0]) : { name: 'id', type: 'S' };
      if (keys && keys.length > 1) options.sortKey = attr(keys[1]);
    }
    if (fifo && (kind === 'queue' || kind === 'topic')) options.fifo = true;
    (this.declared[kind] ??= new Map()).set(name, options);
  }

  /** The actions the template's tasks need on each existing placeholder (derived as synth derives them). */
  private derivedActions(template: Template, definition: unknown, existing: ImportedPlaceholder[]): Map<string, string[]> {
    const w = this.declaration();
    for (const p of existing) w.bindings[p.name] = { kind: p.kind as Exclude<ResourceKind, 'function'>, name: p.resource ?? p.name };
    const derived = derivePermissions({ template, definition, bindings: bindingInfos(w) });
    const actions = new Map<string, string[]>();
    for (const s of derived.statements)
      for (const r of s.resources) if ('binding' in r) actions.set(r.binding, [...new Set([...(actions.get(r.binding) ?? []), ...s.actions])]);
    return actions;
  }

  private bindExisting(p: ImportedPlaceholder, actions: string[]) {
    const arn = this.existingArns.get(p.name) ?? arnOf(p);
    const shown = String(p.value);
    if (!actions.length) {
      this.helpers.add('value');
      return this.decide(p.name, `value(${q(shown)})`, { kind: 'value', value: p.value }, `an existing ${RESOURCE_KINDS[p.kind as ResourceKind].noun} no task acts on: kept as exported`);
    }
    if (arn === undefined) throw new UsageError(`--existing ${p.name}: the export names it without its ARN (${shown}); give it: --existing ${p.name}=arn:...`);
    this.helpers.add('existing');
    const code = `existing(${q(arn)}, { actions: [${actions.map(q).join(', ')}] })`;
    const kind = p.kind as Exclude<ResourceKind, 'function'>;
    const why = `existing ${RESOURCE_KINDS[kind].noun.replace(/ of workflow$/, '')} (another stack's${p.kind === 'stateMachine' ? '' : ', --existing'}): its ARN, and the actions its tasks need`;
    this.decide(p.name, code, { kind, name: p.resource ?? '', existing: { arn, actions } } as Binding, why);
  }

  /** The declaration as data. */
  private declaration(): WorkflowDeclaration {
    const m = this.model;
    const w: Record<string, unknown> = {
      name: m.name,
      description: m.description,
      functions: Object.fromEntries(m.functions.map((f) => [f.folder, { description: f.description, timeout: 10 }])),
      bindings: { ...this.bindings },
      sampleInput: m.sampleInput,
    };
    for (const [kind, entries] of Object.entries(this.declared) as Array<[ResourceKind, Map<string, Record<string, unknown>>]>) {
      const spec = RESOURCE_KINDS[kind];
      if (!spec.declaredIn) continue;
      w[spec.declaredIn] = spec.declaration?.shape === 'names' ? [...entries.keys()] : Object.fromEntries(entries);
    }
    return w as unknown as WorkflowDeclaration;
  }
}

/** An export that is not a valid definition: its problems, located in it. */
export class ExportError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the export`);
    this.name = 'ExportError';
  }
}

/** The Task states invoking each placeholder's function (in their Resource, or the FunctionName of lambda:invoke). */
function invokingStates(template: Template): Map<string, string[]> {
  const states = new Map<string, string[]>();
  for (const p of template.placeholders) {
    const m = /\/States\/([^/]+)\/(?:Resource|Parameters\/FunctionName)$/.exec(p.pointer);
    if (m) states.set(p.name, [...(states.get(p.name) ?? []), m[1].replace(/~1/g, '/').replace(/~0/g, '~')]);
  }
  return states;
}

/** The states each placeholder is used in, in document order (the states invoking a function). */
function placeholderStates(template: Template): Map<string, string[]> {
  const states = new Map<string, string[]>();
  for (const p of template.placeholders) {
    const m = /\/States\/([^/]+)(?!.*\/States\/)/.exec(p.pointer);
    if (!m) continue;
    const state = m[1].replace(/~1/g, '/').replace(/~0/g, '~');
    const list = states.get(p.name) ?? [];
    if (!list.includes(state)) list.push(state);
    states.set(p.name, list);
  }
  return states;
}
