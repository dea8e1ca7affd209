/**
 * Compiling a definition: validated first (as strictly as AWS's ValidateStateMachineDefinition),
 * then every state, path, payload template, Choice Rule, retrier and catcher is compiled once, so
 * that many executions share one compiled form.
 */
import { jsonShapeProblem } from '../asl/json-shape';
import { validateDefinition, type Diagnostic } from '../asl/validate';
import { Execution } from './execution';
import type { HistorySize } from './execution-core';
import { checkInput, checkRunOptions } from './run-options';
import { UnsupportedFeature, type QueryLanguage } from './io';
import { ChoiceState } from './states/choice';
import { FailState } from './states/fail';
import { MapState } from './states/map';
import { ParallelState } from './states/parallel';
import { PassState } from './states/pass';
import type { CompileContext, Scope, State } from './states/state';
import { SucceedState } from './states/succeed';
import { compileTask } from './states/task';
import { WaitState } from './states/wait';
import type { Json, JsonObject } from './json';
import type { ExecutionResult, RunOptions } from './types';

/** The definition is not one AWS would accept: `diagnostics` says why. */
export class InvalidDefinitionError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
    this.name = 'InvalidDefinitionError';
  }
}

/** The definition is valid but uses something the local engine does not run (yet). */
export class UnsupportedFeatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFeatureError';
  }
}

export class CompiledStateMachine {
  readonly start: State;
  /** Its top-level states by name (where a redrive continues). */
  readonly states: ReadonlyMap<string, State>;
  readonly timeoutSeconds: number | undefined;
  readonly queryLanguage: QueryLanguage;
  /** The history size of its executions (the room a new one's history starts with). */
  readonly historySize: HistorySize = { events: 0 };

  /** Use `compileStateMachine`. */
  constructor(readonly definition: JsonObject) {
    this.queryLanguage = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    this.timeoutSeconds = typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : undefined;
    const machineQl = this.queryLanguage;
    const cc: CompileContext = {
      compileScope: (def, _ql, path) => compileScope(def, (def.QueryLanguage as QueryLanguage | undefined) ?? machineQl, path, cc),
    };
    try {
      const scope = compileScope(definition, machineQl, '', cc);
      this.start = scope.start;
      this.states = scope.states;
    } catch (e) {
      if (e instanceof UnsupportedFeature) throw new UnsupportedFeatureError(`The local engine cannot run this state machine: ${e.message}.`);
      throw e;
    }
  }

