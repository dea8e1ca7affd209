/**
 * Distributed Map on a real S3-compatible server (s3rver on 127.0.0.1): objects seeded with
 * @aws-sdk/client-s3, the Map Run's results read back from it.
 */
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { runExecution } from '../..';
import type { Json, RunOptions } from '../../types';
import { s3Fixture } from './s3-fixture';

const fixture = s3Fixture(['in', 'out']);
let s3: S3Client;
let options: RunOptions;

beforeAll(async () => {
  ({ s3, options } = fixture);
  const put = (Key: string, Body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: 'in', Key, Body }));
  await put('rows.csv', 'id,name,amount\n1,Ada,10\n2,"Lovelace, A.",20\n3,"say ""hi""",30\n4,Bob,40\n5,Eve,50\n');
  await put('noheader.psv', '1|a\r\n2|b\r\n3|c');
  await put('items.json', JSON.stringify([{ n: 1 }, { n: 2 }, { n: 3 }]));
  await put('wrapped.json', JSON.stringify({ data: { list: [{ n: 7 }, { n: 8 }] } }));
  await put('object.json', JSON.stringify({ not: 'an array' }));
  await put('broken.json', '[{"n": 1},');
  await put('lines.jsonl', '{"n":1}\n{"n":2}\n\n{"n":3}\n');
  await put('uneven-rows.csv', 'a,b\n1,2\n3\n4,5,6\n');
  await put('dup-header.csv', 'a,b,a\n1,2,3\n');
  await put('bad-manifest.json', JSON.stringify({ fileSchema: 'Bucket, Key', files: [null] }));
  await put('bad-quote.csv', 'a,b\n1,"2\n');
  await put('big.json', JSON.stringify([{ blob: 'x'.repeat(2000) }]));
  await put('photos/a.jpg', 'aaa');
  await put('photos/b.jpg', 'bbbb');
  await put('other/c.txt', 'c');
  await put('inventory/data/part1.csv.gz', gzipSync('"in","photos/a.jpg","3"\n"in","photos/b.jpg","4"\n'));
  await put('inventory/data/part2.csv.gz', gzipSync('"in","other/c.txt","1"\n'));
  await put(
    'inventory/2024-01-01T00-00Z/manifest.json',
    JSON.stringify({
      sourceBucket: 'in',
      destinationBucket: 'arn:aws:s3:::in',
      fileFormat: 'CSV',
      fileSchema: 'Bucket, Key, Size',
      files: [{ key: 'inventory/data/part1.csv.gz' }, { key: 'inventory/data/part2.csv.gz' }],
    }),
  );
});


const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

/** A Distributed Map whose child runs the `work` function on its input. */
function machine(map: Record<string, Json>, processor: Record<string, Json> = { Type: 'Task', Resource: FN, End: true }, executionType = 'STANDARD'): Json {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType }, StartAt: 'Work', States: { Work: processor } },
        End: true,
        ...map,
      },
    },
  };
}

const getObject = (Key: string, Bucket = 'in') => ({ Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket, Key } });
const echo = { functions: { work: async (e: unknown) => e } };

async function readJson(Key: string, Bucket = 'out'): Promise<any> {
  const r = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return JSON.parse(await (r.Body as { transformToString(): Promise<string> }).transformToString());
}

async function keysUnder(Prefix: string, Bucket = 'out'): Promise<string[]> {
  const r = await s3.send(new ListObjectsV2Command({ Bucket, Prefix }));
  return (r.Contents ?? []).map((o) => o.Key as string).sort();
}

