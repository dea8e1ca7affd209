/**
 * The order in which AWS Step Functions writes the members of an object built from a JSONPath
 * payload template (Parameters, ResultSelector, ItemSelector, a Map's Parameters, Assign): first
 * the members whose key does not end in ".$", in the definition's order; then the members whose
 * key ends in ".$", in the iteration order of a java.util.HashMap holding their final names
 * (the key without ".$"), filled in the definition's order (java-hash-order.ts).
 *
 * Evidence: AWS's recorded executions (LocalStack's AWS-validated snapshots; the test table in
 * test/payload-order.test.ts cites each one). Every recording fits this rule, among them a Pass
 * state's 13 context-object members (base/test_base test_query_context_object_values) and the
 * TaskScheduled `parameters` of Lambda, DynamoDB, API Gateway, SNS, SQS and Step Functions
 * tasks; the definition's order, all members hashed, or the hash of the key with ".$" do not.
 *
 * Computed once when a template is compiled: it costs nothing per execution.
 */
import { hashMapOrder } from './java-hash-order';

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
