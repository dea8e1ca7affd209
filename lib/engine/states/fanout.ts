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
import { Thread } from '../thread';
import { side } from '../history';
import type { Json } from '../json';

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
  const n = spec.count;
  const results: Json[] = new Array(n);
  if (n === 0) return results;
  const ex = t.ex;
  const startCursor = t.cursor;
  const startPrev = t.lastEventId;
  const limit = spec.limit > 0 && spec.limit < n ? spec.limit : 0;
  const slots = limit > 0 ? new Slots(limit, startCursor, startPrev) : null;
  const active = new Set<Thread>();
  t.children = active;
  let endCursor = startCursor;
  let lastEvent = startPrev;
  let nextIndex = 0;
  let running = 0;
  let failure: Failure | Stopped | null = null;
  let resolveAll: ((v: Json[]) => void) | null = null;
  let rejectAll: ((e: unknown) => void) | null = null;

  const finalize = () => {
    t.children = null;
    t.cursor = endCursor;
    t.lastEventId = lastEvent;
  };

  const succeeded = (i: number, c: Thread, v: Json) => {
    results[i] = v;
    if (c.cursor > endCursor) endCursor = c.cursor;
    const id = spec.succeeded(i, c);
    if (id > lastEvent) lastEvent = id;
    if (slots !== null) slots.give({ time: c.cursor, prev: c.lastEventId });
  };

  const failed = (i: number, c: Thread, e: unknown) => {
    if (failure !== null) return;
    for (const o of active) o.cancelled = true;
    if (e instanceof Stopped) {
      failure = e;
    } else {
      const f = e instanceof Failure ? e : new Failure('States.Runtime', String(e));
      if (f.terminal) failure = f;
      else {
        const prev = f.eventId || c.lastEventId;
        spec.childFailed?.(i, c, prev);
        const s = c.current;
        if (s !== null && s.type === 'Task') side(c, prev, 'TaskStateAborted');
        for (const o of [...active].sort((a, b) => a.index - b.index)) {
          spec.childAborted?.(o.index, o, prev);
          abortThread(o, prev);
        }
        const up = new Failure(f.error, f.cause);
        up.fromTask = f.fromTask;
        failure = up;
        t.lastEventId = prev;
      }
      if (c.cursor > t.cursor) t.cursor = c.cursor;
    }
    t.children = null;
  };

  const check = () => {
    if (failure !== null) {
      if (rejectAll !== null) rejectAll(failure === STOPPED || failure instanceof Stopped ? STOPPED : failure);
    } else if (nextIndex === n && running === 0 && resolveAll !== null) {
      finalize();
      resolveAll(results);
    }
  };

  const launch = () => {
    while (failure === null && nextIndex < n && (limit === 0 || running < limit)) {
      if (t.isStopped()) {
        failure = STOPPED;
        for (const o of active) o.cancelled = true;
        return;
      }
      const i = nextIndex++;
      let cursor = startCursor;
      let prev = startPrev;
      if (slots !== null) {
        const s = slots.take();
        cursor = s.time;
        prev = s.prev;
      }
      const c = new Thread(ex, t, cursor, prev);
      c.index = i;
      let r: Json | Promise<Json>;
      try {
        spec.started?.(i, c);
        r = spec.run(i, c);
      } catch (e) {
        failed(i, c, e);
        return;
      }
      if (r instanceof Promise) {
        running++;
        active.add(c);
        r.then(
          (v) => {
            running--;
            active.delete(c);
            if (failure !== null) return;
            succeeded(i, c, v);
            launch();
            check();
          },
          (e) => {
            running--;
            active.delete(c);
            failed(i, c, e);
            check();
          },
        );
      } else succeeded(i, c, r);
    }
  };

  launch();
  if (failure !== null) throw failure;
  if (running === 0) {
    finalize();
    return results;
  }
  return new Promise<Json[]>((resolve, reject) => {
    resolveAll = resolve;
    rejectAll = reject;
    check();
  });
}
