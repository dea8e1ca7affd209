/**
 * A Distributed Map's ItemReader (AWS developer guide, "ItemReader (Map)"): the items of a Map
 * Run read from S3, as an async iterator pulled one item at a time, so that the Map Run reads
 * only as far as its child executions have got (bounded memory for files of any size).
 *
 * - `arn:aws:states:::s3:listObjectsV2` with Bucket (and Prefix): one item per object,
 *   `{Etag, Key, LastModified (epoch seconds), Size, StorageClass}` as AWS gives them, page by page.
 * - `arn:aws:states:::s3:getObject` with Bucket and Key, by ReaderConfig.InputType:
 *   - `JSON`: the object is a JSON array (or, with ItemsPointer, an object whose array is at that
 *     JSON Pointer); its elements are the items. (A JSON file is parsed whole, as AWS reads it.)
 *   - `JSONL`: one JSON value per line.
 *   - `CSV`: one object per row, keyed by the header (`CSVHeaderLocation` `FIRST_ROW`, the
 *     default, or `GIVEN` with `CSVHeaders`; duplicate headers fail), every value a string (a
 *     missing field "", a field past the last header left out); `CSVDelimiter` COMMA, PIPE,
 *     SEMICOLON, SPACE or TAB.
 *   - `MANIFEST`: an S3 inventory `manifest.json`; its CSV data files (gzipped, as S3 writes them)
 *     are read in turn, one item per row keyed by the manifest's `fileSchema`.
 * - `ReaderConfig.MaxItems`: read at most that many items.
 *
 * Whatever cannot be read (no S3 configured, a missing bucket or key, a body that is not what
 * InputType says, a malformed CSV row, a JSON file that is not an array) fails the Map state with
 * States.ItemReaderFailed, before any child execution starts when it happens on the first read.
 */
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { StatesError } from '../jsonpath';
import type { Json } from '../json';
import { CSV_DELIMITERS, CsvError, CsvParser } from './csv';
import { s3Cause, type S3Access } from './s3';

export const ITEM_READER_FAILED = 'States.ItemReaderFailed';

export interface ReaderSpec {
  /** `getObject` or `listObjectsV2` (the API of `arn:aws:states:::s3:<api>`). */
  api: string;
  /** Parameters (JSONPath) or Arguments (JSONata), evaluated: Bucket, Key or Prefix, ... */
  params: { [k: string]: Json };
  config: { [k: string]: Json };
  /** ReaderConfig.MaxItems (or MaxItemsPath), evaluated; undefined = no limit. */
  maxItems?: number;
}

const fail = (cause: string) => new StatesError(ITEM_READER_FAILED, cause);

/** The items the reader gives, in order. */
export async function* readItems(s3: S3Access, spec: ReaderSpec): AsyncGenerator<Json> {
  const max = spec.maxItems ?? Infinity;
  if (max <= 0) return;
  let n = 0;
  for await (const item of source(s3, spec)) {
    yield item;
    if (++n >= max) return;
  }
}

function source(s3: S3Access, spec: ReaderSpec): AsyncGenerator<Json> {
  const bucket = spec.params.Bucket;
  if (typeof bucket !== 'string' || bucket === '') throw fail(`The ItemReader's Bucket must be a bucket name, but it is ${JSON.stringify(bucket)}`);
  if (spec.api === 'listObjectsV2') return listObjects(s3, bucket, spec.params);
  if (spec.api !== 'getObject') throw fail(`The ItemReader's Resource arn:aws:states:::s3:${spec.api} is not one AWS supports (s3:getObject, s3:listObjectsV2)`);
  const key = spec.params.Key;
  if (typeof key !== 'string' || key === '') throw fail(`The ItemReader's Key must be an object key, but it is ${JSON.stringify(key)}`);
  const type = (spec.config.InputType as string | undefined) ?? 'JSON';
  switch (type) {
    case 'JSON':
      return jsonItems(s3, bucket, key, spec.config.ItemsPointer as string | undefined);
    case 'JSONL':
      return jsonlItems(s3, bucket, key);
    case 'CSV':
      return csvItems(s3, bucket, key, spec.config);
    case 'MANIFEST':
      return manifestItems(s3, bucket, key);
    default:
      throw fail(`The local engine cannot read ReaderConfig.InputType ${JSON.stringify(type)} (it reads JSON, JSONL, CSV and MANIFEST)`);
  }
}

