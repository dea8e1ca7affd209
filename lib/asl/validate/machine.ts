/**
 * State machines and the nested ones (Parallel branches, Map item processors): their own
 * fields, state names, each state's query language and type, transitions within the scope,
 * reachability from StartAt and the presence of a terminal state.
 */
import { z } from 'zod';
import {
  Ctx,
  SCHEMA,
  closeNames,
  didYouMean,
  fieldLabel,
  has,
  isObject,
  ptr,
  show,
  type JsonObject,
  type QueryLanguage,
  type ScopeKind,
  type StateCheck,
} from './context';
import { checkStateType, type StateType } from './common/state';
import { checkVariableReferences } from './common/variables';
import { MAX_SECONDS, integer, nonEmptyString, object, oneOf, string } from './common/schemas';
import { choice } from './states/choice';
import { fail } from './states/fail';
import { map } from './states/map';
import { parallel } from './states/parallel';
import { pass } from './states/pass';
import { succeed } from './states/succeed';
import { task } from './states/task';
import { wait } from './states/wait';

export const STATE_TYPES: Readonly<Record<string, StateType>> = Object.freeze({
  Task: task,
  Pass: pass,
  Choice: choice,
  Wait: wait,
  Succeed: succeed,
  Fail: fail,
  Parallel: parallel,
  Map: map,
});
const TYPE_NAMES = Object.keys(STATE_TYPES);

const SCOPE_FIELDS: Readonly<Record<ScopeKind, readonly string[]>> = {
  root: ['StartAt', 'States', 'Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage'],
  branch: ['StartAt', 'States', 'Comment', 'QueryLanguage'],
  processor: ['StartAt', 'States', 'Comment', 'ProcessorConfig'],
  iterator: ['StartAt', 'States', 'Comment', 'ProcessorConfig'],
};

const QUERY_LANGUAGES = ['JSONPath', 'JSONata'] as const;

const scopeSchemas: Readonly<Record<ScopeKind, z.ZodType>> = {
  root: z.looseObject({
    StartAt: nonEmptyString('the name of the first state'),
    States: object('an object whose members are the states'),
    Comment: string().optional(),
    Version: oneOf(['1.0'] as const).optional(),
    TimeoutSeconds: integer(1, MAX_SECONDS, `a positive integer (at most ${MAX_SECONDS})`).optional(),
    QueryLanguage: oneOf(QUERY_LANGUAGES).optional(),
  }),
  branch: z.looseObject({
    StartAt: nonEmptyString('the name of the first state'),
    States: object('an object whose members are the states'),
    Comment: string().optional(),
    QueryLanguage: oneOf(QUERY_LANGUAGES).optional(),
  }),
  processor: z.looseObject({
    StartAt: nonEmptyString('the name of the first state'),
    States: object('an object whose members are the states'),
    Comment: string().optional(),
  }),
  iterator: z.looseObject({
    StartAt: nonEmptyString('the name of the first state'),
    States: object('an object whose members are the states'),
    Comment: string().optional(),
  }),
};

const SCOPE_NAMES: Readonly<Record<ScopeKind, string>> = {
  root: 'the state machine',
  branch: 'the Parallel branch',
  processor: 'the ItemProcessor',
  iterator: 'the Iterator',
};

/** AWS lists a scope's missing fields States first ("[States, StartAt]", LocalStack's test_sfn_api_validation snapshot, EMPTY_DICT). */
const REQUIRED_ORDER = ['States', 'StartAt'];
const byAwsOrder = (a: string, b: string) => (REQUIRED_ORDER.indexOf(a) + 1 || 99) - (REQUIRED_ORDER.indexOf(b) + 1 || 99);

/**
 * Reports the issues of a zod parse of a scope object (not a state) at `pointer`: the missing
 * fields together, as AWS words it ("These fields are required: [States] at /", AWS-recorded in
 * LocalStack's test_sfn_api snapshot, test_create_delete_invalid_sm), then each wrong one.
 */
function scopeIssues(ctx: Ctx, obj: JsonObject, pointer: string, schema: z.ZodType, where: string): void {
  const r = schema.safeParse(obj);
  if (r.success) return;
  const missing: string[] = [];
  for (const issue of r.error.issues) {
    const key = String(issue.path[0]);
    if (!has(obj, key)) {
      if (!missing.includes(key)) missing.push(key);
    } else ctx.report(ptr(pointer, key), SCHEMA, `${where}: field "${key}" ${issue.message}, got ${show(obj[key])}`);
  }
  if (missing.length > 0) ctx.report(pointer, SCHEMA, `These fields are required: [${missing.sort(byAwsOrder).join(', ')}]`);
}

interface Edge {
  target: string;
}

