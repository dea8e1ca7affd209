/**
 * Compiling a definition: validated first (as strictly as AWS's ValidateStateMachineDefinition),
 * then every state, path, payload template, Choice Rule, retrier and catcher is compiled once, so
 * that many executions share one compiled form.
 */
import { jsonShapeProblem } from '../asl/json-shape';
import { validateDefinition, type Diagnostic } from '../asl/validate';
import { Execution } from './execution';
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
  readonly timeoutSeconds: number | undefined;
  readonly queryLanguage: QueryLanguage;

  /** Use `compileStateMachine`. */
  constructor(readonly definition: JsonObject) {
    this.queryLanguage = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    this.timeoutSeconds = typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : undefined;
    const machineQl = this.queryLanguage;
    const cc: CompileContext = {
      compileScope: (def, _ql, path) => compileScope(def, (def.QueryLanguage as QueryLanguage | undefined) ?? machineQl, path, cc),
    };
    try {
      this.start = compileScope(definition, machineQl, '', cc).start;
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

const cache = new Map<string, CompiledStateMachine>();
const CACHE_SIZE = 32;

/** compileStateMachine, remembering the last definitions compiled (by their JSON text). */
export function compileCached(definition: Json | string): CompiledStateMachine {
  const key = typeof definition === 'string' ? definition : JSON.stringify(definition);
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const m = compileStateMachine(key);
  cache.set(key, m);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return m;
}
