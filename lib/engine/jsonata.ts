/**
 * JSONata in the local engine (AWS developer guide, "Transforming data with JSONata in Step
 * Functions"): a field value is any JSON value in which every string that is exactly
 * `{% <expression> %}` is evaluated (also inside objects and arrays); each expression is compiled
 * once, with the `jsonata` package (2.x, whose evaluate() is async: JSONata states run async,
 * JSONPath states keep their synchronous path).
 *
 * Bindings: `$states` ({input, context, and result / errorOutput where the field has them}), the
 * workflow variables by name, and the Step Functions functions `$partition`, `$range`, `$hash`,
 * `$random`, `$uuid`, `$parse` (`$eval` is not available, as on AWS).
 *
 * Failures are `States.QueryEvaluationError` (catchable, retriable): an expression that throws, or
 * that returns nothing (undefined) where the field needs a value, or a value of the wrong type.
 *
 * No expression can hold the process (jsonata-budget.ts): evaluations take turns, within a budget
 * of depth (D1011) and time (D1012), both States.QueryEvaluationError; an evaluation whose
 * execution has ended stops.
 */
import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { StatesError } from './jsonpath';
import { Stopped } from './errors';
import { EVALUATOR, JSONATA_OPTIONS, inTurn, onEvaluationStep, type Evaluator } from './jsonata-budget';
import type { Json, JsonObject } from './json';
import { seededRandom } from '../random';

export const QUERY_EVALUATION_ERROR = 'States.QueryEvaluationError';

/**
 * A failed evaluation: States.QueryEvaluationError with the field it happened in, named as its
 * cause names it (`Output`, `Output/result`, `Arguments/FunctionName`, `Assign/x`): AWS records
 * that path as the EvaluationFailed event's `location`.
 */
function queryError(field: string, cause: string): StatesError {
  return new StatesError(QUERY_EVALUATION_ERROR, cause, field);
}

/** What an expression can read. */
export interface JsonataBindings {
  states: JsonObject;
  /** The workflow variables (own and inherited properties: a scope chain). */
  vars: Record<string, Json> | null;
}

/** A compiled field: `isStatic` when it holds no expression (then `value` is it). */
export interface CompiledValue {
  readonly isStatic: boolean;
  readonly value: Json;
  evaluate(b: JsonataBindings): Promise<Json>;
}

const EXPR = /^\{%([\s\S]*)%\}$/;

/** The expression of a `{% ... %}` string, trimmed (as AWS quotes it in its causes). */
export function expressionText(s: string): string {
  const m = EXPR.exec(s);
  return m !== null ? m[1].trim() : s;
}

/** Whether a string is a JSONata expression `{% ... %}`. */
export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && EXPR.test(v);
}

interface Expr {
  text: string;
  fn: jsonata.Expression;
}

function compileExpr(s: string, field: string): Expr {
  const text = (EXPR.exec(s) as RegExpExecArray)[1].trim();
  try {
    const fn = jsonata(text, JSONATA_OPTIONS);
    fn.assign(Symbol.for('jsonata.__evaluate_entry') as unknown as string, onEvaluationStep);
    return { text, fn };
  } catch (e) {
    throw new StatesError(QUERY_EVALUATION_ERROR, `The JSONata expression '${text}' specified for the field '${field}' is not valid: ${(e as Error).message}`);
  }
}

/** Compiles a field value (a JSON value whose `{% %}` strings are expressions). */
export function compileValue(v: Json | undefined, field: string): CompiledValue {
  if (v === undefined) return { isStatic: true, value: null, evaluate: async () => null };
  if (!hasExpression(v)) return { isStatic: true, value: v, evaluate: async () => v };
  const fn = build(v, field);
  return { isStatic: false, value: v, evaluate: fn };
}

function hasExpression(v: Json): boolean {
  if (typeof v === 'string') return isExpression(v);
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasExpression);
  for (const k in v) if (hasExpression(v[k])) return true;
  return false;
}

type Eval = (b: JsonataBindings) => Promise<Json>;

