/**
 * Map (inline): runs its ItemProcessor (or the older Iterator) once per item of the array at
 * ItemsPath of its effective input (after InputPath), at most MaxConcurrency (or the value at
 * MaxConcurrencyPath) iterations at a time, 0 meaning no limit. An iteration's input is the item,
 * or what ItemSelector (or the older Parameters) builds, where `$` is the Map's effective input and
 * `$$.Map.Item.Index` / `$$.Map.Item.Value` the item's. The result is the array of the iterations'
 * outputs in item order (then ResultSelector -> ResultPath -> OutputPath). An iteration that fails
 * stops the others and fails the Map with its error (Retry and Catch apply).
 *
 * Events: MapStateEntered, MapStateStarted {length}, per iteration MapIterationStarted {name,
 * index}, its states' events, MapIterationSucceeded (or MapIterationFailed / MapIterationAborted),
 * then MapStateSucceeded and MapStateExited, or MapStateFailed.
 */
import { compileCatchers } from '../catch';
import { contextObject, pathContext } from '../context';
import { StatesError, compilePayload, type PathContext } from '../jsonpath';
import { integerOf, negativeMaxConcurrencyCause, notAnIntegerCause } from '../jsonpath/causes';
import { Failure, RUNTIME, STOPPED, stateFailure } from '../errors';
import { runFrom, type NestedScopes, type Thread } from '../thread';
import { redriveFanOut } from '../redrive';
import { ev, evaluationFailed, side } from '../history';
import { UnsupportedFeature, compileProcessing, compileSelect, type Processing, type QueryLanguage } from '../io';
import { compileRetriers, runAttempts, type Attempting, type Retrier } from '../retry';
import type { Json, JsonObject } from '../json';
import { fanOut } from './fanout';
import { compileValue, typeError, unexpectedType, type CompiledValue } from '../jsonata';
import { JsonataIO } from '../jsonata-io';
import { State, type CompileContext, type Scope } from './state';
import { DistributedMap, type ItemSelect } from './distributed-map';

/** What only a distributed Map runs (the tolerated-failure fields are accepted inline, and have no effect there, as on AWS). */
const UNSUPPORTED = ['ItemReader', 'ItemBatcher', 'ResultWriter', 'Label'];

export class MapState extends State implements Attempting {
  readonly retriers: readonly Retrier[] | null;
  readonly failedType = 'MapStateFailed' as const;
  readonly processor: Scope;
  readonly nested: NestedScopes;
  private readonly io: Processing;
  private readonly itemsPath: ((ctx: PathContext) => Json) | undefined;
  private readonly itemSelector: ((ctx: PathContext) => Json) | undefined;
  private readonly maxConcurrency: number | undefined;
  private readonly maxConcurrencyPath: ((ctx: PathContext) => Json) | undefined;
  /** JSONata: Items, ItemSelector, MaxConcurrency (values or expressions), Output, Assign. */
  private readonly jio: JsonataIO | null;
  private readonly itemsJ: CompiledValue | null = null;
  private readonly itemSelectorJ: CompiledValue | null = null;
  private readonly maxConcurrencyJ: CompiledValue | null = null;
  /** DISTRIBUTED mode: the Map Run (distributed-map.ts); null for an inline Map. */
  private readonly distributed: DistributedMap | null = null;

