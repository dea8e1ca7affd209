/**
 * A JSONPath state under TestState, step by step, each step's value recorded as AWS's
 * InspectionData names it: `input`, `afterInputPath`, `afterParameters`, `result`,
 * `afterResultSelector`, `afterResultPath` (the developer guide's order: InputPath -> Parameters ->
 * the state's work -> ResultSelector -> ResultPath -> OutputPath; OutputPath's value is `output`).
 *
 * Which values AWS reports for which state follows its recorded responses (LocalStack snapshots
 * test_test_state_scenarios and test_test_state_machine_scenarios, recorded against AWS):
 * - Pass: input, afterInputPath, afterParameters, afterResultSelector, afterResultPath; with a
 *   Result: input, result, afterResultSelector, afterResultPath (no InputPath / Parameters step);
 *   a Pass that is not an end state: input only.
 * - Task: input, afterInputPath, afterParameters, result, afterResultSelector, afterResultPath
 *   (afterParameters and afterResultSelector even without those fields).
 * - Choice, Wait, Succeed, Fail: input, and afterInputPath when the state is tested alone (not
 *   with stateName).
 * The Paths' and templates' semantics are the engine's (lib/engine/jsonpath), so a state behaves here
 * as it does in an execution.
 */
import { compileChoiceRule, compilePayload, applyResultPath, parseTimestamp, selectPath, StatesError } from '../jsonpath';
import { Failure, RUNTIME } from '../errors';
import { compileSelect } from '../io';
import type { Json, JsonObject } from '../json';
import type { Outcome, Run } from './run';

const next = (def: JsonObject) => (typeof def.Next === 'string' ? def.Next : undefined);

export function inputPath(r: Run, raw: Json): Json {
  const fn = compileSelect(r.p.def.InputPath as string | null | undefined, 'InputPath');
  return fn === undefined ? raw : fn(r.paths(raw));
}

function outputPath(r: Run, value: Json): Json {
  const fn = compileSelect(r.p.def.OutputPath as string | null | undefined, 'OutputPath');
  return fn === undefined ? value : fn(r.paths(value));
}

/** Assign, with `$` the given value (the result after ResultSelector, or the effective input). */
function assign(r: Run, template: Json | undefined, value: Json, at: string): void {
  if (template !== undefined) r.assign(compilePayload(template, at)(r.paths(value)));
}

/** The result through ResultSelector, Assign, ResultPath and OutputPath: the state's output. */
export function jsonPathOutput(r: Run, raw: Json, result: Json): Json {
  const def = r.p.def;
  const selected = def.ResultSelector !== undefined ? compilePayload(def.ResultSelector, 'ResultSelector')(r.paths(result)) : result;
  r.record('afterResultSelector', selected);
  assign(r, def.Assign, selected, 'Assign');
  const placed = applyResultPath(raw, def.ResultPath as string | null | undefined, selected);
  r.record('afterResultPath', placed);
  return outputPath(r, placed);
}

function pass(r: Run, raw: Json): Outcome {
  const def = r.p.def;
  let output: Json;
  if (def.Result !== undefined) {
    r.record('result', def.Result);
    output = jsonPathOutput(r, raw, def.Result);
  } else {
    const effective = inputPath(r, raw);
    r.record('afterInputPath', effective);
    const params = def.Parameters !== undefined ? compilePayload(def.Parameters, 'Parameters')(r.paths(effective)) : effective;
    r.record('afterParameters', params);
    output = jsonPathOutput(r, raw, params);
  }
  if (def.End !== true) r.keepOnlyInput();
  return { status: 'SUCCEEDED', output, nextState: next(def) };
}

function choice(r: Run, raw: Json): Outcome {
  const def = r.p.def;
  const effective = inputPath(r, raw);
  if (r.p.single) r.record('afterInputPath', effective);
  const rules = (def.Choices as JsonObject[]) ?? [];
  const i = rules.findIndex((rule) => compileChoiceRule(rule)(r.paths(effective)));
  const target = i >= 0 ? (rules[i].Next as string) : (def.Default as string | undefined);
  if (target === undefined) throw new Failure('States.NoChoiceMatched', `No Choice Rule of the Choice state '${r.p.name}' matched its input, and it has no Default.`);
  const ruleAssign = i >= 0 ? rules[i].Assign : undefined;
  assign(r, ruleAssign ?? def.Assign, effective, ruleAssign !== undefined ? `Choices[${i}].Assign` : 'Assign');
  return { status: 'SUCCEEDED', output: outputPath(r, effective), nextState: target };
}