function build(v: Json, field: string): Eval {
  if (typeof v === 'string') {
    if (!isExpression(v)) return async () => v;
    const e = compileExpr(v, field);
    return (b) => evaluateExpr(e, b, field);
  }
  if (v === null || typeof v !== 'object' || !hasExpression(v)) return async () => v;
  if (Array.isArray(v)) {
    const items = v.map((x, i) => build(x, `${field}[${i}]`));
    return async (b) => {
      const out: Json[] = [];
      for (const f of items) out.push(await f(b));
      return out;
    };
  }
  const keys = Object.keys(v);
  const parts = keys.map((k) => build(v[k], `${field}/${k}`));
  return async (b) => {
    const out: JsonObject = {};
    for (let i = 0; i < keys.length; i++) out[keys[i]] = await parts[i](b);
    return out;
  };
}

async function evaluateExpr(e: Expr, b: JsonataBindings, field: string): Promise<Json> {
  const bindings: Record<string, unknown> = { ...FUNCTIONS };
  if (b.vars !== null) for (const k in b.vars) bindings[k] = b.vars[k];
  bindings.states = b.states;
  const by = (b.states as { [EVALUATOR]?: Evaluator })[EVALUATOR];
  let r: unknown;
  try {
    r = await inTurn(by, () => e.fn.evaluate(undefined, bindings));
  } catch (x) {
    if (x instanceof Stopped) throw x;
    if (x instanceof StatesError) throw x.location === undefined ? new StatesError(x.error, x.cause, field) : x;
    const err = x as { message?: string; code?: string };
    throw queryError(field, `The JSONata expression '${e.text}' specified for the field '${field}' threw an error during evaluation. ${err.code ? `${err.code}: ` : ''}${err.message ?? String(x)}`);
  }
  if (r === undefined) {
    throw queryError(field, `The JSONata expression '${e.text}' specified for the field '${field}' returned nothing (undefined).`);
  }
  return toJson(r, e.text, field);
}

/** A JSONata function value (a lambda, a native function): no JSON value. */
function isFunctionValue(v: unknown): boolean {
  if (typeof v === 'function') return true;
  const o = v as { _jsonata_lambda?: unknown; _jsonata_function?: unknown } | null;
  return o !== null && typeof o === 'object' && (o._jsonata_lambda === true || o._jsonata_function === true);
}

const NOT_JSON = Symbol('not JSON');

/** A JSONata result as JSON (its sequences are arrays); a function, anywhere in it, is refused. */
function toJson(r: unknown, text: string, field: string): Json {
  // A function is no JSON value (LocalStack's jsonata/validations.py: "returned an unsupported result type").
  const unsupported = () => queryError(field, `The JSONata expression '${text}' specified for the field '${field}' returned an unsupported result type.`);
  if (isFunctionValue(r)) throw unsupported();
  if (typeof r === 'number' && !Number.isFinite(r)) {
    throw queryError(field, `The JSONata expression '${text}' specified for the field '${field}' returned a number that is not finite.`);
  }
  if (r === null || typeof r !== 'object') return r as Json;
  // Sequences and objects: a plain JSON copy (drops JSONata's internal markers).
  let json: string;
  try {
    json = JSON.stringify(r, (_k, v: unknown) => {
      if (isFunctionValue(v)) throw NOT_JSON;
      return v;
    });
  } catch (e) {
    if (e === NOT_JSON) throw unsupported();
    throw e;
  }
  return JSON.parse(json) as Json;
}

