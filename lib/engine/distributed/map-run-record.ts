/**
 * What is known of a Map Run while it runs and after (API reference, DescribeMapRun, ListMapRuns,
 * UpdateMapRun): its ARNs, status, dates, MaxConcurrency and tolerated failures (as configured, or
 * as UpdateMapRun changed them), and its items and child executions by status, counted as children
 * start and end. The execution lists its Map Runs (`ExecutionCore.mapRuns`), so that whoever holds
 * the execution (sfn serve's registry) reads them; the engine knows nothing of who reads.
 *
 * Counting follows LocalStack's Map Run record (snapshot-tested against AWS in
 * test_sfn_api_map_run): a child that ends SUCCEEDED adds its items to `succeeded` and
 * `resultsWritten`; FAILED, TIMED_OUT, ABORTED to `failed`, `timedOut`, `aborted`. Items known
 * before they start (a state's array) are `pending` until their child starts; items never started
 * stay pending once the run ended, as AWS was seen to report (a failed run: "pending 1").
 */
import type { Json } from '../json';
import type { ExecutionStatus, MapRunCounts, MapRunStatus, MapRunUpdate, MapRunView } from '../types';

/**
 * What a redrive of a Map Run that did not succeed needs (kept when it ends so; nothing for one
 * that succeeded): the children that did not succeed, by index in the reader's order, how many
 * had started (the others never ran), and where the succeeded ones' results are: `outputs` (all
 * children's, by index; without ResultWriter) or the SUCCEEDED result files already written.
 */
export interface MapRunKept {
  unsuccessful: number[];
  started: number;
  outputs: Json[] | null;
  succeededFiles?: Array<{ Key: string; Size: number }>;
}

const zero = (): MapRunCounts => ({ pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: 0, resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0 });

const ENDED: Record<ExecutionStatus, 'succeeded' | 'failed' | 'timedOut' | 'aborted'> = { SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'timedOut', ABORTED: 'aborted' };

export class MapRunRecord implements MapRunView {
  status: MapRunStatus = 'RUNNING';
  stopDate: Date | undefined = undefined;
  toleratedFailureCount: number | undefined = undefined;
  toleratedFailurePercentage: number | undefined = undefined;
  readonly itemCounts = zero();
  readonly executionCounts = zero();
  /** Whether the executions waiting are known (a state's array without ItemBatcher: one child per item). */
  private executionsKnown = false;
  private itemsKnown = false;
  redriveCount = 0;
  redriveDate: Date | undefined = undefined;
  /** What a redrive needs, once the run ended unsuccessfully (map-run.ts); null otherwise. */
  kept: MapRunKept | null = null;
  /** The running Map Run's hook: applies an update to its workers and thresholds. */
  control: ((changes: MapRunUpdate) => void) | null = null;

  constructor(
    readonly mapRunArn: string,
    readonly executionArn: string,
    readonly stateMachineArn: string,
    readonly startDate: Date,
    public maxConcurrency: number,
  ) {}

  /** The tolerated failures, once the state has evaluated them. */
  tolerate(count: number | undefined, percentage: number | undefined): void {
    this.toleratedFailureCount = count;
    this.toleratedFailurePercentage = percentage;
  }

  /** The items are known before they run (a state's array): all pending; with one child per item (no batching) so are the executions. */
  known(items: number, batched: boolean): void {
    this.itemsKnown = true;
    this.itemCounts.pending = this.itemCounts.total = items;
    if (batched) return;
    this.executionsKnown = true;
    this.executionCounts.pending = this.executionCounts.total = items;
  }

  /** A child starts with `items` items (`again`: a child of the earlier attempt, redriven). */
  started(items: number, again = false): void {
    if (again) {
      for (const [c, n] of [[this.itemCounts, items], [this.executionCounts, 1]] as const) {
        c.pendingRedrive -= n;
        c.running += n;
      }
      return;
    }
    start(this.itemCounts, items, this.itemsKnown);
    start(this.executionCounts, 1, this.executionsKnown);
  }

  /**
   * Redriven (its execution's redrive continues it): RUNNING again, `redriveCount` and
   * `redriveDate`; the unsuccessful children (failed, timed out, aborted) are pending redrive.
   */
  redriven(at: number): void {
    this.redriveCount++;
    this.redriveDate = new Date(at);
    this.status = 'RUNNING';
    this.stopDate = undefined;
    for (const c of [this.itemCounts, this.executionCounts]) {
      c.pendingRedrive += c.failed + c.timedOut + c.aborted;
      c.failed = c.timedOut = c.aborted = 0;
    }
  }

  /** A child has ended. */
  ended(items: number, status: ExecutionStatus): void {
    end(this.itemCounts, items, status);
    end(this.executionCounts, 1, status);
  }

  /** The Map Run has ended (MapRunSucceeded, MapRunFailed, or stopped with its execution). */
  stop(status: Exclude<MapRunStatus, 'RUNNING'>, at: number): void {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.stopDate = new Date(at);
    this.control = null;
  }

  /** UpdateMapRun: the new values, applied at once to a running Map Run; nothing once it ended. */
  update(changes: MapRunUpdate): void {
    if (this.status !== 'RUNNING') return;
    if (changes.maxConcurrency !== undefined) this.maxConcurrency = changes.maxConcurrency;
    if (changes.toleratedFailureCount !== undefined) this.toleratedFailureCount = changes.toleratedFailureCount;
    if (changes.toleratedFailurePercentage !== undefined) this.toleratedFailurePercentage = changes.toleratedFailurePercentage;
    this.control?.(changes);
  }
}

function start(c: MapRunCounts, n: number, known: boolean): void {
  if (known) c.pending -= n;
  else c.total += n;
  c.running += n;
}

function end(c: MapRunCounts, n: number, status: ExecutionStatus): void {
  c.running -= n;
  c[ENDED[status]] += n;
  if (status === 'SUCCEEDED') c.resultsWritten += n;
}
