/**
 * Time of an execution.
 *
 * `virtual` (the default): simulated time. Each thread of the execution (the main one, each
 * Parallel branch, each Map iteration) has its own cursor, in epoch milliseconds, which starts at
 * `RunOptions.startTime`. A Wait state, a retry interval or a task timeout moves the cursor of its
 * thread forward at once, without waiting; nothing else moves it (handlers take no simulated
 * time), so history timestamps are deterministic. A Parallel or Map state ends at the latest end
 * of its branches or iterations; a Map iteration that waits for a MaxConcurrency slot starts when
 * the slot is released in simulated time.
 *
 * `real`: wall-clock time. Waits and retry intervals are real timers; timestamps are `Date.now()`.
 */

export interface TimeCursor {
  /** The thread's simulated time (epoch ms); unused by the real clock. */
  cursor: number;
}

export interface Clock {
  readonly real: boolean;
  /** The current time of a thread, epoch ms. */
  now(t: TimeCursor): number;
}

export const virtualClock: Clock = Object.freeze({
  real: false,
  now: (t: TimeCursor) => t.cursor,
});

export const realClock: Clock = Object.freeze({
  real: true,
  now: () => Date.now(),
});

/** A seeded pseudo-random generator, for the FULL jitter of retry intervals (same seed, same waits). */
export { seededRandom } from '../random';

/**
 * Something due at a wall-clock time: `fire()` runs then, unless it was cancelled; `done` once it
 * fired or was cancelled. Set with `alarms.add` (a callback) or `alarms.schedule` (an object of
 * the caller's that is its own alarm: a Task's time limit). `at` (epoch ms) is 0 until the alarm
 * is stamped (see Alarms).
 */
export interface Alarm {
  at: number;
  done: boolean;
  queue: AlarmQueue | null;
  /** Its index in the list of alarms of its owner (an execution's), -1 when in none. */
  slot: number;
  fire(): void;
}

/** An alarm that calls a function. */
class FnAlarm implements Alarm {
  at = 0;
  done = false;
  queue: AlarmQueue | null = null;
  slot = -1;

  constructor(private fn: (() => void) | null) {}

  fire(): void {
    const fn = this.fn;
    this.fn = null;
    if (fn !== null) fn();
  }

  /** Cancelled: the callback is no longer needed. */
  release(): void {
    this.fn = null;
  }
}

/** The longest delay of a Node timer (2^31 - 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The alarms of one duration: in the order they were set, so their deadlines come in order too. */
export class AlarmQueue {
  items: Alarm[] = [];
  head = 0;
  /** Index of the first alarm not stamped yet (all those after it are not either). */
  unstamped = 0;
  /** Whether a stamp is due (a microtask queued). */
  stampDue = false;
  timer: NodeJS.Timeout | null = null;
  timerAt = Infinity;
  /** Whether the timer keeps the process alive (it does while an alarm is pending). */
  refd = false;
  private readonly stampTask = () => {
    this.stampDue = false;
    this.stamp();
  };

  constructor(
    readonly ms: number,
    private readonly owner: Alarms,
  ) {}

  add(a: Alarm): void {
    a.at = 0;
    this.items.push(a);
    if (!this.stampDue) {
      this.stampDue = true;
      queueMicrotask(this.stampTask);
    }
  }

  /** Stamps the alarms set since the last stamp: due `ms` from now. Arms the timer. */
  stamp(): void {
    const items = this.items;
    let i = this.unstamped;
    if (i < this.head) i = this.head;
    if (i >= items.length) return;
    const at = Date.now() + this.ms;
    for (; i < items.length; i++) items[i].at = at;
    this.unstamped = i;
    let h = this.head;
    while (h < items.length && items[h].done) h++;
    if (h === items.length) return;
    const first = items[h].at;
    if (this.timer === null || first < this.timerAt) this.arm(first);
    else if (!this.refd) {
      this.timer.ref();
      this.refd = true;
    }
  }

  /**
   * Sets the timer for the first alarm, due at `at`. Node's timers take at most MAX_TIMER_MS
   * (about 24.8 days; a longer delay would fire at once, with a TimeoutOverflowWarning): an
   * alarm further away is reached in steps, the timer firing with nothing due and set again.
   */
  arm(at: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now())));
    this.refd = true;
  }

  /** Drops the finished alarms at the head; lets the process exit when none is pending. */
  advance(): void {
    const items = this.items;
    let h = this.head;
    while (h < items.length && items[h].done) h++;
    if (h === items.length) {
      this.items = [];
      this.head = 0;
      this.unstamped = 0;
      if (this.timer !== null && this.refd) {
        this.timer.unref();
        this.refd = false;
      }
      this.owner.idle(this);
      return;
    }
    if (h > 1024 && h * 2 > items.length) {
      this.items = items.slice(h);
      this.unstamped = Math.max(0, this.unstamped - h);
      h = 0;
    }
    this.head = h;
  }

  fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    this.refd = false;
    this.stamp();
    const now = Date.now() + 1;
    for (;;) {
      const items = this.items;
      let h = this.head;
      while (h < items.length && items[h].done) h++;
      this.head = h;
      // An alarm not stamped was set by one that fired just now: not due.
      if (h === items.length || items[h].at === 0 || items[h].at > now) break;
      const a = items[h];
      a.done = true;
      this.head = h + 1;
      a.fire();
    }
    this.advance();
    if (this.head < this.items.length && this.timer === null) {
      const at = this.items[this.head].at;
      if (at !== 0) this.arm(at);
    }
  }
}