/** The JSONata type name of a JSON value (`$type`). */
function jsonataType(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * An expression whose value is not of the type its field needs, in AWS's words (observed on AWS:
 * "The JSONata expression '$restorableJobs' specified for the field 'Items' returned an unexpected
 * result type. Expected 'array', but was 'object'", followed by " for value: <the value>", as
 * LocalStack's state_map/items/items.py writes it: a string quoted, anything else as JSON).
 */
export function unexpectedType(c: CompiledValue, field: string, expected: string, v: Json): StatesError {
  const text = typeof c.value === 'string' ? expressionText(c.value) : JSON.stringify(c.value);
  const value = typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
  return queryError(field, `The JSONata expression '${text}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${jsonataType(v)}' for value: ${value}`);
}

/**
 * A JSONata Map without Items whose input is not an array. AWS writes EvaluationFailed without a
 * location for it (the empty location says so): test_base_scenarios.snapshot.json,
 * test_map_state_items_input_types, recorded 19-11-2024.
 */
export function mapInputNotArray(v: Json): StatesError {
  return new StatesError(QUERY_EVALUATION_ERROR, `Map state input must be an array but was: ${JSON.stringify(v)}`, '');
}

/** A value a field requires to be of some type, else States.QueryEvaluationError. */
export function typeError(field: string, expected: string, v: Json): StatesError {
  return queryError(field, `The value of the field '${field}' must be ${expected}, but the JSONata expression returned ${JSON.stringify(v)}.`);
}

// The Step Functions JSONata functions ("Step Functions JSONata functions" in the developer guide).

function fnError(name: string, message: string): StatesError {
  return new StatesError(QUERY_EVALUATION_ERROR, `The function ${name} ${message}`);
}

/** `$partition(array, size)`: the array cut into arrays of `size` items (the last may be shorter). */
function partition(array: unknown, size: unknown): Json[] {
  const a = array === undefined ? undefined : Array.isArray(array) ? array : [array];
  if (a === undefined) throw fnError('$partition', 'needs an array as its first argument');
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) throw fnError('$partition', `needs a positive integer size, got ${JSON.stringify(size)}`);
  const out: Json[] = [];
  for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size) as Json[]);
  return out;
}

/**
 * A JSONata sequence of these values: JSONata gives a sequence of one value as that value (AWS's
 * `$range(1, 9, 9)` is `1`, LocalStack's AWS-validated test_array_range; its `$partition` of one
 * chunk stays `[[0]]`). An empty range stays `[]` (not recorded).
 */
function sequence<T>(values: T[]): T[] {
  if (values.length > 0) Object.defineProperty(values, 'sequence', { value: true });
  return values;
}

/** `$range(start, end, step)`: the numbers from start to end (included) by step, as a sequence. */
function range(start: unknown, end: unknown, step: unknown): number[] {
  if (typeof start !== 'number' || typeof end !== 'number' || typeof step !== 'number' || !Number.isInteger(start) || !Number.isInteger(end) || !Number.isInteger(step)) {
    throw fnError('$range', 'needs integer start, end and step arguments');
  }
  if (step === 0) throw fnError('$range', 'needs a step other than 0');
  const out: number[] = [];
  if (step > 0) for (let i = start; i <= end; i += step) out.push(i);
  else for (let i = start; i >= end; i += step) out.push(i);
  if (out.length > 1000) throw fnError('$range', 'would return more than 1000 items');
  return sequence(out);
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** `$hash(data, algorithm)`: the hex digest of a string (MD5, SHA-1, SHA-256, SHA-384, SHA-512). */
function hash(data: unknown, algorithm: unknown): string {
  if (typeof data !== 'string') throw fnError('$hash', `needs a string to hash, got ${JSON.stringify(data)}`);
  const alg = typeof algorithm === 'string' ? HASH_ALGORITHMS[algorithm] : undefined;
  if (alg === undefined) throw fnError('$hash', `supports the algorithms ${Object.keys(HASH_ALGORITHMS).join(', ')}, not ${JSON.stringify(algorithm)}`);
  return createHash(alg).update(data, 'utf8').digest('hex');
}

/** `$random([seed])`: a number in [0, 1); the same seed gives the same number. */
function random(seed?: unknown): number {
  if (seed === undefined) return Math.random();
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw fnError('$random', `needs an integer seed, got ${JSON.stringify(seed)}`);
  return seededRandom(seed)();
}

/** `$parse(text)`: JSON text as its value. */
function parse(text: unknown): unknown {
  if (typeof text !== 'string') throw fnError('$parse', `needs a string, got ${JSON.stringify(text)}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fnError('$parse', `could not parse its argument as JSON: ${(e as Error).message}`);
  }
}

function noEval(): never {
  throw fnError('$eval', 'is not supported in Step Functions: use $parse');
}

const FUNCTIONS: Record<string, unknown> = {
  partition,
  range,
  hash,
  random,
  uuid: () => randomUUID(),
  parse,
  eval: noEval,
};
