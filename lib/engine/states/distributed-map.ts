/**
 * Map in DISTRIBUTED mode (`ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED`): the part of a Map
 * state that differs from inline Map. MapState (map.ts) keeps its input and output processing,
 * Retry and Catch, ItemsPath / Items, ItemSelector and MaxConcurrency; this runs the Map Run:
 *
 *   items   the state's array, or ItemReader (../distributed/item-reader.ts), then ItemSelector
 *           per item ($$.Map.Item.Index / Value), then ItemBatcher (../distributed/batcher.ts)
 *   run     child executions (../distributed/map-run.ts), ExecutionType STANDARD or EXPRESS,
 *           MaxConcurrency, ToleratedFailureCount / ToleratedFailurePercentage (or their Path forms)
 *   result  the children's outputs in item order (WriterConfig Transformation COMPACT, FLATTEN or
 *           NONE: execution records; a failed child is its record), or with ResultWriter
 *           (../distributed/result-writer.ts) `{MapRunArn, ResultWriterDetails: {Bucket, Key}}`
 *
 * Fields are JSONPath (`Parameters` payload templates, `*Path` reference paths) or JSONata
 * (`Arguments`, values or `{% %}` expressions), as the state's query language says.
 *
 * History (parent), as LocalStack records it from AWS (its snapshot-tested
 * `state_map.py` / `distributed_iteration_component.py`): MapStateEntered, MapStateStarted {length:
 * the number of items, 0 with an ItemReader}, MapRunStarted {mapRunArn}, then MapRunSucceeded,
 * MapStateSucceeded (following MapRunSucceeded) and MapStateExited (following MapRunStarted: AWS's
 * test_map_item_reader_base_json_max_items_jsonata, 13-11-2024); or MapRunFailed {error, cause}
 * and MapStateFailed following it (test_map_item_reader_csv_max_items_paths[-1]) (Retry and
 * Catch apply). The results are exported after MapRunSucceeded: a ResultWriter failure fails the
 * state (MapStateFailed) after a Map Run that succeeded.
 * The MapRunArn is `arn:aws:states:<region>:<account>:mapRun:<state machine>/<Label or state name>:<MapRunId>`;
 * the Map Run is listed in the execution's `mapRuns` (../distributed/map-run-record.ts: status,
 * dates, counts; DescribeMapRun / ListMapRuns / UpdateMapRun read and update it).
 * Errors: States.ItemReaderFailed (the items cannot be read), States.ExceedToleratedFailureThreshold
 * (too many children failed), States.ResultWriterFailed (the results cannot be written).
 */
import { fastUuid } from '../clock';
import { StatesError, compilePayload, type PathContext } from '../jsonpath';
import { Failure, RUNTIME } from '../errors';
import type { Thread } from '../thread';
import { side, ev } from '../history';
import { MAX_ITEMS_NOT_POSITIVE, NEGATIVE_TOLERATED_COUNT, TOLERATED_PERCENTAGE_RANGE, integerOf, notAFloatCause, notAnIntegerCause } from '../jsonpath/causes';
import { UnsupportedFeature, compileSelect, type QueryLanguage } from '../io';
import { compileValue, type JsonataBindings } from '../jsonata';
import type { Json, JsonObject } from '../json';
import { childInputs, type BatchLimits } from '../distributed/batcher';
import { ITEM_READER_FAILED, readItems } from '../distributed/item-reader';
import { runMapRun, type Transformation } from '../distributed/map-run';
import { MapRunRecord, type MapRunKept } from '../distributed/map-run-record';
import { takeRedrive } from '../redrive';
import { RESULT_WRITER_FAILED, ResultWriter } from '../distributed/result-writer';
import { openS3, type S3Access } from '../distributed/s3';
import type { State } from './state';

export const EXCEED_TOLERATED_FAILURE_THRESHOLD = 'States.ExceedToleratedFailureThreshold';

