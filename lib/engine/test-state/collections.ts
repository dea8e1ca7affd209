/**
 * Map and Parallel states under TestState, which AWS runs only with a mock (API reference,
 * "TestState"): the iterations and branches do not run; the mocked result is the state's result
 * (a Map's array of iteration outputs, or with a ResultWriter its `{MapRunArn,
 * ResultWriterDetails}` object; a Parallel's array of branch outputs), or the mocked error is the
 * state's failure (`stateConfiguration.errorCausedByState` names the inner state it came from).
 *
 * A Map's fields are still evaluated, and reported as AWS reports them (LocalStack snapshots
 * test_state_configuration, test_test_state_scenarios, test_state_context_object, recorded
 * against AWS): `afterInputPath`, `afterItemsPath` (JSONPath), `afterItemSelector`,
 * `afterItemBatcher`, `maxConcurrency` (0 when not set), `toleratedFailureCount` /
 * `toleratedFailurePercentage` (when set), then `afterResultSelector` and `afterResultPath`; no
 * `result`. A Distributed Map's ItemReader reads `stateConfiguration.mapItemReaderData` as the
 * object it would read from S3 (JSON, JSONL, CSV per ReaderConfig).
 *
 * `stateConfiguration.mapIterationFailureCount` iterations failed: when the Map sets a
 * ToleratedFailureCount or ToleratedFailurePercentage that this exceeds, the state fails with
 * States.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded"
 * (then Retry and Catch); a Map that sets neither succeeds with the mocked result, as AWS's
 * recorded responses show.
 */
import { Readable } from 'node:stream';
import { compilePayload, StatesError, type PathContext } from '../jsonpath';
import { childInputs } from '../distributed/batcher';
import { readItems } from '../distributed/item-reader';
import type { S3Access } from '../distributed/s3';
import { Failure, RUNTIME } from '../errors';
import { compileSelect } from '../io';
import { compileValue, typeError, type JsonataBindings } from '../jsonata';
import type { Json, JsonObject } from '../json';
import { EXCEED_TOLERATED_FAILURE_THRESHOLD, field, numberOf, type FieldEnv } from '../states/distributed-map';
import { jsonataOutput } from './jsonata';
import { inputPath, jsonPathOutput } from './jsonpath';
import type { Outcome, Run } from './run';

const next = (def: JsonObject) => (typeof def.Next === 'string' ? def.Next : undefined);
const asObject = (v: Json | undefined): JsonObject | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);

/** The JSONPath context (on the effective input) or the JSONata bindings of the Map's fields. */
function envOf(r: Run, raw: Json, effective: Json): FieldEnv {
  if (r.p.ql === 'JSONata') return { ctx: null, b: { states: r.states(raw), vars: r.vars } };
  return { ctx: r.paths(effective), b: null };
}

/** An S3 that holds one object: the data given in `stateConfiguration.mapItemReaderData`. */
function dataAsS3(data: string): S3Access {
  class GetObjectCommand {
    constructor(readonly input: unknown) {}
  }
  const sdk = { GetObjectCommand, ListObjectsV2Command: GetObjectCommand } as unknown as S3Access['sdk'];
  const client = { send: async () => ({ Body: Readable.from([Buffer.from(data, 'utf8')]) }) } as unknown as S3Access['client'];
  return { sdk, client, release: () => undefined };
}

/** The items of the Map: ItemReader's (from mapItemReaderData; unknown without it), Items / ItemsPath's. */
async function itemsOf(r: Run, raw: Json, effective: Json, env: FieldEnv): Promise<Json[] | undefined> {
  const def = r.p.def;
  const reader = asObject(def.ItemReader);
  if (reader !== undefined) {
    const data = r.p.mapItemReaderData;
    if (data === undefined) return undefined;
    const api = /:s3:([A-Za-z0-9]+)$/.exec(String(reader.Resource))?.[1] ?? '';
    const params = asObject((await (field(r.p.ql, reader, r.p.ql === 'JSONata' ? 'Arguments' : 'Parameters', 'ItemReader', true) ?? (() => ({})))(env)) as Json) ?? {};
    const config = asObject(reader.ReaderConfig) ?? {};
    if (api === 'listObjectsV2') return JSON.parse(data) as Json[];
    const items: Json[] = [];
    const maxItems = await numberOf(field(r.p.ql, config, 'MaxItems', 'ItemReader.ReaderConfig'), env, 'MaxItems', 0, 100_000_000, true);
    for await (const item of readItems(dataAsS3(data), { api, params, config, maxItems })) items.push(item);
    return items;
  }
  if (r.p.ql === 'JSONata') {
    const v = def.Items === undefined ? raw : await compileValue(def.Items, 'Items').evaluate(env.b as JsonataBindings);
    if (!Array.isArray(v)) throw typeError('Items', 'an array', v);
    return v;
  }
  const path = def.ItemsPath as string | undefined;
  const v = (compileSelect(path, 'ItemsPath') ?? ((c: PathContext) => c.input))(r.paths(effective));
  if (!Array.isArray(v)) throw new StatesError(RUNTIME, `Reference path "${path ?? '$'}" must point to array.`);
  return v;
}

