/**
 * The order in which AWS Step Functions writes the members of an object built from a JSONPath
 * payload template (Parameters, ResultSelector, ItemSelector, a Map's Parameters, Assign): first
 * the members whose key does not end in ".$", in the definition's order; then the members whose
 * key ends in ".$", in the iteration order of a java.util.HashMap holding their final names
 * (the key without ".$"), filled in the definition's order.
 *
 * Evidence: AWS's recorded executions (LocalStack's AWS-validated snapshots; the test table in
 * test/payload-order.test.ts cites each one). Every recording fits this rule, among them a Pass
 * state's 13 context-object members (base/test_base test_query_context_object_values) and the
 * TaskScheduled `parameters` of Lambda, DynamoDB, API Gateway, SNS, SQS and Step Functions
 * tasks; the definition's order, all members hashed, or the hash of the key with ".$" do not.
 *
 * java.util.HashMap: a table of 16 buckets, doubled when it holds more than 3/4 of its size, or
 * when a bucket reaches 9 entries while the table has fewer than 64 buckets; an entry's bucket is
 * (h ^ (h >>> 16)) & (buckets - 1), h being Java's String.hashCode; iteration goes through the
 * buckets in order, each bucket's entries in insertion order. (A bucket of 9 entries or more in a
 * table of 64 buckets or more becomes a tree, whose order is not modelled here: names that collide
 * that much do not occur in practice.) Checked against OpenJDK 17's HashMap on 3,000 random sets
 * of up to 120 names (test fixtures in test/payload-order.test.ts).
 *
 * Computed once when a template is compiled: it costs nothing per execution.
 */

/** Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1], in 32-bit arithmetic, over UTF-16 code units. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

const INITIAL_BUCKETS = 16;
const LOAD_FACTOR = 0.75;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

function spread(name: string): number {
  const h = javaStringHash(name);
  return h ^ (h >>> 16);
}

function rehash(buckets: number[][], hashes: number[]): number[][] {
  const size = buckets.length * 2;
  const next: number[][] = Array.from({ length: size }, () => []);
  for (const bucket of buckets) for (const i of bucket) next[hashes[i] & (size - 1)].push(i);
  return next;
}

/**
 * The indexes of `names` (distinct, in insertion order) in the order a java.util.HashMap built by
 * putting them one after the other iterates over them.
 */
export function hashMapOrder(names: readonly string[]): number[] {
  const hashes = names.map(spread);
  let buckets: number[][] = Array.from({ length: INITIAL_BUCKETS }, () => []);
  names.forEach((_, i) => {
    const bucket = buckets[hashes[i] & (buckets.length - 1)];
    bucket.push(i);
    if (bucket.length > TREEIFY_THRESHOLD && buckets.length < MIN_TREEIFY_CAPACITY) buckets = rehash(buckets, hashes);
    if (i + 1 > buckets.length * LOAD_FACTOR) buckets = rehash(buckets, hashes);
  });
  return buckets.flat();
}

/**
 * The order of a template object's members, as indexes into `keys` (the definition's order):
 * static members first, then the ".$" members in HashMap order of their final names.
 */
export function payloadMemberOrder(keys: readonly string[], isDynamic: (key: string) => boolean): number[] {
  const statics: number[] = [];
  const dynamics: number[] = [];
  keys.forEach((k, i) => (isDynamic(k) ? dynamics : statics).push(i));
  const order = hashMapOrder(dynamics.map((i) => keys[i].slice(0, -2)));
  return [...statics, ...order.map((j) => dynamics[j])];
}