describe('ItemReader', () => {
  test('CSV with its header in the first row: quoted fields, one object per row, values as strings', async () => {
    const r = await runExecution(machine({ ItemReader: { ...getObject('rows.csv'), ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' } } }), {}, { ...options, ...echo });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual([
      { id: '1', name: 'Ada', amount: '10' },
      { id: '2', name: 'Lovelace, A.', amount: '20' },
      { id: '3', name: 'say "hi"', amount: '30' },
      { id: '4', name: 'Bob', amount: '40' },
      { id: '5', name: 'Eve', amount: '50' },
    ]);
  });

  test('CSV rows with fewer or more fields than the header: a missing field is "", one past the last header is left out (as AWS)', async () => {
    const r = await runExecution(machine({ ItemReader: { ...getObject('uneven-rows.csv'), ReaderConfig: { InputType: 'CSV' } } }), {}, { ...options, ...echo });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '' },
      { a: '4', b: '5' },
    ]);
  });

  test('CSV with GIVEN headers, a PIPE delimiter and CRLF line ends; MaxItems', async () => {
    const ReaderConfig = { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['n', 'letter'], CSVDelimiter: 'PIPE', MaxItems: 2 };
    const r = await runExecution(machine({ ItemReader: { ...getObject('noheader.psv'), ReaderConfig } }), {}, { ...options, ...echo });
    expect(r.output).toEqual([
      { n: '1', letter: 'a' },
      { n: '2', letter: 'b' },
    ]);
  });

  test('JSON array, JSON object with ItemsPointer, JSONL', async () => {
    const json = await runExecution(machine({ ItemReader: { ...getObject('items.json'), ReaderConfig: { InputType: 'JSON' } } }), {}, { ...options, ...echo });
    expect(json.output).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const pointer = await runExecution(machine({ ItemReader: { ...getObject('wrapped.json'), ReaderConfig: { InputType: 'JSON', ItemsPointer: '/data/list' } } }), {}, { ...options, ...echo });
    expect(pointer.output).toEqual([{ n: 7 }, { n: 8 }]);
    const jsonl = await runExecution(machine({ ItemReader: { ...getObject('lines.jsonl'), ReaderConfig: { InputType: 'JSONL' } } }), {}, { ...options, ...echo });
    expect(jsonl.output).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  test('listObjectsV2 with a Prefix (from the input, Parameters with a path): one item per object, as AWS gives them', async () => {
    const reader = { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'in', 'Prefix.$': '$.prefix' } };
    const r = await runExecution(machine({ ItemReader: reader }), { prefix: 'photos/' }, { ...options, ...echo });
    expect(r.status).toBe('SUCCEEDED');
    const items = r.output as Array<Record<string, Json>>;
    expect(items.map((i) => [i.Key, i.Size, i.StorageClass])).toEqual([
      ['photos/a.jpg', 3, 'STANDARD'],
      ['photos/b.jpg', 4, 'STANDARD'],
    ]);
    expect(Object.keys(items[0]).sort()).toEqual(['Etag', 'Key', 'LastModified', 'Size', 'StorageClass']);
    expect(typeof items[0].LastModified).toBe('number');
  });

  test('an S3 inventory manifest: its gzipped CSV data files, one item per row keyed by fileSchema', async () => {
    const reader = { ...getObject('inventory/2024-01-01T00-00Z/manifest.json'), ReaderConfig: { InputType: 'MANIFEST' } };
    const r = await runExecution(machine({ ItemReader: reader }), {}, { ...options, ...echo });
    expect(r.output).toEqual([
      { Bucket: 'in', Key: 'photos/a.jpg', Size: '3' },
      { Bucket: 'in', Key: 'photos/b.jpg', Size: '4' },
      { Bucket: 'in', Key: 'other/c.txt', Size: '1' },
    ]);
  });

  test('JSONata: Arguments with an expression, ItemSelector with $states.context.Map.Item', async () => {
    const def = machine({
      QueryLanguage: 'JSONata',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON', MaxItems: '{% $states.input.max %}' }, Arguments: { Bucket: 'in', Key: '{% $states.input.file %}' } },
      ItemSelector: { i: '{% $states.context.Map.Item.Index %}', n: '{% $states.context.Map.Item.Value.n %}' },
    });
    const r = await runExecution(def, { file: 'items.json', max: 2 }, { ...options, ...echo });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual([
      { i: 0, n: 1 },
      { i: 1, n: 2 },
    ]);
  });

  test('items from the state input (ItemsPath) with ItemSelector and $$.Map.Item', async () => {
    const def = machine({ ItemsPath: '$.list', ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'tag.$': '$.tag' } });
    const r = await runExecution(def, { list: ['a', 'b'], tag: 't' }, { ...options, ...echo });
    expect(r.output).toEqual([
      { index: 0, value: 'a', tag: 't' },
      { index: 1, value: 'b', tag: 't' },
    ]);
  });
});

