import { activity, bucket, fn, uses, type Workflow } from '../lib/workflow/declaration';

/**
 * The activity seed (ZenOfAI, "Orchestrating Microservices using AWS Step Functions"): a Parallel
 * state runs the `file-transfer` activity, whose worker (workers/file-transfer, TypeScript with
 * @aws-sdk/client-sfn, not a Lambda) moves the `.csv` files of `raw/` to `refined/` in the `files`
 * bucket, next to a Lambda branch that waits, plans the transfer (file-transfer-master) and checks
 * its outcome (file-transfer-status); either failure ends in a Fail state. The stack creates the
 * activity and the bucket; the state machine needs no permission on the activity (the worker
 * polls it), the Lambdas read the bucket.
 */
export const fileTransfer: Workflow = () => ({
  name: 'file-transfer',
  description: 'Moves the files of raw/ to refined/ with an activity worker, planned and checked by Lambdas',
  functions: {
    'file-transfer-master': {
      description: 'Plans the transfer: lists the .csv files waiting under the source prefix and records them for the worker',
      timeout: 60,
      uses: { FILES_BUCKET: uses(bucket('files'), ['s3:ListBucket', 's3:PutObject']) },
    },
    'file-transfer-status': {
      description: "Waits for the activity worker's recorded outcome of the transfer",
      timeout: 120,
      uses: { FILES_BUCKET: uses(bucket('files'), ['s3:GetObject', 's3:ListBucket']) },
    },
  },
  bindings: {
    FileTransferActivity: activity('file-transfer'),
    FilesBucket: bucket('files'),
    FileTransferMaster: fn('file-transfer-master'),
    FileTransferStatus: fn('file-transfer-status'),
  },
  activities: ['file-transfer'],
  buckets: { files: {} },
  sampleInput: { sourcePrefix: 'raw', destinationPrefix: 'refined' },
});
