/**
 * ResultWriter (AWS developer guide, "ResultWriter (Map)"): the results of a Map Run's child
 * executions exported to S3 (`arn:aws:states:::s3:putObject` with Bucket and Prefix), as AWS
 * lays them out:
 *
 *   <Prefix>/<MapRunId>/SUCCEEDED_0.json, SUCCEEDED_1.json, ...   child executions by status,
 *   <Prefix>/<MapRunId>/FAILED_0.json, PENDING_0.json, ...        each file a JSON array
 *   <Prefix>/<MapRunId>/manifest.json                              written last
 *
 * manifest.json: `{DestinationBucket, MapRunArn, ResultFiles: {FAILED: [{Key, Size}], PENDING: [...],
 * SUCCEEDED: [...]}}`. Each result: `{ExecutionArn, Input, InputDetails: {Included}, Name, Output
 * (or Error and Cause), OutputDetails: {Included}, RedriveCount, RedriveStatus, RedriveStatusReason,
 * StartDate, StateMachineArn, Status, StopDate}`, Input and Output as JSON text. The Map state's
 * output is then `{MapRunArn, ResultWriterDetails: {Bucket, Key}}`, the key of manifest.json.
 * (Checked against the developer guide's ResultWriter page and the exported files shown at
 * https://sigpwned.com/2023/04/27/aws-step-functions-distributed-map-resultwriter-example.)
 *
 * WriterConfig: `Transformation` (map-run.ts: NONE, the default with an export, writes the records
 * above; COMPACT the outputs; FLATTEN the outputs with arrays spread; a failed child always as its
 * record) and `OutputType` JSON (each file a JSON array) or JSONL (one JSON value per line); the
 * files keep their `.json` names either way.
 *
 * Results are written as they come, a file each time one reaches FILE_BYTES, so memory stays
 * bounded. The manifest is written only once every result file is: a Map Run whose writes fail
 * (States.ResultWriterFailed) leaves no manifest pointing at partial results.
 */
import { StatesError } from '../jsonpath';
import type { Json } from '../json';
import type { ExecutionResult } from '../types';
import { s3Cause, type S3Access } from './s3';

export const RESULT_WRITER_FAILED = 'States.ResultWriterFailed';

/** Size at which a result file is written and the next one started (AWS: up to 5 GB per file; smaller here to bound memory). */
const FILE_BYTES = 4 * 1024 * 1024;

export type ResultStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/** One child execution as AWS exports it. */
export function resultEntry(r: ExecutionResult, input: Json, stateMachineArn: string, name: string): { status: ResultStatus; entry: { [k: string]: Json } } {
  const e: { [k: string]: Json } = { ExecutionArn: r.executionArn, Input: JSON.stringify(input), InputDetails: { Included: true }, Name: name };
  const ok = r.status === 'SUCCEEDED';
  if (ok) {
    e.Output = JSON.stringify(r.output ?? null);
    e.OutputDetails = { Included: true };
  } else {
    if (r.error !== undefined) e.Error = r.error;
    if (r.cause !== undefined) e.Cause = r.cause;
  }
  e.RedriveCount = 0;
  e.RedriveStatus = ok ? 'NOT_REDRIVABLE' : 'REDRIVABLE_BY_MAP_RUN';
  if (ok) e.RedriveStatusReason = 'Execution is SUCCEEDED and cannot be redriven';
  e.StartDate = r.startDate.toISOString();
  e.StateMachineArn = stateMachineArn;
  e.Status = r.status;
  e.StopDate = r.stopDate.toISOString();
  return { status: ok ? 'SUCCEEDED' : 'FAILED', entry: e };
}

export class ResultWriter {
  /** The result files written, by status (a redriven Map Run's writer starts with the SUCCEEDED files of the earlier attempt). */
  readonly files: Record<ResultStatus, Array<{ Key: string; Size: number }>> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  private readonly buffers: Record<ResultStatus, string[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  private readonly sizes: Record<ResultStatus, number> = { FAILED: 0, PENDING: 0, SUCCEEDED: 0 };
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  readonly dir: string;

  constructor(
    private readonly s3: S3Access,
    readonly bucket: string,
    prefix: string,
    mapRunId: string,
    private readonly mapRunArn: string,
    private readonly jsonl = false,
  ) {
    const p = prefix.replace(/\/+$/, '');
    this.dir = p ? `${p}/${mapRunId}` : mapRunId;
  }

  /**
   * Adds a child execution's result (with `spread`, an array result's elements one by one); a full
   * file is written in the background (its failure surfaces in `finish`).
   */
  add(status: ResultStatus, result: Json, spread = false): void {
    for (const v of spread && Array.isArray(result) ? result : [result]) {
      const text = JSON.stringify(v);
      this.buffers[status].push(text);
      this.sizes[status] += text.length + 1;
    }
    if (this.sizes[status] >= FILE_BYTES) this.flush(status);
  }

  private flush(status: ResultStatus): void {
    const entries = this.buffers[status];
    if (entries.length === 0) return;
    this.buffers[status] = [];
    this.sizes[status] = 0;
    const body = this.jsonl ? `${entries.join('\n')}\n` : `[${entries.join(',')}]`;
    const key = `${this.dir}/${status}_${this.files[status].length}.json`;
    this.files[status].push({ Key: key, Size: Buffer.byteLength(body) });
    this.writes = this.writes.then(() => (this.failure === null ? this.put(key, body) : undefined));
  }

  private async put(key: string, body: string): Promise<void> {
    try {
      await this.s3.client.send(new this.s3.sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' }));
    } catch (e) {
      this.failure ??= new StatesError(RESULT_WRITER_FAILED, s3Cause(e, `Writing the Map Run's results to s3://${this.bucket}/${key} failed`));
    }
  }

  /** Writes what is left, then manifest.json; returns the manifest's location. Throws States.ResultWriterFailed. */
  async finish(): Promise<{ Bucket: string; Key: string }> {
    for (const s of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) this.flush(s);
    await this.writes;
    if (this.failure !== null) throw this.failure;
    const key = `${this.dir}/manifest.json`;
    const manifest = { DestinationBucket: this.bucket, MapRunArn: this.mapRunArn, ResultFiles: this.files };
    await this.put(key, JSON.stringify(manifest));
    if (this.failure !== null) throw this.failure;
    return { Bucket: this.bucket, Key: key };
  }
}
