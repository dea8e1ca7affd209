/**
 * Succeed: ends its state machine (or its Parallel branch, or its Map iteration) successfully
 * with its input after InputPath and OutputPath. Events: SucceedStateEntered, SucceedStateExited.
 */
import { pathContext } from '../context';
import type { Thread } from '../thread';
import { compileProcessing, type Processing, type QueryLanguage } from '../io';
import type { Json, JsonObject } from '../json';
import { JsonataIO } from '../jsonata-io';
import { State } from './state';

export class SucceedState extends State {
  private readonly io: Processing;
  private readonly jio: JsonataIO | null;

  constructor(name: string, def: JsonObject, ql: QueryLanguage) {
    super(name, 'Succeed', def, ql);
    this.io = compileProcessing(def, ql, { inputPath: true, outputPath: true }, name);
    this.jio = ql === 'JSONata' && def.Output !== undefined ? new JsonataIO(def, false) : null;
  }

  exec(t: Thread, raw: Json): Json | Promise<Json> {
    this.enter(t, raw);
    if (this.jio !== null) {
      return this.jio.finish(t, this.name, raw, undefined).then((out) => {
        this.leave(t, out);
        t.next = null;
        return out;
      });
    }
    const ctx = pathContext(t, raw, this.usesContext, this.name);
    const out = this.io.outputPath(this.io.inputPath(raw, ctx), ctx);
    this.leave(t, out);
    t.next = null;
    return out;
  }
}
