/**
 * Wait: waits Seconds, or until Timestamp, or for the value at SecondsPath (a non-negative
 * integer) or until the one at TimestampPath (an RFC 3339 timestamp), read from its effective input
 * (after InputPath); a timestamp in the past does not wait. Its output is its effective input
 * after OutputPath. On the virtual clock the wait is instant and moves the thread's time.
 * Events: WaitStateEntered, WaitStateExited.
 */
import { pathContext } from '../context';
import { StatesError, parseTimestamp, type PathContext } from '../jsonpath';
import { secondsPathCause, timestampCause } from '../jsonpath/causes';
import { Failure, RUNTIME, STOPPED, stateFailure } from '../errors';
import type { Thread } from '../thread';
import { compileProcessing, compileSelect, type Processing, type QueryLanguage } from '../io';
import type { Json, JsonObject } from '../json';
import { QUERY_EVALUATION_ERROR, compileValue, isExpression, typeError, type CompiledValue } from '../jsonata';
import { JsonataIO } from '../jsonata-io';
import { State } from './state';

export class WaitState extends State {
  private readonly io: Processing;
  private readonly seconds: number | undefined;
  private readonly timestamp: number | undefined;
  private readonly secondsPath: ((ctx: PathContext) => Json) | undefined;
  private readonly timestampPath: ((ctx: PathContext) => Json) | undefined;
  private readonly jio: JsonataIO | null;
  private readonly secondsExpr: CompiledValue | null = null;
  private readonly timestampExpr: CompiledValue | null = null;

  constructor(name: string, def: JsonObject, ql: QueryLanguage) {
    super(name, 'Wait', def, ql);
    this.io = compileProcessing(def, ql, { inputPath: true, outputPath: true }, name);
    this.seconds = typeof def.Seconds === 'number' ? def.Seconds : undefined;
    this.timestamp = typeof def.Timestamp === 'string' ? parseTimestamp(def.Timestamp) : undefined;
    this.secondsPath = typeof def.SecondsPath === 'string' ? selectOrInput(def.SecondsPath, 'SecondsPath') : undefined;
    this.timestampPath = typeof def.TimestampPath === 'string' ? selectOrInput(def.TimestampPath, 'TimestampPath') : undefined;
    this.jio = ql === 'JSONata' ? new JsonataIO(def, false) : null;
    if (ql === 'JSONata') {
      if (isExpression(def.Seconds)) this.secondsExpr = compileValue(def.Seconds, 'Seconds');
      if (isExpression(def.Timestamp)) this.timestampExpr = compileValue(def.Timestamp, 'Timestamp');
    }
  }

  exec(t: Thread, raw: Json): Json | Promise<Json> {
    this.enter(t, raw);
    if (this.jio !== null) return this.execJsonata(t, raw, this.jio);
    const ctx = pathContext(t, raw, this.usesContext, this.name);
    const effective = this.io.inputPath(raw, ctx);
    const wait = t.ex.sleep(t, this.delay(t, effective, ctx));
    if (wait !== undefined) return wait.then(() => this.done(t, effective, ctx));
    return this.done(t, effective, ctx);
  }

  private done(t: Thread, effective: Json, ctx: PathContext): Json {
    if (t.isStopped()) throw STOPPED;
    return this.leave(t, this.io.outputPath(effective, ctx));
  }

  /** JSONata: Seconds or Timestamp (values or expressions), the wait, then Output and Assign. */
  private async execJsonata(t: Thread, raw: Json, jio: JsonataIO): Promise<Json> {
    let ms = 0;
    const b = () => ({ states: JsonataIO.states(t, this.name, raw), vars: t.vars });
    if (this.secondsExpr !== null) {
      const v = await this.secondsExpr.evaluate(b());
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw typeError('Seconds', 'a non-negative integer', v);
      ms = v * 1000;
    } else if (this.timestampExpr !== null) {
      const v = await this.timestampExpr.evaluate(b());
      const at = typeof v === 'string' ? parseTimestamp(v) : undefined;
      if (at === undefined) throw timestampFailure(this.name, t.enteredId, v);
      ms = at - t.ex.clock.now(t);
    } else if (this.seconds !== undefined) ms = this.seconds * 1000;
    else if (this.timestamp !== undefined) ms = this.timestamp - t.ex.clock.now(t);
    await t.ex.sleep(t, ms);
    if (t.isStopped()) throw STOPPED;
    const out = await jio.finish(t, this.name, raw, undefined);
    return this.leave(t, out);
  }

  /** Milliseconds to wait. */
  private delay(t: Thread, effective: Json, ctx: PathContext): number {
    if (this.seconds !== undefined) return this.seconds * 1000;
    if (this.timestamp !== undefined) return this.timestamp - t.ex.clock.now(t);
    ctx.input = effective;
    if (this.secondsPath !== undefined) {
      const v = this.secondsPath(ctx);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new StatesError(RUNTIME, secondsPathCause(this.def.SecondsPath as string, v, typeof v === 'number' && Number.isInteger(v)));
      }
      return v * 1000;
    }
    if (this.timestampPath !== undefined) {
      const v = this.timestampPath(ctx);
      const ms = typeof v === 'string' ? parseTimestamp(v) : undefined;
      if (ms === undefined) throw new StatesError(RUNTIME, timestampCause('TimestampPath', this.def.TimestampPath as string, v));
      return ms - t.ex.clock.now(t);
    }
    return 0;
  }
}

function selectOrInput(path: string, field: string): (ctx: PathContext) => Json {
  return compileSelect(path, field) ?? ((ctx) => ctx.input);
}

/**
 * A JSONata Timestamp that is not an RFC 3339 timestamp, as AWS records it: States.QueryEvaluationError
 * "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: <value>",
 * its EvaluationFailed (location Timestamp) following the entered event
 * (test_base_scenarios.snapshot.json, test_wait_timestamp_jsonata, recorded 27-12-2024).
 */
function timestampFailure(state: string, enteredId: number, v: Json | undefined): Failure {
  const shown = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  const cause = `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${shown}`;
  const f = stateFailure(new StatesError(QUERY_EVALUATION_ERROR, cause, 'Timestamp'), state, enteredId) as Failure;
  f.followsEntered = true;
  return f;
}