/** What the walk of one scope's states learns and gathers, shared by its steps (one per scope, not per state). */
interface ScopeWalk {
  readonly ctx: Ctx;
  readonly statesPointer: string;
  readonly names: readonly string[];
  readonly local: ReadonlySet<string>;
  readonly outerVariables: ReadonlySet<string>;
  /** The outer variables this scope's states must not assign (the outer ones but those it may). */
  readonly forbidden: ReadonlySet<string>;
  /** The variables the states of this scope assign. */
  readonly scopeVariables: Set<string>;
  /** Who assigns each of them: the one state whose catchers alone do, or null (any other case). */
  readonly assigners: Map<string, string | null>;
  /** The transitions of each state within the scope. */
  readonly edges: Map<string, Edge[]>;
  /** The nested scopes, checked once every variable of this scope is known. */
  readonly pendingNested: Array<{ state: string; run(outer: ReadonlySet<string>, reassignable: ReadonlySet<string>): void }>;
  /** A state ends the scope (End, Succeed or Fail). */
  hasTerminal: boolean;
  /** A state that is not an object, or of no known Type: whether the scope ends is unknown. */
  uncertain: boolean;
}

/**
 * Validates a state machine or a nested one at `pointer`. Its states may read `outerVariables` and
 * must not assign them, but for `reassignable`: the variables that only the catchers of the
 * Parallel or Map state around it assign (they are assigned after the nested scope has ended; AWS
 * ran a branch assigning the variable its Parallel's catcher assigns: LocalStack's AWS-validated
 * states_variables/test_error_output, PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING, recorded 13-11-2024).
 */
export function checkScope(
  ctx: Ctx,
  value: unknown,
  pointer: string,
  kind: ScopeKind,
  outerVariables: ReadonlySet<string>,
  reassignable: ReadonlySet<string> = NONE,
): void {
  const where = kind === 'root' ? 'the state machine' : `${SCOPE_NAMES[kind]} at ${pointer}`;
  if (!isObject(value)) {
    ctx.report(pointer, SCHEMA, `${where} must be a JSON object with "StartAt" and "States", got ${show(value)}`);
    return;
  }
  checkScopeFields(ctx, value, pointer, kind, where);
  const states = value.States;
  if (!isObject(states)) return;
  const names = Object.keys(states);
  const walk: ScopeWalk = {
    ctx,
    statesPointer: ptr(pointer, 'States'),
    names,
    local: new Set(names),
    outerVariables,
    forbidden: reassignable.size === 0 ? outerVariables : difference(outerVariables, reassignable),
    scopeVariables: new Set<string>(),
    assigners: new Map<string, string | null>(),
    edges: new Map<string, Edge[]>(),
    pendingNested: [],
    hasTerminal: false,
    uncertain: false,
  };
  checkStateNames(ctx, names, walk.statesPointer);
  for (const name of names) checkState(walk, name, states[name]);
  checkNestedScopes(walk);
  const topQL = ctx.topQL;
  checkVariableReferences(ctx, states, walk.statesPointer, union(outerVariables, walk.scopeVariables), (st) =>
    (st as { QueryLanguage?: unknown }).QueryLanguage === 'JSONata' || ((st as { QueryLanguage?: unknown }).QueryLanguage === undefined && topQL === 'JSONata') ? 'JSONata' : 'JSONPath',
  );
  checkStartAndEnds(walk, value.StartAt, pointer, kind, where);
}

/** The scope's own fields: the ones its kind allows, of the right shape; the machine's QueryLanguage. */
function checkScopeFields(ctx: Ctx, value: JsonObject, pointer: string, kind: ScopeKind, where: string): void {
  const allowed = SCOPE_FIELDS[kind];
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    if (key === 'QueryLanguage' && (kind === 'processor' || kind === 'iterator'))
      ctx.report(ptr(pointer, key), SCHEMA, `${where}: field "QueryLanguage" is not supported here; set it on the states inside, or at the top of the state machine`, true);
    else ctx.report(ptr(pointer, key), SCHEMA, `${where}: field ${JSON.stringify(key)} is not supported${didYouMean(key, allowed)}`, true);
  }
  scopeIssues(ctx, value, pointer, scopeSchemas[kind], kind === 'root' ? 'state machine' : where);
  if (kind === 'root' && value.QueryLanguage === 'JSONata') ctx.topQL = 'JSONata';
}

/** Names: valid and unique across the whole machine (nested scopes included). */
function checkStateNames(ctx: Ctx, names: readonly string[], statesPointer: string): void {
  for (const name of names) {
    const at = ptr(statesPointer, name);
    const length = [...name].length;
    if (length === 0 || length > 80)
      ctx.report(at, 'INVALID_STATE_NAME', length === 0 ? 'a state name must not be empty' : `state name ${JSON.stringify(name.slice(0, 40) + '...')} is ${length} characters long; at most 80 are allowed`, true);
    const first = ctx.stateNames.get(name);
    if (first !== undefined)
      ctx.report(at, 'DUPLICATE_STATE_NAME', `state name ${JSON.stringify(name)} is already used at ${first}; state names must be unique in the whole state machine, nested ones included`, true);
    else ctx.stateNames.set(name, at);
  }
}

