/**
 * JSONPath Choice Rules ("Choice workflow state", AWS developer guide; States Language "Choice
 * State"): And / Or / Not, and data tests made of "Variable" and one comparison operator.
 *
 * - Comparisons need both values of the operator's type (string, number, boolean, timestamp);
 *   otherwise the rule is false, not an error.
 * - String comparisons compare UTF-16 code units (Java's String.compareTo).
 * - Timestamps are compared as instants ("2001-01-01T12:00:00Z" equals "2001-01-01T13:00:00+01:00").
 * - StringMatches: "*" matches any characters; "\*" is a literal "*" and "\\" a literal "\".
 * - IsPresent is false (never an error) when the Variable matches nothing; every other operator
 *   fails with States.Runtime: "Invalid path '$.x': The choice state's condition path references an
 *   invalid value." The same failure for the path of a ...Path operator that matches nothing.
 */
import type { Json, JsonObject } from '../json';
import { StatesError } from './errors';
import { isObject } from './json';
import { compilePath, type PathContext } from './path';
import { compareInstants, parseInstant, type Instant } from './timestamp';

export type CompiledRule = (ctx: PathContext) => boolean;

type Getter = (ctx: PathContext) => Json;
type Cmp = '==' | '<' | '>' | '<=' | '>=';

const SUFFIXES: Record<string, Cmp> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};

const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

/** Every data-test operator. */
export const CHOICE_OPERATORS: readonly string[] = (() => {
  const ops: string[] = [];
  for (const t of ['String', 'Numeric', 'Timestamp'])
    for (const s of Object.keys(SUFFIXES)) ops.push(t + s, t + s + 'Path');
  ops.push('BooleanEquals', 'BooleanEqualsPath', 'StringMatches', ...TYPE_TESTS);
  return ops;
})();
const OPERATOR_SET = new Set(CHOICE_OPERATORS);

function invalidPath(path: string): StatesError {
  return new StatesError('States.Runtime', `Invalid path '${path}': The choice state's condition path references an invalid value.`);
}

function ruleError(message: string): StatesError {
  return new StatesError('States.Runtime', `Invalid Choice Rule: ${message}`);
}

/** A getter that fails when the path matches nothing. */
function requiredPath(path: string): Getter {
  const get = compilePath(path);
  return (ctx) => {
    const v = get(ctx);
    if (v === undefined) throw invalidPath(path);
    return v;
  };
}

/** Compares two numbers, or two strings (UTF-16 order, as Java's compareTo). */
function compare<T extends number | string>(op: Cmp, a: T, b: T): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
}

function instantOf(v: Json): Instant | undefined {
  return typeof v === 'string' ? parseInstant(v) : undefined;
}

/** Splits a StringMatches pattern on its unescaped "*" into literal pieces. */
export function parseStringMatches(pattern: string): string[] {
  const pieces: string[] = [];
  let cur = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n !== '*' && n !== '\\')
        throw ruleError(`StringMatches pattern ${JSON.stringify(pattern)} has an open escape "\\" at character ${i + 1}: only "\\*" and "\\\\" are escapes`);
      cur += n;
      i++;
      continue;
    }
    if (c === '*') {
      pieces.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  pieces.push(cur);
  return pieces;
}

/** Whether `s` matches the pattern pieces (literal pieces separated by "*" wildcards). */
function globMatch(s: string, pieces: string[]): boolean {
  if (pieces.length === 1) return s === pieces[0];
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let pos = first.length;
  const end = s.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const p = pieces[i];
    if (!p) continue;
    const at = s.indexOf(p, pos);
    if (at < 0 || at + p.length > end) return false;
    pos = at + p.length;
  }
  return true;
}

function compileDataTest(rule: JsonObject, op: string): CompiledRule {
  const variable = rule.Variable;
  if (typeof variable !== 'string') throw ruleError(`"Variable" must be a path string, got ${JSON.stringify(variable ?? null)}`);
  const operand = rule[op];
  if (TYPE_TESTS.includes(op)) return compileTypeTest(op, variable, operand);

  const get = requiredPath(variable);
  if (op === 'StringMatches') {
    if (typeof operand !== 'string') throw ruleError(`"StringMatches" must be a string, got ${JSON.stringify(operand)}`);
    const pieces = parseStringMatches(operand);
    return (ctx) => {
      const v = get(ctx);
      return typeof v === 'string' && globMatch(v, pieces);
    };
  }

  // A ...Path operator compares with the value at its path (`other`), the others with their operand.
  const isPath = op.endsWith('Path');
  const base = isPath ? op.slice(0, -4) : op;
  let other: Getter | null = null;
  if (isPath) {
    if (typeof operand !== 'string') throw ruleError(`"${op}" must be a path string, got ${JSON.stringify(operand)}`);
    other = requiredPath(operand);
  }
  if (base === 'BooleanEquals') return compileBooleanEquals(get, other, operand);
  const type = base.startsWith('String') ? 'String' : base.startsWith('Numeric') ? 'Numeric' : 'Timestamp';
  const cmp = SUFFIXES[base.slice(type.length)];
  if (type === 'String') return compileOrderedTest(op, cmp, get, other, operand, 'string');
  if (type === 'Numeric') return compileOrderedTest(op, cmp, get, other, operand, 'number');
  return compileTimestampTest(op, cmp, get, other, operand);
}

/** IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp. */
function compileTypeTest(op: string, variable: string, operand: Json | undefined): CompiledRule {
  if (typeof operand !== 'boolean') throw ruleError(`"${op}" must be true or false, got ${JSON.stringify(operand)}`);
  const want = operand;
  if (op === 'IsPresent') {
    const get = compilePath(variable);
    return (ctx) => (get(ctx) !== undefined) === want;
  }
  const get = requiredPath(variable);
  const test: (v: Json) => boolean =
    op === 'IsNull'
      ? (v) => v === null
      : op === 'IsNumeric'
        ? (v) => typeof v === 'number'
        : op === 'IsString'
          ? (v) => typeof v === 'string'
          : op === 'IsBoolean'
            ? (v) => typeof v === 'boolean'
            : (v) => instantOf(v) !== undefined;
  return (ctx) => test(get(ctx)) === want;
}

function compileBooleanEquals(get: Getter, other: Getter | null, operand: Json | undefined): CompiledRule {
  if (other === null) {
    if (typeof operand !== 'boolean') throw ruleError(`"BooleanEquals" must be true or false, got ${JSON.stringify(operand)}`);
    const c = operand;
    return (ctx) => get(ctx) === c;
  }
  return (ctx) => {
    const v = get(ctx);
    const w = other(ctx);
    return typeof v === 'boolean' && typeof w === 'boolean' && v === w;
  };
}

/** String and Numeric comparisons: both values of the type (a string equality needs no type test). */
function compileOrderedTest(op: string, cmp: Cmp, get: Getter, other: Getter | null, operand: Json | undefined, type: 'string' | 'number'): CompiledRule {
  if (other === null) {
    if (typeof operand !== type) throw ruleError(`"${op}" must be a ${type}, got ${JSON.stringify(operand)}`);
    const c = operand as string | number;
    if (cmp === '==' && type === 'string') return (ctx) => get(ctx) === c;
    return (ctx) => {
      const v = get(ctx);
      return typeof v === type && compare(cmp, v as string | number, c);
    };
  }
  return (ctx) => {
    const v = get(ctx);
    const w = other(ctx);
    return typeof v === type && typeof w === type && compare(cmp, v as string | number, w as string | number);
  };
}

function compileTimestampTest(op: string, cmp: Cmp, get: Getter, other: Getter | null, operand: Json | undefined): CompiledRule {
  if (other === null) {
    const c = typeof operand === 'string' ? parseInstant(operand) : undefined;
    if (!c) throw ruleError(`"${op}" must be a timestamp such as "2016-03-14T01:59:00Z", got ${JSON.stringify(operand)}`);
    return (ctx) => {
      const v = instantOf(get(ctx));
      return v !== undefined && compare(cmp, compareInstants(v, c), 0);
    };
  }
  return (ctx) => {
    const v = instantOf(get(ctx));
    const w = instantOf(other(ctx));
    return v !== undefined && w !== undefined && compare(cmp, compareInstants(v, w), 0);
  };
}

/**
 * Compiles a JSONPath Choice Rule (a top-level rule's "Next", "Comment" and "Assign" are ignored).
 * Malformed rules throw StatesError('States.Runtime') here.
 */
export function compileChoiceRule(rule: Json): CompiledRule {
  if (!isObject(rule)) throw ruleError(`a Choice Rule must be an object, got ${JSON.stringify(rule)}`);
  if ('And' in rule || 'Or' in rule) {
    const key = 'And' in rule ? 'And' : 'Or';
    const list = rule[key];
    if (!Array.isArray(list) || list.length === 0) throw ruleError(`"${key}" must be a non-empty array of Choice Rules`);
    const rules = list.map(compileChoiceRule);
    if (key === 'And') {
      if (rules.length === 2) {
        const [a, b] = rules;
        return (ctx) => a(ctx) && b(ctx);
      }
      return (ctx) => {
        for (const r of rules) if (!r(ctx)) return false;
        return true;
      };
    }
    return (ctx) => {
      for (const r of rules) if (r(ctx)) return true;
      return false;
    };
  }
  if ('Not' in rule) {
    const inner = compileChoiceRule(rule.Not);
    return (ctx) => !inner(ctx);
  }
  const ops = Object.keys(rule).filter((k) => OPERATOR_SET.has(k));
  if (ops.length !== 1)
    throw ruleError(
      ops.length ? `exactly one comparison operator is allowed, got ${ops.join(', ')}` : `no comparison operator in ${JSON.stringify(rule)}`,
    );
  return compileDataTest(rule, ops[0]);
}
