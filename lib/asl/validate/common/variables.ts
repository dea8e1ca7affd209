/**
 * References to workflow variables that no state assigns (AWS developer guide, "Passing data
 * between states with variables": a state reads the variables assigned in its scope or in the
 * scopes around it; a Parallel branch's or Map iteration's variables are not visible outside).
 *
 * A reference is `$name` in a JSONPath path or intrinsic (a `.$` key's value, a *Path field, a
 * Choice Rule's Variable / *Path comparison) or a free `$name` in a JSONata expression (not bound
 * by `:=` or a function parameter, not a function). AWS accepts such a definition (the reference
 * fails at run time), so it is a warning: UNASSIGNED_VARIABLE.
 */
import { parseJsonataExpression } from './jsonata';
import type { Ctx } from '../context';
import { ptr } from '../context';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const NESTED = new Set(['Branches', 'ItemProcessor', 'Iterator']);
const JSONATA = /^\{%([\s\S]*)%\}$/;
/** `$name` at the start of a path, or after a delimiter of an intrinsic's arguments. */
const PATH_VARIABLE = /(?:^|[\s(,])\$([\p{ID_Start}][\p{ID_Continue}]*)/gu;

/** Functions a JSONata expression may call without binding them: JSONata's and Step Functions'. */
const FUNCTIONS = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad match contains replace split join ' +
    'formatNumber formatBase formatInteger parseInteger number floor ceil round abs sqrt power random millis now fromMillis toMillis boolean not exists ' +
    'keys lookup spread merge sift each error assert type sort reverse shuffle distinct zip append map filter single reduce base64encode base64decode ' +
    'encodeUrlComponent encodeUrl decodeUrlComponent decodeUrl eval clone partition range hash uuid parse'
  ).split(' '),
);

/** The variable names a value reads (JSONPath or JSONata). */
function references(v: Json, jsonataState: boolean, key: string | null, out: Set<string>): void {
  if (typeof v === 'string') {
    const m = JSONATA.exec(v);
    if (m !== null) {
      if (jsonataState) jsonataReferences(m[1], out);
      return;
    }
    // ResultPath writes into the output (a variable there is refused elsewhere).
    if (!jsonataState && key !== null && key !== 'ResultPath' && (key.endsWith('.$') || key.endsWith('Path') || key === 'Variable')) pathReferences(v, out);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) references(x, jsonataState, key, out);
    return;
  }
  for (const k of Object.keys(v)) references(v[k], jsonataState, k, out);
}

function pathReferences(text: string, out: Set<string>): void {
  // Quoted intrinsic arguments ('...') are text, not references.
  const unquoted = text.replace(/'(?:\\.|[^'\\])*'/g, "''");
  for (const m of unquoted.matchAll(PATH_VARIABLE)) out.add(m[1]);
}

interface Node {
  type?: string;
  value?: unknown;
  [k: string]: unknown;
}

/** The free variables of each expression seen, cached: parsing is the costly part of this check. */
const referenceCache = new Map<string, readonly string[]>();

function jsonataReferences(expr: string, out: Set<string>): void {
  let names = referenceCache.get(expr);
  if (names === undefined) {
    names = freeVariables(expr);
    if (referenceCache.size > 5000) referenceCache.clear();
    referenceCache.set(expr, names);
  }
  for (const name of names) out.add(name);
}

function freeVariables(expr: string): string[] {
  const parsed = parseJsonataExpression(expr);
  if ('error' in parsed) return []; // parse errors are reported elsewhere
  const ast = parsed.ast as Node;
  const bound = new Set<string>();
  const used = new Set<string>();
  // A variable the expression tests with $exists($name) may be unassigned on purpose.
  const guarded = new Set<string>();
  const walk = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    const node = n as Node;
    if (node.type === 'bind' && (node.lhs as Node | undefined)?.type === 'variable') bound.add(String((node.lhs as Node).value));
    if (node.type === 'lambda' && Array.isArray(node.arguments)) for (const a of node.arguments as Node[]) bound.add(String(a.value));
    if (node.type === 'function' && (node.procedure as Node | undefined)?.value === 'exists' && Array.isArray(node.arguments)) {
      const a = (node.arguments as Node[])[0];
      if (a?.type === 'variable' && typeof a.value === 'string') guarded.add(a.value);
    }
    if (node.type === 'variable' && typeof node.value === 'string' && node.value !== '' && node.value !== '$') used.add(node.value);
    for (const k of Object.keys(node)) if (k !== 'value') walk(node[k]);
  };
  walk(ast);
  return [...used].filter((name) => !bound.has(name) && !guarded.has(name) && !FUNCTIONS.has(name) && name !== 'states');
}

/**
 * Warns about the variables the states of a scope read that are assigned neither in the scope
 * nor around it (`known`). Nested scopes are checked with their own.
 */
export function checkVariableReferences(ctx: Ctx, states: { [name: string]: unknown }, statesPointer: string, known: ReadonlySet<string>, queryLanguage: (state: unknown) => string): void {
  for (const name of Object.keys(states)) {
    const state = states[name];
    if (state === null || typeof state !== 'object' || Array.isArray(state)) continue;
    const refs = new Set<string>();
    const jsonataState = queryLanguage(state) === 'JSONata';
    for (const [k, v] of Object.entries(state as { [k: string]: Json })) if (!NESTED.has(k)) references(v, jsonataState, k, refs);
    for (const v of refs) {
      if (known.has(v)) continue;
      ctx.warn(ptr(statesPointer, name), 'UNASSIGNED_VARIABLE', `state ${JSON.stringify(name)} reads the variable "$${v}", which no state of its scope or of the scopes around it assigns`);
    }
  }
}

/**
 * DescribeStateMachine's `variableReferences`: per state of a JSONPath state (nested scopes
 * included, by state name), the variables it reads through paths and intrinsics, sorted; JSONata
 * states are not listed; undefined when no state reads any (as AWS answers: LocalStack's
 * AWS-validated test_sfn_api_variable_references, recorded 20-11-2024).
 */
export function variableReferences(definition: unknown): Record<string, string[]> | undefined {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return undefined;
  const top = definition as { QueryLanguage?: unknown; States?: unknown };
  const machineJsonata = top.QueryLanguage === 'JSONata';
  const found: Record<string, string[]> = {};
  const visit = (states: unknown): void => {
    if (states === null || typeof states !== 'object' || Array.isArray(states)) return;
    for (const [name, state] of Object.entries(states as Record<string, unknown>)) {
      if (state === null || typeof state !== 'object' || Array.isArray(state)) continue;
      const s = state as Record<string, Json>;
      const jsonata = s.QueryLanguage === undefined ? machineJsonata : s.QueryLanguage === 'JSONata';
      const refs = new Set<string>();
      for (const [k, v] of Object.entries(s)) {
        if (NESTED.has(k)) for (const scope of Array.isArray(v) ? v : [v]) visit((scope as { States?: unknown } | null)?.States);
        else if (!jsonata) references(v, false, k, refs);
      }
      if (refs.size > 0) found[name] = [...refs].sort();
    }
  };
  visit(top.States);
  return Object.keys(found).length > 0 ? found : undefined;
}
