/**
 * Values that carry data: JSONPath payload templates (`"key.$": "$.path"`), Assign, and JSON
 * values with JSONata strings inside (Arguments, Output, ...).
 */
import { suggest } from '../../problem';
import { SCHEMA, fieldLabel, has, isObject, ptr, stateLabel, type StateCheck } from '../context';
import { INTRINSICS, checkIntrinsicCall, parseIntrinsic } from './intrinsics';
import { isJsonataString, jsonataProblems, type JsonataPlace } from './jsonata';
import { pathProblem } from './paths';

type Segments = Array<string | number>;

const INTRINSIC_NAMES = Object.keys(INTRINSICS);
const suggestIntrinsic = (name: string) => suggest(name, INTRINSIC_NAMES)[0];

const label = (s: StateCheck, segments: Segments) => `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(segments))}`;

/**
 * Checks a JSONPath dynamic value: a path (`$...`, `$$...`, `$name...`) or an intrinsic function
 * call. `stringOnly` restricts intrinsics to those returning a string (Fail's ErrorPath/CausePath).
 * Returns true when it is valid.
 */
export function checkDynamicValue(s: StateCheck, value: string, segments: Segments, options: { stringOnly?: boolean; pathRules?: Parameters<typeof pathProblem>[1] } = {}): boolean {
  const at = ptr(s.pointer, ...segments);
  if (value.startsWith('$')) {
    const problem = pathProblem(value, options.pathRules ?? {});
    if (problem) {
      s.ctx.report(at, SCHEMA, `${label(s, segments)} must be ${problem}`);
      return false;
    }
    return true;
  }
  const parsed = parseIntrinsic(value);
  if (!parsed.ok) {
    const looksLikeCall = /^\s*[A-Za-z][\w.]*\s*\(/.test(value);
    s.ctx.report(
      at,
      SCHEMA,
      looksLikeCall
        ? `${label(s, segments)} has an invalid intrinsic function call: ${parsed.message} (at character ${parsed.offset + 1})`
        : `${label(s, segments)} must be a JSONPath (starting with "$") or an intrinsic function call such as States.Format(...), got ${JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value)}`,
    );
    return false;
  }
  const problems = checkIntrinsicCall(parsed.call, suggestIntrinsic);
  for (const p of problems) s.ctx.report(at, SCHEMA, `${label(s, segments)}: ${p.message}`);
  if (problems.length) return false;
  if (options.stringOnly) {
    const sig = INTRINSICS[parsed.call.name];
    if (sig && !sig.returnsString) {
      const names = Object.keys(INTRINSICS).filter((n) => INTRINSICS[n].returnsString);
      s.ctx.report(at, SCHEMA, `${label(s, segments)} must be a JSONPath or an intrinsic function that returns a string (${names.join(', ')}), got ${parsed.call.name}`);
      return false;
    }
  }
  return true;
}

/** Checks a JSONPath payload template (Parameters, ResultSelector, ItemSelector, ...), recursively. */
export function checkPayloadTemplate(s: StateCheck, value: unknown, segments: Segments): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkPayloadTemplate(s, v, [...segments, i]));
    return;
  }
  if (!isObject(value)) return;
  const names = new Map<string, string>();
  for (const key of Object.keys(value)) {
    const v = value[key];
    const at = [...segments, key];
    const dynamic = key.endsWith('.$');
    const plain = dynamic ? key.slice(0, -2) : key;
    const other = names.get(plain);
    if (other !== undefined) {
      s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${label(s, at)} and field ${JSON.stringify(other)} both produce "${plain}" once ".$" is removed`, true);
    } else names.set(plain, key);
    if (dynamic) {
      if (typeof v !== 'string') {
        s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${label(s, at)} ends with ".$", so its value must be a JSONPath or an intrinsic function call (a string)`);
        continue;
      }
      checkDynamicValue(s, v, at);
    } else checkPayloadTemplate(s, v, at);
  }
}

const VARIABLE_NAME = /^[\p{ID_Start}][\p{ID_Continue}]*$/u;

/**
 * Checks an Assign object: variable names, and values (payload template in JSONPath, JSONata
 * strings in JSONata). Records the names in the state's scope.
 */
