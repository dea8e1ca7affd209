/**
 * Derives the IAM statements a state machine needs from its rendered definition: every Task
 * state (nested ones in Parallel branches and Map item processors included) is looked up in
 * the integration table, its target read from the parameter that names it, and that parameter
 * must be a placeholder bound to a resource of the right kind. A target only known at run time
 * (a JSONPath or JSONata value, a literal or plain-value ARN) is an error located in the
 * template, unless an explicit grant names the state.
 */
import { locate, qualifiedArn, standIns } from '../check';
import { pointerSegment, type Problem } from '../problem';
import type { Template } from '../template';
import { formOfField, RESOURCE_KINDS, type Form, type ResourceKind } from '../../workflow/kinds';
import {
  INTEGRATIONS,
  ITEM_READER_APIS,
  RESULT_WRITER_ACTIONS,
  RESULT_WRITER_KMS,
  S3_SDK_APIS,
  SDK_ACTION_EXCEPTIONS,
  SDK_TARGETS,
  type BindingKind,
  type Integration,
  type IntegrationPattern,
  type ResourceRef,
  type S3Access,
  type TargetField,
} from './table';
import { merge, validateGrants, type DerivedStatement, type Grant } from './statements';

export type { DerivedStatement, Grant } from './statements';

/**
 * What a placeholder is bound to. `encrypted`: the resource has a customer managed KMS key.
 * `allowed`: an existing resource, on which the state machine may perform only these actions.
 */
export interface BindingInfo {
  kind: BindingKind;
  encrypted?: boolean;
  allowed?: readonly string[];
}

export type { Form } from '../../workflow/kinds';

export interface Derivation {
  statements: DerivedStatement[];
  /** The form each typed placeholder takes, from the field it fills. */
  forms: Record<string, Form>;
  /** Errors located in the template. */
  problems: Problem[];
  /** Errors in the explicit grants. */
  grantErrors: string[];
}

