/**
 * A Map Run: the child workflow executions a Distributed Map starts (AWS developer guide, "Using
 * Map state in Distributed mode"). Each child is an execution of its own (its own `$$.Execution`,
 * transition count and history, not written into the parent's) of the ItemProcessor, named
 * `<state machine>/<Label or state name>:<MapRunId>`, with one item (or one batch) as input.
 *
 * At most MaxConcurrency children run at a time (0 or absent: up to 10,000, AWS's maximum). Child
 * inputs are pulled from the reader only when a child slot frees up, so a Map Run over millions of
 * items holds no more than MaxConcurrency of them at once.
 *
 * Tolerated failures (developer guide, "Tolerated failure threshold for Distributed Map state"):
 * the run fails with States.ExceedToleratedFailureThreshold when the failed (or timed out, or
 * aborted) items exceed ToleratedFailureCount, or their share of all items exceeds
 * ToleratedFailurePercentage; without either, one failed item fails the run. The count is checked
 * as children end (no new child starts once it is exceeded; those running finish, as AWS may let
 * them); the percentage once the reader has given every item, when the total is known.
 * EXPRESS children time out after 5 minutes, the limit of an Express execution.
 *
 * UpdateMapRun (`MapRunRecord.update`) changes MaxConcurrency and the tolerated failures of a
 * running Map Run: more workers start at once for a higher limit; for a lower one, workers stop
 * pulling items until the running children fit (children already running finish); a threshold
 * is checked again at once and as children end. Its counts (map-run-record.ts) change as children
 * start and end.
 */
import { setMaxListeners } from 'node:events';
import { STOPPED } from '../errors';
import { Execution, type MachineInfo } from '../execution';
import type { ExecutionCore } from '../execution-core';
import { fastUuid } from '../clock';
import type { Json } from '../json';
import type { ExecutionResult, MapRunUpdate, RunOptions } from '../types';
import type { ChildInput } from './batcher';
import type { MapRunKept, MapRunRecord } from './map-run-record';
import { resultEntry, type ResultWriter } from './result-writer';
import type { StateNode, Thread } from '../thread';

/** AWS's maximum number of concurrent child executions (the default when MaxConcurrency is 0 or absent). */
export const MAX_CHILD_CONCURRENCY = 10_000;
const EXPRESS_TIMEOUT_SECONDS = 300;

export interface MapRunSpec {
  inputs: AsyncIterable<ChildInput>;
  /** MaxConcurrency; 0 = AWS's maximum. */
  limit: number;
  toleratedCount?: number;
  toleratedPercentage?: number;
  start: StateNode;
  executionType: 'STANDARD' | 'EXPRESS';
  /** `<state machine>/<label>:<MapRunId>`: the children's state machine name. */
  childStateMachineName: string;
  writer: ResultWriter | null;
  /**
   * WriterConfig.Transformation: what stands for a child in the results. NONE: its execution
   * record (resultEntry); COMPACT (the default without ResultWriter): its output; FLATTEN: its
   * output, an array's elements one by one. A failed child is always its execution record
   * (developer guide, ResultWriter: "If a child workflow execution fails, Step Functions returns
   * its execution result unchanged").
   */
  transformation: Transformation;
  /** What the Map Run reports (its counts) and how UpdateMapRun reaches it. */
  record: MapRunRecord;
  /** A redrive: the earlier attempt of this Map Run (its succeeded children are not run again). */
  earlier?: MapRunKept;
}

export type Transformation = 'NONE' | 'COMPACT' | 'FLATTEN';

export interface MapRunOutcome {
  /** The children's results in item order, as `transformation` says (null with a ResultWriter). */
  outputs: Json[] | null;
  exceeded: boolean;
  failedItems: number;
  totalItems: number;
  succeededChildren: number;
  failedChildren: number;
}

export async function runMapRun(t: Thread, spec: MapRunSpec): Promise<MapRunOutcome> {
  return new MapRun(t, spec).run();
}

