/** What every check shares: the diagnostics being collected, pointers and message helpers. */
import { pointerSegment, suggest } from '../problem';

export interface Diagnostic {
  /** JSON pointer (RFC 6901) of the offending value or member; '' for the root. */
  pointer: string;
  /** True when the problem is the member's name itself (e.g. an unknown field): report at the key. */
  atKey?: boolean;
  /** AWS's diagnostic code where one applies (ValidateStateMachineDefinition codes such as SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, ...), else a short code of ours. */
  code: string;
  /** One line, says what is wrong and, where useful, what is allowed. */
  message: string;
  /** Set for what AWS accepts but is almost surely a mistake: reported, never fatal. Default: an error. */
  severity?: 'warning';
}

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = Record<string, unknown>;

/** Own-property test (a definition may have members named "toString" or "__proto__"). */
export const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `base` extended by path segments, each escaped. */
export function ptr(base: string, ...segments: Array<string | number>): string {
  let out = base;
  for (const s of segments) out += '/' + pointerSegment(s);
  return out;
}

/** `Retry[0].IntervalSeconds` from path segments. */
export function fieldLabel(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += (out ? '.' : '') + String(s);
  }
  return out;
}

/** A short, one-line rendering of a value for messages. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return v.length ? `an array of ${v.length} item${v.length === 1 ? '' : 's'}` : 'an empty array';
  if (typeof v === 'object' && v !== null) return 'an object';
  let s: string;
  try {
    s = JSON.stringify(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + '..."' : s;
}

/**
 * Names close to `name`, best first: those of `suggest` (lib/asl/problem.ts), else those one
 * swap of adjacent letters away ("Taks" -> "Task", "Strat" -> "Start").
 */
export function closeNames(name: string, candidates: Iterable<string>): string[] {
  const list = [...candidates];
  const close = suggest(name, list);
  if (close.length) return close;
  return list.filter((c) => isTransposition(name, c));
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2 || a === b) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** ` (did you mean "X"?)` or ''. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closeNames(name, candidates);
  return close.length ? ` (did you mean "${close[0]}"?)` : '';
}

export const SCHEMA = 'SCHEMA_VALIDATION_FAILED';

/** The walk's state: diagnostics, the machine's query language, names and labels seen so far. */
export class Ctx {
  readonly diagnostics: Diagnostic[] = [];
  /** The top-level query language, which every state inherits (also inside Map and Parallel). */
  topQL: QueryLanguage = 'JSONPath';
  /** Every state name of the machine (names are unique across all scopes) -> pointer of its first definition. */
  readonly stateNames = new Map<string, string>();
  /** Map Labels -> pointer of the first. */
  readonly labels = new Map<string, string>();

  report(pointer: string, code: string, message: string, atKey?: boolean): void {
    const d: Diagnostic = { pointer, code, message };
    if (atKey) d.atKey = true;
    this.diagnostics.push(d);
  }

  /** A warning: AWS accepts the definition, but this part of it cannot do what it says. */
  warn(pointer: string, code: string, message: string): void {
    this.diagnostics.push({ pointer, code, message, severity: 'warning' });
  }
}

/** A state being checked. */
export interface StateCheck {
  ctx: Ctx;
  name: string;
  pointer: string;
  state: JsonObject;
  type: string;
  ql: QueryLanguage;
  /** Variables assigned in enclosing scopes (a nested scope must not assign them). */
  outerVariables: ReadonlySet<string>;
  /** Records a variable this state assigns (in its catchers' Assign when `byCatcher`). */
  assigned(variable: string, byCatcher: boolean): void;
  /** Records a transition (Next, Default, a Choice Rule's or a Catcher's Next) to `target`, found at `segments`. */
  transition(target: unknown, segments: ReadonlyArray<string | number>): void;
  /** Validates a nested state machine: a Parallel branch or a Map's ItemProcessor (or Iterator). */
  nested(value: unknown, segments: ReadonlyArray<string | number>, kind: ScopeKind): void;
}

export type ScopeKind = 'root' | 'branch' | 'processor' | 'iterator';

/** `state "X"` for messages. */
export const stateLabel = (s: { name: string }) => `state ${JSON.stringify(s.name)}`;

/** Reports at a field of a state: `state "X": field "F" <message>`. */
export function reportField(
  s: StateCheck,
  segments: ReadonlyArray<string | number>,
  code: string,
  message: string,
  atKey?: boolean,
): void {
  s.ctx.report(ptr(s.pointer, ...segments), code, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(segments))} ${message}`, atKey);
}