export function checkAssign(s: StateCheck, value: unknown, segments: Segments, place: JsonataPlace): void {
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    const at = [...segments, key];
    // In JSONata, a ".$" key is reported by checkJsonataValue.
    if (s.ql === 'JSONata' && key.endsWith('.$') && key.length > 2) continue;
    const name = s.ql === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (name === 'states') {
      s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${label(s, at)}: "states" is a reserved variable and cannot be assigned`, true);
    } else if (!VARIABLE_NAME.test(name) || [...name].length > 80) {
      s.ctx.report(
        ptr(s.pointer, ...at),
        SCHEMA,
        `${label(s, at)}: ${JSON.stringify(name)} is not a valid variable name (a letter first, then letters, digits or "_", at most 80 characters)`,
        true,
      );
    } else if (s.outerVariables.has(name)) {
      s.ctx.report(
        ptr(s.pointer, ...at),
        SCHEMA,
        `${label(s, at)}: variable "${name}" is assigned in an enclosing scope; a state inside a Parallel branch or Map cannot assign an outer variable`,
        true,
      );
    } else s.assigned(name, place === IN_CATCHER);
  }
  if (s.ql === 'JSONPath') checkPayloadTemplate(s, value, segments);
  else checkJsonataValue(s, value, segments, place);
}

/**
 * Checks every JSONata string inside a JSON value, and warns of JSONPath-style ".$" keys: AWS
 * accepts them in a JSONata state and keeps them as written, their values never evaluated
 * (LocalStack's AWS-validated test_output, BASE_LITERALS: an Output key "constant_jp_input.$"
 * ran and came out as "constant_jp_input.$": "$").
 */
export function checkJsonataValue(s: StateCheck, value: unknown, segments: Segments, place: JsonataPlace): void {
  if (typeof value === 'string') {
    if (isJsonataString(value)) {
      for (const p of jsonataProblems(value, place)) s.ctx.report(ptr(s.pointer, ...segments), p.code, `${label(s, segments)}: ${p.message}`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJsonataValue(s, v, [...segments, i], place));
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    const at = [...segments, key];
    if (key.endsWith('.$') && key.length > 2) {
      s.ctx.warn(
        ptr(s.pointer, ...at),
        'JSONPATH_KEY_IN_JSONATA',
        `${label(s, at)}: keys ending with ".$" are JSONPath syntax; a JSONata state keeps the key as written and does not evaluate its value: write the value as "{% ... %}" under the plain key "${key.slice(0, -2)}"`,
      );
    }
    checkJsonataValue(s, value[key], at, place);
  }
}

/** JSONata places. */
export const PLAIN: JsonataPlace = { result: false, errorOutput: false };
export const WITH_RESULT: JsonataPlace = { result: true, errorOutput: false };
export const IN_CATCHER: JsonataPlace = { result: false, errorOutput: true };

/** Checks a JSONata-capable field of a JSONata state, if present. */
export function checkJsonataField(s: StateCheck, field: string, place: JsonataPlace = PLAIN): void {
  if (s.ql === 'JSONata' && has(s.state, field)) checkJsonataValue(s, s.state[field], [field], place);
}

/** Checks a path-valued field (InputPath, ResultPath, ItemsPath, *Path, ...) when it is a string. */
export function checkPathField(s: StateCheck, segments: Segments, value: unknown, rules: Parameters<typeof pathProblem>[1]): boolean {
  if (typeof value !== 'string') return true;
  const problem = pathProblem(value, rules);
  if (!problem) return true;
  s.ctx.report(ptr(s.pointer, ...segments), SCHEMA, `${label(s, segments)} must be ${problem}`);
  return false;
}

/** The rules of the common JSONPath fields. */
export const INPUT_PATH = { reference: false } as const;
export const RESULT_PATH = { reference: true, context: false, variables: false } as const;
export const REFERENCE_PATH = { reference: true } as const;

/** Checks InputPath, OutputPath and ResultPath of a JSONPath state, when present. */
export function checkIoPaths(s: StateCheck): void {
  if (s.ql !== 'JSONPath') return;
  for (const f of ['InputPath', 'OutputPath'])
    if (has(s.state, f)) checkPathField(s, [f], s.state[f], INPUT_PATH);
  if (has(s.state, 'ResultPath')) checkPathField(s, ['ResultPath'], s.state.ResultPath, RESULT_PATH);
}
