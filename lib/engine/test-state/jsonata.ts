/**
 * A JSONata state under TestState. AWS reports `input`, `afterArguments` (Task), `result` (Task)
 * and, through run.ts, `variables` and `errorDetails` (recorded responses in LocalStack's
 * snapshots test_test_state_scenarios: the catch, retry and blog-post scenarios). Arguments,
 * Output, Assign, Condition, Seconds / Timestamp, Error / Cause are evaluated with `$states`
 * ({input, context, result / errorOutput}) and the variables, as in an execution (jsonata.ts).
 */
import { parseTimestamp } from '../jsonpath';
import { Failure } from '../errors';
import { compileValue, typeError } from '../jsonata';
import type { Json, JsonObject } from '../json';
import { evaluateField, finishWithout, outputFields } from './jsonata-fields';
import type { Outcome, Run } from './run';

const next = (def: JsonObject) => (typeof def.Next === 'string' ? def.Next : undefined);

/** Output (default: `fallback`) and Assign of the state, the variables set. */
export async function jsonataOutput(r: Run, raw: Json, fallback: Json, more?: JsonObject, fields = outputFields(r.p.def)): Promise<Json> {
  const [out, assigned] = await finishWithout(fields, r.states(raw, more), r.vars, fallback);
  r.assign(assigned);
  return out;
}

async function choice(r: Run, raw: Json): Promise<Outcome> {
  const def = r.p.def;
  const rules = (def.Choices as JsonObject[]) ?? [];
  const own = outputFields(def);
  for (let i = 0; i < rules.length; i++) {
    const v = await compileValue(rules[i].Condition, `Choices[${i}]/Condition`).evaluate({ states: r.states(raw), vars: r.vars });
    if (typeof v !== 'boolean') throw typeError('Condition', 'a boolean', v);
    if (!v) continue;
    const ruleFields = outputFields(rules[i], `Choices[${i}]/`);
    const output = await jsonataOutput(r, raw, raw, undefined, { output: ruleFields.output ?? own.output, assign: ruleFields.assign ?? own.assign });
    return { status: 'SUCCEEDED', output, nextState: rules[i].Next as string };
  }
  if (typeof def.Default !== 'string') throw new Failure('States.NoChoiceMatched', `No Choice Rule of the Choice state '${r.p.name}' matched its input, and it has no Default.`);
  return { status: 'SUCCEEDED', output: await jsonataOutput(r, raw, raw), nextState: def.Default };
}

/** Wait: Seconds or Timestamp checked as an execution checks them; TestState does not wait. */
async function wait(r: Run, raw: Json): Promise<Outcome> {
  const def = r.p.def;
  const seconds = await evaluateField(def.Seconds, 'Seconds', r.states(raw), r.vars);
  if (seconds !== undefined && (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0)) throw typeError('Seconds', 'a non-negative integer', seconds);
  const timestamp = await evaluateField(def.Timestamp, 'Timestamp', r.states(raw), r.vars);
  if (timestamp !== undefined && (typeof timestamp !== 'string' || parseTimestamp(timestamp) === undefined)) {
    throw typeError('Timestamp', 'an ISO-8601 extended offset date-time string', timestamp);
  }
  return { status: 'SUCCEEDED', output: await jsonataOutput(r, raw, raw), nextState: next(def) };
}

async function fail(r: Run, raw: Json): Promise<Outcome> {
  const def = r.p.def;
  const text = async (field: 'Error' | 'Cause'): Promise<string | undefined> => {
    const v = await evaluateField(def[field], field, r.states(raw), r.vars);
    if (v !== undefined && typeof v !== 'string') throw typeError(field, 'a string', v);
    return v;
  };
  return { status: 'FAILED', error: await text('Error'), cause: await text('Cause') };
}

async function limit(r: Run, raw: Json, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): Promise<number | undefined> {
  const v = await evaluateField(r.p.def[field], field, r.states(raw), r.vars);
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) throw typeError(field, 'a positive integer', v);
  return v;
}

async function task(r: Run, raw: Json): Promise<Outcome> {
  const def = r.p.def;
  try {
    const args = def.Arguments !== undefined ? await compileValue(def.Arguments, 'Arguments').evaluate({ states: r.states(raw), vars: r.vars }) : raw;
    r.record('afterArguments', args);
    const timeoutSeconds = await limit(r, raw, 'TimeoutSeconds');
    const heartbeatSeconds = await limit(r, raw, 'HeartbeatSeconds');
    const result = await r.taskResult(args, { timeoutSeconds, heartbeatSeconds });
    r.record('result', result);
    return { status: 'SUCCEEDED', output: await jsonataOutput(r, raw, result, { result }), nextState: next(def) };
  } catch (e) {
    return r.afterFailure(raw, e);
  }
}

/** Runs the JSONata state under test (not a Map or Parallel: collections.ts). */
export async function runJsonata(r: Run): Promise<Outcome> {
  const raw = r.p.input;
  r.record('input', raw);
  if (r.p.type === 'Task') return task(r, raw);
  try {
    switch (r.p.type) {
      case 'Choice':
        return await choice(r, raw);
      case 'Wait':
        return await wait(r, raw);
      case 'Fail':
        return await fail(r, raw);
      case 'Succeed':
        return { status: 'SUCCEEDED', output: await jsonataOutput(r, raw, raw) };
      default:
        return { status: 'SUCCEEDED', output: await jsonataOutput(r, raw, raw), nextState: next(r.p.def) };
    }
  } catch (e) {
    const f = r.failure(e);
    return { status: 'FAILED', error: f.error, cause: f.cause };
  }
}
