/**
 * The activity worker of the `file-transfer` workflow (not a Lambda: it runs wherever it is
 * started, e.g. next to the data, and polls Step Functions for work).
 *
 * Each task of the activity (input `{ bucket, sourcePrefix, destinationPrefix, executionName }`)
 * waits for the plan that the workflow's `file-transfer-master` Lambda records for the execution
 * (`_transfer/<executionName>.plan.json`: the `.csv` keys under `<sourcePrefix>/` it listed, as the
 * seed's master dispatches each file to its slave), moves exactly those objects to the same key
 * under `<destinationPrefix>/` (copy, then delete), then records the outcome in `_transfer/<executionName>.json` (what the
 * workflow's status check reads) and answers Step Functions: SendTaskSuccess with
 * `{ message, transferred }`, or SendTaskFailure with error `FileTransferFailed` (an empty `.csv`
 * is refused as corrupt; any S3 error fails the task too). A heartbeat is sent while it works.
 *
 * Run it against AWS or a local endpoint (`sfn serve`):
 *
 *   ACTIVITY_ARN=arn:aws:states:us-east-1:123456789012:activity:file-transfer \
 *   AWS_ENDPOINT_URL_SFN=http://127.0.0.1:8083 node dist/workers/file-transfer/src/index.js
 *
 * or from code: `runWorker({ client, activityArn, signal })`.
 */
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetActivityTaskCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';

export interface TransferRequest {
  bucket: string;
  sourcePrefix: string;
  destinationPrefix: string;
  executionName: string;
}

export interface TransferResult {
  message: string;
  transferred: Array<{ from: string; to: string }>;
}

export class FileTransferFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileTransferFailed';
  }
}

export interface WorkerOptions {
  client: SFNClient;
  activityArn: string;
  /** Stops the worker (its poll is cancelled; a task in progress is finished first). */
  signal: AbortSignal;
  /** Recorded in the execution history (ActivityStarted). Default `file-transfer-worker`. */
  workerName?: string;
  /** Default: an S3 client configured from the environment (`environment` or process.env). */
  s3?: S3Client;
  /** Environment of the worker when run in-process (AWS_ENDPOINT_URL_S3, AWS_REGION, credentials). */
  environment?: Record<string, string>;
  /** Milliseconds between heartbeats while a task runs. Default 10,000. */
  heartbeatMs?: number;
  /** How long a task waits for its execution's plan before it fails (ms). Default 120,000. */
  planWaitMs?: number;
  /** Called for each task done (tests, logs). */
  onTask?: (outcome: { taskToken: string; ok: boolean; result?: TransferResult; error?: string }) => void;
}

const MARKERS = '_transfer';

export const statusKey = (executionName: string) => `${MARKERS}/${executionName}.json`;
/** Written by functions/file-transfer-master (its `planKey`). */
export const planKey = (executionName: string) => `${MARKERS}/${executionName}.plan.json`;

const PLAN_POLL_MS = 100;

function s3From(env: Record<string, string | undefined>): S3Client {
  const endpoint = env.AWS_ENDPOINT_URL_S3;
  return new S3Client({
    region: env.AWS_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } } : {}),
  });
}

function parseRequest(input: string | undefined): TransferRequest {
  let v: unknown;
  try {
    v = JSON.parse(input ?? '');
  } catch {
    throw new FileTransferFailed(`the task input is not JSON: ${String(input).slice(0, 200)}`);
  }
  const r = v as Partial<TransferRequest> | null;
  for (const field of ['bucket', 'sourcePrefix', 'destinationPrefix', 'executionName'] as const) {
    if (typeof r?.[field] !== 'string' || r[field] === '') throw new FileTransferFailed(`the task input needs a non-empty string "${field}"`);
  }
  const req = r as TransferRequest;
  if (req.sourcePrefix === req.destinationPrefix) throw new FileTransferFailed(`source and destination are the same prefix "${req.sourcePrefix}"`);
  return req;
}

/**
 * The keys the master planned for the execution, once its plan is recorded (polled until
 * `waitMs` has passed or `signal` is aborted).
 * @throws FileTransferFailed when no plan comes in time or it is not a list of keys under the source prefix
 */