/**
 * Wall-clock alarms (task time limits, real-clock waits). Alarms of the same duration share one
 * Node timer armed for the earliest of them, and their deadlines come in order, so setting and
 * cancelling one costs an array push and a flag (a Task of a local function always sets one, for
 * the function's timeout).
 *
 * Setting an alarm does not read the clock: the alarms set since the last stamp are stamped
 * together, due `ms` from the time of the stamp, in a microtask queued when the first of them is
 * set (or at once when one is asked when it is due: `dueAt`). An alarm is thus due `ms` after it
 * was set, or a little later (by the microtasks run before the stamp: never earlier), as a timer
 * fires. A timer with nothing pending does not keep the process alive.
 */
class Alarms {
  private readonly queues = new Map<number, AlarmQueue>();
  /** The queue used last (most alarms have the same duration: a function's timeout). */
  private last: AlarmQueue | null = null;

  /** Calls `fn` in `ms` milliseconds. */
  add(ms: number, fn: () => void): Alarm {
    const a = new FnAlarm(fn);
    this.schedule(a, ms);
    return a;
  }

  /** Fires `a` in `ms` milliseconds (rounded), unless cancelled first. */
  schedule(a: Alarm, ms: number): void {
    const d = ms > 0 ? Math.round(ms) : 0;
    let q = this.last;
    if (q === null || q.ms !== d) {
      q = this.queues.get(d) ?? null;
      if (q === null) {
        q = new AlarmQueue(d, this);
        this.queues.set(d, q);
      }
      this.last = q;
    }
    a.queue = q;
    q.add(a);
  }

  /** When `a` is (or was) due, epoch ms: stamps it now if it was not yet. */
  dueAt(a: Alarm): number {
    if (a.at === 0) {
      const q = a.queue;
      if (q !== null) q.stamp();
      if (a.at === 0) a.at = Date.now() + (q !== null ? q.ms : 0);
    }
    return a.at;
  }

  cancel(a: Alarm): void {
    if (a.done) return;
    a.done = true;
    if (a instanceof FnAlarm) a.release();
    const q = a.queue;
    if (q !== null && q.items[q.head] === a) q.advance();
  }

  /** A queue with nothing pending: forgotten when there are many durations. */
  idle(q: AlarmQueue): void {
    if (this.queues.size > 64) {
      if (q.timer !== null) clearTimeout(q.timer);
      q.timer = null;
      this.queues.delete(q.ms);
      if (this.last === q) this.last = null;
    }
  }
}

export const alarms = new Alarms();

/** Character codes of the hexadecimal digits. */
const HEX = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));
const DASH = 45;

/**
 * A random version 4 UUID (execution names, request ids, task tokens): unique enough for local
 * runs, and much cheaper than crypto.randomUUID when thousands of executions start at once (one
 * flat string, made at once).
 */
export function fastUuid(): string {
  const a = (Math.random() * 0x100000000) >>> 0;
  const b = (Math.random() * 0x100000000) >>> 0;
  const c = (Math.random() * 0x100000000) >>> 0;
  const d = (Math.random() * 0x100000000) >>> 0;
  const h = HEX;
  return String.fromCharCode(
    h[a >>> 28], h[(a >>> 24) & 15], h[(a >>> 20) & 15], h[(a >>> 16) & 15], h[(a >>> 12) & 15], h[(a >>> 8) & 15], h[(a >>> 4) & 15], h[a & 15], DASH,
    h[b >>> 28], h[(b >>> 24) & 15], h[(b >>> 20) & 15], h[(b >>> 16) & 15], DASH,
    h[4], h[(b >>> 8) & 15], h[(b >>> 4) & 15], h[b & 15], DASH,
    h[8 | ((c >>> 28) & 3)], h[(c >>> 24) & 15], h[(c >>> 20) & 15], h[(c >>> 16) & 15], DASH,
    h[(c >>> 12) & 15], h[(c >>> 8) & 15], h[(c >>> 4) & 15], h[c & 15],
    h[d >>> 28], h[(d >>> 24) & 15], h[(d >>> 20) & 15], h[(d >>> 16) & 15], h[(d >>> 12) & 15], h[(d >>> 8) & 15], h[(d >>> 4) & 15], h[d & 15],
  );
}
