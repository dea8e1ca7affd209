/**
 * Catch (Task, Parallel and Map states). When a state fails and its retriers do not retry, its
 * catchers are scanned in order; the first whose ErrorEquals matches the error sends the execution
 * to its Next state with the error output `{"Error": ..., "Cause": ...}` placed into the state's raw
 * input by the catcher's ResultPath (default `$`: the error output replaces the input).
 *
 * Matching (AWS, "Handling errors in Step Functions workflows"): a name matches itself;
 * `States.ALL` matches every error but the terminal States.Runtime (which never reaches a
 * catcher); a catcher's States.ALL takes States.DataLimitExceeded too (recorded on AWS:
 * LocalStack's test_states_errors.snapshot.json, a task's 257 KiB result caught by States.ALL,
 * though the guide calls it "a terminal error that can't be caught by the States.ALL error type"),
 * a retrier's does not (no AWS recording: the guide's word kept); `States.TaskFailed` matches what a
 * Task's resource raised, except `States.Timeout`. A task whose HeartbeatSeconds passed without a
 * heartbeat fails with States.Timeout (as AWS records it: test_heartbeats.snapshot.json), which
 * `States.HeartbeatTimeout` also matches (the guide: the error "is available inside the Catch and
 * Retry fields").
 */
import { applyResultPath, compilePayload, type CompiledPayload } from './jsonpath';
import type { CompiledValue } from './jsonata';
import { compileValue } from './jsonata';
import { HEARTBEAT_TIMEOUT, TIMEOUT, type Failure } from './errors';
import { DATA_LIMIT_EXCEEDED } from './payload-limit';
import type { StateNode } from './thread';
import type { Json, JsonObject } from './json';

/** Whether `f` is one of the errors named (`catching`: by a catcher; otherwise by a retrier). */
export function errorMatches(errorEquals: readonly string[], f: Failure, catching = false): boolean {
  const e = f.error;
  for (const p of errorEquals) {
    if (p === e) return true;
    // States.ALL never takes the terminal States.Runtime (it never gets here); a retrier's does not take States.DataLimitExceeded.
    if (p === 'States.ALL' && (catching || e !== DATA_LIMIT_EXCEEDED)) return true;
    if (p === HEARTBEAT_TIMEOUT && f.heartbeat) return true;
    if (p === TIMEOUT && e === HEARTBEAT_TIMEOUT) return true;
    if (p === 'States.TaskFailed' && f.fromTask && e !== TIMEOUT && e !== HEARTBEAT_TIMEOUT) return true;
  }
  return false;
}

export class Catcher {
  readonly errorEquals: readonly string[];
  readonly nextName: string;
  readonly resultPath: string | null | undefined;
  /** JSONPath: the catcher's Assign, with `$` the error output. */
  readonly assign: CompiledPayload | null;
  /** JSONata: the catcher's Output and Assign (with `$states.errorOutput`); null in a JSONPath state. */
  readonly jsonata: { output: CompiledValue | null; assign: CompiledValue | null } | null;
  /** The state it goes to (resolved by State.link). */
  next!: StateNode;

  constructor(def: JsonObject, jsonata = false) {
    this.errorEquals = (def.ErrorEquals as string[]) ?? [];
    this.nextName = def.Next as string;
    this.resultPath = def.ResultPath as string | null | undefined;
    this.assign = !jsonata && def.Assign !== undefined ? compilePayload(def.Assign, 'Assign') : null;
    this.jsonata = jsonata
      ? { output: def.Output !== undefined ? compileValue(def.Output, 'Output') : null, assign: def.Assign !== undefined ? compileValue(def.Assign, 'Assign') : null }
      : null;
  }
}

export function compileCatchers(v: Json | undefined, jsonata = false): Catcher[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  return v.map((c) => new Catcher(c as JsonObject, jsonata));
}

export function findCatcher(catchers: readonly Catcher[], f: Failure): Catcher | undefined {
  for (const c of catchers) if (errorMatches(c.errorEquals, f, true)) return c;
  return undefined;
}

/** The error output a catcher passes on: `{Error, Cause}` (Cause is "" when the error has none, as for States.Timeout). */
export function errorOutput(f: Failure): Json {
  const o: JsonObject = {};
  if (f.error !== undefined) o.Error = f.error;
  o.Cause = f.cause ?? '';
  return o;
}

/** The output of a caught state: the error output placed into its raw input by the catcher's ResultPath. */
export function caughtOutput(c: Catcher, raw: Json, f: Failure): Json {
  return applyResultPath(raw, c.resultPath, errorOutput(f));
}