describe('ItemBatcher', () => {
  test('MaxItemsPerBatch with BatchInput: each child gets {Items, BatchInput}', async () => {
    const inputs: unknown[] = [];
    const def = machine({
      ItemReader: { ...getObject('rows.csv'), ReaderConfig: { InputType: 'CSV' } },
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'source.$': '$.source' } },
    });
    const r = await runExecution(def, { source: 'rows.csv' }, { ...options, functions: { work: async (e: unknown) => (inputs.push(e), (e as { Items: unknown[] }).Items.length) } });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual([2, 2, 1]);
    expect(inputs[0]).toEqual({ Items: [{ id: '1', name: 'Ada', amount: '10' }, { id: '2', name: 'Lovelace, A.', amount: '20' }], BatchInput: { source: 'rows.csv' } });
  });

  test('MaxInputBytesPerBatchPath: a batch never goes over the byte limit', async () => {
    const sizes: number[] = [];
    const def = machine({ ItemsPath: '$.items', ItemBatcher: { MaxInputBytesPerBatchPath: '$.bytes' } });
    const items = Array.from({ length: 10 }, (_, i) => ({ v: `${i}`.repeat(20) }));
    const r = await runExecution(def, { items, bytes: 100 }, { ...options, functions: { work: async (e: unknown) => (sizes.push(Buffer.byteLength(JSON.stringify(e))), (e as { Items: unknown[] }).Items.length) } });
    expect(r.status).toBe('SUCCEEDED');
    expect((r.output as number[]).reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes.length).toBeGreaterThan(3);
  });

  test('an item larger than MaxInputBytesPerBatch fails the Map with States.ItemReaderFailed', async () => {
    const def = machine({ ItemReader: getObject('big.json'), ItemBatcher: { MaxInputBytesPerBatch: 1000 } });
    const r = await runExecution(def, {}, { ...options, ...echo });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.ItemReaderFailed');
    expect(r.cause).toMatch(/over the ItemBatcher's limit of 1000 bytes/);
  });
});

describe('MaxConcurrency and child executions', () => {
  test('at most MaxConcurrency children run at once; outputs stay in item order', async () => {
    let running = 0;
    let peak = 0;
    const work = async (e: unknown) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return e;
    };
    const items = Array.from({ length: 20 }, (_, i) => i);
    const r = await runExecution(machine({ MaxConcurrency: 3 }), items, { ...options, functions: { work } });
    expect(r.output).toEqual(items);
    expect(peak).toBe(3);
  });

  test('each child is an execution of its own: $$.Execution names the Map Run; EXPRESS children run too', async () => {
    const def = machine({}, { Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id', 'sm.$': '$$.StateMachine.Name' }, End: true }, 'EXPRESS');
    const r = await runExecution(def, [1], { ...options, stateMachineName: 'parent' });
    const [child] = r.output as Array<{ id: string; sm: string }>;
    expect(child.sm).toMatch(/^parent\/Fan:[0-9a-f-]{36}$/);
    expect(child.id).toMatch(new RegExp(`^arn:aws:states:us-east-1:123456789012:execution:${child.sm.replace('/', '\\/')}:[0-9a-f-]{36}$`));
  });

  test('history: MapStateStarted {length}, MapRunStarted {mapRunArn}, MapRunSucceeded, MapStateSucceeded (children write into their own histories)', async () => {
    const r = await runExecution(machine({ Label: 'Batch' }), [1, 2], { ...options, ...echo, stateMachineName: 'sm' });
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
    expect(r.events[2].mapStateStartedEventDetails).toEqual({ length: 2 });
    expect(r.events[3].mapRunStartedEventDetails?.mapRunArn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:sm\/Batch:[0-9a-f-]{36}$/);
    const withReader = await runExecution(machine({ ItemReader: getObject('items.json') }), {}, { ...options, ...echo });
    expect(withReader.events.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 0 });
  });
});

describe('stopping', () => {
  test('aborting the execution (RunOptions.signal) aborts the running children and starts no more', async () => {
    const controller = new AbortController();
    let started = 0;
    const work = (e: unknown) =>
      new Promise((resolve) => {
        started++;
        if (started === 2) controller.abort({ error: 'Stop', cause: 'enough' });
        setTimeout(() => resolve(e), 20);
      });
    const r = await runExecution(machine({ MaxConcurrency: 2 }), Array.from({ length: 50 }, (_, i) => i), { ...options, functions: { work }, signal: controller.signal });
    expect(r.status).toBe('ABORTED');
    expect(r.error).toBe('Stop');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toBe(2);
  });
});

