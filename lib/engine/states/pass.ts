/**
 * Pass: passes its input to its output, or a fixed Result, or what its Parameters build
 * (InputPath -> Parameters -> Result -> ResultPath -> OutputPath). Events: PassStateEntered,
 * PassStateExited.
 */
import { pathContext } from '../context';
import type { Thread } from '../thread';
import { compileProcessing, type Processing, type QueryLanguage } from '../io';
import type { Json, JsonObject } from '../json';
import { JsonataIO } from '../jsonata-io';
import { State } from './state';

export class PassState extends State {
  private readonly io: Processing;
  private readonly hasResult: boolean;
  private readonly result: Json;
  private readonly jio: JsonataIO | null;

  constructor(name: string, def: JsonObject, ql: QueryLanguage) {
    super(name, 'Pass', def, ql);
    this.io = compileProcessing(def, ql, { inputPath: true, parameters: true, resultPath: true, outputPath: true }, name);
    this.hasResult = def.Result !== undefined;
    this.measuresOutput = this.hasResult;
    this.result = this.hasResult ? deepFreeze(def.Result) : null;
    this.jio = ql === 'JSONata' ? new JsonataIO(def, false) : null;
  }

  exec(t: Thread, raw: Json): Json | Promise<Json> {
    this.enter(t, raw);
    if (this.jio !== null) {
      if (this.jio.output === null && this.jio.assign === null) return this.leave(t, raw);
      return this.jio.finish(t, this.name, raw, undefined).then((out) => this.leave(t, out));
    }
    const ctx = pathContext(t, raw, this.usesContext, this.name);
    const effective = this.io.input(raw, ctx);
    return this.leave(t, this.io.output(raw, this.hasResult ? this.result : effective, ctx));
  }
}

/** A definition constant shared by every execution: frozen, so that no one can change it for the next ones. */
export function deepFreeze<T extends Json>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k in v) deepFreeze((v as JsonObject)[k]);
  }
  return v;
}
