/**
 * Distributed Map options as recorded on AWS: LocalStack's AWS-validated snapshots in
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json (the test named
 * at each case, its recorded date beside it): ReaderConfig.MaxItems and MaxItemsPath, ItemBatcher
 * with JSONata, Label, ResultWriter. The definitions are ours, equivalent to the recorded ones,
 * over a real S3-compatible server (s3rver); outputs, errors, causes and event types are AWS's.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runExecution } from '../..';
import type { ExecutionResult, Json } from '../../types';
import { PASS_CHILD, readerMachine } from './reader-machine';
import { s3Fixture } from './s3-fixture';

const fixture = s3Fixture(['bucket-name', 'result-bucket']);

const types = (r: ExecutionResult) => r.events.map((e) => e.type);
const prevIds = (r: ExecutionResult) => r.events.map((e) => e.previousEventId);
const SUCCEEDED = ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded'];


/** The recording's reader machine with `readerConfig`. */
const reader = (readerConfig: Record<string, Json>): Json => readerMachine({ ReaderConfig: readerConfig });

async function put(Key: string, Body: string): Promise<void> {
  await fixture.s3.send(new PutObjectCommand({ Bucket: 'bucket-name', Key, Body }));
}

const run = (definition: Json, input: Json) => runExecution(definition, input, { ...fixture.options, executionName: 'e' });

describe('CSV MaxItems (test_map_item_reader_csv_max_items*, recorded 25-03-2024)', () => {
  const CSV = 'Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n';
  const ROWS = [
    { Col1: 'Value1', Col2: 'Value2' },
    { Col1: 'Value3', Col2: 'Value4' },
    { Col1: 'Value5', Col2: 'Value6' },
    { Col1: 'Value7', Col2: 'Value8' },
  ];
  const FIRST_ROW = { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' };
  beforeAll(() => put('file.csv', CSV));

  // 0 means no limit; the Distributed Map stops reading past 100,000,000 items.
  test.each<[number, number]>([
    [0, 4],
    [2, 2],
    [100_000_000, 4],
  ])('test_map_item_reader_csv_max_items[%p]: the first %p rows', async (max, n) => {
    const r = await run(reader({ ...FIRST_ROW, MaxItems: max }), { Bucket: 'bucket-name', Key: 'file.csv' });
    expect(r.output).toEqual(ROWS.slice(0, n));
    expect(types(r)).toEqual(SUCCEEDED);
  });

  test.each<[number, number]>([
    [0, 4],
    [2, 2],
    [100_000_000, 4],
    [100_000_001, 4],
  ])('test_map_item_reader_csv_max_items_paths[%p]: the first %p rows', async (max, n) => {
    const r = await run(reader({ ...FIRST_ROW, MaxItemsPath: '$.MaxItems' }), { Bucket: 'bucket-name', Key: 'file.csv', MaxItems: max });
    expect(r.output).toEqual(ROWS.slice(0, n));
    expect(types(r)).toEqual(SUCCEEDED);
  });

  test('test_map_item_reader_csv_max_items_paths[-1]: the Map Run starts, then fails with States.ItemReaderFailed', async () => {
    const r = await run(reader({ ...FIRST_ROW, MaxItemsPath: '$.MaxItems' }), { Bucket: 'bucket-name', Key: 'file.csv', MaxItems: -1 });
    expect([r.error, r.cause]).toEqual(['States.ItemReaderFailed', 'field MaxItems must be positive']);
    expect(types(r)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(prevIds(r)).toEqual([0, 0, 2, 3, 4, 5, 6]);
    expect(r.events[4].mapRunFailedEventDetails).toEqual({ error: 'States.ItemReaderFailed', cause: 'field MaxItems must be positive' });
  });

  test('test_map_item_reader_csv_max_items_paths[1.5]: States.Runtime before the Map Run starts', async () => {
    const r = await run(reader({ ...FIRST_ROW, MaxItemsPath: '$.MaxItems' }), { Bucket: 'bucket-name', Key: 'file.csv', MaxItems: 1.5 });
    expect([r.error, r.cause]).toEqual([
      'States.Runtime',
      "An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxItemsPath field refers to value \"1.5\" which is not a valid integer: $.MaxItems",
    ]);
    expect(types(r)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'ExecutionFailed']);
    expect(prevIds(r)).toEqual([0, 0, 2, 3]);
  });
});

describe('JSON MaxItems and ItemBatcher', () => {
  const ITEMS = [
    { verdict: 'true', statement_date: '6/11/2008', statement_source: 'speech' },
    { verdict: 'false', statement_date: '6/7/2022', statement_source: 'television' },
    { verdict: 'mostly-true', statement_date: '5/18/2016', statement_source: 'news' },
  ];
  beforeAll(() => put('file.json', JSON.stringify(ITEMS)));

  test('test_map_item_reader_base_json_max_items (25-03-2024): MaxItems 2 reads the first two items', async () => {
    const r = await run(reader({ InputType: 'JSON', MaxItems: 2 }), { Bucket: 'bucket-name', Key: 'file.json' });
    expect(r.output).toEqual(ITEMS.slice(0, 2));
    expect(types(r)).toEqual(SUCCEEDED);
  });

  /** A JSONata Distributed Map over {Bucket, Key} of the input with `fields`. */
  const jsonata = (name: string, fields: Record<string, Json>): Json => ({
    QueryLanguage: 'JSONata',
    StartAt: name,
    States: {
      [name]: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Arguments: { Bucket: '{% $states.input.Bucket %}', Key: '{% $states.input.Key %}' }, ReaderConfig: { InputType: 'JSON', MaxItems: 2 } },
        ItemProcessor: PASS_CHILD,
        End: true,
        ...fields,
      },
    },
  });

  // In JSONata, MapStateExited names the MapRunStarted event as its previous event (not MapRunSucceeded).
  const JSONATA_PREV = [0, 0, 2, 3, 4, 5, 4, 7];

  test('test_map_item_reader_base_json_max_items_jsonata (13-11-2024): MaxItems from an expression', async () => {
    const def = jsonata('MapState', {});
    (def as { States: { MapState: { ItemReader: { ReaderConfig: Record<string, Json> } } } }).States.MapState.ItemReader.ReaderConfig.MaxItems = '{% $states.input.MaxItems %}';
    const r = await run(def, { Bucket: 'bucket-name', Key: 'file.json', MaxItems: 2 });
    expect(r.output).toEqual(ITEMS.slice(0, 2));
    expect(types(r)).toEqual(SUCCEEDED);
    expect(prevIds(r)).toEqual(JSONATA_PREV);
  });

  test('test_map_item_batching_base_json_max_per_batch_jsonata (13-11-2024): one batch {BatchInput, Items} of the two items read', async () => {
    const batcher = {
      ItemBatcher: {
        MaxItemsPerBatch: '{% $states.input.MaxItemsPerBatch %}',
        MaxInputBytesPerBatch: '{% $states.input.MaxInputBytesPerBatch %}',
        BatchInput: { BatchTimestamp: '{% $states.context.State.EnteredTime %}' },
      },
    };
    const r = await run(jsonata('BatchMapState', batcher), { Bucket: 'bucket-name', Key: 'file.json', MaxItemsPerBatch: 2, MaxInputBytesPerBatch: 150000 });
    const out = r.output as Array<{ BatchInput: { BatchTimestamp: string }; Items: Json[] }>;
    expect(out).toEqual([{ BatchInput: { BatchTimestamp: expect.any(String) }, Items: ITEMS.slice(0, 2) }]);
    expect(out[0].BatchInput.BatchTimestamp).toBe((r.events[1].timestamp as Date).toISOString());
    expect(types(r)).toEqual(SUCCEEDED);
    expect(prevIds(r)).toEqual(JSONATA_PREV);
  });
});