/** Wait: its time is checked as an execution checks it, but TestState does not wait. */
function wait(r: Run, raw: Json): Outcome {
  const def = r.p.def;
  const effective = inputPath(r, raw);
  if (r.p.single) r.record('afterInputPath', effective);
  if (typeof def.SecondsPath === 'string') {
    const v = selectPath(def.SecondsPath, r.paths(effective), 'SecondsPath');
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new StatesError(RUNTIME, `The SecondsPath parameter does not reference a non-negative integer: ${JSON.stringify(v)}`);
  }
  if (typeof def.TimestampPath === 'string') {
    const v = selectPath(def.TimestampPath, r.paths(effective), 'TimestampPath');
    if (typeof v !== 'string' || parseTimestamp(v) === undefined) {
      throw new StatesError(RUNTIME, `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${JSON.stringify(v)}`);
    }
  }
  assign(r, def.Assign, effective, 'Assign');
  return { status: 'SUCCEEDED', output: outputPath(r, effective), nextState: next(def) };
}

function succeed(r: Run, raw: Json): Outcome {
  const effective = inputPath(r, raw);
  if (r.p.single) r.record('afterInputPath', effective);
  return { status: 'SUCCEEDED', output: outputPath(r, effective) };
}

function fail(r: Run, raw: Json): Outcome {
  const def = r.p.def;
  if (r.p.single) r.record('afterInputPath', raw);
  const dynamic = (path: Json | undefined, field: string, fixed: Json | undefined): string | undefined => {
    if (typeof path !== 'string') return typeof fixed === 'string' ? fixed : undefined;
    const v = (compilePayload({ 'v.$': path }, field)(r.paths(raw)) as JsonObject).v;
    if (typeof v !== 'string') throw new StatesError(RUNTIME, `The value of the field '${field}' must be a string, but it is ${JSON.stringify(v)}`);
    return v;
  };
  return { status: 'FAILED', error: dynamic(def.ErrorPath, 'ErrorPath', def.Error), cause: dynamic(def.CausePath, 'CausePath', def.Cause) };
}

/** TimeoutSecondsPath / HeartbeatSecondsPath (a positive integer in the raw input), or the fixed value. */
function limit(r: Run, raw: Json, fixed: Json | undefined, path: Json | undefined, field: string): number | undefined {
  if (typeof path !== 'string') return typeof fixed === 'number' ? fixed : undefined;
  const v = selectPath(path, r.paths(raw), field);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new StatesError(RUNTIME, `The ${field} parameter does not reference a positive integer: ${JSON.stringify(v)}`);
  return v;
}

async function task(r: Run, raw: Json): Promise<Outcome> {
  const def = r.p.def;
  try {
    const effective = inputPath(r, raw);
    r.record('afterInputPath', effective);
    const params = def.Parameters !== undefined ? compilePayload(def.Parameters, 'Parameters')(r.paths(effective)) : effective;
    r.record('afterParameters', params);
    const timeoutSeconds = limit(r, raw, def.TimeoutSeconds, def.TimeoutSecondsPath, 'TimeoutSecondsPath');
    const heartbeatSeconds = limit(r, raw, def.HeartbeatSeconds, def.HeartbeatSecondsPath, 'HeartbeatSecondsPath');
    const result = await r.taskResult(params, { timeoutSeconds, heartbeatSeconds });
    r.record('result', result);
    return { status: 'SUCCEEDED', output: jsonPathOutput(r, raw, result), nextState: next(def) };
  } catch (e) {
    return r.afterFailure(raw, e);
  }
}

/** Runs the JSONPath state under test (not a Map or Parallel: collections.ts). */
export async function runJsonPath(r: Run): Promise<Outcome> {
  const raw = r.p.input;
  r.record('input', raw);
  const simple = { Pass: pass, Choice: choice, Wait: wait, Succeed: succeed, Fail: fail } as const;
  switch (r.p.type) {
    case 'Task':
      return task(r, raw);
    case 'Map':
    case 'Parallel':
      throw new Error('Map and Parallel states are run by collections.ts');
    default:
      try {
        return simple[r.p.type](r, raw);
      } catch (e) {
        const f = r.failure(e);
        return { status: 'FAILED', error: f.error, cause: f.cause };
      }
  }
}
