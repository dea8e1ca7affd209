/**
 * Parallel: runs every branch on its effective input (InputPath -> Parameters), all at once; its
 * result is the array of the branches' outputs, in branch order (then ResultSelector -> ResultPath
 * -> OutputPath). When a branch fails, the other branches are stopped and the Parallel state fails
 * with that branch's error and cause (Retry and Catch apply). Events: ParallelStateEntered,
 * ParallelStateStarted (each attempt), the branches' events, ParallelStateSucceeded then
 * ParallelStateExited, or ParallelStateFailed (and ParallelStateExited when a catcher takes it).
 */
import { compileCatchers } from '../catch';
import { pathContext } from '../context';
import { runFrom, type NestedScopes, type Thread } from '../thread';
import { redriveFanOut } from '../redrive';
import { ev, side } from '../history';
import { compileProcessing, type Processing, type QueryLanguage } from '../io';
import { compileRetriers, runAttempts, type Attempting, type Retrier } from '../retry';
import type { Json, JsonObject } from '../json';
import { fanOut, type FanOutSpec } from './fanout';
import { JsonataIO } from '../jsonata-io';
import { State, type CompileContext, type Scope } from './state';

export class ParallelState extends State implements Attempting {
  readonly retriers: readonly Retrier[] | null;
  readonly failedType = 'ParallelStateFailed' as const;
  readonly branches: Scope[];
  readonly nested: NestedScopes;
  private readonly io: Processing;
  private readonly jio: JsonataIO | null;

  constructor(name: string, def: JsonObject, ql: QueryLanguage, cc: CompileContext) {
    super(name, 'Parallel', def, ql);
    this.io = compileProcessing(def, ql, { inputPath: true, parameters: true, resultSelector: true, resultPath: true, outputPath: true }, name);
    this.retriers = compileRetriers(def.Retry);
    this.catchers = compileCatchers(def.Catch, ql === 'JSONata');
    this.jio = ql === 'JSONata' ? new JsonataIO(def, true) : null;
    this.branches = ((def.Branches as JsonObject[]) ?? []).map((b, i) => cc.compileScope(b, ql, `${name}/Branches[${i}]`));
    this.nested = { kind: 'branches', scopes: this.branches };
  }

  /** The branches on the effective input (in a redrive, only those that did not succeed: redrive.ts). */
  private branchesSpec(t: Thread, effective: Json): FanOutSpec {
    const branches = this.branches;
    return {
      count: branches.length,
      limit: 0,
      run: (i, c) => runFrom(c, branches[i].start, effective),
      succeeded: (_i, c) => c.lastEventId,
      ...redriveFanOut(t, this.name, branches.length, (i) => branches[i]),
    };
  }

  exec(t: Thread, raw: Json): Json | Promise<Json> {
    this.enter(t, raw);
    return runAttempts(t, this, raw, (retryCount) => this.attempt(t, raw, retryCount));
  }

  private attempt(t: Thread, raw: Json, retryCount: number): Json | Promise<Json> {
    if (this.jio !== null) return this.attemptJsonata(t, raw, retryCount, this.jio);
    const ctx = pathContext(t, raw, this.usesContext, this.name, this.usesContext ? { retryCount } : undefined);
    const effective = this.io.input(raw, ctx);
    ev(t, 'ParallelStateStarted');
    const r = fanOut(t, this.branchesSpec(t, effective));
    const done = (results: Json[]): Json => {
      side(t, t.lastEventId, 'ParallelStateSucceeded');
      return this.io.output(raw, results, ctx);
    };
    return r instanceof Promise ? r.then(done) : done(r);
  }

  private async attemptJsonata(t: Thread, raw: Json, retryCount: number, jio: JsonataIO): Promise<Json> {
    const extras = this.usesContext ? { retryCount } : undefined;
    const effective = await jio.effectiveInput(t, this.name, raw, extras);
    ev(t, 'ParallelStateStarted');
    const results = await fanOut(t, this.branchesSpec(t, effective));
    side(t, t.lastEventId, 'ParallelStateSucceeded');
    return jio.finish(t, this.name, raw, results, extras);
  }
}