/** What a field is evaluated against: the JSONPath context (its input the effective input) or the JSONata bindings. */
export interface FieldEnv {
  ctx: PathContext | null;
  b: JsonataBindings | null;
}

type Getter = (env: FieldEnv) => Json | undefined | Promise<Json | undefined>;

/** An iteration's input from its item (ItemSelector), given the item's index. */
export type ItemSelect = (index: number, item: Json) => Json | Promise<Json>;

const asObject = (v: Json | undefined): JsonObject | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);

/**
 * A field of `obj`: in JSONata its value or expression; in JSONPath its value (a payload template
 * when `template`) or, when absent, the value its `<name>Path` selects in the effective input.
 */
export function field(ql: QueryLanguage, obj: JsonObject | undefined, name: string, where: string, template = false): Getter | null {
  if (obj === undefined) return null;
  if (ql === 'JSONata') {
    if (obj[name] === undefined) return null;
    const c = compileValue(obj[name], `${where}.${name}`);
    return (env) => c.evaluate(env.b as JsonataBindings);
  }
  if (obj[name] !== undefined) {
    if (template) {
      const p = compilePayload(obj[name], `${where}.${name}`);
      return (env) => p(env.ctx as PathContext);
    }
    const v = obj[name];
    return () => v;
  }
  const path = obj[`${name}Path`];
  if (typeof path !== 'string') return null;
  const select = compileSelect(path, `${where}.${name}Path`) ?? ((ctx: PathContext) => ctx.input);
  return (env) => integerText(select(env.ctx as PathContext));
}

const DIGITS = /^\d+$/;

/**
 * A number read at a `<name>Path`: a string of digits counts as that integer, as on AWS (recorded
 * in LocalStack's AWS-validated test_assign_reference_variables: MaxItemsPath "2",
 * MaxItemsPerBatchPath "2", MaxInputBytesPerBatchPath "15000", ToleratedFailure*Path "1").
 */
function integerText(v: Json | undefined): Json | undefined {
  return typeof v === 'string' && DIGITS.test(v) ? Number(v) : v;
}

/** A number field's value, checked: AWS fails the state with States.Runtime when a path selects something else. */
export async function numberOf(g: Getter | null, env: FieldEnv, name: string, min: number, max: number, integer: boolean, path?: string): Promise<number | undefined> {
  if (g === null) return undefined;
  const v = await g(env);
  if (path !== undefined) return toleratedAt(path, name, v === undefined ? null : v);
  if (typeof v !== 'number' || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new StatesError(RUNTIME, `The value of ${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, but it is ${JSON.stringify(v)}`);
  }
  return v;
}

/** The ToleratedFailure<name>Path of a JSONPath Map, when the value is read there. */
function pathOf(ql: QueryLanguage, def: JsonObject, name: string): string | undefined {
  const p = def[`${name}Path`];
  return ql === 'JSONPath' && def[name] === undefined && typeof p === 'string' ? p : undefined;
}

/**
 * A value read at ToleratedFailureCountPath / ToleratedFailurePercentagePath, with AWS's causes
 * (data/causes.ts): an integer (or a string of one) not below 0; a number (or a string of an
 * integer) from 0 to 100.
 */
function toleratedAt(path: string, name: string, v: Json): number {
  if (name === 'ToleratedFailureCount') {
    const n = integerOf(v);
    if (n === undefined) throw new StatesError(RUNTIME, notAnIntegerCause('ToleratedFailureCountPath', path, v));
    if (n < 0) throw new StatesError(RUNTIME, NEGATIVE_TOLERATED_COUNT);
    return n;
  }
  const n = typeof v === 'number' ? v : integerOf(v);
  if (n === undefined) throw new StatesError(RUNTIME, notAFloatCause(path, v));
  if (n < 0 || n > 100) throw new StatesError(RUNTIME, TOLERATED_PERCENTAGE_RANGE);
  return n;
}

