/**
 * ItemReader as recorded on AWS: LocalStack's AWS-validated snapshots in
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json (the test named at
 * each case, its recorded date beside it). Each case: a Distributed Map whose child passes its item
 * through, over an object on a real S3-compatible server (s3rver); the Map's output is the items
 * as AWS read them, or the Map Run fails with AWS's error and cause.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { runExecution } from '../..';
import type { ExecutionResult, Json } from '../../types';
import { readerMachine } from './reader-machine';
import { s3Fixture } from './s3-fixture';

const fixture = s3Fixture(['bucket-name']);

/** The rows every CSV case of the recording shares after its first line (the last one three spaces). */
const ROWS = 'Value4,Value5,Value6\n,,,\ntrue,1,\'HelloWorld\'\nNull,None,\n   \n';

/** The values AWS gave for the line `Value1,Value2,Value3` and then ROWS, in column order: "" for a missing field. */
const VALUES = [
  ['Value1', 'Value2', 'Value3'],
  ['Value4', 'Value5', 'Value6'],
  ['', '', ''],
  ['true', '1', "'HelloWorld'"],
  ['Null', 'None', ''],
  ['   ', '', ''],
];
/** Rows as objects keyed by `headers` (columns past the last header left out). */
const keyed = (headers: string[], rows: string[][]): Json => rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i]])));

const put = (Key: string, Body: string) => fixture.s3.send(new PutObjectCommand({ Bucket: 'bucket-name', Key, Body }));

async function read(key: string, body: string, itemReader: Record<string, Json>, input: Record<string, Json> = {}): Promise<ExecutionResult> {
  await put(key, body);
  return runExecution(readerMachine(itemReader), { Bucket: 'bucket-name', Key: key, ...input }, { ...fixture.options, executionName: 'e' });
}

const types = (r: ExecutionResult) => r.events.map((e) => e.type);
const SUCCEEDED = ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded'];
const READER_FAILED = ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed'];

describe('CSV (test_base_scenarios, recorded 21-09-2023)', () => {
  const FIRST_ROW = { ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' } };
  const given = (CSVHeaders: string[]) => ({ ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders } });

  test.each<[string, string, Record<string, Json>, Json]>([
    ['test_map_item_reader_base_csv_headers_first_line', `Col1,Col2,Col3\nValue1,Value2,Value3\n${ROWS}`, FIRST_ROW, keyed(['Col1', 'Col2', 'Col3'], VALUES)],
    ['test_map_item_reader_base_csv_headers_decl', `Value1,Value2,Value3\n${ROWS}`, given(['H1', 'H2', 'H3']), keyed(['H1', 'H2', 'H3'], VALUES)],
    ['test_map_item_reader_csv_headers_decl_extra_fields', `Value1,Value2,Value3\n${ROWS}`, given(['H1']), keyed(['H1'], VALUES)],
    ['test_map_item_reader_csv_headers_first_row_typed_headers', `0,True,{}\n${ROWS}`, FIRST_ROW, keyed(['0', 'True', '{}'], VALUES.slice(1))],
    ['test_map_item_reader_csv_first_row_extra_fields', `H1,\n${ROWS}`, FIRST_ROW, keyed(['H1', ''], VALUES.slice(1))],
  ])('%s', async (name, body, itemReader, expected) => {
    const r = await read(`${name}.csv`, body, itemReader);
    expect(r.output).toEqual(expected);
    expect(types(r)).toEqual(SUCCEEDED);
    // AWS does not know the length of what an ItemReader reads when the Map starts.
    expect(r.events[2].mapStateStartedEventDetails).toEqual({ length: 0 });
  });

  test('test_map_item_reader_csv_headers_decl_duplicate_headers: States.ItemReaderFailed "CSV headers cannot contain duplicates."', async () => {
    const r = await read('dup.csv', `Value1,Value2,Value3\n${ROWS}`, given(['H1', 'H1', 'H3']));
    expect([r.error, r.cause]).toEqual(['States.ItemReaderFailed', 'CSV headers cannot contain duplicates.']);
    expect(types(r)).toEqual(READER_FAILED);
    expect(r.events[4].mapRunFailedEventDetails).toEqual({ error: 'States.ItemReaderFailed', cause: 'CSV headers cannot contain duplicates.' });
  });
});

describe('JSON (test_base_scenarios, recorded 21-09-2023)', () => {
  test('test_map_item_reader_base_json: the array, item by item', async () => {
    const items = [
      { verdict: 'true', statement_date: '6/11/2008', statement_source: 'speech' },
      { verdict: 'false', statement_date: '6/7/2022', statement_source: 'television' },
      { verdict: 'mostly-true', statement_date: '5/18/2016', statement_source: 'news' },
    ];
    const r = await read('file.json', JSON.stringify(items), { ReaderConfig: { InputType: 'JSON' } });
    expect(r.output).toEqual(items);
    expect(types(r)).toEqual(SUCCEEDED);
  });

  test('test_map_item_reader_json_no_json_list_object: an object fails the Map Run, "Attempting to map over non-iterable node."', async () => {
    const r = await read('object.json', JSON.stringify({ Hello: 'world' }), { ReaderConfig: { InputType: 'JSON' } });
    expect([r.error, r.cause]).toEqual(['States.ItemReaderFailed', 'Attempting to map over non-iterable node.']);
    expect(types(r)).toEqual(READER_FAILED);
  });
});

test('test_map_item_reader_base_list_objects_v2 (recorded 21-09-2023): one item per object, {Etag, LastModified, Key, Size, StorageClass}', async () => {
  await fixture.s3.send(new PutObjectCommand({ Bucket: 'bucket-name', Key: 'listed/file_0.txt', Body: '0HelloWorld!' }));
  await fixture.s3.send(new PutObjectCommand({ Bucket: 'bucket-name', Key: 'listed/file_1.txt', Body: '1HelloWorld!' }));
  const machine = readerMachine({ Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { 'Bucket.$': '$.Bucket', Prefix: 'listed/' } });
  const r = await runExecution(machine, { Bucket: 'bucket-name' }, { ...fixture.options, executionName: 'e' });
  const items = r.output as Array<Record<string, Json>>;
  expect(items.map((i) => Object.keys(i).sort())).toEqual([0, 1].map(() => ['Etag', 'Key', 'LastModified', 'Size', 'StorageClass']));
  expect(items.map((i) => [i.Key, i.Size, i.StorageClass])).toEqual([
    ['listed/file_0.txt', 12, 'STANDARD'],
    ['listed/file_1.txt', 12, 'STANDARD'],
  ]);
  expect(types(r)).toEqual(SUCCEEDED);
});
