/**
 * JSONata fields of a tested state evaluated outside an execution: `$states` and the variables are
 * given, not read from a thread (the engine's jsonata-io.ts does the same within an execution).
 */
import { compileValue, typeError, type CompiledValue } from '../jsonata';
import type { Json, JsonObject } from '../json';

export interface OutputFields {
  output: CompiledValue | null;
  assign: CompiledValue | null;
}

/** A state's (or a Choice rule's, or a catcher's) Output and Assign. */
export function outputFields(def: JsonObject, at = ''): OutputFields {
  return {
    output: def.Output !== undefined ? compileValue(def.Output, `${at}Output`) : null,
    assign: def.Assign !== undefined ? compileValue(def.Assign, `${at}Assign`) : null,
  };
}

/** Output (or `fallback` without one) and Assign (null without one), evaluated together as AWS does. */
export async function finishWithout(fields: OutputFields, states: JsonObject, vars: Record<string, Json>, fallback: Json): Promise<[Json, Json | null]> {
  const b = { states, vars };
  const [out, assigned] = await Promise.all([fields.output === null ? fallback : fields.output.evaluate(b), fields.assign === null ? null : fields.assign.evaluate(b)]);
  if (assigned !== null && (typeof assigned !== 'object' || Array.isArray(assigned))) throw typeError('Assign', 'a JSON object', assigned);
  return [out, assigned];
}

/** A field that may be a JSONata expression (or a plain value), evaluated. */
export async function evaluateField(v: Json | undefined, field: string, states: JsonObject, vars: Record<string, Json>): Promise<Json | undefined> {
  if (v === undefined) return undefined;
  return compileValue(v, field).evaluate({ states, vars });
}