  constructor(name: string, def: JsonObject, ql: QueryLanguage, cc: CompileContext) {
    super(name, 'Map', def, ql);
    const processorDef = (def.ItemProcessor ?? def.Iterator) as JsonObject;
    const config = processorDef.ProcessorConfig as JsonObject | undefined;
    const isDistributed = config !== undefined && config.Mode === 'DISTRIBUTED';
    if (!isDistributed) {
      for (const k of UNSUPPORTED) {
        if (def[k] !== undefined) throw new UnsupportedFeature(`the Map state '${name}' uses ${k}, which only a Map in DISTRIBUTED mode has`);
      }
    }
    this.io = compileProcessing(def, ql, { inputPath: true, resultSelector: true, resultPath: true, outputPath: true }, name);
    this.retriers = compileRetriers(def.Retry);
    this.catchers = compileCatchers(def.Catch, ql === 'JSONata');
    this.jio = ql === 'JSONata' ? new JsonataIO(def, false) : null;
    if (ql === 'JSONata') {
      if (def.Items !== undefined) this.itemsJ = compileValue(def.Items, 'Items');
      if (def.ItemSelector !== undefined) this.itemSelectorJ = compileValue(def.ItemSelector, 'ItemSelector');
      if (def.MaxConcurrency !== undefined) this.maxConcurrencyJ = compileValue(def.MaxConcurrency, 'MaxConcurrency');
    }
    this.itemsPath = compileSelect(def.ItemsPath as string | null | undefined, 'ItemsPath');
    const selector = def.ItemSelector ?? def.Parameters;
    this.itemSelector = selector !== undefined ? compilePayload(selector, def.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters') : undefined;
    this.maxConcurrency = typeof def.MaxConcurrency === 'number' ? def.MaxConcurrency : undefined;
    this.maxConcurrencyPath = typeof def.MaxConcurrencyPath === 'string' ? (compileSelect(def.MaxConcurrencyPath, 'MaxConcurrencyPath') ?? ((ctx) => ctx.input)) : undefined;
    this.processor = cc.compileScope(processorDef, ql, `${name}/${def.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator'}`);
    if (isDistributed) this.distributed = new DistributedMap(name, def, ql, this.processor, config);
    this.nested = isDistributed ? { kind: 'mapRun' } : { kind: 'iterations', scope: this.processor };
  }

  exec(t: Thread, raw: Json): Json | Promise<Json> {
    this.enter(t, raw);
    return runAttempts(t, this, raw, (retryCount) => this.attempt(t, raw, retryCount));
  }

  private attempt(t: Thread, raw: Json, retryCount: number): Json | Promise<Json> {
    if (this.jio !== null) return this.attemptJsonata(t, raw, retryCount, this.jio);
    const ctx = pathContext(t, raw, this.usesContext, this.name, this.usesContext ? { retryCount } : undefined);
    const effective = this.io.inputPath(raw, ctx);
    const d = this.distributed;
    if (d !== null) return this.attemptDistributed(t, d, raw, effective, ctx, retryCount);
    const items = this.itemsAt(ctx, effective);
    const limit = this.limitOf(ctx, effective);
    const ex = t.ex;
    ev(t, 'MapStateStarted', 'mapStateStartedEventDetails', ex.events !== null && { length: items.length });
    const name = this.name;
    const start = this.processor.start;
    const selector = this.itemSelector;
    const enteredId = t.enteredId;
    const iterationInput = (i: number): Json => {
      if (selector === undefined) return items[i];
      const c: PathContext = {
        input: effective,
        context: this.usesContext ? contextObject(t, name, { retryCount, mapItem: { index: i, value: items[i] } }) : null,
        variables: t.vars,
      };
      try {
        return selector(c);
      } catch (e) {
        throw stateFailure(e, name, enteredId);
      }
    };
    const details = (i: number) => ex.events !== null && { name, index: i };
    const r = fanOut(t, {
      count: items.length,
      limit,
      started: (i, c) => void ev(c, 'MapIterationStarted', 'mapIterationStartedEventDetails', details(i)),
      run: (i, c) => runFrom(c, start, iterationInput(i)),
      succeeded: (i, c) => side(c, c.lastEventId, 'MapIterationSucceeded', 'mapIterationSucceededEventDetails', details(i)),
      childFailed: (i, c, prev) => void side(c, prev, 'MapIterationFailed', 'mapIterationFailedEventDetails', details(i)),
      childAborted: (i, c, prev) => void side(c, prev, 'MapIterationAborted', 'mapIterationAbortedEventDetails', details(i)),
      ...redriveFanOut(t, name, items.length, () => this.processor),
    });
    const done = (results: Json[]): Json => {
      side(t, t.lastEventId, 'MapStateSucceeded');
      return this.io.output(raw, results, ctx);
    };
    return r instanceof Promise ? r.then(done) : done(r);
  }

  /**
   * JSONPath, DISTRIBUTED mode: the items at ItemsPath of the effective input (or read by
   * ItemReader), ItemSelector per item, MaxConcurrency(Path), then the Map Run; its result goes
   * through ResultSelector, ResultPath and OutputPath as an inline Map's does.
   */
  private async attemptDistributed(t: Thread, d: DistributedMap, raw: Json, effective: Json, ctx: PathContext, retryCount: number): Promise<Json> {
    // ItemsPath is not used when ItemReader reads the items.
    const items = d.readsS3 ? null : this.itemsAt(ctx, effective);
    const limit = this.limitOf(ctx, effective);
    const name = this.name;
    const selector = this.itemSelector;
    const select: ItemSelect | null =
      selector === undefined
        ? null
        : (i, item) => selector({ input: effective, context: this.usesContext ? contextObject(t, name, { retryCount, mapItem: { index: i, value: item } }) : null, variables: t.vars, owner: t });
    const result = await d.run(t, { ctx: { ...ctx, input: effective }, b: null }, items, select, limit);
    return this.io.output(raw, result, ctx);
  }

  /** JSONPath: the array at ItemsPath of the effective input (States.Runtime when it is not one). */
  private itemsAt(ctx: PathContext, effective: Json): Json[] {
    const items = this.itemsPath !== undefined ? this.itemsPath(ctx) : effective;
    if (!Array.isArray(items)) {
      throw new StatesError(RUNTIME, `The Map state's ItemsPath must select a JSON array, but it selects ${JSON.stringify(items)}`);
    }
    return items;
  }

  /**
   * JSONPath: MaxConcurrency, or the value at MaxConcurrencyPath of the effective input (an
   * integer, or a string of one); 0 = no limit. AWS's causes (data/causes.ts); a negative value
   * fails here, where AWS was seen to hang (LocalStack's test_max_concurrency_path_negative).
   */
  private limitOf(ctx: PathContext, effective: Json): number {
    if (this.maxConcurrencyPath === undefined) return this.maxConcurrency ?? 0;
    ctx.input = effective;
    const v = this.maxConcurrencyPath(ctx);
    const n = integerOf(v);
    const path = this.def.MaxConcurrencyPath as string;
    if (n === undefined) throw new StatesError(RUNTIME, notAnIntegerCause('MaxConcurrencyPath', path, v));
    if (n < 0) throw new StatesError(RUNTIME, negativeMaxConcurrencyCause(n));
    return n;
  }

  private async attemptJsonata(t: Thread, raw: Json, retryCount: number, jio: JsonataIO): Promise<Json> {
    const name = this.name;
    const extras = this.usesContext ? { retryCount } : undefined;
    const b = { states: JsonataIO.states(t, name, raw, extras), vars: t.vars };
    const d = this.distributed;
    let items: Json[] | null = null;
    // Items is not used when ItemReader reads the items.
    if (d === null || !d.readsS3) {
      const v = this.itemsJ !== null ? await this.itemsJ.evaluate(b) : raw;
      if (!Array.isArray(v)) throw this.itemsJ !== null ? unexpectedType(this.itemsJ, 'Items', 'array', v) : typeError('Items', 'a JSON array', v);
      items = v;
    }
    let limit = 0;
    if (this.maxConcurrencyJ !== null) {
      const v = await this.maxConcurrencyJ.evaluate(b);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw typeError('MaxConcurrency', 'a non-negative integer', v);
      limit = v;
    }
    if (d !== null) {
      const selectorJ = this.itemSelectorJ;
      const select: ItemSelect | null =
        selectorJ === null
          ? null
          : (i, item) => selectorJ.evaluate({ states: JsonataIO.states(t, name, raw, { retryCount, mapItem: { index: i, value: item } }), vars: t.vars });
      const result = await d.run(t, { ctx: null, b }, items, select, limit);
      return jio.finish(t, name, raw, result, extras);
    }
    const all = items as Json[]; // inline: read above
    const ex = t.ex;
    ev(t, 'MapStateStarted', 'mapStateStartedEventDetails', ex.events !== null && { length: all.length });
    const start = this.processor.start;
    const selector = this.itemSelectorJ;
    const details = (i: number) => ex.events !== null && { name, index: i };
    const results = await fanOut(t, {
      count: all.length,
      limit,
      started: (i, c) => void ev(c, 'MapIterationStarted', 'mapIterationStartedEventDetails', details(i)),
      run: selector === null ? (i, c) => runFrom(c, start, all[i]) : (i, c) => this.selectAndRun(t, c, raw, retryCount, selector, all, i),
      succeeded: (i, c) => side(c, c.lastEventId, 'MapIterationSucceeded', 'mapIterationSucceededEventDetails', details(i)),
      childFailed: (i, c, prev) => void side(c, prev, 'MapIterationFailed', 'mapIterationFailedEventDetails', details(i)),
      childAborted: (i, c, prev) => void side(c, prev, 'MapIterationAborted', 'mapIterationAbortedEventDetails', details(i)),
      ...redriveFanOut(t, name, all.length, () => this.processor),
    });
    side(t, t.lastEventId, 'MapStateSucceeded');
    return jio.finish(t, name, raw, results, extras);
  }

  /**
   * A JSONata iteration: its input is ItemSelector evaluated when the iteration starts (after its
   * MapIterationStarted), with $states.context.Map.Item (Index, Value); a failure there fails the
   * iteration (EvaluationFailed in it, then MapIterationFailed), hence the Map.
   */
  private async selectAndRun(t: Thread, c: Thread, raw: Json, retryCount: number, selector: CompiledValue, items: Json[], i: number): Promise<Json> {
    const name = this.name;
    let input: Json;
    try {
      input = await selector.evaluate({ states: JsonataIO.states(t, name, raw, { retryCount, mapItem: { index: i, value: items[i] } }), vars: t.vars });
    } catch (e) {
      const f = stateFailure(e, name, t.enteredId);
      if (f instanceof Failure) evaluationFailed(c, name, f);
      throw f;
    }
    if (c.isStopped()) throw STOPPED;
    return runFrom(c, this.processor.start, input);
  }
}