describe('ResultWriter', () => {
  test('manifest.json and SUCCEEDED_0.json under <Prefix>/<MapRunId>/, the state output pointing at the manifest', async () => {
    const def = machine({
      ItemReader: { ...getObject('rows.csv'), ReaderConfig: { InputType: 'CSV' } },
      ItemBatcher: { MaxItemsPerBatch: 2 },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'runs/ok' } },
    });
    const r = await runExecution(def, {}, { ...options, stateMachineName: 'csv', functions: { work: async (e: unknown) => ({ count: (e as { Items: unknown[] }).Items.length }) } });
    expect(r.status).toBe('SUCCEEDED');
    const out = r.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    const runId = out.MapRunArn.split(':').pop() as string;
    expect(out.ResultWriterDetails).toEqual({ Bucket: 'out', Key: `runs/ok/${runId}/manifest.json` });
    expect(await keysUnder(`runs/ok/${runId}/`)).toEqual([`runs/ok/${runId}/SUCCEEDED_0.json`, `runs/ok/${runId}/manifest.json`]);
    const manifest = await readJson(out.ResultWriterDetails.Key);
    expect(manifest).toEqual({
      DestinationBucket: 'out',
      MapRunArn: out.MapRunArn,
      ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [{ Key: `runs/ok/${runId}/SUCCEEDED_0.json`, Size: expect.any(Number) }] },
    });
    const results = await readJson(`runs/ok/${runId}/SUCCEEDED_0.json`);
    expect(results).toHaveLength(3);
    expect(Object.keys(results[0]).sort()).toEqual(
      ['ExecutionArn', 'Input', 'InputDetails', 'Name', 'Output', 'OutputDetails', 'RedriveCount', 'RedriveStatus', 'RedriveStatusReason', 'StartDate', 'StateMachineArn', 'Status', 'StopDate'].sort(),
    );
    expect(results.map((x: { Output: string }) => JSON.parse(x.Output).count).sort()).toEqual([1, 2, 2]);
    expect(results[0].Status).toBe('SUCCEEDED');
    expect(results[0].StateMachineArn).toBe(`arn:aws:states:us-east-1:123456789012:stateMachine:csv/Fan:${runId}`);
    expect(results[0].ExecutionArn).toBe(`arn:aws:states:us-east-1:123456789012:execution:csv/Fan:${runId}:${results[0].Name}`);
    expect(JSON.parse(results[0].Input).Items).toBeDefined();
  });

  test('JSONata: ResultWriter Arguments and ToleratedFailurePercentage as expressions; Output reads the result', async () => {
    const def = machine({
      QueryLanguage: 'JSONata',
      Items: '{% $states.input.items %}',
      ToleratedFailurePercentage: '{% $states.input.tolerate %}',
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'out', Prefix: "{% 'jsonata/' & $states.input.run %}" } },
      Output: '{% $states.result.ResultWriterDetails %}',
    });
    const failOne = { functions: { work: async (e: unknown) => { if (e === 2) throw new Error('two'); return e; } } };
    const r = await runExecution(def, { items: [1, 2, 3, 4], tolerate: 25, run: 'r1' }, { ...options, ...failOne });
    expect(r.status).toBe('SUCCEEDED');
    const { Bucket, Key } = r.output as { Bucket: string; Key: string };
    expect(Bucket).toBe('out');
    expect(Key).toMatch(/^jsonata\/r1\/[0-9a-f-]{36}\/manifest\.json$/);
    const manifest = await readJson(Key);
    expect(manifest.ResultFiles.FAILED).toHaveLength(1);
    const over = await runExecution(def, { items: [1, 2, 3], tolerate: 25, run: 'r2' }, { ...options, ...failOne });
    expect(over.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  test('WriterConfig: COMPACT as JSONL exports the outputs one per line (files keep .json names); a failed child stays a full record', async () => {
    const def = machine({
      ToleratedFailureCount: 1,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'compact' }, WriterConfig: { Transformation: 'COMPACT', OutputType: 'JSONL' } },
    });
    const work = async (e: unknown) => {
      if (e === 3) throw new Error('three');
      return { doubled: (e as number) * 2 };
    };
    const r = await runExecution(def, [1, 2, 3], { ...options, functions: { work } });
    expect(r.status).toBe('SUCCEEDED');
    const manifest = await readJson((r.output as { ResultWriterDetails: { Key: string } }).ResultWriterDetails.Key);
    const text = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'out', Key }))).Body!.transformToString();
    expect(manifest.ResultFiles.SUCCEEDED[0].Key).toMatch(/\/SUCCEEDED_0\.json$/);
    const lines = (await text(manifest.ResultFiles.SUCCEEDED[0].Key)).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.sort((a, b) => a.doubled - b.doubled)).toEqual([{ doubled: 2 }, { doubled: 4 }]);
    const failed = (await text(manifest.ResultFiles.FAILED[0].Key)).trim().split('\n').map((l) => JSON.parse(l));
    expect(failed).toEqual([expect.objectContaining({ Status: 'FAILED', Error: 'Error', Input: '3' })]);
  });

  test('WriterConfig without an export: FLATTEN spreads array outputs, NONE gives the execution records; a tolerated failure is its record', async () => {
    const pairs = { functions: { work: async (e: unknown) => { if (e === 0) throw new Error('zero'); return [e, e]; } } };
    const flat = await runExecution(machine({ ToleratedFailureCount: 1, ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } } }), [1, 0, 2], { ...options, ...pairs });
    const out = flat.output as Json[];
    expect(out[0]).toBe(1);
    expect(out[1]).toBe(1);
    expect(out[2]).toMatchObject({ Status: 'FAILED', Error: 'Error', Input: '0' });
    expect(out.slice(3)).toEqual([2, 2]);
    const none = await runExecution(machine({ ResultWriter: { WriterConfig: { Transformation: 'NONE', OutputType: 'JSON' } } }), [5], { ...options, ...pairs });
    expect(none.output).toEqual([expect.objectContaining({ Status: 'SUCCEEDED', Input: '5', Output: '[5,5]' })]);
    const compact = await runExecution(machine({ ToleratedFailureCount: 1 }), [0, 7], { ...options, ...pairs });
    expect((compact.output as Json[])[0]).toMatchObject({ Status: 'FAILED', Input: '0' });
    expect((compact.output as Json[])[1]).toEqual([7, 7]);
  });

  test('a bucket that does not exist: States.ResultWriterFailed, and no manifest anywhere', async () => {
    const def = machine({ ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'nowhere', Prefix: 'x' } } });
    const r = await runExecution(def, [1, 2], { ...options, ...echo });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.ResultWriterFailed');
    expect(r.cause).toMatch(/NoSuchBucket/);
    // The Map Run itself succeeded; exporting its results failed the state.
    expect(r.events.map((e) => e.type).slice(-4)).toEqual(['MapRunStarted', 'MapRunSucceeded', 'MapStateFailed', 'ExecutionFailed']);
  });
});