  /**
   * Runs one execution. The promise resolves with the execution's result (never rejects for a
   * failed execution); it rejects, before anything runs, with InvalidRunOptionsError or
   * InvalidExecutionInputError (run-options.ts) when the options or the input cannot be used.
   */
  run(input: Json = {}, options: RunOptions = {}): Promise<ExecutionResult> {
    const given = input === undefined ? {} : input;
    try {
      checkRunOptions(options);
      checkInput(given, options.maxPayloadBytes);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Execution(this, given, options).run();
  }
}

function compileScope(def: JsonObject, ql: QueryLanguage, path: string, cc: CompileContext): Scope {
  const states = new Map<string, State>();
  const defs = def.States as { [name: string]: JsonObject };
  for (const name of Object.keys(defs)) states.set(name, compileState(name, defs[name], (defs[name].QueryLanguage as QueryLanguage | undefined) ?? ql, cc, path));
  for (const s of states.values()) s.link(states);
  const start = states.get(def.StartAt as string);
  if (start === undefined) throw new Error(`StartAt '${String(def.StartAt)}' of ${path || 'the state machine'} is not one of its states`);
  return { start, states };
}

function compileState(name: string, def: JsonObject, ql: QueryLanguage, cc: CompileContext, scopePath: string): State {
  const where = scopePath ? `'${name}' (in ${scopePath})` : `'${name}'`;
  switch (def.Type) {
    case 'Pass':
      return new PassState(name, def, ql);
    case 'Task':
      return compileTask(name, def, ql);
    case 'Choice':
      return new ChoiceState(name, def, ql);
    case 'Wait':
      return new WaitState(name, def, ql);
    case 'Succeed':
      return new SucceedState(name, def, ql);
    case 'Fail':
      return new FailState(name, def, ql);
    case 'Parallel':
      return new ParallelState(name, def, ql, cc);
    case 'Map':
      return new MapState(name, def, ql, cc);
    default:
      throw new Error(`state ${where} has an unknown Type ${JSON.stringify(def.Type)}`);
  }
}

function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) => `  ${d.pointer || '/'}: ${d.code}: ${d.message}`);
  return `The state machine definition is invalid (${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

/**
 * Validates and compiles a definition (an object or its JSON text). Throws InvalidDefinitionError
 * (with the validator's diagnostics) when AWS would refuse it, UnsupportedFeatureError when it is
 * valid but uses something the engine does not run.
 */
export function compileStateMachine(definition: Json | string): CompiledStateMachine {
  let def: unknown;
  if (typeof definition !== 'string') {
    // What JSON.stringify cannot copy (nested too deep, circular, a BigInt), refused where it is.
    const shape = jsonShapeProblem(definition);
    if (shape !== undefined) {
      const d: Diagnostic = { pointer: shape.pointer, code: 'SCHEMA_VALIDATION_FAILED', message: `the definition is not JSON that AWS reads: the value here is ${shape.message}` };
      throw new InvalidDefinitionError(formatDiagnostics([d]), [d]);
    }
  }
  try {
    // A copy: the compiled form freezes the constants it shares between executions.
    def = JSON.parse(typeof definition === 'string' ? definition : JSON.stringify(definition));
  } catch (e) {
    if (typeof definition === 'string') {
      const d: Diagnostic = { pointer: '', code: 'SCHEMA_VALIDATION_FAILED', message: `the definition is not JSON: ${(e as Error).message}` };
      throw new InvalidDefinitionError(formatDiagnostics([d]), [d]);
    }
    throw e;
  }
  // Warnings are what AWS accepts (an unassigned variable fails at run time, as on AWS).
  const diagnostics = validateDefinition(def).filter((d) => d.severity !== 'warning');
  if (diagnostics.length > 0) throw new InvalidDefinitionError(formatDiagnostics(diagnostics), diagnostics);
  return new CompiledStateMachine(def as JsonObject);
}

/** The last definitions compiled from JSON text, by their text (least recently used first). */
const byText = new Map<string, CompiledStateMachine>();
const CACHE_SIZE = 32;
/** The machine compiled last from each definition object still in use, and the JSON it had then. */
const byObject = new WeakMap<object, { machine: CompiledStateMachine; json: Mirror }>();

/**
 * compileStateMachine, remembering what it compiled: a definition object given again is not
 * compiled again while it holds the same JSON as when it was (an object changed since is compiled
 * anew); JSON text is remembered by its text (the last 32).
 */
export function compileCached(definition: Json | string): CompiledStateMachine {
  if (definition === null || typeof definition !== 'object') return compileText(typeof definition === 'string' ? definition : JSON.stringify(definition));
  const hit = byObject.get(definition);
  if (hit !== undefined && matches(definition, hit.json)) return hit.machine;
  const text = JSON.stringify(definition);
  const machine = compileText(text);
  byObject.set(definition, { machine, json: mirror(JSON.parse(text) as Json) });
  return machine;
}

function compileText(text: string): CompiledStateMachine {
  const hit = byText.get(text);
  if (hit !== undefined) {
    byText.delete(text);
    byText.set(text, hit);
    return hit;
  }
  const m = compileStateMachine(text);
  byText.set(text, m);
  if (byText.size > CACHE_SIZE) byText.delete(byText.keys().next().value as string);
  return m;
}

/**
 * A JSON value as compared with what a caller gives (`matches`): an object's members as
 * [key, value, key, value, ...] in their order, an array's items.
 */
type Mirror = string | number | boolean | null | MirrorObject | MirrorArray;

class MirrorObject {
  constructor(readonly members: Mirror[]) {}
}

class MirrorArray {
  constructor(readonly items: Mirror[]) {}
}

function mirror(v: Json): Mirror {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return new MirrorArray(v.map(mirror));
  const members: Mirror[] = [];
  for (const k of Object.keys(v)) members.push(k, mirror(v[k]));
  return new MirrorObject(members);
}

/**
 * Whether a value has this JSON, members in the same order. False also for what JSON text would
 * change (undefined members, functions, class instances, numbers that are not finite): that
 * value is then compiled from its text.
 */
function matches(a: unknown, m: Mirror): boolean {
  if (m === null || typeof m !== 'object') return a === m;
  if (a === null || typeof a !== 'object') return false;
  if (m instanceof MirrorArray) {
    const items = m.items;
    if (!Array.isArray(a) || a.length !== items.length) return false;
    for (let i = 0; i < items.length; i++) if (!matches(a[i], items[i])) return false;
    return true;
  }
  if (Array.isArray(a)) return false;
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.prototype && proto !== null) return false;
  const members = m.members;
  let i = 0;
  for (const k in a) {
    if (members[i] !== k || !matches((a as Record<string, unknown>)[k], members[i + 1])) return false;
    i += 2;
  }
  return i === members.length;
}
