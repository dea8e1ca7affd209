/**
 * AWS's payload quota: "The maximum input or result data size in bytes as a UTF-8 encoded string
 * for a task, state, or execution: 262,144 bytes" (Step Functions service quotas). Over it, a
 * task's result fails the state with States.DataLimitExceeded ("a terminal error that can't be
 * caught by the States.ALL error type", developer guide, "Handling errors"), and StartExecution
 * refuses the input.
 *
 * The size is that of the value's JSON text in UTF-8, counted without making the text and
 * without recursion, stopping as soon as the limit is passed.
 */
import type { Json } from './json';

export const PAYLOAD_LIMIT_BYTES = 262_144;
export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

/**
 * AWS's cause of States.DataLimitExceeded, naming what returned the data: a state's name (its
 * output), a Lambda function's ARN (a Task on the function ARN), or an optimized integration's
 * service (`lambda` for `arn:aws:states:::lambda:invoke`), as recorded on AWS (LocalStack's
 * test_states_errors.snapshot.json).
 */
export function dataLimitCause(name: string): string {
  return `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`;
}

/** What a Task's result is named by in that cause: the service of an integration (`arn:<partition>:states:::<service>:<action>`), else the resource. */
export function resultOwner(resource: string): string {
  const m = /^arn:[^:]+:states:::([^:]+):/.exec(resource);
  return m !== null ? m[1] : resource;
}

/** Bytes of a string as a JSON string literal in UTF-8 (quotes and escapes included). */
function stringBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c === 0x22 || c === 0x5c) n += 2;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      n += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) n += 6; // a lone surrogate is escaped (\udXXX)
    else n += 3;
  }
  return n;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The values still to count (one array for every call: the walk is synchronous). */
const stack: Json[] = [];

/**
 * A bound of the JSON text's length of `v`, counted without looking into strings or numbers (6
 * bytes a character, 24 a number), so that most values, far below the quota, are cleared by one
 * quick walk (recursive, fast for the small values most results are; past 64 levels it gives up:
 * Infinity, and the exact count, without recursion, decides).
 */
function bound(x: Json, depth: number): number {
  if (typeof x === 'string') return 6 * x.length + 2;
  if (typeof x === 'number') return 24;
  if (x === null || typeof x !== 'object') return 5;
  if (depth > 64) return Infinity;
  let n = 2;
  if (Array.isArray(x)) {
    n += x.length;
    for (let i = 0; i < x.length; i++) n += bound(x[i], depth + 1);
    return n;
  }
  // for-in, not Object.keys: no array of keys made for each object of every result.
  for (const k in x) if (hasOwn.call(x, k)) n += 6 * k.length + 4 + bound(x[k], depth + 1);
  return n;
}

/** Whether the JSON text of `v` is longer than `limit` bytes in UTF-8. */
export function jsonBytesOver(v: Json, limit: number): boolean {
  if (limit === Infinity) return false;
  if (v === null || typeof v !== 'object') return primitiveBytes(v) > limit;
  if (bound(v, 0) <= limit) return false;
  let budget = limit;
  stack.length = 0;
  stack.push(v);
  while (stack.length > 0) {
    const x = stack.pop() as Json;
    if (typeof x === 'string') budget -= x.length + 2 > budget ? x.length + 2 : stringBytes(x);
    else if (typeof x === 'number') budget -= Number.isFinite(x) ? String(x).length : 4;
    else if (typeof x === 'boolean') budget -= x ? 4 : 5;
    else if (x === null) budget -= 4;
    else if (Array.isArray(x)) {
      budget -= x.length > 0 ? x.length + 1 : 2;
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    } else {
      let members = 0;
      for (const k in x) {
        if (!hasOwn.call(x, k)) continue;
        members++;
        budget -= stringBytes(k) + 1;
        stack.push(x[k]);
      }
      budget -= members > 0 ? members + 1 : 2;
    }
    if (budget < 0) {
      stack.length = 0;
      return true;
    }
  }
  return false;
}

function primitiveBytes(x: string | number | boolean | null): number {
  if (typeof x === 'string') return stringBytes(x);
  if (typeof x === 'number') return Number.isFinite(x) ? String(x).length : 4;
  if (typeof x === 'boolean') return x ? 4 : 5;
  return 4;
}
