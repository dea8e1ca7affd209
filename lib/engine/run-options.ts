/**
 * What `run` is given, checked before an execution starts: the options (RunOptions: an unknown
 * name, or a value of the wrong kind, is an InvalidRunOptionsError naming the option) and the
 * input (JSON that AWS would take: an InvalidExecutionInputError, as StartExecution's
 * InvalidExecutionInput, saying where it is not). Nothing of the run starts then.
 */
import { MAX_JSON_DEPTH, jsonShapeProblem } from '../asl/json-shape';
import type { Json } from './json';
import { PAYLOAD_LIMIT_BYTES, jsonBytesOver } from './payload-limit';
import type { RunOptions } from './types';

/** A run option that is unknown or has a value the engine cannot use. */
export class InvalidRunOptionsError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidRunOptionsError';
  }
}

/** The execution input is not JSON that AWS would take (StartExecution's InvalidExecutionInput). */
export class InvalidExecutionInputError extends Error {
  constructor(
    /** JSON pointer of the value at fault ("" for the whole input). */
    readonly pointer: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidExecutionInput';
  }
}

type Check = (v: unknown) => string | undefined;

const hasOwn = Object.prototype.hasOwnProperty;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const string: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : 'a non-empty string');
const object: Check = (v) => (isObject(v) ? undefined : 'an object');

const CHECKS: { readonly [K in keyof Required<RunOptions>]: Check } = {
  functions: (v) => {
    if (!isObject(v)) return 'an object of Lambda handlers by function name';
    for (const name in v) {
      if (!hasOwn.call(v, name)) continue;
      const f = v[name];
      if (typeof f !== 'function' && !(isObject(f) && typeof f.handler === 'function')) return `an object of Lambda handlers by function name (functions.${name} is neither a function nor {handler})`;
    }
    return undefined;
  },
  overrides: object,
  resources: (v) => (Array.isArray(v) && v.every((r) => typeof r === 'function') ? undefined : 'an array of resource invokers (functions)'),
  clock: (v) => (v === 'virtual' || v === 'real' ? undefined : '"virtual" or "real"'),
  startTime: (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? undefined : 'a valid Date'),
  executionName: string,
  stateMachineName: string,
  executionType: (v) => (v === 'STANDARD' || v === 'EXPRESS' ? undefined : '"STANDARD" or "EXPRESS"'),
  region: string,
  accountId: string,
  roleArn: string,
  maxTransitions: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'a positive integer (the loop guard cannot be switched off)'),
  jsonataTimeoutMs: (v) => (typeof v === 'number' && v > 0 ? undefined : 'a positive number of milliseconds, or Infinity'),
  maxPayloadBytes: (v) => (typeof v === 'number' && (v === Infinity || (Number.isInteger(v) && v > 0)) ? undefined : 'a positive integer, or Infinity'),
  history: (v) => (typeof v === 'boolean' ? undefined : 'true or false'),
  signal: (v) => (isObject(v) && typeof v.aborted === 'boolean' && typeof v.addEventListener === 'function' ? undefined : 'an AbortSignal'),
  seed: (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'a finite number'),
  callbacks: object,
  s3: object,
  redrive: (v) =>
    isObject(v) && isObject(v.from) && typeof v.count === 'number' && Number.isInteger(v.count) && v.count > 0 && (v.startDate === undefined || (v.startDate instanceof Date && !Number.isNaN(v.startDate.getTime())))
      ? undefined
      : "{from: an earlier result's redrivePoint, count: a positive integer, startDate?: a valid Date}",
};

/** The names of the run options. */
export const RUN_OPTION_NAMES: readonly string[] = Object.keys(CHECKS);

/** The run options among `options` (what a caller that takes more, e.g. runWorkflow, hands the engine). */
export function pickRunOptions(options: object): RunOptions {
  const out: Record<string, unknown> = {};
  for (const k of RUN_OPTION_NAMES) if ((options as Record<string, unknown>)[k] !== undefined) out[k] = (options as Record<string, unknown>)[k];
  return out as RunOptions;
}

/** Throws InvalidRunOptionsError for an unknown option or a value of the wrong kind (undefined: the default). */
export function checkRunOptions(options: RunOptions): void {
  if (!isObject(options)) throw new InvalidRunOptionsError('', `The run options must be an object, got ${options === null ? 'null' : typeof options}.`);
  // for...in, not Object.entries: an execution's start allocates no array for its options.
  for (const name in options) {
    if (!hasOwn.call(options, name)) continue;
    const value = (options as Record<string, unknown>)[name];
    const check = hasOwn.call(CHECKS, name) ? (CHECKS as Record<string, Check>)[name] : undefined;
    if (check === undefined) {
      throw new InvalidRunOptionsError(name, `Unknown run option "${name}". The run options are: ${RUN_OPTION_NAMES.join(', ')}.`);
    }
    if (value === undefined) continue;
    const expected = check(value);
    if (expected !== undefined) {
      const got = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' || typeof value === 'boolean' || value === null ? String(value) : typeof value;
      throw new InvalidRunOptionsError(name, `The run option "${name}" must be ${expected}, got ${got}.`);
    }
  }
}

/**
 * Inputs already checked (by identity), with the smallest payload limit they were found within:
 * running the same input again costs no second walk.
 */
const checkedInputs = new WeakMap<object, number>();

/**
 * Throws InvalidExecutionInputError when the input is not JSON AWS would take (located by its JSON
 * pointer), or its JSON text is longer than `maxBytes` (StartExecution's input: "Length
 * Constraints: Maximum length of 262144", in bytes of UTF-8).
 */
export function checkInput(input: Json, maxBytes: number = PAYLOAD_LIMIT_BYTES): void {
  if (input === null || typeof input !== 'object') {
    const p = jsonShapeProblem(input);
    if (p !== undefined) throw new InvalidExecutionInputError('', `The execution input is not JSON: it is ${p.message}.`);
    if (jsonBytesOver(input, maxBytes)) throw tooLarge(maxBytes);
    return;
  }
  const within = checkedInputs.get(input);
  if (within !== undefined && within <= maxBytes) return;
  if (within === undefined) {
    const p = jsonShapeProblem(input, MAX_JSON_DEPTH);
    if (p !== undefined) {
      const where = p.pointer === '' ? 'the input' : `the input at ${shortPointer(p.pointer)}`;
      throw new InvalidExecutionInputError(p.pointer, `The execution input is not JSON that AWS would take: ${where} is ${p.message}.`);
    }
  }
  if (jsonBytesOver(input, maxBytes)) throw tooLarge(maxBytes);
  checkedInputs.set(input, maxBytes);
}

function tooLarge(maxBytes: number): InvalidExecutionInputError {
  return new InvalidExecutionInputError('', `The execution input is larger than ${maxBytes.toLocaleString('en-US')} bytes of JSON (UTF-8), the most Step Functions takes.`);
}

/** A pointer short enough for a message (a value nested 1,000 deep has a long one). */
function shortPointer(pointer: string): string {
  if (pointer.length <= 120) return pointer;
  const parts = pointer.split('/');
  return `${parts.slice(0, 6).join('/')}/… (${parts.length - 1} levels down)`;
}