describe('tolerated failures', () => {
  const failOdd = { functions: { work: async (e: unknown) => { if ((e as number) % 2 === 1) throw new Error(`odd ${e}`); return e; } } };
  const writer = (Prefix: string) => ({ Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix } });

  test('by default one failed child fails the run with States.ExceedToleratedFailureThreshold', async () => {
    const r = await runExecution(machine({}), [0, 1, 2], { ...options, ...failOdd });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.ExceedToleratedFailureThreshold');
    const failed = r.events.find((e) => e.type === 'MapRunFailed');
    expect(failed?.mapRunFailedEventDetails?.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(r.events.map((e) => e.type).slice(-3)).toEqual(['MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
  });

  test('under the threshold (ToleratedFailurePercentage 50): SUCCEEDED, with a FAILED file beside the SUCCEEDED one', async () => {
    const r = await runExecution(machine({ ToleratedFailurePercentage: 50, ResultWriter: writer('tol/under') }), [0, 1, 2, 4], { ...options, ...failOdd });
    expect(r.status).toBe('SUCCEEDED');
    const { ResultWriterDetails } = r.output as { ResultWriterDetails: { Key: string } };
    const manifest = await readJson(ResultWriterDetails.Key);
    expect(manifest.ResultFiles.SUCCEEDED).toHaveLength(1);
    expect(manifest.ResultFiles.FAILED).toHaveLength(1);
    const failed = await readJson(manifest.ResultFiles.FAILED[0].Key);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ Status: 'FAILED', Error: 'Error', Input: '1' });
    expect(failed[0].Output).toBeUndefined();
    expect(JSON.parse(failed[0].Cause).errorMessage).toBe('odd 1');
  });

  test('over the threshold (ToleratedFailureCountPath 1, two failures): FAILED; the exported results say FAILED, nothing claims success', async () => {
    const r = await runExecution(machine({ ToleratedFailureCountPath: '$.tolerate', ItemsPath: '$.items', ResultWriter: writer('tol/over') }), { tolerate: 1, items: [0, 1, 2, 3] }, { ...options, ...failOdd });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(r.cause).toMatch(/2 of 4 items failed/);
    const keys = await keysUnder('tol/over/');
    const manifestKey = keys.find((k) => k.endsWith('manifest.json')) as string;
    const manifest = await readJson(manifestKey);
    const failed = await readJson(manifest.ResultFiles.FAILED[0].Key);
    expect(failed.map((f: { Input: string }) => f.Input).sort()).toEqual(['1', '3']);
    for (const f of manifest.ResultFiles.SUCCEEDED) for (const e of await readJson(f.Key)) expect(e.Status).toBe('SUCCEEDED');
  });

  test('ToleratedFailurePercentage counts items, not batches; a Catch takes the threshold error', async () => {
    const def = {
      StartAt: 'Fan',
      States: {
        Fan: {
          ...((machine({}) as any).States.Fan as Record<string, Json>),
          End: undefined,
          ItemsPath: '$.items',
          ItemBatcher: { MaxItemsPerBatch: 2 },
          ToleratedFailurePercentage: 40,
          Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], ResultPath: '$.error', Next: 'Caught' }],
          Next: 'Caught',
        },
        Caught: { Type: 'Pass', End: true },
      },
    } as unknown as Json;
    const failFirstBatch = {
      functions: {
        work: async (e: unknown) => {
          if ((e as { Items: number[] }).Items.includes(0)) throw new Error('bad batch');
          return 1;
        },
      },
    };
    // The first batch (2 items) fails: 2 of 5 items = 40 %, not over.
    const under = await runExecution(def, { items: [0, 1, 2, 3, 4] }, { ...options, ...failFirstBatch });
    expect(under.status).toBe('SUCCEEDED');
    expect((under.output as { error?: unknown }).error).toBeUndefined();
    // 2 of 4 items = 50 %: over, and caught.
    const over = await runExecution(def, { items: [0, 1, 2, 3] }, { ...options, ...failFirstBatch });
    expect(over.status).toBe('SUCCEEDED');
    expect((over.output as { error: { Error: string } }).error.Error).toBe('States.ExceedToleratedFailureThreshold');
  });
});

