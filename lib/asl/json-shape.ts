/**
 * Whether a JavaScript value is JSON that AWS would read: plain objects, arrays, strings, finite
 * numbers, booleans and null, nested at most MAX_JSON_DEPTH levels. Checked without recursion
 * (a value nested 100,000 deep is answered, not a stack overflow), with the JSON pointer of the
 * first value that is not JSON, so that the message can say where it is.
 *
 * The depth limit is 1,000: the default of the JSON parser of AWS's Java services (Jackson's
 * StreamReadConstraints.DEFAULT_MAX_DEPTH since 2.15); a text nested deeper cannot be read.
 */
export const MAX_JSON_DEPTH = 1000;

export interface JsonShapeProblem {
  /** JSON pointer of the value ("" for the root). */
  pointer: string;
  /** What is wrong there. */
  message: string;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describe(v: unknown): string | undefined {
  switch (typeof v) {
    case 'bigint':
      return `a BigInt (${String(v)}n), which JSON cannot hold`;
    case 'function':
      return 'a function, which JSON cannot hold';
    case 'symbol':
      return 'a symbol, which JSON cannot hold';
    case 'undefined':
      return 'undefined, which JSON cannot hold';
    case 'number':
      return Number.isFinite(v) ? undefined : `the number ${String(v)}, which JSON cannot hold`;
    case 'object': {
      if (v === null || Array.isArray(v)) return undefined;
      const proto = Object.getPrototypeOf(v) as object | null;
      // Object.prototype of this realm or of another (a vm context, a test runner's).
      if (proto === null || proto === Object.prototype || (Object.getPrototypeOf(proto) === null && (proto as { constructor?: { name?: string } }).constructor?.name === 'Object')) return undefined;
      const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      return `an instance of ${name}, not a plain JSON object`;
    }
    default:
      return undefined;
  }
}

/** The first problem of `value` as JSON (depth first, in document order), or undefined when it is JSON. */
export function jsonShapeProblem(value: unknown, maxDepth: number = MAX_JSON_DEPTH): JsonShapeProblem | undefined {
  // Each entry: a value, its pointer, its depth (the root's is 1 when it is a container).
  const stack: Array<{ v: unknown; pointer: string; depth: number }> = [{ v: value, pointer: '', depth: 0 }];
  const open = new Set<object>();
  const closeAfter: Array<{ o: object; remaining: number }> = [];
  while (stack.length > 0) {
    const { v, pointer, depth } = stack.pop() as { v: unknown; pointer: string; depth: number };
    const bad = describe(v);
    if (bad !== undefined) return { pointer, message: bad };
    if (v !== null && typeof v === 'object') {
      if (depth + 1 > maxDepth) return { pointer, message: `nested deeper than ${maxDepth.toLocaleString('en-US')} levels` };
      if (open.has(v)) return { pointer, message: 'a circular reference (the value contains itself)' };
      const keys = Array.isArray(v) ? null : Object.keys(v);
      const n = keys === null ? (v as unknown[]).length : keys.length;
      // The containers on the current path: one is closed once its members have been visited.
      open.add(v);
      closeAfter.push({ o: v, remaining: stack.length });
      for (let i = n - 1; i >= 0; i--) {
        const key = keys === null ? String(i) : keys[i];
        const child = keys === null ? (v as unknown[])[i] : (v as Record<string, unknown>)[key];
        // A member whose value is undefined is left out by JSON (as JSON.stringify does).
        if (keys !== null && child === undefined) continue;
        stack.push({ v: child, pointer: `${pointer}/${escapePointer(key)}`, depth: depth + 1 });
      }
    }
    while (closeAfter.length > 0 && closeAfter[closeAfter.length - 1].remaining >= stack.length) {
      open.delete((closeAfter.pop() as { o: object }).o);
    }
  }
  return undefined;
}
