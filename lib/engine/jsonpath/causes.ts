/**
 * The causes AWS writes for a field whose value, read from the input at run time, cannot be used
 * (the execution fails with States.Runtime; the state prefix is added by `stateCause`). Their
 * words are AWS's, as LocalStack's Step Functions provider reproduces them for its snapshot tests
 * recorded against AWS (localstack-core/.../state_map/max_concurrency.py and tolerated_failure.py,
 * state_wait/wait_function/seconds_path.py and timestamp.py; tests/aws/services/stepfunctions/v2/
 * base/test_wait.snapshot.json holds AWS's TimestampPath cause, and scenarios/test_base_scenarios.py
 * `test_max_concurrency_path` records MaxConcurrencyPath values `{}` and "NoNumber").
 */
import type { Json } from '../json';

/** A value as those causes show it: a string as its text, anything else as JSON. */
export function shown(v: Json | undefined): string {
  if (v === undefined) return 'null';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;

/** An integer, or a string that is one ("3"), as AWS reads these fields; undefined otherwise. */
export function integerOf(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && INTEGER_TEXT.test(v)) return Number(v);
  return undefined;
}

/** MaxConcurrencyPath: not an integer. */
export function notAnIntegerCause(field: 'MaxConcurrencyPath' | 'ToleratedFailureCountPath' | 'MaxItemsPath', path: string, v: Json | undefined): string {
  return `The ${field} field refers to value "${shown(v)}" which is not a valid integer: ${path}`;
}

/** MaxConcurrencyPath: a negative integer. */
export function negativeMaxConcurrencyCause(n: number): string {
  return `Expected non-negative integer for MaxConcurrency, got '${n}' instead.`;
}

export const NEGATIVE_TOLERATED_COUNT = 'ToleratedFailureCount cannot be negative.';

/** MaxItemsPath: a negative integer (States.ItemReaderFailed, once the Map Run has started). */
export const MAX_ITEMS_NOT_POSITIVE = 'field MaxItems must be positive';

/** ToleratedFailurePercentagePath: not a number. */
export function notAFloatCause(path: string, v: Json | undefined): string {
  return `The ToleratedFailurePercentagePath field refers to value "${shown(v)}" which is not a valid float: ${path}`;
}

export const TOLERATED_PERCENTAGE_RANGE = 'ToleratedFailurePercentage must be between 0 and 100.';

/** SecondsPath: not an integer ("cannot be parsed as a long value") or negative. */
export function secondsPathCause(path: string, v: Json | undefined, negative: boolean): string {
  const what = negative ? 'references a negative value' : 'cannot be parsed as a long value';
  return `The SecondsPath parameter ${what}: ${path} == ${shown(v)}`;
}

/** TimestampPath, or a JSONata Timestamp: not a timestamp in the format AWS accepts. */
export function timestampCause(field: 'TimestampPath' | 'Timestamp', expression: string, v: Json | undefined): string {
  return `The ${field} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${expression} == ${shown(v)}`;
}
