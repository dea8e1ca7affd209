/**
 * The order in which a `java.util.HashMap<String, ?>` holding these keys iterates them: by bucket
 * (the key's `String.hashCode()` spread as `h ^ (h >>> 16)`, masked by the table size), then in
 * insertion order within a bucket; the table starts at 16 buckets and doubles whenever it holds
 * more than 3/4 of its size (a resize keeps each bucket's order).
 *
 * AWS (a Java service) builds some objects in such a map: States.JsonMerge's result comes out in
 * this order, not in its arguments' (LocalStack's AWS-validated test_json_merge and
 * test_json_merge_escaped_argument: `{"constant_in_literal": ...}` merged with
 * `{"constant_input_field": ...}` is `{"constant_input_field": ..., "constant_in_literal": ...}`).
 */
function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** The keys (distinct, in insertion order) in a Java HashMap's iteration order. */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let buckets = 16;
  while (keys.length > buckets * 0.75) buckets *= 2;
  const mask = buckets - 1;
  const slot = keys.map((k, i) => {
    const h = javaStringHash(k);
    return { k, i, b: (h ^ (h >>> 16)) & mask };
  });
  slot.sort((x, y) => x.b - y.b || x.i - y.i);
  return slot.map((s) => s.k);
}