/** One state of the scope: its Type, whether it ends the scope, its transitions, then the checks of its type. */
function checkState(walk: ScopeWalk, name: string, state: unknown): void {
  const { ctx } = walk;
  const at = ptr(walk.statesPointer, name);
  const out: Edge[] = [];
  walk.edges.set(name, out);
  if (!isObject(state)) {
    ctx.report(at, SCHEMA, `state ${JSON.stringify(name)} must be a JSON object with a "Type", got ${show(state)}`);
    walk.uncertain = true;
    return;
  }
  if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') walk.hasTerminal = true;
  else if (has(state, 'End') && typeof state.End !== 'boolean') walk.uncertain = true;
  const transition = transitionsOf(walk, name, at, out);
  const type = knownType(ctx, state, name, at);
  if (type === undefined) {
    walk.uncertain = true;
    collectLooseEdges(state, transition);
    return;
  }
  const s: StateCheck = {
    ctx,
    name,
    pointer: at,
    state,
    type,
    ql: stateQueryLanguage(ctx, state, at, name),
    outerVariables: walk.forbidden,
    assigned: (variable, byCatcher) => {
      walk.scopeVariables.add(variable);
      const by = byCatcher ? name : null;
      const before = walk.assigners.get(variable);
      walk.assigners.set(variable, before === undefined || before === by ? by : null);
    },
    transition,
    nested: (v, segments, nestedKind) => {
      // Nested scopes run after this scope's states, so that every variable of this scope is known.
      walk.pendingNested.push({ state: name, run: (inner, reassignable) => checkScope(ctx, v, ptr(at, ...segments), nestedKind, inner, reassignable) });
    },
  };
  checkStateType(s, STATE_TYPES[type]);
}

/** The state's transition to a target: an edge when the target is a state of this scope, else a finding. */
function transitionsOf(walk: ScopeWalk, name: string, at: string, out: Edge[]): StateCheck['transition'] {
  return (target, segments) => {
    if (typeof target !== 'string') return;
    if (walk.local.has(target)) {
      out.push({ target });
      return;
    }
    const elsewhere = walk.ctx.stateNames.has(target) || globalNames(walk.ctx).has(target);
    const close = closeNames(target, walk.names.filter((n) => n !== name));
    walk.ctx.report(
      ptr(at, ...segments),
      'MISSING_TRANSITION_TARGET',
      `state ${JSON.stringify(name)}: field ${JSON.stringify(fieldLabel(segments))} names ${JSON.stringify(target)}, which is not a state of this scope${
        elsewhere ? ' (it belongs to another scope: states can only go to states of their own States object)' : close.length ? ` (did you mean ${JSON.stringify(close[0])}?)` : ''
      }`,
    );
  };
}

/** The state's Type when it is one of the States Language's, else undefined (and a finding). */
function knownType(ctx: Ctx, state: JsonObject, name: string, at: string): string | undefined {
  const type = state.Type;
  if (!has(state, 'Type')) {
    ctx.report(at, SCHEMA, `state ${JSON.stringify(name)}: field "Type" is required (one of ${TYPE_NAMES.join(', ')})`);
    return undefined;
  }
  if (typeof type !== 'string' || !has(STATE_TYPES, type)) {
    ctx.report(
      ptr(at, 'Type'),
      SCHEMA,
      `state ${JSON.stringify(name)}: field "Type" must be one of ${TYPE_NAMES.join(', ')}, got ${show(type)}${typeof type === 'string' ? didYouMean(type, TYPE_NAMES) : ''}`,
    );
    return undefined;
  }
  return type;
}

/** The nested scopes (Parallel branches, Map processors), seeing the variables of this scope and the outer ones. */
function checkNestedScopes(walk: ScopeWalk): void {
  if (walk.pendingNested.length === 0) return;
  const inner = union(walk.outerVariables, walk.scopeVariables);
  for (const { state, run } of walk.pendingNested) {
    const reassignable = new Set<string>();
    for (const [variable, by] of walk.assigners) if (by === state && !walk.outerVariables.has(variable)) reassignable.add(variable);
    run(inner, reassignable);
  }
}

