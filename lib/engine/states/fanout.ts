/**
 * Runs the children of a Parallel state (its branches) or of a Map state (its iterations) on child
 * threads: at most `limit` at a time (0: all), results in child order, the first failure stopping
 * the others.
 *
 * A child that completes synchronously frees its slot at once, so a Map of synchronous states
 * runs without a single Promise. On the virtual clock the children start at the parent's time, or
 * when a MaxConcurrency slot is released (a min-heap of slot release times), and the parent goes
 * on at the latest end.
 *
 * When a child fails (not with States.Runtime, which ends the execution as it is), the others are
 * cancelled and the failure's events are written, following the event the failure happened after
 * (recorded AWS histories): the failing child's own (MapIterationFailed) and the TaskStateAborted
 * of the Task that failed in it, then for each child still running its MapIterationAborted and the
 * `<Type>StateAborted` of the state it is in. The parent state then writes its Failed event.
 */
import { Failure, STOPPED, Stopped } from '../errors';
import { Thread, type AttemptRecord } from '../thread';
import { side } from '../history';
import type { Json } from '../json';
import { keptOutput, pointOf } from '../redrive';
import type { RedriveChild, RedrivePoint } from '../types';

export interface FanOutSpec {
  count: number;
  /** Children at most at a time; 0 = no limit. */
  limit: number;
  /** Runs child `i` on thread `c`. */
  run(i: number, c: Thread): Json | Promise<Json>;
  /** Before a child runs (MapIterationStarted). */
  started?(i: number, c: Thread): void;
  /** After a child succeeded: the event id the parent's next event follows, if it is the latest. */
  succeeded(i: number, c: Thread): number;
  /** The failing child's own event (MapIterationFailed), written before its state's Aborted event. */
  childFailed?(i: number, c: Thread, prev: number): void;
  /** A running child's own event when it is stopped (MapIterationAborted), before its state's Aborted event. */
  childAborted?(i: number, c: Thread, prev: number): void;
  /**
   * A redrive (redrive.ts): the children of the earlier attempt, by index. A kept one is not run
   * (its output is its result, no event); one that stopped in a state continues there (`resume`).
   */
  redrive?: readonly RedriveChild[];
  /** Runs child `i` on thread `c` from where it stopped. */
  resume?(i: number, c: Thread, point: RedrivePoint): Json | Promise<Json>;
}

interface Slot {
  time: number;
  prev: number;
}

/** Slots of a MaxConcurrency limit: when each is free again (a binary min-heap on time). */
class Slots {
  private readonly heap: Slot[] = [];

  constructor(n: number, time: number, prev: number) {
    for (let i = 0; i < n; i++) this.heap.push({ time, prev });
  }

  take(): Slot {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Slot;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].time < h[m].time) m = l;
        if (r < h.length && h[r].time < h[m].time) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  give(s: Slot): void {
    const h = this.heap;
    h.push(s);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].time <= h[i].time) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
}

/** Writes the Aborted events of a thread stopped by a sibling's failure, nested Parallel and Map states first. */
export function abortThread(c: Thread, prev: number): void {
  const s = c.current;
  if (s === null || s.abortedType === null) return;
  if (c.children !== null) {
    for (const k of [...c.children].sort((a, b) => a.index - b.index)) {
      if (s.type === 'Map') side(c, prev, 'MapIterationAborted', 'mapIterationAbortedEventDetails', c.ex.events !== null && { name: s.name, index: k.index });
      abortThread(k, prev);
    }
  }
  side(c, prev, s.abortedType);
}

export function fanOut(t: Thread, spec: FanOutSpec): Json[] | Promise<Json[]> {
  if (spec.count === 0) return [];
  const f = new FanOut(t, spec);
  f.launch();
  if (f.failure !== null) throw f.failure;
  if (f.running === 0) {
    f.finalize();
    return f.results;
  }
  return new Promise<Json[]>((resolve, reject) => {
    f.resolveAll = resolve;
    f.rejectAll = reject;
    f.check();
  });
}

/** The children of one fan-out: those to start, those running, their results, the first failure. */
class FanOut implements AttemptRecord {
  readonly enteredId: number;
  /** The child whose failure failed the fan-out, and the children running then (stopped by it). */
  private failedChild: Thread | null = null;
  private stoppedChildren: Thread[] | null = null;
  readonly results: Json[];
  /** Children at most at a time (0: no limit), and when each of their slots is free again. */
  private readonly limit: number;
  private readonly slots: Slots | null;
  /** The children running (asynchronously). */
  private readonly active = new Set<Thread>();
  private readonly startCursor: number;
  private readonly startPrev: number;
  /** The latest end of a child (time and event), where the parent goes on. */
  private endCursor: number;
  private lastEvent: number;
  private nextIndex = 0;
  running = 0;
  failure: Failure | Stopped | null = null;
  resolveAll: ((v: Json[]) => void) | null = null;
  rejectAll: ((e: unknown) => void) | null = null;

