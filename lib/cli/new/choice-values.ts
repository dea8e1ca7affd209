/**
 * The values a sample gives what a Choice state compares, so that a run takes the branch that runs
 * the most of the workflow: the rule (or the Default) whose states reach the most states, never a
 * Fail state at once. Its rule holds; the rules before it do not (AWS evaluates the rules in order
 * and takes the first that holds: "Choice workflow state", Amazon States Language); the rules
 * after it get values that make them hold (they are not reached, the values are examples).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const COMPARED = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$/;
const EARLY = '1970-01-01T00:00:00Z';
const LATE = '2999-01-01T00:00:00Z';

/** How many states run from `start` (Next, Choices, Default): a Fail state at once is -1. */
function reach(states: Record<string, Json>, start: string | undefined): number {
  if (start === undefined || states[start]?.Type === 'Fail') return -1;
  const seen = new Set<string>();
  const todo: Array<string | undefined> = [start];
  while (todo.length) {
    const name = todo.pop();
    if (name === undefined || seen.has(name) || !states[name]) continue;
    seen.add(name);
    const s = states[name];
    todo.push(s.Next, s.Default, ...(s.Choices ?? []).map((c: Json) => c?.Next));
  }
  return [...seen].filter((n) => states[n].Type !== 'Fail').length;
}

/** The rules of a Choice in the order their values are set, each with whether it must hold (see the module comment). */
export function choiceOrder(states: Record<string, Json>, choice: Json): Array<{ rule: Json; holds: boolean }> {
  const rules: Json[] = Array.isArray(choice.Choices) ? choice.Choices : [];
  const targets = [...rules.map((r) => r?.Next), ...(choice.Default !== undefined ? [choice.Default] : [])];
  let chosen = 0;
  targets.forEach((t, i) => {
    if (reach(states, t) > reach(states, targets[chosen])) chosen = i;
  });
  return [
    ...(chosen < rules.length ? [{ rule: rules[chosen], holds: true }] : []),
    ...rules.slice(0, chosen).map((rule) => ({ rule, holds: false })),
    ...rules.slice(chosen + 1).map((rule) => ({ rule, holds: true })),
  ];
}

/** Whether `value` matches a StringMatches pattern (`*` any characters, `\*` a star). */
function matches(pattern: string, value: string): boolean {
  const source = pattern
    .split(/(\\\*|\\\\|\*)/)
    .map((part) => (part === '*' ? '.*' : part === '\\*' ? '\\*' : part === '\\\\' ? '\\\\' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** A value for which a comparison holds (`holds`) or not. */
function compared(kind: string, op: string, v: Json, holds: boolean): Json {
  if (kind === 'Boolean') return typeof v === 'boolean' ? (holds ? v : !v) : holds;
  if (kind === 'Numeric') {
    const n = typeof v === 'number' ? v : 1;
    const delta: Record<string, [number, number]> = { Equals: [0, 1], LessThan: [-1, 0], GreaterThan: [1, 0], LessThanEquals: [0, 1], GreaterThanEquals: [0, -1] };
    return n + delta[op][holds ? 0 : 1];
  }
  const s = typeof v === 'string' ? v : kind === 'Timestamp' ? EARLY : 'example';
  if (op === 'Matches') return ['example', s.replace(/\\?\*/g, (m) => (m === '*' ? '' : '*')), '', '#'].find((c) => matches(s, c) === holds) ?? 'example';
  const low = kind === 'Timestamp' ? EARLY : '';
  const high = kind === 'Timestamp' ? LATE : `${s}~`;
  const other = s === 'example' ? 'other' : 'example';
  const values: Record<string, [Json, Json]> = { Equals: [s, kind === 'Timestamp' ? (s === LATE ? EARLY : LATE) : other], LessThan: [low, s], GreaterThan: [high, s], LessThanEquals: [s, high], GreaterThanEquals: [s, low] };
  return values[op][holds ? 0 : 1];
}

/** A value of a type test (`IsString`, ...) that holds or not; undefined: the member is absent. */
function typeTest(rule: Json, holds: boolean): Json | undefined {
  if (rule.IsPresent !== undefined) return (rule.IsPresent === true) === holds ? 'example' : undefined;
  if (rule.IsNull !== undefined) return (rule.IsNull === true) === holds ? null : 'example';
  const typed: Array<[string, Json]> = [['IsString', 'example'], ['IsNumeric', 1], ['IsBoolean', true], ['IsTimestamp', EARLY]];
  for (const [key, value] of typed) if (rule[key] !== undefined) return (rule[key] === true) === holds ? value : key === 'IsNumeric' ? 'example' : 1;
  return 'example';
}

/** The paths a rule reads (its `Variable`s) and the values that make it hold (`holds`) or not: And/Or/Not as AWS combines them. */
export function ruleValues(rule: Json, holds: boolean): Array<[string, Json]> {
  if (!rule || typeof rule !== 'object') return [];
  if (Array.isArray(rule.And) || Array.isArray(rule.Or)) {
    const all = (rule.And !== undefined) === holds;
    const nested: Json[] = rule.And ?? rule.Or;
    return all ? nested.flatMap((r) => ruleValues(r, holds)) : ruleValues(nested[0], holds);
  }
  if (rule.Not) return ruleValues(rule.Not, !holds);
  const path = rule.Variable;
  if (typeof path !== 'string') return [];
  for (const [key, v] of Object.entries<Json>(rule)) {
    const m = COMPARED.exec(key);
    if (m) return [[path, compared(m[1], m[2], v, holds)]];
  }
  const value = typeTest(rule, holds);
  return value === undefined ? [] : [[path, value]];
}