/** One Map Run: its children pulled from the reader by one worker per slot. */
class MapRun {
  private readonly ex: ExecutionCore;
  private readonly iterator: AsyncIterator<ChildInput>;
  private readonly machine: MachineInfo;
  private readonly childArn: string;
  private readonly controller = new AbortController();
  private readonly o: MapRunOutcome;
  private exhausted = false;
  private stop = false;
  /** The first failure of the reader (or of handling a child's result): the run's failure. */
  private readerError: unknown = null;
  private childIndex = 0;
  /** Workers pulling items (one per child slot), and the effective limit (MaxConcurrency, 0 = AWS's maximum). */
  private workers = 0;
  private limit: number;
  private toleratedCount: number | undefined;
  private toleratedPercentage: number | undefined;
  private allDone: () => void = () => undefined;
  /** The latest end of a child (virtual clock), where the parent goes on. */
  private latest: number;
  /** The children that did not succeed, by index (kept for a redrive); a redrive's earlier ones. */
  private readonly unsuccessful: number[] = [];
  private readonly again: Set<number> | null;

  constructor(
    private readonly t: Thread,
    private readonly spec: MapRunSpec,
  ) {
    this.ex = t.ex;
    this.iterator = spec.inputs[Symbol.asyncIterator]();
    this.machine = { start: spec.start, timeoutSeconds: spec.executionType === 'EXPRESS' ? EXPRESS_TIMEOUT_SECONDS : undefined };
    this.childArn = `arn:aws:states:${this.ex.region}:${this.ex.accountId}:stateMachine:${spec.childStateMachineName}`;
    this.o = { outputs: spec.writer === null ? [] : null, exceeded: false, failedItems: 0, totalItems: 0, succeededChildren: 0, failedChildren: 0 };
    this.latest = t.cursor;
    this.limit = effectiveLimit(spec.limit);
    this.toleratedCount = spec.toleratedCount;
    this.toleratedPercentage = spec.toleratedPercentage;
    const earlier = spec.earlier;
    this.again = earlier !== undefined ? new Set(earlier.unsuccessful) : null;
    if (earlier !== undefined && this.o.outputs !== null && earlier.outputs !== null) this.o.outputs = earlier.outputs;
  }

  async run(): Promise<MapRunOutcome> {
    const { t, ex, o, controller, spec } = this;
    const parentSignal = ex.options.signal;
    const onAbort = () => controller.abort(parentSignal?.reason);
    parentSignal?.addEventListener('abort', onAbort, { once: true });
    try {
      // Each running child listens to the Map Run's signal (no leak: a child removes its listener when it ends).
      setMaxListeners(MAX_CHILD_CONCURRENCY + 1, controller.signal);
      const done = new Promise<void>((resolve) => (this.allDone = resolve));
      spec.record.control = (changes) => this.updated(changes);
      // One worker per slot; each pulls its next input only when its child has ended.
      this.grow(t.cursor);
      await done;
    } finally {
      spec.record.control = null;
      parentSignal?.removeEventListener('abort', onAbort);
      if (!this.exhausted) await this.iterator.return?.(undefined).catch(() => undefined);
    }
    this.keep();
    if (t.isStopped()) throw STOPPED;
    if (this.readerError !== null) throw this.readerError;
    if (!o.exceeded && this.over()) o.exceeded = true;
    if (!ex.clock.real) t.cursor = this.latest;
    return o;
  }

  /** What a redrive needs when the run did not succeed (map-run-record.ts MapRunKept); nothing once it did. */
  private keep(): void {
    const { o, spec } = this;
    const whole = o.failedChildren === 0 && this.exhausted && this.readerError === null && !this.t.isStopped() && !(o.exceeded || this.over());
    spec.record.kept = whole ? null : { unsuccessful: this.unsuccessful, started: this.childIndex, outputs: o.outputs };
  }

  /** Starts workers until there is one per slot (none once the items ended or the run stops). */
  private grow(cursor: number): void {
    while (this.workers < this.limit && !this.stop && !this.exhausted) {
      this.workers++;
      void this.worker(cursor);
    }
  }