/** ItemSelector (or the legacy Parameters) per item, with `$$.Map.Item` / `$states.context.Map.Item`. */
async function selectItems(r: Run, raw: Json, effective: Json, items: Json[]): Promise<Json[] | undefined> {
  const def = r.p.def;
  const template = def.ItemSelector ?? def.Parameters;
  if (template === undefined) return undefined;
  const contextAt = (i: number) => ({ ...(asObject(r.context) ?? {}), Map: { Item: { Index: i, Value: items[i] } } });
  if (r.p.ql === 'JSONata') {
    const c = compileValue(template, 'ItemSelector');
    return Promise.all(items.map((_, i) => c.evaluate({ states: { input: raw, context: contextAt(i) }, vars: r.vars })));
  }
  const p = compilePayload(template, def.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters');
  return items.map((_, i) => p({ input: effective, context: contextAt(i), variables: r.vars }));
}

/** ItemBatcher's batches of the (selected) items. */
async function batches(r: Run, env: FieldEnv, items: Json[]): Promise<Json[] | undefined> {
  const batcher = asObject(r.p.def.ItemBatcher);
  if (batcher === undefined) return undefined;
  const ql = r.p.ql;
  const batchInput = field(ql, batcher, 'BatchInput', 'ItemBatcher', true);
  const limits = {
    maxItems: await numberOf(field(ql, batcher, 'MaxItemsPerBatch', 'ItemBatcher'), env, 'MaxItemsPerBatch', 1, Number.MAX_SAFE_INTEGER, true),
    maxBytes: await numberOf(field(ql, batcher, 'MaxInputBytesPerBatch', 'ItemBatcher'), env, 'MaxInputBytesPerBatch', 1, 262_144, true),
    batchInput: batchInput === null ? undefined : ((await batchInput(env)) ?? null),
  };
  const out: Json[] = [];
  async function* all() {
    yield* items;
  }
  for await (const c of childInputs(all(), limits)) out.push(c.input);
  return out;
}

/** A Map's fields, reported; throws the tolerated failure threshold's error when the failures exceed it. */
async function mapFields(r: Run, raw: Json, effective: Json): Promise<void> {
  const def = r.p.def;
  const env = envOf(r, raw, effective);
  const items = await itemsOf(r, raw, effective, env);
  if (items !== undefined && r.p.ql === 'JSONPath') r.record('afterItemsPath', items);
  const selected = items === undefined ? undefined : await selectItems(r, raw, effective, items);
  if (selected !== undefined) r.record('afterItemSelector', selected);
  const batched = await batches(r, env, selected ?? items ?? []);
  if (batched !== undefined && (selected ?? items) !== undefined) r.record('afterItemBatcher', batched);
  r.record('maxConcurrency', (await numberOf(field(r.p.ql, def, 'MaxConcurrency', 'Map'), env, 'MaxConcurrency', 0, Number.MAX_SAFE_INTEGER, true)) ?? 0);
  const count = await numberOf(field(r.p.ql, def, 'ToleratedFailureCount', 'Map'), env, 'ToleratedFailureCount', 0, Number.MAX_SAFE_INTEGER, true);
  const percentage = await numberOf(field(r.p.ql, def, 'ToleratedFailurePercentage', 'Map'), env, 'ToleratedFailurePercentage', 0, 100, false);
  if (count !== undefined) r.record('toleratedFailureCount', count);
  if (percentage !== undefined) r.record('toleratedFailurePercentage', percentage);
  const failures = r.p.mapIterationFailureCount ?? 0;
  const mocked = r.p.mock !== null && 'result' in r.p.mock ? r.p.mock.result : null;
  const total = items?.length ?? (Array.isArray(mocked) ? mocked.length : 0);
  const overCount = count !== undefined && failures > count;
  const overPercentage = percentage !== undefined && total > 0 && (failures * 100) / total > percentage;
  // AWS's cause, without the prefix naming the state that a failure of the state's own fields gets.
  if (overCount || overPercentage) throw new Failure(EXCEED_TOLERATED_FAILURE_THRESHOLD, 'The specified tolerated failure threshold was exceeded');
}

/** The state's result from its mock (the mocked error thrown). */
function mockedResult(r: Run): Json {
  const f = r.mockedError();
  if (f !== null) throw f;
  const mock = r.p.mock as { result: Json };
  return structuredClone(mock.result);
}

async function jsonPathCollection(r: Run, raw: Json): Promise<Outcome> {
  const def = r.p.def;
  const effective = inputPath(r, raw);
  r.record('afterInputPath', effective);
  if (r.p.type === 'Map') await mapFields(r, raw, effective);
  else r.record('afterParameters', def.Parameters !== undefined ? compilePayload(def.Parameters, 'Parameters')(r.paths(effective)) : effective);
  const result = mockedResult(r);
  return { status: 'SUCCEEDED', output: jsonPathOutput(r, raw, result), nextState: next(def) };
}

async function jsonataCollection(r: Run, raw: Json): Promise<Outcome> {
  const def = r.p.def;
  if (r.p.type === 'Map') await mapFields(r, raw, raw);
  else if (def.Arguments !== undefined) r.record('afterArguments', await compileValue(def.Arguments, 'Arguments').evaluate({ states: r.states(raw), vars: r.vars }));
  const result = mockedResult(r);
  return { status: 'SUCCEEDED', output: await jsonataOutput(r, raw, result, { result }), nextState: next(def) };
}

/** Runs the Map or Parallel state under test (with its mock). */
export async function collection(r: Run): Promise<Outcome> {
  const raw = r.p.input;
  r.record('input', raw);
  try {
    return await (r.p.ql === 'JSONata' ? jsonataCollection(r, raw) : jsonPathCollection(r, raw));
  } catch (e) {
    return r.afterFailure(raw, e);
  }
}