export interface DeriveInput {
  template: Template;
  /** The definition rendered with values or typed stand-ins. */
  definition: unknown;
  bindings: Record<string, BindingInfo>;
  grants?: Grant[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export { formOfField };

const lastSegment = (pointer: string) => (pointer.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
const isJsonata = (v: unknown) => typeof v === 'string' && /^\{%[\s\S]*%\}$/.test(v);

/** IAM action of an SDK API: `<prefix>:<Api>`. */
export function sdkAction(service: string, api: string): string {
  const prefix = SDK_TARGETS[service]?.prefix ?? service;
  return SDK_ACTION_EXCEPTIONS[`${service}:${api}`] ?? `${prefix}:${api.charAt(0).toUpperCase()}${api.slice(1)}`;
}

/** One derivation: walks the definition's states, reading each Task's target and granting what its integration needs. */
class Deriver {
  readonly problems: Problem[] = [];
  readonly statements: DerivedStatement[] = [];
  readonly stateNames = new Set<string>();
  private readonly covered = new Map<string, Grant[]>();
  private readonly file: string;

  constructor(
    private readonly template: Template,
    private readonly bindings: Record<string, BindingInfo>,
    grants: readonly Grant[],
  ) {
    this.file = template.file;
    for (const g of grants) for (const s of g.states ?? []) this.covered.set(s, [...(this.covered.get(s) ?? []), g]);
  }

  private problem(pointer: string, message: string, atKey = false) {
    const { line, column } = locate(this.template, { pointer, atKey });
    this.problems.push({ file: this.file, line, column, pointer, message });
  }

  private add(from: string, actions: string[], resources: DerivedStatement['resources'], viaService?: string, condition?: DerivedStatement['condition']): void {
    this.statements.push({ sid: '', actions, resources, viaService, ...(condition ? { condition } : {}), from: [from] });
    for (const r of resources) if ('binding' in r) this.withinAllowed(from, r.binding, actions);
  }

  /** An existing resource: the actions a task needs on it must be among those its declaration allows. */
  private withinAllowed(from: string, placeholder: string, actions: string[]) {
    const allowed = this.bindings[placeholder]?.allowed;
    const missing = allowed ? actions.filter((a) => !allowed.includes(a)) : [];
    if (!missing.length) return;
    const state = stateOf(from);
    const noun = RESOURCE_KINDS[this.bindings[placeholder].kind as ResourceKind].noun;
    this.problem(
      from,
      `state "${state}" needs ${missing.join(', ')} on \${${placeholder}}, an existing ${noun}, which its existing(...) does not allow (${allowed?.join(', ')}): add ${missing.map((a) => `'${a}'`).join(', ')} to its actions in the workflow's declaration`,
    );
  }

  /** A target that cannot be known at synth time: an error unless a grant names the state with the actions it needs. */
  private unknownTarget(state: string, pointer: string, what: string, actions: string[] | undefined, atKey = false) {
    const grantsFor = this.covered.get(state) ?? [];
    if (grantsFor.length) {
      const given = new Set(grantsFor.flatMap((g) => g.actions));
      const missing = (actions ?? []).filter((a) => !given.has(a));
      if (!missing.length) return;
      this.problem(pointer, `state "${state}": ${what}; the grants naming this state lack ${missing.join(', ')}`, atKey);
      return;
    }
    const resources = literalTargets(this.template, pointer).map((r) => `'${r}'`);
    const example = `grants: [{ states: ['${state}'], actions: [${(actions ?? ['<service>:<Action>']).map((a) => `'${a}'`).join(', ')}], resources: [${resources.join(', ') || "'<ARN>'"}] }]`;
    this.problem(
      pointer,
      `state "${state}": ${what}, so the permission it needs cannot be derived at synth time; bind it to a typed placeholder, or add to the workflow's declaration ${example}${resources.length ? '' : ' (the ARN of every resource it may reach)'}`,
      atKey,
    );
  }

  /** Reads the target of `field` in a Task state; returns the placeholder it is bound to, or reports why not. */
  private targetOf(state: string, statePtr: string, s: Json, target: TargetField, actions: string[]): Array<string | ResourceRef> {
    const containerName = s.Arguments !== undefined ? 'Arguments' : 'Parameters';
    const container = s[containerName];
    const containerPtr = `${statePtr}/${containerName}`;
    const where = (path: string) => `${containerName}.${path}`;
    if (isJsonata(container)) {
      this.unknownTarget(state, containerPtr, `${containerName} is a JSONata expression, so ${target.field} is only known at run time`, actions);
      return [];
    }
    const one = (obj: Json, ptr: string, path: string): string | ResourceRef | undefined => {
      if (obj && typeof obj === 'object' && `${target.field}.$` in obj) {
        this.unknownTarget(state, `${ptr}/${pointerSegment(`${target.field}.$`)}`, `${where(`${path}.$`)} is a JSONPath ("${obj[`${target.field}.$`]}")`, actions, true);
        return undefined;
      }
      const value = obj && typeof obj === 'object' ? obj[target.field] : undefined;
      const fieldPtr = `${ptr}/${pointerSegment(target.field)}`;
      if (value === undefined) {
        if (target.whenAbsent) return target.whenAbsent;
        this.problem(ptr === containerPtr && container === undefined ? statePtr : ptr, `state "${state}": ${where(path)} is missing: it names the ${target.kind} this task needs`);
        return undefined;
      }
      if (isJsonata(value)) {
        this.unknownTarget(state, fieldPtr, `${where(path)} is a JSONata expression (${JSON.stringify(value)})`, actions);
        return undefined;
      }
      return this.boundPlaceholder(state, fieldPtr, where(path), target.kind, actions);
    };
    if (!target.each) {
      const t = one(container, containerPtr, target.field);
      return t === undefined ? [] : [t];
    }
    if (container && typeof container === 'object' && `${target.each}.$` in container) {
      this.unknownTarget(state, `${containerPtr}/${pointerSegment(`${target.each}.$`)}`, `${where(`${target.each}.$`)} is a JSONPath, so each ${target.field} is only known at run time`, actions, true);
      return [];
    }
    const list = container?.[target.each];
    if (!Array.isArray(list)) {
      this.unknownTarget(state, `${containerPtr}/${target.each}`, `${where(target.each)} is not an array of entries`, actions);
      return [];
    }
    return list
      .map((entry: Json, i: number) => one(entry, `${containerPtr}/${target.each}/${i}`, `${target.each}[${i}].${target.field}`))
      .filter((t): t is string | ResourceRef => t !== undefined);
  }

  /** The placeholder filling the whole string at `pointer`, bound to a resource of `kind`; reports anything else. */
  private boundPlaceholder(state: string, pointer: string, where: string, kind: TargetField['kind'], actions: string[]): string | undefined {
    const here = this.template.placeholders.filter((p) => p.pointer === pointer && !p.inKey);
    if (!here.length) {
      this.unknownTarget(state, pointer, `${where} is a literal, not bound to a ${kind} of this project`, actions);
      return undefined;
    }
    // A function may carry a version or alias after its ARN ("${Fn}:live"): the grant covers `<arn>:*`.
    if (here.length > 1 || !(here[0].whole || (kind === 'function' && qualifiedArn(this.template, here[0])))) {
      this.problem(pointer, `state "${state}": ${where} must be exactly one placeholder bound to a ${kind} ("\${Name}"), so that its permission can be derived`);
      return undefined;
    }
    const name = here[0].name;
    const bound = this.bindings[name];
    if (!bound || bound.kind === 'value') {
      this.unknownTarget(state, pointer, `${where} is \${${name}}, bound to a plain value rather than a ${kind}`, actions);
      return undefined;
    }
    if (bound.kind !== kind) {
      this.problem(pointer, `state "${state}": ${where} needs a ${kind}, but \${${name}} is bound to a ${bound.kind}`);
      return undefined;
    }
    return name;
  }

  private grantOn(from: string, target: string | ResourceRef, actions: string[], kms?: Integration['kms']) {
    if (typeof target !== 'string') return this.add(from, actions, [target]);
    const kind = this.bindings[target].kind as ResourceKind;
    this.add(from, actions, RESOURCE_KINDS[kind].grantSuffixes.map((suffix) => (suffix ? { binding: target, suffix } : { binding: target })));
    if (kms && this.bindings[target].encrypted) this.add(from, kms.actions, [{ kmsKeyOf: target }], kms.viaService);
  }

  /** The string at `field` of the Parameters/Arguments of `holder` when it is a literal (no placeholder, JSONPath or JSONata). */
  private literalField(holder: Json, holderPtr: string, field: string): string | undefined {
    const containerName = holder?.Arguments !== undefined ? 'Arguments' : 'Parameters';
    const value = holder?.[containerName]?.[field];
    if (typeof value !== 'string' || isJsonata(value)) return undefined;
    const ptr = `${holderPtr}/${containerName}/${pointerSegment(field)}`;
    return this.template.placeholders.some((p) => p.pointer === ptr) ? undefined : value;
  }

  /**
   * The bucket of `CopySource` (`"${Bucket}/key"`): a placeholder bound to a bucket at the start of
   * the string, and the key after it when the rest is literal.
   */
  private copySourceOf(state: string, holder: Json, holderPtr: string, actions: string[]): { bucket: string; key?: string } | undefined {
    const containerName = holder?.Arguments !== undefined ? 'Arguments' : 'Parameters';
    const where = `${containerName}.CopySource`;
    const container = holder?.[containerName];
    const ptr = `${holderPtr}/${containerName}/CopySource`;
    if (isJsonata(container)) return void this.unknownTarget(state, `${holderPtr}/${containerName}`, `${containerName} is a JSONata expression, so CopySource is only known at run time`, actions);
    if (container && typeof container === 'object' && 'CopySource.$' in container)
      return void this.unknownTarget(state, `${ptr}.$`, `${where}.$ is a JSONPath ("${container['CopySource.$']}")`, actions, true);
    const value = container?.CopySource;
    if (typeof value !== 'string') return void this.problem(ptr, `state "${state}": ${where} is missing: it names the bucket and key the copy reads`);
    if (isJsonata(value)) return void this.unknownTarget(state, ptr, `${where} is a JSONata expression (${JSON.stringify(value)})`, actions);
    const here = this.template.placeholders.filter((p) => p.pointer === ptr && !p.inKey);
    const start = this.template.document.valueOffsets.get(ptr);
    const first = here.find((p) => start !== undefined && p.offset === start + 1);
    if (!first) return void this.unknownTarget(state, ptr, `${where} does not start with a placeholder bound to a bucket of this project ("\${Bucket}/key")`, actions);
    const bound = this.bindings[first.name];
    if (!bound || bound.kind === 'value') return void this.unknownTarget(state, ptr, `${where} starts with \${${first.name}}, bound to a plain value rather than a bucket`, actions);
    if (bound.kind !== 'bucket') return void this.problem(ptr, `state "${state}": ${where} needs a bucket, but \${${first.name}} is bound to a ${bound.kind}`);
    const standIn = String(standIns(this.template)[first.name]);
    const rest = here.length === 1 && value.startsWith(standIn) ? value.slice(standIn.length) : undefined;
    return { bucket: first.name, key: rest?.startsWith('/') && rest.length > 1 ? rest.slice(1) : undefined };
  }

  /** Grants S3 accesses on the bucket bound to the `Bucket` field of `holder` (a Task, an ItemReader or a ResultWriter). */
  private s3Grants(state: string, from: string, holder: Json, holderPtr: string, accesses: S3Access[], inventory = false) {
    const allActions = [...new Set(accesses.flatMap((a) => a.actions))];
    let bucket: string | undefined;
    for (const access of accesses) {
      let name: string | undefined;
      let key: string | undefined;
      if (access.bucketField === 'CopySource') {
        const source = this.copySourceOf(state, holder, holderPtr, access.actions);
        if (!source) continue;
        name = source.bucket;
        key = source.key;
      } else {
        if (bucket === undefined) {
          const [t] = this.targetOf(state, holderPtr, holder, { field: 'Bucket', kind: 'bucket' }, allActions);
          if (typeof t !== 'string') return;
          bucket = t;
        }
        name = bucket;
        key = access.keyField ? this.literalField(holder, holderPtr, access.keyField) : undefined;
      }
      if (access.on === 'bucket') {
        const prefix = access.keyField === 'Prefix' ? key : undefined;
        this.add(from, access.actions, [{ binding: name }], undefined, prefix ? { StringLike: { 's3:prefix': [prefix] } } : undefined);
      } else {
        const resources: ResourceRef[] = [];
        if (key === undefined || key === '') resources.push({ binding: name, suffix: '/*' });
        else if (access.keyField === 'Prefix') resources.push({ binding: name, suffix: `/${key}*` });
        else {
          resources.push({ binding: name, suffix: `/${key}` });
          // An S3 inventory manifest (`<dest prefix>/<bucket>/<config>/<YYYY-MM-DDTHH-MMZ>/manifest.json`) lists files under `<dest prefix>/<bucket>/<config>/data/`.
          if (inventory) {
            const m = /^(.*\/)[^/]+\/manifest\.json$/.exec(key);
            resources.push(m ? { binding: name, suffix: `/${m[1]}data/*` } : { binding: name, suffix: '/*' });
          }
        }
        this.add(from, access.actions, resources);
      }
      if (access.kms && this.bindings[name]?.encrypted) this.add(from, access.kms, [{ kmsKeyOf: name }], 's3');
    }
  }

  /** A Distributed Map's ItemReader and ResultWriter: what they read and write in S3 (DISTRIBUTED_MAP_DOC). */
  private distributedMapS3(state: string, sp: string, s: Json) {
    const reader = s.ItemReader;
    if (reader && typeof reader === 'object' && reader.Resource !== undefined) {
      const ptr = `${sp}/ItemReader`;
      const m = typeof reader.Resource === 'string' ? /^arn:[^:]+:states:::s3:([A-Za-z0-9]+)$/.exec(reader.Resource) : null;
      const accesses = m ? ITEM_READER_APIS[m[1]] : undefined;
      if (!accesses) this.unknownTarget(state, `${ptr}/Resource`, `ItemReader.Resource ${JSON.stringify(reader.Resource)} has no entry in the permission table (s3:getObject, s3:listObjectsV2)`, undefined);
      else {
        const config = reader.ReaderConfig ?? {};
        const inventory = config.InputType === 'MANIFEST' || config.ManifestType === 'S3_INVENTORY';
        this.s3Grants(state, ptr, reader, ptr, accesses, inventory);
      }
    }
    const writer = s.ResultWriter;
    if (writer && typeof writer === 'object' && writer.Resource !== undefined) {
      const ptr = `${sp}/ResultWriter`;
      if (typeof writer.Resource !== 'string' || !/^arn:[^:]+:states:::s3:putObject$/.test(writer.Resource))
        return this.unknownTarget(state, `${ptr}/Resource`, `ResultWriter.Resource ${JSON.stringify(writer.Resource)} has no entry in the permission table (s3:putObject)`, undefined);
      const [t] = this.targetOf(state, ptr, writer, { field: 'Bucket', kind: 'bucket' }, RESULT_WRITER_ACTIONS);
      if (typeof t !== 'string') return;
      const prefix = (this.literalField(writer, ptr, 'Prefix') ?? '').replace(/\/+$/, '');
      this.add(ptr, RESULT_WRITER_ACTIONS, [{ binding: t, suffix: prefix ? `/${prefix}/*` : '/*' }]);
      if (this.bindings[t]?.encrypted) this.add(ptr, RESULT_WRITER_KMS, [{ kmsKeyOf: t }], 's3');
    }
  }

  private task(state: string, ptr: string, s: Json) {
    const resource = s.Resource;
    const resourcePtr = `${ptr}/Resource`;
    if (typeof resource !== 'string') return;
    const m = /^arn:[^:]+:states:::(.+?)(\.sync:2|\.sync|\.waitForTaskToken)?$/.exec(resource);
    if (!m) {
      // A Lambda function or an activity, named directly.
      const here = this.template.placeholders.filter((p) => p.pointer === resourcePtr && !p.inKey);
      const one = here.length === 1 ? here[0] : undefined;
      // "${Fn}:live": a version or alias of a function (its grant covers `<arn>:*`).
      const bound = one && (one.whole || (qualifiedArn(this.template, one) && this.bindings[one.name]?.kind === 'function')) ? this.bindings[one.name] : undefined;
      if (bound?.kind === 'function') return this.grantOn(ptr, here[0].name, ['lambda:InvokeFunction']);
      if (bound?.kind === 'activity') return; // The worker polls the activity: the state machine's role needs nothing.
      if (bound && bound.kind !== 'value') return this.problem(resourcePtr, `state "${state}": Resource must be a function or an activity, but \${${here[0].name}} is bound to a ${bound.kind}`);
      return this.unknownTarget(state, resourcePtr, `Resource ${here.length ? `\${${here[0].name}} is bound to a plain value` : `"${resource}" is a literal ARN`}, not to a function or an activity of this project`, /:lambda:/.test(resource) || here.length ? ['lambda:InvokeFunction'] : undefined);
    }
    const [, id, suffix] = m;
    const pattern = (suffix ?? '') as IntegrationPattern;
    const sdk = /^aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)$/.exec(id);
    if (sdk) {
      const [, service, api] = sdk;
      const action = sdkAction(service, api);
      if (service === 's3') {
        const accesses = S3_SDK_APIS[api];
        if (!accesses) return this.unknownTarget(state, resourcePtr, `aws-sdk:s3:${api} has no entry in the permission table (${Object.keys(S3_SDK_APIS).join(', ')})`, [action]);
        return this.s3Grants(state, ptr, s, ptr, accesses);
      }
      const spec = SDK_TARGETS[service];
      if (!spec) return this.unknownTarget(state, resourcePtr, `no target field is known for aws-sdk:${service}`, [action]);
      for (const t of this.targetOf(state, ptr, s, spec.target, [action])) this.grantOn(ptr, t, [action], spec.kms);
      return;
    }
    const integration = INTEGRATIONS.find((i) => i.id === id);
    if (!integration) return this.unknownTarget(state, resourcePtr, `the integration "${id}" has no entry in the permission table`, undefined);
    if (!integration.patterns.includes(pattern))
      return this.problem(resourcePtr, `state "${state}": ${id} does not support the ${pattern || 'request-response'} pattern (supported: ${integration.patterns.map((p) => p || 'request-response').join(', ')})`);
    const actions = integration.actions(pattern);
    for (const t of this.targetOf(state, ptr, s, integration.target, actions)) {
      this.grantOn(ptr, t, actions, integration.kms);
      if (typeof t === 'string') for (const extra of integration.extra?.(pattern, t) ?? []) this.add(ptr, extra.actions, extra.resources);
    }
  }

  walk(states: Json, ptr: string) {
    if (!states || typeof states !== 'object') return;
    for (const [name, s] of Object.entries<Json>(states)) {
      this.stateNames.add(name);
      const sp = `${ptr}/${pointerSegment(name)}`;
      if (!s || typeof s !== 'object') continue;
      if (s.Type === 'Task') this.task(name, sp, s);
      if (s.Type === 'Parallel' && Array.isArray(s.Branches)) s.Branches.forEach((b: Json, i: number) => this.walk(b?.States, `${sp}/Branches/${i}/States`));
      if (s.Type === 'Map') {
        const key = s.ItemProcessor ? 'ItemProcessor' : 'Iterator';
        this.walk(s[key]?.States, `${sp}/${key}/States`);
        if (s.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED') {
          // Child workflow executions of this state machine (DISTRIBUTED_MAP_DOC).
          this.add(sp, ['states:StartExecution'], [{ self: 'stateMachine' }, { self: 'stateMachineQualified' }]);
          this.add(sp, ['states:DescribeExecution', 'states:StopExecution'], [{ self: 'mapRunExecutions' }]);
          this.distributedMapS3(name, sp, s);
        }
      }
    }
  }
}

/** The state a pointer is in: the last `/States/<name>` segment. */
function stateOf(pointer: string): string {
  const m = /\/States\/([^/]+)(?!.*\/States\/)/.exec(pointer);
  return (m?.[1] ?? pointer).replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The ARNs a grant for a literal target must name: a literal ARN (a function's, with its versions
 * and aliases `:*`), none when the value is not one (a JSONPath, a placeholder of a plain value).
 */
function literalTargets(template: Template, pointer: string): string[] {
  const literal = template.document.strings.find((s) => s.pointer === pointer && !s.isKey);
  if (!literal || template.placeholders.some((p) => p.pointer === pointer)) return [];
  const value = JSON.parse(template.document.text.slice(literal.start, literal.end)) as string;
  if (!/^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+/.test(value)) return [];
  return /^arn:[^:]+:lambda:[^:]*:\d{12}:function:[^:]+$/.test(value) ? [value, `${value}:*`] : [value];
}

export function derivePermissions(input: DeriveInput): Derivation {
  const { template, bindings } = input;
  const grants = input.grants ?? [];
  const d = new Deriver(template, bindings, grants);
  d.walk((input.definition as Json)?.States, '/States');
  const { forms, problems: formProblems } = placeholderForms(template, (name) => bindings[name]?.kind);
  const problems = [...d.problems, ...formProblems].sort((a, b) => a.line - b.line || a.column - b.column);
  return { statements: merge(d.statements), forms, problems, grantErrors: validateGrants(grants, d.stateNames) };
}

/**
 * The form of every placeholder bound to a resource, from the field it fills (`formOfField`), or
 * the kind's default form inside a longer string; one placeholder takes one form, a second is a
 * located problem. `kindOf` names the kind each placeholder is bound to ('value' or undefined: not a resource).
 */
export function placeholderForms(template: Template, kindOf: (placeholder: string) => BindingKind | undefined): { forms: Record<string, Form>; problems: Problem[] } {
  const forms: Record<string, Form> = {};
  const problems: Problem[] = [];
  for (const p of template.placeholders) {
    const kind = kindOf(p.name);
    if (kind === undefined || kind === 'value' || p.inKey) continue;
    const form = p.whole ? formOfField(lastSegment(p.pointer), kind) : RESOURCE_KINDS[kind].defaultForm;
    if (forms[p.name] && forms[p.name] !== form)
      problems.push({ file: template.file, line: p.line, column: p.column, pointer: p.pointer, message: `\${${p.name}} stands for a ${kind}'s ${form} here, but for its ${forms[p.name]} elsewhere: bind a placeholder for each` });
    else forms[p.name] = form;
  }
  return { forms, problems };
}