  /** UpdateMapRun: the new limit (more workers now, or fewer as children end) and thresholds (checked again now). */
  private updated(changes: MapRunUpdate): void {
    if (changes.toleratedFailureCount !== undefined) this.toleratedCount = changes.toleratedFailureCount;
    if (changes.toleratedFailurePercentage !== undefined) this.toleratedPercentage = changes.toleratedFailurePercentage;
    if (!this.o.exceeded && this.over()) {
      this.o.exceeded = true;
      this.stop = true;
    }
    if (changes.maxConcurrency === undefined) return;
    this.limit = effectiveLimit(changes.maxConcurrency);
    this.grow(this.latest);
  }

  /** Whether the failed items exceed the tolerated count or percentage (the percentage once every item has been read). */
  private over(): boolean {
    const { o, exhausted } = this;
    const { toleratedCount: count, toleratedPercentage: pct } = this;
    if (count === undefined && pct === undefined) return o.failedItems > 0;
    if (count !== undefined && o.failedItems > count) return true;
    return pct !== undefined && exhausted && o.totalItems > 0 && (o.failedItems * 100) / o.totalItems > pct;
  }

  /**
   * Runs children one after another, each on the next input, until the inputs end, the run stops
   * or there are more workers than the limit; the worker count drops as the loop is left (in the
   * same turn), so that a lower limit retires only the workers beyond it.
   */
  private async worker(cursor: number): Promise<void> {
    const t = this.t;
    try {
      for (;;) {
        if (this.stop || this.workers > this.limit) break;
        if (t.isStopped()) {
          this.stop = true;
          this.controller.abort();
          break;
        }
        let next: IteratorResult<ChildInput>;
        try {
          next = await this.iterator.next();
        } catch (e) {
          this.readerError ??= e;
          this.stop = true;
          break;
        }
        if (next.done) {
          this.exhausted = true;
          if (this.over()) {
            this.o.exceeded = true;
            this.stop = true;
          }
          break;
        }
        // Another child went over the threshold (or the reader failed) while this one waited for its input.
        if (this.stop) break;
        cursor = await this.child(next.value, cursor);
      }
    } catch (e) {
      this.readerError ??= e;
      this.stop = true;
    }
    if (--this.workers === 0) this.allDone();
  }

  /** Runs one child execution from `cursor` and records its result; returns when it stopped (the worker's next start). */
  private async child(child: ChildInput, cursor: number): Promise<number> {
    const { ex, o, spec } = this;
    const index = this.childIndex++;
    o.totalItems += child.items;
    const earlier = spec.earlier;
    // A redrive: a child that succeeded in the earlier attempt keeps its result and does not run.
    const again = earlier !== undefined && index < earlier.started;
    if (again && !(this.again as Set<number>).has(index)) {
      o.succeededChildren++;
      return cursor;
    }
    const name = fastUuid();
    spec.record.started(child.items, again);
    const r: ExecutionResult = await new Execution(this.machine, child.input, this.childOptions(name, cursor)).run();
    spec.record.ended(child.items, r.status);
    if (!ex.clock.real) {
      cursor = r.stopDate.getTime();
      if (cursor > this.latest) this.latest = cursor;
    }
    const ok = r.status === 'SUCCEEDED';
    if (ok) o.succeededChildren++;
    else {
      o.failedChildren++;
      o.failedItems += child.items;
      this.unsuccessful.push(index);
    }
    const record = !ok || spec.transformation === 'NONE' ? resultEntry(r, child.input, this.childArn, name) : null;
    const result: Json = record !== null ? record.entry : (r.output as Json);
    if (spec.writer !== null) spec.writer.add(ok ? 'SUCCEEDED' : 'FAILED', result, ok && spec.transformation === 'FLATTEN');
    else (o.outputs as Json[])[index] = result;
    if (!o.exceeded && this.over()) {
      o.exceeded = true;
      this.stop = true;
    }
    return cursor;
  }

  private childOptions(name: string, cursor: number): RunOptions {
    return {
      ...this.ex.options,
      executionName: name,
      stateMachineName: this.spec.childStateMachineName,
      startTime: new Date(cursor),
      history: false,
      signal: this.controller.signal,
      redrive: undefined,
    };
  }
}

function effectiveLimit(maxConcurrency: number): number {
  return maxConcurrency > 0 ? maxConcurrency : MAX_CHILD_CONCURRENCY;
}
