/**
 * Input and output of a JSONata state (AWS developer guide, "Transforming data with JSONata"):
 * `Arguments` (Task, Parallel) is evaluated on `$states.input` (and `$states.context`) to give the
 * effective input; once the state has its result, `Output` and `Assign` are evaluated together,
 * both with `$states.input`, `$states.result` (Task, Parallel, Map; `$states.errorOutput` in a
 * Catcher instead) and the variables as they were when the state began: the new values of Assign
 * are set when the state exits. Without Output, the output is `$states.result` (Task, Parallel,
 * Map) or the state's input (Pass, Choice, Wait, Succeed).
 */
import { contextObject, type ContextExtras } from './context';
import type { Thread } from './thread';
import { compileValue, typeError, type CompiledValue } from './jsonata';
import { EVALUATOR, type Evaluator } from './jsonata-budget';
import type { Json, JsonObject } from './json';

export class JsonataIO {
  readonly args: CompiledValue | null;
  readonly output: CompiledValue | null;
  readonly assign: CompiledValue | null;

  constructor(def: JsonObject, withArguments: boolean) {
    this.args = withArguments && def.Arguments !== undefined ? compileValue(def.Arguments, 'Arguments') : null;
    this.output = def.Output !== undefined ? compileValue(def.Output, 'Output') : null;
    this.assign = def.Assign !== undefined ? compileValue(def.Assign, 'Assign') : null;
  }

  /** `$states`: input, context, and result or errorOutput when given. */
  static states(t: Thread, name: string, input: Json, extras?: ContextExtras, more?: JsonObject): JsonObject {
    const s: JsonObject = { input, context: contextObject(t, name, extras) };
    if (more !== undefined) for (const k in more) s[k] = more[k];
    // Who evaluates: its evaluations stop once it has (jsonata.ts).
    (s as { [EVALUATOR]?: Evaluator })[EVALUATOR] = t;
    return s;
  }

  /** The effective input: Arguments, or the state's input. */
  async effectiveInput(t: Thread, name: string, raw: Json, extras?: ContextExtras): Promise<Json> {
    if (this.args === null) return raw;
    return this.args.evaluate({ states: JsonataIO.states(t, name, raw, extras), vars: t.vars });
  }

  /**
   * Output and Assign once the state has its result: returns the output, and leaves the
   * assignments in `t.pendingAssign` (State.leave sets them).
   */
  async finish(t: Thread, name: string, raw: Json, result: Json | undefined, extras?: ContextExtras): Promise<Json> {
    return finishWith(t, this.output, this.assign, JsonataIO.states(t, name, raw, extras, result === undefined ? undefined : { result }), result === undefined ? raw : result);
  }
}

/** Output and Assign with the given `$states`; `fallback` is the output without Output. */
export async function finishWith(t: Thread, output: CompiledValue | null, assign: CompiledValue | null, states: JsonObject, fallback: Json): Promise<Json> {
  const b = { states, vars: t.vars };
  const [out, assigned] = await Promise.all([output === null ? fallback : output.evaluate(b), assign === null ? null : assign.evaluate(b)]);
  if (assigned !== null) {
    if (typeof assigned !== 'object' || Array.isArray(assigned)) throw typeError('Assign', 'a JSON object', assigned);
    t.pendingAssign = assigned;
  }
  return out;
}
