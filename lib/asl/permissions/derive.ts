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
  STAR_RESOURCE_ACTIONS,
  type BindingKind,
  type Integration,
  type IntegrationPattern,
  type ResourceRef,
  type S3Access,
  type TargetField,
} from './table';

/** What a placeholder is bound to. `encrypted`: the resource has a customer managed KMS key. */
export interface BindingInfo {
  kind: BindingKind;
  encrypted?: boolean;
}

/** An explicit statement given on the state machine (`grants`). */
export interface Grant {
  sid?: string;
  actions: string[];
  resources: string[];
  /** States whose target is only known at run time and that this grant covers. */
  states?: string[];
}

/** A derived statement. A `kmsKeyOf` resource is the bound resource's key, used only through `viaService`. */
export interface DerivedStatement {
  sid: string;
  actions: string[];
  resources: Array<ResourceRef | { kmsKeyOf: string }>;
  /** `kms:ViaService` condition: `<service>.<region>.amazonaws.com`. */
  viaService?: string;
  /** Further conditions (an `s3:prefix` narrowing s3:ListBucket). */
  condition?: Record<string, Record<string, string[]>>;
  /** The states it comes from, by JSON pointer. */
  from: string[];
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
const ACTION = /^[a-z0-9-]+:[A-Za-z][A-Za-z0-9]*$/;

/** IAM action of an SDK API: `<prefix>:<Api>`. */
export function sdkAction(service: string, api: string): string {
  const prefix = SDK_TARGETS[service]?.prefix ?? service;
  return SDK_ACTION_EXCEPTIONS[`${service}:${api}`] ?? `${prefix}:${api.charAt(0).toUpperCase()}${api.slice(1)}`;
}

export function derivePermissions(input: DeriveInput): Derivation {
  const { template, bindings } = input;
  const grants = input.grants ?? [];
  const file = template.file;
  const problems: Problem[] = [];
  const statements: DerivedStatement[] = [];
  const stateNames = new Set<string>();
  const covered = new Map<string, Grant[]>();
  for (const g of grants) for (const s of g.states ?? []) covered.set(s, [...(covered.get(s) ?? []), g]);

  const problem = (pointer: string, message: string, atKey = false) => {
    const { line, column } = locate(template, { pointer, atKey });
    problems.push({ file, line, column, pointer, message });
  };
  const add = (from: string, actions: string[], resources: DerivedStatement['resources'], viaService?: string, condition?: DerivedStatement['condition']): void => {
    statements.push({ sid: '', actions, resources, viaService, ...(condition ? { condition } : {}), from: [from] });
  };

  /** A target that cannot be known at synth time: an error unless a grant names the state with the actions it needs. */
  const unknownTarget = (state: string, pointer: string, what: string, actions: string[] | undefined, atKey = false) => {
    const grantsFor = covered.get(state) ?? [];
    if (grantsFor.length) {
      const given = new Set(grantsFor.flatMap((g) => g.actions));
      const missing = (actions ?? []).filter((a) => !given.has(a));
      if (!missing.length) return;
      problem(pointer, `state "${state}": ${what}; the grants naming this state lack ${missing.join(', ')}`, atKey);
      return;
    }
    const example = `grants: [{ states: ['${state}'], actions: [${(actions ?? ['<service>:<Action>']).map((a) => `'${a}'`).join(', ')}], resources: ['<ARN>'] }]`;
    problem(pointer, `state "${state}": ${what}, so the permission it needs cannot be derived at synth time; bind it to a typed placeholder, or grant it explicitly on the state machine with ${example}`, atKey);
  };

  /** Reads the target of `field` in a Task state; returns the placeholder it is bound to, or reports why not. */
  const targetOf = (state: string, statePtr: string, s: Json, target: TargetField, actions: string[]): Array<string | ResourceRef> => {
    const containerName = s.Arguments !== undefined ? 'Arguments' : 'Parameters';
    const container = s[containerName];
    const containerPtr = `${statePtr}/${containerName}`;
    const where = (path: string) => `${containerName}.${path}`;
    if (isJsonata(container)) {
      unknownTarget(state, containerPtr, `${containerName} is a JSONata expression, so ${target.field} is only known at run time`, actions);
      return [];
    }
    const one = (obj: Json, ptr: string, path: string): string | ResourceRef | undefined => {
      if (obj && typeof obj === 'object' && `${target.field}.$` in obj) {
        unknownTarget(state, `${ptr}/${pointerSegment(`${target.field}.$`)}`, `${where(`${path}.$`)} is a JSONPath ("${obj[`${target.field}.$`]}")`, actions, true);
        return undefined;
      }
      const value = obj && typeof obj === 'object' ? obj[target.field] : undefined;
      const fieldPtr = `${ptr}/${pointerSegment(target.field)}`;
      if (value === undefined) {
        if (target.whenAbsent) return target.whenAbsent;
        problem(ptr === containerPtr && container === undefined ? statePtr : ptr, `state "${state}": ${where(path)} is missing: it names the ${target.kind} this task needs`);
        return undefined;
      }
      if (isJsonata(value)) {
        unknownTarget(state, fieldPtr, `${where(path)} is a JSONata expression (${JSON.stringify(value)})`, actions);
        return undefined;
      }
      return boundPlaceholder(state, fieldPtr, where(path), target.kind, actions);
    };
    if (!target.each) {
      const t = one(container, containerPtr, target.field);
      return t === undefined ? [] : [t];
    }
    if (container && typeof container === 'object' && `${target.each}.$` in container) {
      unknownTarget(state, `${containerPtr}/${pointerSegment(`${target.each}.$`)}`, `${where(`${target.each}.$`)} is a JSONPath, so each ${target.field} is only known at run time`, actions, true);
      return [];
    }
    const list = container?.[target.each];
    if (!Array.isArray(list)) {
      unknownTarget(state, `${containerPtr}/${target.each}`, `${where(target.each)} is not an array of entries`, actions);
      return [];
    }
    return list
      .map((entry: Json, i: number) => one(entry, `${containerPtr}/${target.each}/${i}`, `${target.each}[${i}].${target.field}`))
      .filter((t): t is string | ResourceRef => t !== undefined);
  };

  /** The placeholder filling the whole string at `pointer`, bound to a resource of `kind`; reports anything else. */
  const boundPlaceholder = (state: string, pointer: string, where: string, kind: TargetField['kind'], actions: string[]): string | undefined => {
    const here = template.placeholders.filter((p) => p.pointer === pointer && !p.inKey);
    if (!here.length) {
      unknownTarget(state, pointer, `${where} is a literal, not bound to a ${kind} of this project`, actions);
      return undefined;
    }
    // A function may carry a version or alias after its ARN ("${Fn}:live"): the grant covers `<arn>:*`.
    if (here.length > 1 || !(here[0].whole || (kind === 'function' && qualifiedArn(template, here[0])))) {
      problem(pointer, `state "${state}": ${where} must be exactly one placeholder bound to a ${kind} ("\${Name}"), so that its permission can be derived`);
      return undefined;
    }
    const name = here[0].name;
    const bound = bindings[name];
    if (!bound || bound.kind === 'value') {
      unknownTarget(state, pointer, `${where} is \${${name}}, bound to a plain value rather than a ${kind}`, actions);
      return undefined;
    }
    if (bound.kind !== kind) {
      problem(pointer, `state "${state}": ${where} needs a ${kind}, but \${${name}} is bound to a ${bound.kind}`);
      return undefined;
    }
    return name;
  };

  const grantOn = (from: string, target: string | ResourceRef, actions: string[], kms?: Integration['kms']) => {
    if (typeof target !== 'string') return add(from, actions, [target]);
    const kind = bindings[target].kind as ResourceKind;
    add(from, actions, RESOURCE_KINDS[kind].grantSuffixes.map((suffix) => (suffix ? { binding: target, suffix } : { binding: target })));
    if (kms && bindings[target].encrypted) add(from, kms.actions, [{ kmsKeyOf: target }], kms.viaService);
  };

  /** The string at `field` of the Parameters/Arguments of `holder` when it is a literal (no placeholder, JSONPath or JSONata). */
  const literalField = (holder: Json, holderPtr: string, field: string): string | undefined => {
    const containerName = holder?.Arguments !== undefined ? 'Arguments' : 'Parameters';
    const value = holder?.[containerName]?.[field];
    if (typeof value !== 'string' || isJsonata(value)) return undefined;
    const ptr = `${holderPtr}/${containerName}/${pointerSegment(field)}`;
    return template.placeholders.some((p) => p.pointer === ptr) ? undefined : value;
  };

  /**
   * The bucket of `CopySource` (`"${Bucket}/key"`): a placeholder bound to a bucket at the start of
   * the string, and the key after it when the rest is literal.
   */
  const copySourceOf = (state: string, holder: Json, holderPtr: string, actions: string[]): { bucket: string; key?: string } | undefined => {
    const containerName = holder?.Arguments !== undefined ? 'Arguments' : 'Parameters';
    const where = `${containerName}.CopySource`;
    const container = holder?.[containerName];
    const ptr = `${holderPtr}/${containerName}/CopySource`;
    if (isJsonata(container)) return void unknownTarget(state, `${holderPtr}/${containerName}`, `${containerName} is a JSONata expression, so CopySource is only known at run time`, actions);
    if (container && typeof container === 'object' && 'CopySource.$' in container)
      return void unknownTarget(state, `${ptr}.$`, `${where}.$ is a JSONPath ("${container['CopySource.$']}")`, actions, true);
    const value = container?.CopySource;
    if (typeof value !== 'string') return void problem(ptr, `state "${state}": ${where} is missing: it names the bucket and key the copy reads`);
    if (isJsonata(value)) return void unknownTarget(state, ptr, `${where} is a JSONata expression (${JSON.stringify(value)})`, actions);
    const here = template.placeholders.filter((p) => p.pointer === ptr && !p.inKey);
    const start = template.document.valueOffsets.get(ptr);
    const first = here.find((p) => start !== undefined && p.offset === start + 1);
    if (!first) return void unknownTarget(state, ptr, `${where} does not start with a placeholder bound to a bucket of this project ("\${Bucket}/key")`, actions);
    const bound = bindings[first.name];
    if (!bound || bound.kind === 'value') return void unknownTarget(state, ptr, `${where} starts with \${${first.name}}, bound to a plain value rather than a bucket`, actions);
    if (bound.kind !== 'bucket') return void problem(ptr, `state "${state}": ${where} needs a bucket, but \${${first.name}} is bound to a ${bound.kind}`);
    const standIn = String(standIns(template)[first.name]);
    const rest = here.length === 1 && value.startsWith(standIn) ? value.slice(standIn.length) : undefined;
    return { bucket: first.name, key: rest?.startsWith('/') && rest.length > 1 ? rest.slice(1) : undefined };
  };

  /** Grants S3 accesses on the bucket bound to the `Bucket` field of `holder` (a Task, an ItemReader or a ResultWriter). */
  const s3Grants = (state: string, from: string, holder: Json, holderPtr: string, accesses: S3Access[], inventory = false) => {
    const allActions = [...new Set(accesses.flatMap((a) => a.actions))];
    let bucket: string | undefined;
    for (const access of accesses) {
      let name: string | undefined;
      let key: string | undefined;
      if (access.bucketField === 'CopySource') {
        const source = copySourceOf(state, holder, holderPtr, access.actions);
        if (!source) continue;
        name = source.bucket;
        key = source.key;
      } else {
        if (bucket === undefined) {
          const [t] = targetOf(state, holderPtr, holder, { field: 'Bucket', kind: 'bucket' }, allActions);
          if (typeof t !== 'string') return;
          bucket = t;
        }
        name = bucket;
        key = access.keyField ? literalField(holder, holderPtr, access.keyField) : undefined;
      }
      if (access.on === 'bucket') {
        const prefix = access.keyField === 'Prefix' ? key : undefined;
        add(from, access.actions, [{ binding: name }], undefined, prefix ? { StringLike: { 's3:prefix': [prefix] } } : undefined);
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
        add(from, access.actions, resources);
      }
      if (access.kms && bindings[name]?.encrypted) add(from, access.kms, [{ kmsKeyOf: name }], 's3');
    }
  };

  /** A Distributed Map's ItemReader and ResultWriter: what they read and write in S3 (DISTRIBUTED_MAP_DOC). */
  const distributedMapS3 = (state: string, sp: string, s: Json) => {
    const reader = s.ItemReader;
    if (reader && typeof reader === 'object' && reader.Resource !== undefined) {
      const ptr = `${sp}/ItemReader`;
      const m = typeof reader.Resource === 'string' ? /^arn:[^:]+:states:::s3:([A-Za-z0-9]+)$/.exec(reader.Resource) : null;
      const accesses = m ? ITEM_READER_APIS[m[1]] : undefined;
      if (!accesses) unknownTarget(state, `${ptr}/Resource`, `ItemReader.Resource ${JSON.stringify(reader.Resource)} has no entry in the permission table (s3:getObject, s3:listObjectsV2)`, undefined);
      else {
        const config = reader.ReaderConfig ?? {};
        const inventory = config.InputType === 'MANIFEST' || config.ManifestType === 'S3_INVENTORY';
        s3Grants(state, ptr, reader, ptr, accesses, inventory);
      }
    }
    const writer = s.ResultWriter;
    if (writer && typeof writer === 'object' && writer.Resource !== undefined) {
      const ptr = `${sp}/ResultWriter`;
      if (typeof writer.Resource !== 'string' || !/^arn:[^:]+:states:::s3:putObject$/.test(writer.Resource))
        return unknownTarget(state, `${ptr}/Resource`, `ResultWriter.Resource ${JSON.stringify(writer.Resource)} has no entry in the permission table (s3:putObject)`, undefined);
      const [t] = targetOf(state, ptr, writer, { field: 'Bucket', kind: 'bucket' }, RESULT_WRITER_ACTIONS);
      if (typeof t !== 'string') return;
      const prefix = (literalField(writer, ptr, 'Prefix') ?? '').replace(/\/+$/, '');
      add(ptr, RESULT_WRITER_ACTIONS, [{ binding: t, suffix: prefix ? `/${prefix}/*` : '/*' }]);
      if (bindings[t]?.encrypted) add(ptr, RESULT_WRITER_KMS, [{ kmsKeyOf: t }], 's3');
    }
  };

  const task = (state: string, ptr: string, s: Json) => {
    const resource = s.Resource;
    const resourcePtr = `${ptr}/Resource`;
    if (typeof resource !== 'string') return;
    const m = /^arn:[^:]+:states:::(.+?)(\.sync:2|\.sync|\.waitForTaskToken)?$/.exec(resource);
    if (!m) {
      // A Lambda function or an activity, named directly.
      const here = template.placeholders.filter((p) => p.pointer === resourcePtr && !p.inKey);
      const one = here.length === 1 ? here[0] : undefined;
      // "${Fn}:live": a version or alias of a function (its grant covers `<arn>:*`).
      const bound = one && (one.whole || (qualifiedArn(template, one) && bindings[one.name]?.kind === 'function')) ? bindings[one.name] : undefined;
      if (bound?.kind === 'function') return grantOn(ptr, here[0].name, ['lambda:InvokeFunction']);
      if (bound?.kind === 'activity') return; // The worker polls the activity: the state machine's role needs nothing.
      if (bound && bound.kind !== 'value') return problem(resourcePtr, `state "${state}": Resource must be a function or an activity, but \${${here[0].name}} is bound to a ${bound.kind}`);
      return unknownTarget(state, resourcePtr, `Resource ${here.length ? `\${${here[0].name}} is bound to a plain value` : `"${resource}" is a literal ARN`}, not to a function or an activity of this project`, /:lambda:/.test(resource) || here.length ? ['lambda:InvokeFunction'] : undefined);
    }
    const [, id, suffix] = m;
    const pattern = (suffix ?? '') as IntegrationPattern;
    const sdk = /^aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)$/.exec(id);
    if (sdk) {
      const [, service, api] = sdk;
      const action = sdkAction(service, api);
      if (service === 's3') {
        const accesses = S3_SDK_APIS[api];
        if (!accesses) return unknownTarget(state, resourcePtr, `aws-sdk:s3:${api} has no entry in the permission table (${Object.keys(S3_SDK_APIS).join(', ')})`, [action]);
        return s3Grants(state, ptr, s, ptr, accesses);
      }
      const spec = SDK_TARGETS[service];
      if (!spec) return unknownTarget(state, resourcePtr, `no target field is known for aws-sdk:${service}`, [action]);
      for (const t of targetOf(state, ptr, s, spec.target, [action])) grantOn(ptr, t, [action], spec.kms);
      return;
    }
    const integration = INTEGRATIONS.find((i) => i.id === id);
    if (!integration) return unknownTarget(state, resourcePtr, `the integration "${id}" has no entry in the permission table`, undefined);
    if (!integration.patterns.includes(pattern))
      return problem(resourcePtr, `state "${state}": ${id} does not support the ${pattern || 'request-response'} pattern (supported: ${integration.patterns.map((p) => p || 'request-response').join(', ')})`);
    const actions = integration.actions(pattern);
    for (const t of targetOf(state, ptr, s, integration.target, actions)) {
      grantOn(ptr, t, actions, integration.kms);
      if (typeof t === 'string') for (const extra of integration.extra?.(pattern, t) ?? []) add(ptr, extra.actions, extra.resources);
    }
  };