const RESOURCE = /^arn:[^:]+:states:::s3:([A-Za-z0-9]+)$/;

export class DistributedMap {
  readonly readsS3: boolean;
  private readonly label: string;
  private readonly executionType: 'STANDARD' | 'EXPRESS';
  private readonly readerApi: string | null = null;
  private readonly readerParams: Getter | null = null;
  private readonly readerConfig: JsonObject;
  private readonly maxItems: Getter | null;
  private readonly maxItemsPath: string | undefined;
  private readonly batching: boolean;
  private readonly maxItemsPerBatch: Getter | null;
  private readonly maxBytesPerBatch: Getter | null;
  private readonly batchInput: Getter | null;
  private readonly toleratedCount: Getter | null;
  private readonly toleratedPercentage: Getter | null;
  private readonly countPath: string | undefined;
  private readonly percentagePath: string | undefined;
  private readonly writerParams: Getter | null = null;
  private readonly transformation: Transformation;
  private readonly jsonl: boolean;

  constructor(
    private readonly name: string,
    def: JsonObject,
    ql: QueryLanguage,
    private readonly processor: { start: State },
    config: JsonObject,
  ) {
    this.label = typeof def.Label === 'string' && def.Label !== '' ? def.Label : name;
    this.executionType = config.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
    const params = ql === 'JSONata' ? 'Arguments' : 'Parameters';

    const reader = asObject(def.ItemReader);
    this.readsS3 = reader !== undefined;
    this.readerConfig = asObject(reader?.ReaderConfig) ?? {};
    if (reader !== undefined) {
      const m = typeof reader.Resource === 'string' ? RESOURCE.exec(reader.Resource) : null;
      if (m === null || (m[1] !== 'getObject' && m[1] !== 'listObjectsV2')) {
        throw new UnsupportedFeature(`the Map state '${name}' reads items with ItemReader.Resource ${JSON.stringify(reader.Resource)}; the local engine reads arn:aws:states:::s3:getObject and s3:listObjectsV2`);
      }
      if (this.readerConfig.InputType === 'PARQUET') throw new UnsupportedFeature(`the Map state '${name}' reads a PARQUET file, which the local engine does not read (JSON, JSONL, CSV, MANIFEST)`);
      this.readerApi = m[1];
      this.readerParams = field(ql, reader, params, 'ItemReader', true);
    }
    this.maxItems = field(ql, this.readerConfig, 'MaxItems', 'ItemReader.ReaderConfig');
    this.maxItemsPath = pathOf(ql, this.readerConfig, 'MaxItems');

    const batcher = asObject(def.ItemBatcher);
    this.batching = batcher !== undefined;
    this.maxItemsPerBatch = field(ql, batcher, 'MaxItemsPerBatch', 'ItemBatcher');
    this.maxBytesPerBatch = field(ql, batcher, 'MaxInputBytesPerBatch', 'ItemBatcher');
    this.batchInput = field(ql, batcher, 'BatchInput', 'ItemBatcher', true);

    this.toleratedCount = field(ql, def, 'ToleratedFailureCount', 'Map');
    this.toleratedPercentage = field(ql, def, 'ToleratedFailurePercentage', 'Map');
    this.countPath = pathOf(ql, def, 'ToleratedFailureCount');
    this.percentagePath = pathOf(ql, def, 'ToleratedFailurePercentage');

    const writer = asObject(def.ResultWriter);
    const writerConfig = asObject(writer?.WriterConfig);
    if (writer !== undefined && writer.Resource !== undefined) {
      if (typeof writer.Resource !== 'string' || RESOURCE.exec(writer.Resource)?.[1] !== 'putObject') {
        throw new UnsupportedFeature(`the Map state '${name}' writes results with ResultWriter.Resource ${JSON.stringify(writer.Resource)}; AWS supports arn:aws:states:::s3:putObject`);
      }
      this.writerParams = field(ql, writer, params, 'ResultWriter', true);
    }
    // Defaults (developer guide, ResultWriter): NONE when exporting to S3, COMPACT otherwise.
    this.transformation = (writerConfig?.Transformation as Transformation | undefined) ?? (this.writerParams !== null ? 'NONE' : 'COMPACT');
    this.jsonl = writerConfig?.OutputType === 'JSONL';
  }

