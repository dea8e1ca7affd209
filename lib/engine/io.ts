/**
 * Input and output processing of a state, by query language.
 *
 * A state asks its `Processing` for the effective input (what its work runs on) and for its output
 * (its result placed into its input). JSONPath states (this file) do it with InputPath, Parameters
 * (ItemSelector for a Map), ResultSelector, ResultPath and OutputPath, in the order of the AWS
 * developer guide ("Processing input and output"): InputPath -> Parameters -> (the state's work) ->
 * ResultSelector -> ResultPath -> OutputPath. ResultPath places the result into the state's raw
 * input (before InputPath). JSONata states (Arguments, Output, Assign) will be a second strategy
 * behind the same interface; `compileProcessing` refuses them until then.
 */
import { applyResultPath, compilePath, compilePayload, selectPath, type PathContext } from './jsonpath';
import type { Json, JsonObject } from './json';

export type QueryLanguage = 'JSONPath' | 'JSONata';
type Fn = (ctx: PathContext) => Json;

/** Which processing fields a state type has. */
export interface ProcessingFields {
  inputPath?: boolean;
  parameters?: boolean;
  resultSelector?: boolean;
  resultPath?: boolean;
  outputPath?: boolean;
}

export interface Processing {
  /** No field to process: input and output pass through, the path context is not read. */
  readonly trivial: boolean;
  /** The effective input: InputPath, then Parameters (with `$` the InputPath result). */
  input(raw: Json, ctx: PathContext): Json;
  /** The state's output: ResultSelector on the result, ResultPath into the raw input, then OutputPath. */
  output(raw: Json, result: Json, ctx: PathContext): Json;
  /** InputPath alone. */
  inputPath(raw: Json, ctx: PathContext): Json;
  /** OutputPath alone (states whose output is their effective input: Choice, Wait, Succeed). */
  outputPath(value: Json, ctx: PathContext): Json;
}

/**
 * A path field as a function of the data: undefined when the field selects the whole input, so
 * that callers can skip it. A path that matches nothing fails with AWS's States.Runtime cause.
 */
export function compileSelect(path: string | null | undefined, field: string): Fn | undefined {
  if (path === undefined || path === '$') return undefined;
  if (path === null) return () => ({});
  const fn = compilePath(path);
  return (ctx) => {
    const v = fn(ctx);
    return v !== undefined ? v : selectPath(path, ctx, field);
  };
}

class JsonPathProcessing implements Processing {
  private readonly inPath: Fn | undefined;
  private readonly parameters: Fn | undefined;
  private readonly resultSelector: Fn | undefined;
  private readonly resultPath: string | null | undefined;
  private readonly outPath: Fn | undefined;
  private readonly assign: Fn | undefined;
  readonly trivial: boolean;

  constructor(def: JsonObject, fields: ProcessingFields) {
    this.inPath = fields.inputPath ? compileSelect(def.InputPath as string | null | undefined, 'InputPath') : undefined;
    this.parameters = fields.parameters && def.Parameters !== undefined ? compilePayload(def.Parameters, 'Parameters') : undefined;
    this.resultSelector = fields.resultSelector && def.ResultSelector !== undefined ? compilePayload(def.ResultSelector, 'ResultSelector') : undefined;
    this.resultPath = fields.resultPath ? (def.ResultPath as string | null | undefined) : undefined;
    if (this.resultPath === '$') this.resultPath = undefined;
    this.outPath = fields.outputPath ? compileSelect(def.OutputPath as string | null | undefined, 'OutputPath') : undefined;
    this.assign = def.Assign !== undefined ? compilePayload(def.Assign, 'Assign') : undefined;
    this.trivial =
      this.inPath === undefined &&
      this.parameters === undefined &&
      this.resultSelector === undefined &&
      this.resultPath === undefined &&
      this.outPath === undefined &&
      this.assign === undefined;
  }

  input(raw: Json, ctx: PathContext): Json {
    let v = raw;
    if (this.inPath !== undefined) {
      v = this.inPath(ctx);
      ctx.input = v;
    }
    if (this.parameters !== undefined) v = this.parameters(ctx);
    return v;
  }

  output(raw: Json, result: Json, ctx: PathContext): Json {
    let r = result;
    if (this.resultSelector !== undefined) {
      ctx.input = r;
      r = this.resultSelector(ctx);
    }
    if (this.assign !== undefined) this.assignFrom(r, ctx);
    let out = this.resultPath === undefined ? r : applyResultPath(raw, this.resultPath, r);
    if (this.outPath !== undefined) {
      ctx.input = out;
      out = this.outPath(ctx);
    }
    return out;
  }

  /** Assign, with `$` the state's result (after ResultSelector), or its effective input (Choice, Wait, Succeed). */
  private assignFrom(value: Json, ctx: PathContext): void {
    ctx.input = value;
    const a = (this.assign as Fn)(ctx) as JsonObject;
    if (ctx.owner !== undefined) ctx.owner.pendingAssign = a;
  }

  inputPath(raw: Json, ctx: PathContext): Json {
    if (this.inPath === undefined) return raw;
    const v = this.inPath(ctx);
    ctx.input = v;
    return v;
  }

  outputPath(value: Json, ctx: PathContext): Json {
    if (this.assign !== undefined) this.assignFrom(value, ctx);
    if (this.outPath === undefined) return value;
    ctx.input = value;
    return this.outPath(ctx);
  }
}

export class UnsupportedFeature extends Error {}

/** JSONata states: their fields are evaluated by the states themselves (jsonata-io.ts); this passes data through. */
const IDENTITY: Processing = Object.freeze({
  trivial: true,
  input: (raw: Json) => raw,
  output: (_raw: Json, result: Json) => result,
  inputPath: (raw: Json) => raw,
  outputPath: (value: Json) => value,
});

/** The processing of a state in its query language. */
export function compileProcessing(def: JsonObject, ql: QueryLanguage, fields: ProcessingFields, _stateName: string): Processing {
  if (ql === 'JSONata') return IDENTITY;
  return new JsonPathProcessing(def, fields);
}

/** Whether any string of a value mentions the Context Object (`$$`), so that it needs one built. */
export function mentionsContext(v: Json | undefined): boolean {
  if (typeof v === 'string') return v.includes('$$');
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(mentionsContext);
  for (const k in v) if (k.includes('$$') || mentionsContext(v[k])) return true;
  return false;
}
