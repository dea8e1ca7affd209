/**
 * Retry (Task, Parallel and Map states), and the attempt loop those states run in.
 *
 * Retriers (AWS, "Handling errors in Step Functions workflows"): when a state fails, the first
 * retrier whose ErrorEquals matches the error decides. If it has already retried MaxAttempts
 * times (default 3; 0 = never) during this visit of the state, retrying stops and the catchers
 * are tried; otherwise the state runs again after IntervalSeconds (default 1) x BackoffRate
 * (default 2.0) ^ (retries this retrier already made), capped at MaxDelaySeconds when set, and,
 * with JitterStrategy FULL, a random delay between 0 and that ("FULL: calculates the delay to be a
 * random number between 0 and the computed backoff for the given retry attempt count"). Counts
 * are per retrier and start again each time the state is entered. Each retry is a state
 * transition; `$$.State.RetryCount` counts them. States.Runtime is never retried.
 */
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { caughtOutput, errorMatches, errorOutput, findCatcher, type Catcher } from './catch';
import { STOPPED, Stopped, stateFailure, type Failure } from './errors';
import type { Thread } from './thread';
import { ev, evaluationFailed, exited, type StateEventKinds } from './history';
import { JsonataIO, finishWith } from './jsonata-io';
import { applyAssign } from './variables';
import type { Json, JsonObject } from './json';

export interface Retrier {
  readonly errorEquals: readonly string[];
  readonly intervalMs: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelayMs: number;
  readonly fullJitter: boolean;
}

export function compileRetriers(v: Json | undefined): Retrier[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  return v.map((r) => {
    const d = r as JsonObject;
    return {
      errorEquals: (d.ErrorEquals as string[]) ?? [],
      intervalMs: ((d.IntervalSeconds as number | undefined) ?? 1) * 1000,
      maxAttempts: (d.MaxAttempts as number | undefined) ?? 3,
      backoffRate: (d.BackoffRate as number | undefined) ?? 2,
      maxDelayMs: d.MaxDelaySeconds === undefined ? Infinity : (d.MaxDelaySeconds as number) * 1000,
      fullJitter: d.JitterStrategy === 'FULL',
    };
  });
}

/** The delay (ms) before retrying the failure, or -1 when it is not retried. `counts` are the retries made per retrier. */
export function retryDelay(retriers: readonly Retrier[], counts: number[], f: Failure, random: () => number): number {
  for (let i = 0; i < retriers.length; i++) {
    const r = retriers[i];
    if (!errorMatches(r.errorEquals, f)) continue;
    const made = counts[i] ?? 0;
    if (made >= r.maxAttempts) return -1;
    counts[i] = made + 1;
    let delay = r.intervalMs * Math.pow(r.backoffRate, made);
    if (delay > r.maxDelayMs) delay = r.maxDelayMs;
    if (r.fullJitter) delay = random() * delay;
    return Math.round(delay);
  }
  return -1;
}

/** A state that retries and catches (Task, Parallel, Map). */
export interface Attempting {
  readonly name: string;
  readonly exitedType: HistoryEventType;
  /** Its entered and exited events. */
  readonly eventKinds: StateEventKinds;
  readonly retriers: readonly Retrier[] | null;
  readonly catchers: readonly Catcher[] | null;
  /** `<Type>StateFailed`, written when the state fails for good (Parallel, Map); null for a Task. */
  readonly failedType: HistoryEventType | null;
  /** Writes the exited event and moves the thread to the next state (states/state.ts). */
  leave(t: Thread, output: Json): Json;
}

/** One try of the state's work: its output, or a Promise of it; throws when it fails. */
export type Attempt = (retryCount: number) => Json | Promise<Json>;

/** What a failed attempt threw, as a Failure Retry and Catch can handle; rethrows what they cannot. */
function failureOf(t: Thread, st: Attempting, e: unknown): Failure {
  if (e instanceof Stopped) throw e;
  const f = stateFailure(e, st.name, t.enteredId);
  if (f instanceof Stopped) throw f;
  if (f.terminal) throw f;
  if (t.isStopped()) throw STOPPED;
  return f;
}