  /**
   * Runs the Map Run: `items` is the state's array (null when ItemReader reads them), `select`
   * its ItemSelector, `limit` its MaxConcurrency. Returns the state's result (before
   * ResultSelector / Output), or throws its failure after writing MapRunFailed.
   */
  async run(t: Thread, env: FieldEnv, items: Json[] | null, select: ItemSelect | null, limit: number): Promise<Json> {
    const ex = t.ex;
    ev(t, 'MapStateStarted', 'mapStateStartedEventDetails', ex.events !== null && { length: items === null ? 0 : items.length });
    // The thresholds are read before the Map Run starts: AWS fails the state on a bad
    // ToleratedFailure*Path value right after MapStateStarted, without MapRunStarted (recorded in
    // test_base_scenarios.snapshot.json, test_map_state_tolerated_failure_count_path / _percentage_path).
    const tolerated = await this.thresholds(env);
    const maxItems = items === null ? await this.maxItemsOf(env) : undefined;
    const { record, mapRunId, earlier } = this.mapRunOf(t, items, limit);
    const mapRunArn = record.mapRunArn;
    const childStateMachineName = `${ex.stateMachineName}/${this.label}:${mapRunId}`;
    ex.mapRuns.push(record);
    t.attempt = { enteredId: t.enteredId, mapRun: record };
    let reader: S3Access | null = null;
    let writerS3: S3Access | null = null;
    let runEnded = false;
    try {
      record.tolerate(tolerated.count, tolerated.percentage);
      const batch = await this.batchLimits(env);
      let writer: ResultWriter | null = null;
      if (this.writerParams !== null) {
        const target = await this.writerTarget(env);
        writerS3 = await openS3(ex.options.s3, RESULT_WRITER_FAILED);
        writer = new ResultWriter(writerS3, target.bucket, target.prefix, mapRunId, mapRunArn, this.jsonl);
        if (earlier?.succeededFiles !== undefined) writer.files.SUCCEEDED.push(...earlier.succeededFiles);
      }
      let source: AsyncIterable<Json>;
      if (items !== null) source = fromArray(items);
      else {
        const read = await this.readerRequest(env, maxItems);
        reader = await openS3(ex.options.s3, ITEM_READER_FAILED);
        source = readItems(reader, read);
      }
      if (select !== null) source = selected(source, select);
      const outcome = await runMapRun(t, {
        inputs: childInputs(source, batch),
        limit,
        toleratedCount: tolerated.count,
        toleratedPercentage: tolerated.percentage,
        start: this.processor.start,
        executionType: this.executionType,
        childStateMachineName,
        writer,
        transformation: this.transformation,
        record,
        earlier,
      });
      if (outcome.exceeded) {
        // The results of a failed run are exported too, each execution with its own status (the
        // FAILED file says which items to look at); the state's output never points at them.
        if (writer !== null) {
          await writer.finish().catch(() => undefined);
          if (record.kept !== null) record.kept.succeededFiles = writer.files.SUCCEEDED;
        }
        throw thresholdExceeded(outcome, tolerated);
      }
      const runSucceeded = side(t, t.lastEventId, 'MapRunSucceeded');
      record.stop('SUCCEEDED', ex.clock.now(t));
      runEnded = true;
      let result: Json;
      if (writer !== null) result = { MapRunArn: mapRunArn, ResultWriterDetails: await writer.finish() };
      else {
        const outputs = outcome.outputs as Json[];
        result = this.transformation === 'FLATTEN' ? outputs.flatMap((o) => (Array.isArray(o) ? o : [o])) : outputs;
      }
      side(t, runSucceeded, 'MapStateSucceeded');
      return result;
    } catch (e) {
      if (e instanceof StatesError && !runEnded) {
        ev(t, 'MapRunFailed', 'mapRunFailedEventDetails', ex.events !== null && { error: e.error, cause: e.cause });
        record.stop('FAILED', ex.clock.now(t));
        throw mapRunFailure(e);
      }
      record.stop('ABORTED', ex.clock.now(t));
      throw e;
    } finally {
      reader?.release();
      writerS3?.release();
    }
  }