async function* listObjects(s3: S3Access, bucket: string, params: { [k: string]: Json }): AsyncGenerator<Json> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await s3.client.send(
        new s3.sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: typeof params.Prefix === 'string' ? params.Prefix : undefined, ContinuationToken: token }),
      );
    } catch (e) {
      throw fail(s3Cause(e, `Listing s3://${bucket}/${typeof params.Prefix === 'string' ? params.Prefix : ''} failed`));
    }
    for (const o of page.Contents ?? []) {
      yield {
        Etag: o.ETag ?? '',
        Key: o.Key ?? '',
        LastModified: o.LastModified ? Math.floor(o.LastModified.getTime() / 1000) : 0,
        Size: o.Size ?? 0,
        StorageClass: o.StorageClass ?? 'STANDARD',
      };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

/** The object's body as a stream of text chunks (gunzipped when `gzip`). */
async function* objectText(s3: S3Access, bucket: string, key: string, gzip = false): AsyncGenerator<string> {
  let body: Readable;
  try {
    const r = await s3.client.send(new s3.sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
    body = r.Body as Readable;
  } catch (e) {
    throw fail(s3Cause(e, `Reading s3://${bucket}/${key} failed`));
  }
  const stream: AsyncIterable<Buffer> = gzip ? body.pipe(createGunzip()) : body;
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) yield decoder.decode(chunk, { stream: true });
  } catch (e) {
    if (e instanceof StatesError) throw e;
    throw fail(`Reading s3://${bucket}/${key} failed: ${(e as Error).message}`);
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function readAll(s3: S3Access, bucket: string, key: string): Promise<string> {
  let text = '';
  for await (const chunk of objectText(s3, bucket, key)) text += chunk;
  return text;
}

async function* jsonItems(s3: S3Access, bucket: string, key: string, pointer: string | undefined): AsyncGenerator<Json> {
  const text = await readAll(s3, bucket, key);
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    throw fail(`s3://${bucket}/${key} is not JSON (InputType JSON): ${(e as Error).message}`);
  }
  let items: Json | undefined = doc;
  if (pointer !== undefined) {
    items = atPointer(doc, pointer);
    if (items === undefined) throw fail(`The ItemsPointer ${JSON.stringify(pointer)} selects nothing in s3://${bucket}/${key}`);
  }
  if (!Array.isArray(items)) {
    // AWS's words (test_base_scenarios.snapshot.json, test_map_item_reader_json_no_json_list_object).
    throw fail('Attempting to map over non-iterable node.');
  }
  yield* items;
}

/** RFC 6901. */
function atPointer(doc: Json, pointer: string): Json | undefined {
  if (pointer === '') return doc;
  let v: Json | undefined = doc;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(v)) v = /^\d+$/.test(k) ? v[Number(k)] : undefined;
    else if (v !== null && typeof v === 'object') v = Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
    else return undefined;
  }
  return v;
}

/** The lines of a text stream, each with its number; a last line without a line break too. */
async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<{ text: string; line: number }> {
  let rest = '';
  let line = 0;
  for await (const chunk of chunks) {
    rest += chunk;
    let i: number;
    while ((i = rest.indexOf('\n')) >= 0) {
      yield { text: rest.slice(0, i).replace(/\r$/, ''), line: ++line };
      rest = rest.slice(i + 1);
    }
  }
  if (rest !== '') yield { text: rest.replace(/\r$/, ''), line: ++line };
}

async function* jsonlItems(s3: S3Access, bucket: string, key: string): AsyncGenerator<Json> {
  for await (const { text, line } of lines(objectText(s3, bucket, key))) {
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text) as Json;
    } catch (e) {
      throw fail(`s3://${bucket}/${key} line ${line} is not JSON (InputType JSONL: one JSON value per line): ${(e as Error).message}`);
    }
  }
}

/** The rows of a CSV text stream. */
async function* csvRows(chunks: AsyncIterable<string>, delimiter: string, where: string): AsyncGenerator<{ fields: string[]; line: number }> {
  const parser = new CsvParser(delimiter);
  try {
    for await (const chunk of chunks) yield* parser.push(chunk);
    yield* parser.end();
  } catch (e) {
    if (e instanceof CsvError) throw fail(`${where} is not valid CSV: ${e.message}`);
    throw e;
  }
}