/** StartAt names a state of the scope, a state ends it, and every state is reached from StartAt. */
function checkStartAndEnds(walk: ScopeWalk, startAt: unknown, pointer: string, kind: ScopeKind, where: string): void {
  const { ctx, names, statesPointer } = walk;
  if (typeof startAt !== 'string' || startAt === '') return;
  if (!walk.local.has(startAt)) {
    const elsewhere = ctx.stateNames.has(startAt);
    ctx.report(
      ptr(pointer, 'StartAt'),
      'MISSING_TRANSITION_TARGET',
      `${kind === 'root' ? 'state machine' : where}: field "StartAt" names ${JSON.stringify(startAt)}, which is not a state of ${kind === 'root' ? 'the state machine' : 'this scope'}${
        elsewhere ? ' (it belongs to another scope)' : didYouMean(startAt, names)
      }`,
    );
    return;
  }
  if (!walk.hasTerminal) {
    if (walk.uncertain) return;
    ctx.report(
      statesPointer,
      'MISSING_END_STATE',
      `${kind === 'root' ? 'the state machine' : where} has no terminal state: at least one state must be a Succeed or Fail state or have "End": true`,
    );
    return;
  }
  const reached = reachedFrom(startAt, walk.edges);
  for (const name of names)
    if (!reached.has(name))
      ctx.report(
        ptr(statesPointer, name),
        'MISSING_TRANSITION_TARGET',
        `state ${JSON.stringify(name)} is not reachable from "StartAt" (${JSON.stringify(startAt)}): no Next, Default or Catch leads to it`,
        true,
      );
}

/** The states reached from `startAt` along the edges. */
function reachedFrom(startAt: string, edges: ReadonlyMap<string, readonly Edge[]>): Set<string> {
  const reached = new Set<string>([startAt]);
  const queue = [startAt];
  while (queue.length) {
    const n = queue.pop() as string;
    for (const e of edges.get(n) ?? [])
      if (!reached.has(e.target)) {
        reached.add(e.target);
        queue.push(e.target);
      }
  }
  return reached;
}

/** Names of every state in the definition, collected lazily for "belongs to another scope" hints. */
function globalNames(ctx: Ctx): ReadonlySet<string> {
  return allNames.get(ctx) ?? new Set();
}
const allNames = new WeakMap<Ctx, Set<string>>();

/** Collects every state name of the definition before the walk (for cross-scope hints). */
export function collectAllNames(ctx: Ctx, value: unknown, depth = 0): void {
  if (depth > 64 || !isObject(value) || !isObject(value.States)) return;
  let set = allNames.get(ctx);
  if (!set) allNames.set(ctx, (set = new Set()));
  for (const [name, state] of Object.entries(value.States)) {
    set.add(name);
    if (!isObject(state)) continue;
    if (Array.isArray(state.Branches)) for (const b of state.Branches) collectAllNames(ctx, b, depth + 1);
    collectAllNames(ctx, state.ItemProcessor, depth + 1);
    collectAllNames(ctx, state.Iterator, depth + 1);
  }
}

/** The transitions of a state whose type is unknown, so that its targets still count as reached. */
function collectLooseEdges(state: JsonObject, transition: (t: unknown, s: ReadonlyArray<string | number>) => void): void {
  if (typeof state.Next === 'string') transition(state.Next, ['Next']);
  if (typeof state.Default === 'string') transition(state.Default, ['Default']);
  if (Array.isArray(state.Choices)) state.Choices.forEach((c, i) => isObject(c) && typeof c.Next === 'string' && transition(c.Next, ['Choices', i, 'Next']));
  if (Array.isArray(state.Catch)) state.Catch.forEach((c, i) => isObject(c) && typeof c.Next === 'string' && transition(c.Next, ['Catch', i, 'Next']));
}

/**
 * A state's query language, as AWS resolves it: its own QueryLanguage if present (exactly
 * "JSONPath" means JSONPath, any other value JSONata), else the machine's. A state cannot use
 * JSONPath in a JSONata machine.
 */
function stateQueryLanguage(ctx: Ctx, state: JsonObject, at: string, name: string): QueryLanguage {
  if (!has(state, 'QueryLanguage')) return ctx.topQL;
  const v = state.QueryLanguage;
  if (v !== 'JSONPath' && v !== 'JSONata') {
    ctx.report(ptr(at, 'QueryLanguage'), SCHEMA, `state ${JSON.stringify(name)}: field "QueryLanguage" must be "JSONPath" or "JSONata", got ${show(v)}`);
    return typeof v === 'string' && v.toLowerCase() === 'jsonpath' ? 'JSONPath' : 'JSONata';
  }
  if (v === 'JSONPath' && ctx.topQL === 'JSONata') {
    ctx.report(
      ptr(at, 'QueryLanguage'),
      SCHEMA,
      `state ${JSON.stringify(name)}: field "QueryLanguage" cannot be "JSONPath" when the state machine's QueryLanguage is "JSONata" (a JSONata machine can only have JSONata states)`,
    );
  }
  return v;
}

const NONE: ReadonlySet<string> = new Set();

function difference(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set(a);
  for (const x of b) out.delete(x);
  return out;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}