  const walk = (states: Json, ptr: string) => {
    if (!states || typeof states !== 'object') return;
    for (const [name, s] of Object.entries<Json>(states)) {
      stateNames.add(name);
      const sp = `${ptr}/${pointerSegment(name)}`;
      if (!s || typeof s !== 'object') continue;
      if (s.Type === 'Task') task(name, sp, s);
      if (s.Type === 'Parallel' && Array.isArray(s.Branches)) s.Branches.forEach((b: Json, i: number) => walk(b?.States, `${sp}/Branches/${i}/States`));
      if (s.Type === 'Map') {
        const key = s.ItemProcessor ? 'ItemProcessor' : 'Iterator';
        walk(s[key]?.States, `${sp}/${key}/States`);
        if (s.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED') {
          // Child workflow executions of this state machine (DISTRIBUTED_MAP_DOC).
          add(sp, ['states:StartExecution'], [{ self: 'stateMachine' }, { self: 'stateMachineQualified' }]);
          add(sp, ['states:DescribeExecution', 'states:StopExecution'], [{ self: 'mapRunExecutions' }]);
          distributedMapS3(name, sp, s);
        }
      }
    }
  };
  walk((input.definition as Json)?.States, '/States');

  const { forms, problems: formProblems } = placeholderForms(template, (name) => bindings[name]?.kind);
  problems.push(...formProblems);

  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { statements: merge(statements), forms, problems, grantErrors: validateGrants(grants, stateNames) };
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

/** Statements with the same actions (and KMS condition) become one, resources in order of first use, each once. */
function merge(statements: DerivedStatement[]): DerivedStatement[] {
  const byKey = new Map<string, DerivedStatement>();
  for (const s of statements) {
    const key = `${s.actions.join(',')}|${s.viaService ?? ''}|${JSON.stringify(s.condition ?? {})}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...s, resources: [...s.resources], from: [...s.from] });
      continue;
    }
    for (const r of s.resources) if (!seen.resources.some((x) => JSON.stringify(x) === JSON.stringify(r))) seen.resources.push(r);
    for (const f of s.from) if (!seen.from.includes(f)) seen.from.push(f);
  }
  const used = new Set<string>();
  return [...byKey.values()].map((s) => {
    let sid = s.actions[0] === 'lambda:InvokeFunction' && !s.viaService ? 'InvokeReferencedFunctions' : sidOf(s.actions, s.viaService);
    for (let n = 2; used.has(sid); n++) sid = `${sidOf(s.actions, s.viaService)}${n}`;
    used.add(sid);
    return { ...s, sid };
  });
}

const sidOf = (actions: string[], via?: string) =>
  (via ? `KmsVia${via.charAt(0).toUpperCase()}${via.slice(1)}` : actions[0].replace(/^(.)([^:]*):/, (_, c: string, rest: string) => c.toUpperCase() + rest)).replace(/[^A-Za-z0-9]/g, '');

/** Checks explicit grants: well-formed actions without wildcards, resources, "*" only where AWS has no resource-level permission. */
export function validateGrants(grants: Grant[], stateNames?: Set<string>): string[] {
  const errors: string[] = [];
  grants.forEach((g, i) => {
    const at = `grants[${i}]${g.sid ? ` (${g.sid})` : ''}`;
    if (g.sid !== undefined && !/^[A-Za-z0-9]+$/.test(g.sid)) errors.push(`${at}: sid "${g.sid}" must be letters and digits only`);
    if (!g.actions?.length) errors.push(`${at}: actions must not be empty`);
    for (const a of g.actions ?? []) {
      if (a.includes('*')) errors.push(`${at}: action "${a}" has a wildcard: name each action ("service:Action")`);
      else if (!ACTION.test(a)) errors.push(`${at}: action "${a}" is not of the form "service:Action"`);
    }
    if (!g.resources?.length) errors.push(`${at}: resources must not be empty`);
    for (const r of g.resources ?? []) {
      if (r === '*') {
        const notAllowed = (g.actions ?? []).filter((a) => !STAR_RESOURCE_ACTIONS.has(a));
        if (notAllowed.length) errors.push(`${at}: Resource "*" is only allowed for actions without resource-level permissions (log delivery, X-Ray), not ${notAllowed.join(', ')}`);
      } else if (!r.startsWith('arn:') && !r.includes('${')) errors.push(`${at}: resource "${r}" is not an ARN`);
    }
    if (stateNames) for (const s of g.states ?? []) if (!stateNames.has(s)) errors.push(`${at}: state "${s}" is not a state of this definition`);
  });
  return errors;
}