/** After the last attempt failed: the Failed event, then a catcher, or the failure goes up. */
function failed(t: Thread, st: Attempting, raw: Json, f: Failure): Json | Promise<Json> {
  evaluationFailed(t, st.name, f);
  if (st.failedType !== null) ev(t, st.failedType);
  const c = st.catchers !== null ? findCatcher(st.catchers, f) : undefined;
  if (c === undefined) throw f;
  t.pendingAssign = null;
  if (c.jsonata !== null) {
    // JSONata: the catcher's Output (default: the error output) and Assign, with $states.errorOutput.
    const states = JsonataIO.states(t, st.name, raw, undefined, { errorOutput: errorOutput(f) });
    return finishWith(t, c.jsonata.output, c.jsonata.assign, states, errorOutput(f)).then(
      (out) => caught(t, st, c, out),
      (e: unknown) => {
        throw stateFailure(e, st.name, t.enteredId);
      },
    );
  }
  if (c.assign !== null) t.pendingAssign = c.assign({ input: errorOutput(f), context: null, variables: t.vars }) as { [k: string]: Json };
  return caught(t, st, c, caughtOutput(c, raw, f));
}

/** The catcher's Next, its variables set, the exited event written. */
function caught(t: Thread, st: Attempting, c: Catcher, out: Json): Json {
  const assigned = t.pendingAssign;
  if (assigned !== null) {
    t.pendingAssign = null;
    applyAssign(t, assigned);
  }
  exited(t, st.eventKinds, out, assigned);
  t.next = c.next;
  return out;
}

/** The retries of one visit of a state. */
export class Retries {
  retryCount = 0;
  /** Retries made, per retrier. */
  readonly counts: number[] = [];
  /** The output of the state when a catcher took its failure (a Promise when a JSONata catcher evaluates it). */
  output: Json | Promise<Json> = null;
}

/**
 * After a failed attempt: the delay (ms) before the next one (the retry is counted as a
 * transition), or -1 when a catcher took the failure (its output in `r.output`, the exited event
 * written, `t.next` set). Throws the failure when neither retries nor catches it, and what
 * neither can handle (States.Runtime, Stopped).
 */
export function afterFailure(t: Thread, st: Attempting, raw: Json, e: unknown, r: Retries): number {
  const f = failureOf(t, st, e);
  const delay = st.retriers !== null ? retryDelay(st.retriers, r.counts, f, () => t.ex.random()) : -1;
  if (delay < 0) {
    r.output = failed(t, st, raw, f);
    return -1;
  }
  r.retryCount++;
  t.ex.transition(t);
  return delay;
}

/**
 * Runs the state's attempts until one succeeds (then writes its exited event), the retriers give
 * up (then a catcher takes the failure, or it is thrown), or the execution stops. Synchronous as
 * long as the attempts and the retry waits are.
 */
export function runAttempts(t: Thread, st: Attempting, raw: Json, attempt: Attempt): Json | Promise<Json> {
  let retries: Retries | null = null;
  for (;;) {
    let r: Json | Promise<Json>;
    try {
      r = attempt(retries === null ? 0 : retries.retryCount);
    } catch (e) {
      retries ??= new Retries();
      const delay = afterFailure(t, st, raw, e, retries);
      if (delay < 0) return retries.output;
      const wait = t.ex.sleep(t, delay);
      if (wait !== undefined) {
        const rc = retries.retryCount;
        const next = wait.then(() => {
          if (t.isStopped()) throw STOPPED;
          return attempt(rc);
        });
        return attemptsAsync(t, st, raw, attempt, next, retries);
      }
      continue;
    }
    if (r instanceof Promise) return attemptsAsync(t, st, raw, attempt, r, retries ?? new Retries());
    return st.leave(t, r);
  }
}

async function attemptsAsync(t: Thread, st: Attempting, raw: Json, attempt: Attempt, pending: Json | Promise<Json>, retries: Retries): Promise<Json> {
  for (;;) {
    let out: Json;
    try {
      out = await pending;
    } catch (e) {
      const delay = afterFailure(t, st, raw, e, retries);
      if (delay < 0) return retries.output;
      await t.ex.sleep(t, delay);
      if (t.isStopped()) throw STOPPED;
      try {
        pending = attempt(retries.retryCount);
      } catch (e2) {
        pending = Promise.reject(e2);
      }
      continue;
    }
    if (t.isStopped()) throw STOPPED;
    return st.leave(t, out);
  }
}