export async function waitForPlan(s3: S3Client, req: TransferRequest, waitMs: number, signal?: AbortSignal): Promise<string[]> {
  const key = planKey(req.executionName);
  const deadline = Date.now() + waitMs;
  for (;;) {
    let text: string | undefined;
    try {
      const r = await s3.send(new GetObjectCommand({ Bucket: req.bucket, Key: key }));
      text = await (r.Body as { transformToString(): Promise<string> }).transformToString();
    } catch (e) {
      if ((e as Error).name !== 'NoSuchKey') throw e;
    }
    if (text !== undefined) {
      const from = `${req.sourcePrefix.replace(/\/+$/, '')}/`;
      let planned: unknown;
      try {
        planned = (JSON.parse(text) as { planned?: unknown }).planned;
      } catch {
        throw new FileTransferFailed(`the plan ${key} is not JSON`);
      }
      if (!Array.isArray(planned) || !planned.every((k) => typeof k === 'string' && k.startsWith(from))) throw new FileTransferFailed(`the plan ${key} must list keys under ${from}`);
      return planned as string[];
    }
    if (signal?.aborted || Date.now() >= deadline) throw new FileTransferFailed(`no plan ${key} was recorded within ${waitMs} ms (did file-transfer-master run?)`);
    await new Promise((r) => setTimeout(r, PLAN_POLL_MS));
  }
}

/** Moves the planned objects (keys under the source prefix) to the destination prefix. */
export async function transferFiles(s3: S3Client, req: TransferRequest, keys: readonly string[]): Promise<TransferResult> {
  const from = `${req.sourcePrefix.replace(/\/+$/, '')}/`;
  const to = `${req.destinationPrefix.replace(/\/+$/, '')}/`;
  for (const key of keys) {
    const head = await s3.send(new HeadObjectCommand({ Bucket: req.bucket, Key: key }));
    if (!head.ContentLength) throw new FileTransferFailed(`${key} is empty: refused as corrupt (nothing was moved)`);
  }
  const transferred: TransferResult['transferred'] = [];
  for (const key of keys) {
    const target = to + key.slice(from.length);
    await s3.send(new CopyObjectCommand({ Bucket: req.bucket, Key: target, CopySource: `${req.bucket}/${key.split('/').map(encodeURIComponent).join('/')}` }));
    await s3.send(new DeleteObjectCommand({ Bucket: req.bucket, Key: key }));
    transferred.push({ from: key, to: target });
  }
  return { message: 'File Transfer Completed', transferred };
}

async function record(s3: S3Client, req: TransferRequest, status: object): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: req.bucket, Key: statusKey(req.executionName), Body: JSON.stringify(status), ContentType: 'application/json' }));
}

/** Polls the activity and works its tasks until `signal` is aborted. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const { client, activityArn, signal } = options;
  const workerName = options.workerName ?? 'file-transfer-worker';
  const s3 = options.s3 ?? s3From(options.environment ?? process.env);
  while (!signal.aborted) {
    let task;
    try {
      task = await client.send(new GetActivityTaskCommand({ activityArn, workerName }), { abortSignal: signal });
    } catch (e) {
      if (signal.aborted) break;
      // The endpoint is unreachable or refused the poll: try again shortly.
      console.error(`file-transfer worker: GetActivityTask failed: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    const taskToken = task.taskToken;
    if (!taskToken) continue; // The long poll ended with no task.
    const heartbeat = setInterval(() => void client.send(new SendTaskHeartbeatCommand({ taskToken })).catch(() => undefined), options.heartbeatMs ?? 10_000);
    let req: TransferRequest | undefined;
    try {
      req = parseRequest(task.input);
      const planned = await waitForPlan(s3, req, options.planWaitMs ?? 120_000, signal);
      const result = await transferFiles(s3, req, planned);
      await record(s3, req, { status: 'completed', ...result });
      await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(result) }));
      options.onTask?.({ taskToken, ok: true, result });
    } catch (e) {
      const error = e instanceof FileTransferFailed ? e.name : 'FileTransferFailed';
      const cause = e instanceof Error ? `${e.name === 'FileTransferFailed' ? '' : `${e.name}: `}${e.message}` : String(e);
      if (req !== undefined) await record(s3, req, { status: 'failed', error, cause }).catch(() => undefined);
      await client.send(new SendTaskFailureCommand({ taskToken, error, cause: cause.slice(0, 32_768) })).catch((x: Error) => console.error(`file-transfer worker: SendTaskFailure failed: ${x.message}`));
      options.onTask?.({ taskToken, ok: false, error: cause });
    } finally {
      clearInterval(heartbeat);
    }
  }
}

if (require.main === module) {
  const activityArn = process.env.ACTIVITY_ARN;
  if (!activityArn) {
    console.error('file-transfer worker: set ACTIVITY_ARN (and AWS_ENDPOINT_URL_SFN for a local endpoint such as `sfn serve`)');
    process.exit(2);
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  void runWorker({ client: new SFNClient({}), activityArn, signal: controller.signal });
}