  /** ToleratedFailureCount / ToleratedFailurePercentage (or their Path forms), checked (States.Runtime otherwise). */
  private async thresholds(env: FieldEnv): Promise<{ count: number | undefined; percentage: number | undefined }> {
    return {
      count: await numberOf(this.toleratedCount, env, 'ToleratedFailureCount', 0, Number.MAX_SAFE_INTEGER, true, this.countPath),
      percentage: await numberOf(this.toleratedPercentage, env, 'ToleratedFailurePercentage', 0, 100, false, this.percentagePath),
    };
  }

  /**
   * The Map Run: a new one (MapRunStarted), or in a redrive the earlier attempt's, when it ended
   * with what a redrive needs (MapRunRedriven {mapRunArn, redriveCount}: its succeeded children are
   * not run again). A Map Run whose results were being written when it stopped starts anew.
   */
  private mapRunOf(t: Thread, items: Json[] | null, limit: number): { record: MapRunRecord; mapRunId: string; earlier?: MapRunKept } {
    const ex = t.ex;
    const previous = t.redrive === null ? undefined : takeRedrive(t, this.name)?.mapRun;
    const kept = previous instanceof MapRunRecord ? previous.kept : null;
    if (previous instanceof MapRunRecord && kept !== null && (this.writerParams === null || kept.succeededFiles !== undefined)) {
      previous.redriven(ex.clock.now(t));
      previous.kept = null;
      ev(t, 'MapRunRedriven', 'mapRunRedrivenEventDetails', ex.events !== null && { mapRunArn: previous.mapRunArn, redriveCount: previous.redriveCount });
      return { record: previous, mapRunId: previous.mapRunArn.slice(previous.mapRunArn.lastIndexOf(':') + 1), earlier: kept };
    }
    const mapRunId = fastUuid();
    const mapRunArn = `arn:aws:states:${ex.region}:${ex.accountId}:mapRun:${ex.stateMachineName}/${this.label}:${mapRunId}`;
    ev(t, 'MapRunStarted', 'mapRunStartedEventDetails', ex.events !== null && { mapRunArn });
    const record = new MapRunRecord(mapRunArn, ex.arn, `${ex.stateMachineArn}/${this.label}`, new Date(ex.clock.now(t)), limit);
    if (items !== null) record.known(items.length, this.batching);
    return { record, mapRunId };
  }

  /** The ResultWriter's bucket and prefix, checked (States.ResultWriterFailed otherwise). */
  private async writerTarget(env: FieldEnv): Promise<{ bucket: string; prefix: string }> {
    const p = await (this.writerParams as Getter)(env);
    const bucket = asObject(p)?.Bucket;
    const prefix = asObject(p)?.Prefix ?? '';
    if (typeof bucket !== 'string' || bucket === '') throw new StatesError(RESULT_WRITER_FAILED, `The ResultWriter's Bucket must be a bucket name, but it is ${JSON.stringify(bucket)}`);
    if (typeof prefix !== 'string') throw new StatesError(RESULT_WRITER_FAILED, `The ResultWriter's Prefix must be a string, but it is ${JSON.stringify(prefix)}`);
    return { bucket, prefix };
  }

