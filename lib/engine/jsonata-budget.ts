/**
 * No JSONata expression can hold the process. JSONata's evaluator (2.x) is async but runs on
 * promises that are already settled: an evaluation that never ends (a recursion without end) would
 * starve the event loop, so that nothing else ran: no API call of `sfn serve`, no timer (the
 * execution's TimeoutSeconds), no signal. Here:
 *
 * - depth: JSONata's own guard (`stack`): an evaluation nested deeper than JSONATA_MAX_DEPTH
 *   fails with D1011 (a recursion without end fails at once, before it fills the memory);
 * - time: an evaluation that has run for RunOptions.jsonataTimeoutMs (default 10 s) of its own
 *   time fails with D1012; both become States.QueryEvaluationError (jsonata.ts);
 * - turns: evaluations take turns, one at a time (they only compute: running them side by side
 *   gains nothing, and thousands of them interleaved, as a Map of JSONata iterations starts them,
 *   would all be alive at once); the one running hands over every few milliseconds (SLICE_MS) and
 *   lets timers and I/O run (`setImmediate`) before its next turn, behind those waiting. Its own
 *   time is the time of its turns;
 * - stop: an evaluation whose execution or branch has ended (aborted, timed out, a sibling
 *   failed) stops at its next check (STOPPED).
 *
 * The checks run from JSONata's evaluation entry hook, every STEPS_PER_CHECK steps.
 */
import { STOPPED } from './errors';

/** Who evaluates (the thread: JsonataIO.states names it on `$states`): whether it has stopped, and its run's options. */
export interface Evaluator {
  isStopped(): boolean;
  readonly ex: { readonly options: { readonly jsonataTimeoutMs?: number } };
}

/** Where `$states` names who evaluates (a symbol: invisible to expressions, and to JSON). */
export const EVALUATOR: unique symbol = Symbol('evaluator');

/** An evaluation's default budget of its own time. */
export const DEFAULT_JSONATA_TIMEOUT_MS = 10_000;
/** An evaluation's depth budget (JSONata's count of nested evaluations: about 3 per level of a recursive function). */
export const JSONATA_MAX_DEPTH = 10_000;
/** How long an evaluation runs before it hands over its turn. */
const SLICE_MS = 10;
/** Evaluation steps between two looks at the clock. */
const STEPS_PER_CHECK = 512;

/** JSONata's options for every expression: its depth guard. */
export const JSONATA_OPTIONS = Object.freeze({ stack: JSONATA_MAX_DEPTH });

/** One evaluation: its turns and the time they took. */
class Turns {
  /** Its own time before the current turn. */
  private spentMs = 0;
  private turnStart = 0;
  /** Resumes it when its turn comes (set while it waits). */
  resume: (() => void) | null = null;

  constructor(
    private readonly limitMs: number,
    private readonly by: Evaluator | undefined,
  ) {}

  started(): void {
    this.turnStart = Date.now();
  }

  /** Throws when the evaluation has to stop; a Promise when it hands over its turn first. */
  check(): Promise<void> | undefined {
    if (this.by !== undefined && this.by.isStopped()) throw STOPPED;
    const now = Date.now();
    const turnMs = now - this.turnStart;
    if (this.spentMs + turnMs > this.limitMs) throw { code: 'D1012', value: this.limitMs, stack: '' };
    if (turnMs < SLICE_MS) return undefined;
    this.spentMs += turnMs;
    return handOver(this);
  }
}

/** The evaluation whose turn it is, and those waiting for theirs (first come, first served). */
let running: Turns | null = null;
let waiting: Turns[] = [];
let head = 0;

/** Waits for `t`'s turn (none when no evaluation runs). */
function take(t: Turns): Promise<void> | undefined {
  if (running === null) {
    running = t;
    t.started();
    return undefined;
  }
  waiting.push(t);
  return new Promise<void>((resolve) => (t.resume = resolve));
}

/** The running evaluation ends its turn: the next one waiting runs. */
function release(): void {
  running = null;
  if (head === waiting.length) return;
  const next = waiting[head];
  waiting[head++] = undefined as unknown as Turns;
  if (head === waiting.length) {
    waiting = [];
    head = 0;
  }
  running = next;
  next.started();
  const resume = next.resume as () => void;
  next.resume = null;
  resume();
}

/** The running evaluation lets timers and I/O run, then waits for its next turn behind the others. */
async function handOver(t: Turns): Promise<void> {
  release();
  await new Promise<void>((resolve) => setImmediate(resolve));
  await take(t);
}

let steps = 0;

/** JSONata's hook at each evaluation step (only the running evaluation takes steps): every few hundred, a check. */
export function onEvaluationStep(): Promise<void> | undefined {
  if (++steps < STEPS_PER_CHECK) return undefined;
  steps = 0;
  return running === null ? undefined : running.check();
}

/** Runs an evaluation in its turns, within its budget (`by`'s run options). */
export async function inTurn<T>(by: Evaluator | undefined, evaluate: () => Promise<T>): Promise<T> {
  const t = new Turns(by?.ex.options.jsonataTimeoutMs ?? DEFAULT_JSONATA_TIMEOUT_MS, by);
  const wait = take(t);
  if (wait !== undefined) await wait;
  try {
    return await evaluate();
  } finally {
    if (running === t) release();
  }
}