describe('bad input: States.ItemReaderFailed, no result written', () => {
  const writer = { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'bad' } };
  const cases: Array<[string, Record<string, Json>, RegExp]> = [
    ['a missing key', getObject('missing.csv'), /NoSuchKey/],
    ['a missing bucket', getObject('rows.csv', 'no-such-bucket'), /NoSuchBucket/],
    ['a JSON file that is not an array', { ...getObject('object.json'), ReaderConfig: { InputType: 'JSON' } }, /^Attempting to map over non-iterable node\.$/],
    ['a file that is not JSON', { ...getObject('broken.json'), ReaderConfig: { InputType: 'JSON' } }, /is not JSON/],
    ['a CSV header naming a column twice', { ...getObject('dup-header.csv'), ReaderConfig: { InputType: 'CSV' } }, /^CSV headers cannot contain duplicates\.$/],
    [
      'GIVEN CSVHeaders naming a column twice',
      { ...getObject('rows.csv'), ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['x', 'x'] } },
      /^CSV headers cannot contain duplicates\.$/,
    ],
    ['an inventory manifest whose "files" entry is not an object', { ...getObject('bad-manifest.json'), ReaderConfig: { InputType: 'MANIFEST' } }, /^(?!.*TypeError).*s3:\/\/in\/bad-manifest\.json: an entry of "files" has no "key" \(it is null\)$/],
    ['an unclosed quote in a CSV file', { ...getObject('bad-quote.csv'), ReaderConfig: { InputType: 'CSV' } }, /not valid CSV: line 2/],
  ];
  test.each(cases)('%s', async (_what, reader, cause) => {
    let calls = 0;
    const r = await runExecution(machine({ ItemReader: reader, ResultWriter: writer }), {}, { ...options, functions: { work: async (e: unknown) => (calls++, e) } });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.ItemReaderFailed');
    expect(r.cause).toMatch(cause);
    expect(r.events.find((e) => e.type === 'MapRunFailed')?.mapRunFailedEventDetails?.error).toBe('States.ItemReaderFailed');
    expect(await keysUnder('bad/')).toEqual([]);
    if (!/unclosed/.test(_what)) expect(calls).toBe(0);
  });

  test('no S3 configured: States.ItemReaderFailed saying how to give one (never the real AWS)', async () => {
    const r = await runExecution(machine({ ItemReader: getObject('rows.csv') }), {}, echo);
    expect(r.error).toBe('States.ItemReaderFailed');
    expect(r.cause).toMatch(/run option `s3`/);
  });
});