async function* csvItems(s3: S3Access, bucket: string, key: string, config: { [k: string]: Json }): AsyncGenerator<Json> {
  const where = `s3://${bucket}/${key}`;
  const delimiterName = (config.CSVDelimiter as string | undefined) ?? 'COMMA';
  const delimiter = CSV_DELIMITERS[delimiterName];
  if (delimiter === undefined) throw fail(`ReaderConfig.CSVDelimiter ${JSON.stringify(delimiterName)} is not one of ${Object.keys(CSV_DELIMITERS).join(', ')}`);
  let headers: string[] | null = config.CSVHeaderLocation === 'GIVEN' ? (config.CSVHeaders as string[]) : null;
  if (headers !== null && (!Array.isArray(headers) || headers.length === 0)) throw fail('ReaderConfig.CSVHeaders must list the column names when CSVHeaderLocation is GIVEN');
  if (headers !== null) uniqueHeaders(headers);
  for await (const { fields } of csvRows(objectText(s3, bucket, key), delimiter, where)) {
    if (headers === null) {
      headers = uniqueHeaders(fields);
      continue;
    }
    // As AWS reads a row whose field count differs from the header's (LocalStack's
    // resource_output_transformer_csv.py, passing the AWS-validated tests
    // test_map_item_reader_csv_headers_decl_extra_fields / _first_row_extra_fields): a missing
    // field is "", a field past the last header is left out.
    const item: { [k: string]: Json } = {};
    for (let i = 0; i < headers.length; i++) item[headers[i]] = i < fields.length ? fields[i] : '';
    yield item;
  }
}

/**
 * The headers, checked: AWS fails the reader with exactly "CSV headers cannot contain duplicates."
 * (test_base_scenarios.snapshot.json, test_map_item_reader_csv_headers_decl_duplicate_headers,
 * recorded 21-09-2023), the same for GIVEN headers and a first row.
 */
function uniqueHeaders(headers: string[]): string[] {
  const seen = new Set<string>();
  for (const h of headers) {
    if (seen.has(h)) throw fail('CSV headers cannot contain duplicates.');
    seen.add(h);
  }
  return headers;
}

/**
 * An S3 inventory manifest (S3 user guide, "Configuring Amazon S3 Inventory": manifest.json with
 * `destinationBucket` (an ARN), `fileFormat`, `fileSchema` ("Bucket, Key, Size, ...") and `files`
 * [{key, size, MD5checksum}], the data files gzipped CSV without a header).
 */
async function* manifestItems(s3: S3Access, bucket: string, key: string): AsyncGenerator<Json> {
  const where = `s3://${bucket}/${key}`;
  let manifest: { [k: string]: Json };
  try {
    manifest = JSON.parse(await readAll(s3, bucket, key)) as { [k: string]: Json };
  } catch (e) {
    if (e instanceof StatesError) throw e;
    throw fail(`${where} is not an S3 inventory manifest (not JSON): ${(e as Error).message}`);
  }
  if (manifest === null || typeof manifest !== 'object' || !Array.isArray(manifest.files) || typeof manifest.fileSchema !== 'string') {
    throw fail(`${where} is not an S3 inventory manifest: it needs "fileSchema" and "files"`);
  }
  if (manifest.fileFormat !== undefined && manifest.fileFormat !== 'CSV') throw fail(`${where}: the local engine reads CSV inventories, not ${JSON.stringify(manifest.fileFormat)}`);
  const columns = manifest.fileSchema.split(',').map((c) => c.trim());
  const destination = typeof manifest.destinationBucket === 'string' ? manifest.destinationBucket.replace(/^arn:[^:]+:s3:::/, '') : bucket;
  for (const f of manifest.files) {
    const fileKey = f !== null && typeof f === 'object' && !Array.isArray(f) ? f.key : undefined;
    if (typeof fileKey !== 'string') throw fail(`${where}: an entry of "files" has no "key" (it is ${JSON.stringify(f)})`);
    const fileWhere = `s3://${destination}/${fileKey}`;
    for await (const { fields, line } of csvRows(objectText(s3, destination, fileKey, fileKey.endsWith('.gz')), ',', fileWhere)) {
      if (fields.length !== columns.length) throw fail(`${fileWhere} line ${line}: the row has ${fields.length} fields, but fileSchema has ${columns.length}`);
      const item: { [k: string]: Json } = {};
      for (let i = 0; i < columns.length; i++) item[columns[i]] = fields[i];
      yield item;
    }
  }
}
