/**
 * Distributed Maps that read variables, as recorded on AWS: LocalStack's AWS-validated snapshots of
 * tests/aws/services/stepfunctions/v2/assign/test_assign_reference_variables (test_reference_in_map_state
 * and test_reference_in_map_state_max_items_path, recorded 14-11-2024 and 18-11-2024). Definitions
 * and inputs are ours, equivalent to the templates map_state_reference_in_*.json5; the expected
 * outputs and event sequences (ids and previous ids) are AWS's.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { runExecution } from '../..';
import type { Json } from '../../types';
import { s3Fixture } from './s3-fixture';

const fixture = s3Fixture(['bucket']);
const ROWS = [
  { verdict: 'true', statement_date: '6/11/2008', statement_source: 'speech' },
  { verdict: 'false', statement_date: '6/7/2022', statement_source: 'television' },
  { verdict: 'mostly-true', statement_date: '5/18/2016', statement_source: 'news' },
  { verdict: 'false', statement_date: '5/18/2024', statement_source: 'x' },
];

beforeAll(async () => {
  await fixture.s3.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'file.json', Body: JSON.stringify(ROWS) }));
});

/** Start (a Pass assigning `assign`) then the Distributed Map `map`, whose children pass their input. */
function machine(assign: Record<string, Json>, map: Record<string, Json>, result?: Json): Json {
  return {
    StartAt: 'Start',
    States: {
      Start: { Type: 'Pass', Assign: assign, ...(result === undefined ? {} : { Result: result }), Next: 'MapState' },
      MapState: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true, ...map },
    },
  };
}

// As AWS wrote them: MapStateSucceeded follows MapRunSucceeded; MapStateExited follows MapRunStarted.
const EVENTS = [
  ['ExecutionStarted', 1, 0],
  ['PassStateEntered', 2, 0],
  ['PassStateExited', 3, 2],
  ['MapStateEntered', 4, 3],
  ['MapStateStarted', 5, 4],
  ['MapRunStarted', 6, 5],
  ['MapRunSucceeded', 7, 6],
  ['MapStateSucceeded', 8, 7],
  ['MapStateExited', 9, 6],
  ['ExecutionSucceeded', 10, 9],
];
const reader = { Resource: 'arn:aws:states:::s3:getObject', Parameters: { 'Bucket.$': '$.Bucket', 'Key.$': '$.Key' } };

test.each<[string, Json, Json, Json]>([
  [
    'MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH (strings "1" from variables)',
    machine({ toleratedFailurePercentage: '1', toleratedFailureCount: '1' }, { ItemsPath: '$.Values', ToleratedFailurePercentagePath: '$toleratedFailurePercentage', ToleratedFailureCountPath: '$toleratedFailureCount' }, { Values: [1, 2, 3] }),
    {},
    [1, 2, 3],
  ],
  [
    'MAP_STATE_REFERENCE_IN_ITEM_SELECTOR ("$bucket" without .$ is a literal)',
    machine({ bucket: 'test-name' }, { ItemsPath: '$.Values', ItemSelector: { 'value.$': '$$.Map.Item.Value', bucketName: '$bucket' } }, { Values: [1, 2, 3] }),
    {},
    [1, 2, 3].map((value) => ({ value, bucketName: '$bucket' })),
  ],
  [
    'MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH (a string "2" from a variable)',
    machine({ maxItems: '2' }, { ItemReader: { ...reader, ReaderConfig: { InputType: 'JSON', MaxItemsPath: '$maxItems' } } }),
    { Bucket: 'bucket', Key: 'file.json' },
    ROWS.slice(0, 2),
  ],
  [
    'MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH (strings "2" and "15000" from variables)',
    machine({ maxItemsPerBatch: '2', maxBytesPerBatch: '15000' }, { ItemReader: { ...reader, ReaderConfig: { InputType: 'JSON', MaxItems: 4 } }, ItemBatcher: { MaxItemsPerBatchPath: '$maxItemsPerBatch', MaxInputBytesPerBatchPath: '$maxBytesPerBatch' } }),
    { Bucket: 'bucket', Key: 'file.json' },
    [{ Items: ROWS.slice(0, 2) }, { Items: ROWS.slice(2) }],
  ],
])('%s', async (_name, definition, input, output) => {
  const r = await runExecution(definition, input, fixture.options);
  expect(r.status).toBe('SUCCEEDED');
  expect(r.output).toEqual(output);
  expect(r.events.map((e) => [e.type, e.id, e.previousEventId])).toEqual(EVENTS);
});