  constructor(
    private readonly t: Thread,
    private readonly spec: FanOutSpec,
  ) {
    const n = spec.count;
    this.results = new Array(n);
    this.startCursor = this.endCursor = t.cursor;
    this.startPrev = this.lastEvent = t.lastEventId;
    this.limit = spec.limit > 0 && spec.limit < n ? spec.limit : 0;
    this.slots = this.limit > 0 ? new Slots(this.limit, this.startCursor, this.startPrev) : null;
    t.children = this.active;
    this.enteredId = t.enteredId;
    t.attempt = this;
  }

  /** The children as a redrive continues them (redrive.ts): kept outputs, where the others stopped, null for those never started. */
  children(): RedriveChild[] {
    const n = this.spec.count;
    const out: RedriveChild[] = new Array<RedriveChild>(n).fill(null);
    for (let i = 0; i < n; i++) if (i in this.results) out[i] = { output: this.results[i] };
    const stopped = this.stoppedChildren ?? [...this.active];
    if (this.failedChild !== null) stopped.push(this.failedChild);
    for (const c of stopped) out[c.index] = pointOf(c) ?? null;
    return out;
  }

  /** All children have succeeded: the parent goes on at the latest end. */
  finalize(): void {
    const t = this.t;
    t.children = null;
    t.cursor = this.endCursor;
    t.lastEventId = this.lastEvent;
  }

  /** Starts children while slots are free (synchronous children end at once and free theirs). */
  launch(): void {
    const { t, spec, slots, limit } = this;
    const n = spec.count;
    while (this.failure === null && this.nextIndex < n && (limit === 0 || this.running < limit)) {
      if (t.isStopped()) {
        this.failure = STOPPED;
        for (const o of this.active) o.cancelled = true;
        return;
      }
      const i = this.nextIndex++;
      const earlier = spec.redrive?.[i];
      if (keptOutput(earlier)) {
        this.results[i] = earlier.output;
        continue;
      }
      let cursor = this.startCursor;
      let prev = this.startPrev;
      if (slots !== null) {
        const s = slots.take();
        cursor = s.time;
        prev = s.prev;
      }
      const c = new Thread(t.ex, t, cursor, prev);
      c.index = i;
      let r: Json | Promise<Json>;
      try {
        spec.started?.(i, c);
        r = earlier != null && spec.resume !== undefined ? spec.resume(i, c, earlier) : spec.run(i, c);
      } catch (e) {
        this.failed(i, c, e);
        return;
      }
      if (r instanceof Promise) {
        this.running++;
        this.active.add(c);
        r.then(
          (v) => this.ended(i, c, true, v),
          (e) => this.ended(i, c, false, e),
        );
      } else this.succeeded(i, c, r);
    }
  }

  /** A child that ran asynchronously has ended. */
  private ended(i: number, c: Thread, ok: boolean, v: unknown): void {
    this.running--;
    this.active.delete(c);
    if (ok) {
      if (this.failure !== null) return;
      this.succeeded(i, c, v as Json);
      this.launch();
    } else this.failed(i, c, v);
    this.check();
  }

  private succeeded(i: number, c: Thread, v: Json): void {
    this.results[i] = v;
    if (c.cursor > this.endCursor) this.endCursor = c.cursor;
    const id = this.spec.succeeded(i, c);
    if (id > this.lastEvent) this.lastEvent = id;
    if (this.slots !== null) this.slots.give({ time: c.cursor, prev: c.lastEventId });
  }

  /** The first failure stops the others and writes the failure's events (see the top of this file). */
  private failed(i: number, c: Thread, e: unknown): void {
    if (this.failure !== null) return;
    const t = this.t;
    this.failedChild = c;
    this.stoppedChildren = [...this.active];
    for (const o of this.active) o.cancelled = true;
    if (e instanceof Stopped) {
      this.failure = e;
    } else {
      const f = e instanceof Failure ? e : new Failure('States.Runtime', String(e));
      if (f.terminal) this.failure = f;
      else this.failure = this.childFailed(i, c, f);
      if (c.cursor > t.cursor) t.cursor = c.cursor;
    }
    t.children = null;
  }

  /** The events of a child's failure (its own, its Task's Aborted, then each running child's); the parent's failure. */
  private childFailed(i: number, c: Thread, f: Failure): Failure {
    const spec = this.spec;
    const prev = f.eventId || c.lastEventId;
    spec.childFailed?.(i, c, prev);
    const s = c.current;
    if (s !== null && s.type === 'Task') side(c, prev, 'TaskStateAborted');
    for (const o of [...this.active].sort((a, b) => a.index - b.index)) {
      spec.childAborted?.(o.index, o, prev);
      abortThread(o, prev);
    }
    const up = new Failure(f.error, f.cause);
    up.fromTask = f.fromTask;
    this.t.lastEventId = prev;
    return up;
  }

  /** Settles the parent's promise once the fan-out has failed, or every child has ended. */
  check(): void {
    const failure = this.failure;
    if (failure !== null) {
      if (this.rejectAll !== null) this.rejectAll(failure === STOPPED || failure instanceof Stopped ? STOPPED : failure);
    } else if (this.nextIndex === this.spec.count && this.running === 0 && this.resolveAll !== null) {
      this.finalize();
      this.resolveAll(this.results);
    }
  }
}