  /**
   * ReaderConfig.MaxItems, read before the Map Run starts. At MaxItemsPath AWS wants an integer
   * (States.Runtime otherwise, before MapRunStarted); a negative one fails the Map Run
   * (readerRequest). Recorded: test_map_item_reader_csv_max_items_paths, 25-03-2024.
   */
  private async maxItemsOf(env: FieldEnv): Promise<number | undefined> {
    if (this.maxItemsPath === undefined) return numberOf(this.maxItems, env, 'ReaderConfig.MaxItems', 0, 100_000_000, true);
    const v = await (this.maxItems as Getter)(env);
    const n = integerOf(v);
    if (n === undefined) throw new StatesError(RUNTIME, notAnIntegerCause('MaxItemsPath', this.maxItemsPath, v));
    return n;
  }

  /**
   * What the ItemReader reads: its API, parameters and configuration, checked (States.ItemReaderFailed
   * otherwise). MaxItems 0 reads every item; the reader stops at 100,000,000 items (recorded:
   * test_map_item_reader_csv_max_items[0] and _paths[100000001], 25-03-2024).
   */
  private async readerRequest(env: FieldEnv, max: number | undefined): Promise<Parameters<typeof readItems>[1]> {
    const params = asObject(this.readerParams === null ? undefined : await this.readerParams(env));
    if (params === undefined) throw new StatesError(ITEM_READER_FAILED, `The ItemReader's ${env.b !== null ? 'Arguments' : 'Parameters'} must give the Bucket and Key (or Prefix) to read`);
    if (max !== undefined && max < 0) throw new StatesError(ITEM_READER_FAILED, MAX_ITEMS_NOT_POSITIVE);
    const maxItems = max === undefined || max === 0 ? undefined : Math.min(max, 100_000_000);
    return { api: this.readerApi as string, params, config: this.readerConfig, maxItems };
  }

  private async batchLimits(env: FieldEnv): Promise<BatchLimits | null> {
    if (!this.batching) return null;
    const limits: BatchLimits = {
      maxItems: await numberOf(this.maxItemsPerBatch, env, 'MaxItemsPerBatch', 1, Number.MAX_SAFE_INTEGER, true),
      maxBytes: await numberOf(this.maxBytesPerBatch, env, 'MaxInputBytesPerBatch', 1, 262_144, true),
    };
    if (this.batchInput !== null) limits.batchInput = (await this.batchInput(env)) ?? null;
    return limits;
  }
}

async function* fromArray(items: Json[]): AsyncGenerator<Json> {
  yield* items;
}

async function* selected(items: AsyncIterable<Json>, select: ItemSelect): AsyncGenerator<Json> {
  let i = 0;
  for await (const item of items) yield await select(i++, item);
}

/**
 * The state's failure when its Map Run failed: the Map Run's error and cause as they are, without
 * the prefix naming the state that other runtime errors get (AWS records the same cause in
 * MapRunFailed and ExecutionFailed: test_base_scenarios.snapshot.json,
 * test_map_item_reader_csv_headers_decl_duplicate_headers, recorded 21-09-2023).
 */
function mapRunFailure(e: StatesError): Failure {
  return new Failure(e.error, e.cause);
}

/** The failure of a Map Run whose failed items passed the tolerated threshold. */
function thresholdExceeded(
  outcome: { failedItems: number; totalItems: number; failedChildren: number; succeededChildren: number },
  tolerated: { count: number | undefined; percentage: number | undefined },
): StatesError {
  return new StatesError(
    EXCEED_TOLERATED_FAILURE_THRESHOLD,
    `The specified tolerated failure threshold was exceeded: ${outcome.failedItems} of ${outcome.totalItems} items failed ` +
      `(${outcome.failedChildren} of ${outcome.failedChildren + outcome.succeededChildren} child executions)` +
      `${tolerated.count !== undefined ? `, ToleratedFailureCount ${tolerated.count}` : ''}${tolerated.percentage !== undefined ? `, ToleratedFailurePercentage ${tolerated.percentage}` : ''}`,
  );
}
