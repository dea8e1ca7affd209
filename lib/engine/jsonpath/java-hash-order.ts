/**
 * The order in which a `java.util.HashMap<String, ?>` iterates its keys. AWS (a Java service)
 * builds some objects in such a map: States.JsonMerge's result (LocalStack's AWS-validated
 * test_json_merge and test_json_merge_escaped_argument: `{"constant_in_literal": ...}` merged with
 * `{"constant_input_field": ...}` is `{"constant_input_field": ..., "constant_in_literal": ...}`),
 * and the ".$" members of a payload template's result (member-order.ts).
 *
 * java.util.HashMap: a table of 16 buckets, doubled when it holds more than 3/4 of its size, or
 * when a bucket reaches 9 entries while the table has fewer than 64 buckets (a resize keeps each
 * bucket's order); a key's bucket is (h ^ (h >>> 16)) & (buckets - 1), h being Java's
 * String.hashCode; iteration goes through the buckets in order, each bucket's entries in insertion
 * order. (A bucket of 9 entries or more in a table of 64 buckets or more becomes a tree, whose
 * order is not modelled here: names that collide that much do not occur in practice.) Checked
 * against OpenJDK 17's HashMap on 3,000 random sets of up to 120 names (fixtures in
 * test/payload-order.test.ts).
 */

/** Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1], in 32-bit arithmetic, over UTF-16 code units. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

const INITIAL_BUCKETS = 16;
const LOAD_FACTOR = 0.75;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

function spread(key: string): number {
  const h = javaStringHash(key);
  return h ^ (h >>> 16);
}

function rehash(buckets: number[][], hashes: number[]): number[][] {
  const size = buckets.length * 2;
  const next: number[][] = Array.from({ length: size }, () => []);
  for (const bucket of buckets) for (const i of bucket) next[hashes[i] & (size - 1)].push(i);
  return next;
}

/** The indexes of `keys` (distinct, in insertion order) in the order a Java HashMap filled with them iterates them. */
export function hashMapOrder(keys: readonly string[]): number[] {
  const hashes = keys.map(spread);
  let buckets: number[][] = Array.from({ length: INITIAL_BUCKETS }, () => []);
  keys.forEach((_, i) => {
    const bucket = buckets[hashes[i] & (buckets.length - 1)];
    bucket.push(i);
    if (bucket.length > TREEIFY_THRESHOLD && buckets.length < MIN_TREEIFY_CAPACITY) buckets = rehash(buckets, hashes);
    if (i + 1 > buckets.length * LOAD_FACTOR) buckets = rehash(buckets, hashes);
  });
  return buckets.flat();
}

/** The keys (distinct, in insertion order) in a Java HashMap's iteration order. */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  return hashMapOrder(keys).map((i) => keys[i]);
}
