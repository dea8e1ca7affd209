import { bucket, fn, type Workflow } from '../lib/workflow/declaration';

/**
 * Distributed Map over S3 data: a CSV of records in the `input` bucket is read by the Map state
 * itself (ItemReader), processed in batches of 20 by the `csv-fanout-batch` Lambda in child
 * workflow executions (10 at a time), with up to 5 % of failed records tolerated; the results go
 * to `results/<MapRunId>/` in the `output` bucket (ResultWriter). Locally, `sfn run csv-fanout`
 * starts an S3 on 127.0.0.1 seeded from `data/csv-fanout/input/`.
 */
export const csvFanout: Workflow = () => ({
  name: 'csv-fanout',
  description: 'Processes a CSV of records from S3 in batches, in parallel child executions',
  functions: {
    'csv-fanout-batch': { description: 'Sums the amounts of one batch of CSV records', timeout: 30 },
  },
  bindings: {
    InputBucket: bucket('input'),
    OutputBucket: bucket('output'),
    ProcessBatchFunction: fn('csv-fanout-batch'),
  },
  buckets: { input: {}, output: {} },
  sampleInput: { key: 'records.csv' },
});
