/**
 * Fail: ends its state machine (or fails its Parallel branch or Map iteration) with an error name
 * and a cause: Error / Cause, or ErrorPath / CausePath (a reference path or an intrinsic function
 * on the state's input, which must give a string). Events: FailStateEntered, then the failure's
 * (ExecutionFailed at the top).
 */
import { pathContext } from '../context';
import { StatesError, type PathContext } from '../jsonpath';
import { dynamicValue } from '../jsonpath/payload';
import { Failure, RUNTIME } from '../errors';
import type { Thread } from '../thread';
import type { QueryLanguage } from '../io';
import { compileValue, isExpression, typeError, type CompiledValue } from '../jsonata';
import { JsonataIO } from '../jsonata-io';
import type { Json, JsonObject } from '../json';
import { State } from './state';

type Dynamic = (ctx: PathContext) => Json;

/**
 * ErrorPath / CausePath: a path or an intrinsic. A path that matches nothing fails as a payload
 * template's does, naming the field: "The JSONPath '$.x' specified for the field 'ErrorPath' could
 * not be found in the input '{...}'" (States.Runtime).
 */
function dynamicString(path: Json | undefined, field: string): Dynamic | undefined {
  if (typeof path !== 'string') return undefined;
  return dynamicValue(field, path, field);
}

export class FailState extends State {
  private readonly error: string | undefined;
  private readonly cause: string | undefined;
  private readonly errorPath: Dynamic | undefined;
  private readonly causePath: Dynamic | undefined;
  /** JSONata: Error and Cause as expressions. */
  private readonly errorExpr: CompiledValue | null = null;
  private readonly causeExpr: CompiledValue | null = null;

  constructor(name: string, def: JsonObject, ql: QueryLanguage) {
    super(name, 'Fail', def, ql);
    if (ql === 'JSONata') {
      if (isExpression(def.Error)) this.errorExpr = compileValue(def.Error, 'Error');
      if (isExpression(def.Cause)) this.causeExpr = compileValue(def.Cause, 'Cause');
    }
    this.error = typeof def.Error === 'string' ? def.Error : undefined;
    this.cause = typeof def.Cause === 'string' ? def.Cause : undefined;
    this.errorPath = dynamicString(def.ErrorPath, 'ErrorPath');
    this.causePath = dynamicString(def.CausePath, 'CausePath');
  }

  exec(t: Thread, raw: Json): Promise<never> {
    this.enter(t, raw);
    if (this.errorExpr !== null || this.causeExpr !== null) return this.failJsonata(t, raw);
    let error = this.error;
    let cause = this.cause;
    if (this.errorPath !== undefined || this.causePath !== undefined) {
      const ctx = pathContext(t, raw, this.usesContext, this.name);
      if (this.errorPath !== undefined) error = this.str(this.errorPath(ctx), 'ErrorPath');
      if (this.causePath !== undefined) cause = this.str(this.causePath(ctx), 'CausePath');
    }
    throw new Failure(error, cause);
  }

  private async failJsonata(t: Thread, raw: Json): Promise<never> {
    const b = { states: JsonataIO.states(t, this.name, raw), vars: t.vars };
    let error = this.error;
    let cause = this.cause;
    if (this.errorExpr !== null) {
      const v = await this.errorExpr.evaluate(b);
      if (typeof v !== 'string') throw typeError('Error', 'a string', v);
      error = v;
    }
    if (this.causeExpr !== null) {
      const v = await this.causeExpr.evaluate(b);
      if (typeof v !== 'string') throw typeError('Cause', 'a string', v);
      cause = v;
    }
    throw new Failure(error, cause);
  }

  private str(v: Json, field: string): string {
    if (typeof v === 'string') return v;
    throw new StatesError(RUNTIME, `The value of the field '${field}' must be a string, but it is ${JSON.stringify(v)}`);
  }
}