describe('Label and ResultWriter', () => {
  const labelled = (more: Record<string, Json>): Json => ({
    StartAt: 'MapState',
    States: { MapState: { Type: 'Map', ItemProcessor: { ...PASS_CHILD, StartAt: 'IteratorInner', States: { IteratorInner: { Type: 'Pass', End: true } } }, Label: 'TestMap', End: true, ...more } },
  });
  const ARN = /^arn:aws:states:[a-z0-9-]+:\d{12}:mapRun:[^/]+\/TestMap:([0-9a-f-]{36})$/;

  test('test_map_state_label (20-07-2024): the Map Run ARN names the Label, not the state', async () => {
    const r = await run(labelled({}), ['Hello', 'World']);
    expect(r.output).toEqual(['Hello', 'World']);
    expect(types(r)).toEqual(SUCCEEDED);
    expect(r.events[3].mapRunStartedEventDetails?.mapRunArn).toMatch(ARN);
  });

  test('test_map_state_result_writer (19-08-2024): the output is {MapRunArn, ResultWriterDetails} with the manifest under <Prefix>/<MapRunId>/', async () => {
    const r = await run(labelled({ ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'result-bucket', Prefix: 'mapJobs' } } }), ['Hello', 'World']);
    const arn = r.events[3].mapRunStartedEventDetails?.mapRunArn as string;
    const id = (ARN.exec(arn) as RegExpExecArray)[1];
    expect(r.output).toEqual({ MapRunArn: arn, ResultWriterDetails: { Bucket: 'result-bucket', Key: `mapJobs/${id}/manifest.json` } });
    expect(types(r)).toEqual(SUCCEEDED);
    const manifest = await fixture.s3.send(new GetObjectCommand({ Bucket: 'result-bucket', Key: `mapJobs/${id}/manifest.json` }));
    expect(JSON.parse(await (manifest.Body as { transformToString(): Promise<string> }).transformToString()).MapRunArn).toBe(arn);
  });
});
