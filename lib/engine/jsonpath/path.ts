/**
 * Paths at run time: `compilePath` (a closure per path, cached), `selectPath` (InputPath,
 * OutputPath, ItemsPath, *SecondsPath, ... with AWS's null/undefined rules and failures) and
 * `applyResultPath` (ResultPath, copying only the spine it writes).
 */
import type { Json, JsonObject } from '../json';
import { StatesError } from './errors';
import { copyObject, isObject, isPrototypeKey, getOwn, setOwn } from './json';
import { parseJsonPath, type ParsedPath } from './jsonpath';
import { PathSyntaxError } from './jsonpath-filter';
import { PathMiss, pathString, runSegments, type Seg } from './jsonpath-run';

export interface PathContext {
  /** `$` */
  input: Json;
  /** `$$` (the Context Object) */
  context: Json;
  /** `$name` */
  variables?: Record<string, Json>;
  /** Where a state's Assign leaves the variables it sets when it exits (the thread). */
  owner?: { pendingAssign: { [name: string]: Json } | null };
}

/** The value of a definite path, or the array of matches of an indefinite one; undefined = no match. */
export type CompiledPath = (ctx: PathContext) => Json | undefined;

type Walker = (v: Json) => Json | undefined;

const compiled = new Map<string, CompiledPath>();
const parsedCache = new Map<string, ParsedPath>();

function parsed(path: string): ParsedPath {
  let p = parsedCache.get(path);
  if (!p) {
    try {
      p = parseJsonPath(path);
    } catch (e) {
      if (e instanceof PathSyntaxError) throw new StatesError('States.Runtime', e.message);
      throw e;
    }
    parsedCache.set(path, p);
  }
  return p;
}

function rootGetter(p: ParsedPath): (ctx: PathContext) => Json | undefined {
  if (p.root === 'input') return (ctx) => ctx.input;
  if (p.root === 'context') return (ctx) => ctx.context;
  const name = p.variable as string;
  return (ctx) => {
    const vars = ctx.variables;
    // Own or inherited (an inner scope's variables inherit the outer scope's); never Object.prototype's.
    if (!vars) return undefined;
    if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    return Object.getPrototypeOf(vars) !== Object.prototype && name in vars && !isPrototypeKey(name) ? vars[name] : undefined;
  };
}

function rootText(p: ParsedPath): string {
  return p.root === 'input' ? '$' : p.root === 'context' ? '$$' : `$${p.variable}`;
}

/** One step of a simple path: a member or an index. */
function stepWalker(s: Seg): Walker {
  if (s.k === 'prop') {
    const key = s.name;
    if (isPrototypeKey(key)) return (v) => (isObject(v) ? getOwn(v, key) : undefined);
    return (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v[key] : undefined);
  }
  if (s.k === 'index') {
    const i = s.i;
    if (i >= 0) return (v) => (Array.isArray(v) && i < v.length ? v[i] : undefined);
    return (v) => (Array.isArray(v) && v.length + i >= 0 ? v[v.length + i] : undefined);
  }
  throw new Error('not a simple segment');
}

/** A direct walk for paths made of single names and indexes (no interpreter). */
function simpleWalker(segs: Seg[]): Walker {
  const n = segs.length;
  if (n === 0) return (v) => v;
  const allProps = segs.every((s) => s.k === 'prop' && !isPrototypeKey(s.name));
  if (allProps) {
    const keys = segs.map((s) => (s as { name: string }).name);
    const isObj = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (n === 1) {
      const [a] = keys;
      return (v) => (isObj(v) ? v[a] : undefined);
    }
    if (n === 2) {
      const [a, b] = keys;
      return (v) => {
        if (!isObj(v)) return undefined;
        const x = v[a];
        return isObj(x) ? x[b] : undefined;
      };
    }
    if (n === 3) {
      const [a, b, c] = keys;
      return (v) => {
        if (!isObj(v)) return undefined;
        const x = v[a];
        if (!isObj(x)) return undefined;
        const y = x[b];
        return isObj(y) ? y[c] : undefined;
      };
    }
    return (v) => {
      let cur: Json | undefined = v;
      for (let i = 0; i < n; i++) {
        if (!isObj(cur)) return undefined;
        cur = cur[keys[i]];
      }
      return cur;
    };
  }
  const steps = segs.map(stepWalker);
  if (n === 1) return steps[0];
  return (v) => {
    let cur: Json | undefined = v;
    for (let i = 0; i < n && cur !== undefined; i++) cur = steps[i](cur);
    return cur;
  };
}

/**
 * Compiles a JSONPath (`$`, `$.a.b`, `$['a b']`, `$.a[0]`, `$.a[-1:]`, `$.a[*]`, `$..a`,
 * `$.a[?(@.x > 1)]`, `$.a.length()`, `$$.Execution.Id`, `$var.x`). A definite path returns its
 * value; an indefinite path returns the array of its matches (possibly empty); undefined means the
 * path matched nothing (a definite path) or failed in its definite part (Jayway's
 * PathNotFoundException). Throws StatesError('States.Runtime') on a syntax error.
 */
export function compilePath(path: string): CompiledPath {
  const cached = compiled.get(path);
  if (cached) return cached;
  const p = parsed(path);
  const getRoot = rootGetter(p);
  let fn: CompiledPath;
  if (p.segs.length === 0) fn = getRoot;
  else if (p.simple) {
    const walk = simpleWalker(p.segs);
    fn = (ctx) => {
      const r = getRoot(ctx);
      return r === undefined ? undefined : walk(r);
    };
  } else {
    const { segs, definite } = p;
    const rt = rootText(p);
    fn = (ctx) => {
      const r = getRoot(ctx);
      if (r === undefined) return undefined;
      try {
        return runSegments(segs, definite, r, r, rt);
      } catch (e) {
        if (e instanceof PathMiss) return undefined;
        throw e;
      }
    };
  }
  compiled.set(path, fn);
  return fn;
}

/** Whether a path selects a single value (Jayway's definite path). */
export function isDefinitePath(path: string): boolean {
  return parsed(path).definite;
}

/**
 * Why a path matched nothing, as Jayway words it ("No results for path: $['a']", "Missing
 * property in path $['a']", ...). Only for paths for which the compiled path returned undefined.
 */
export function explainPathMiss(path: string, ctx: PathContext): string {
  const p = parsed(path);
  const rt = rootText(p);
  const r = rootGetter(p)(ctx);
  if (r === undefined) return p.root === 'variable' ? `No variable named "${p.variable}"` : `No results for path: ${rt}`;
  try {
    runSegments(p.segs, p.definite, r, r, rt);
  } catch (e) {
    if (e instanceof PathMiss) return e.message;
    throw e;
  }
  return `No results for path: ${pathString(rt, p.segs)}`;
}

/** The value a path is applied to (for messages that show the input). */
export function pathRootValue(path: string, ctx: PathContext): Json | undefined {
  return rootGetter(parsed(path))(ctx);
}

function missCause(path: string, ctx: PathContext, field: string): string {
  switch (field) {
    case 'SecondsPath':
    case 'TimestampPath':
      return `The ${field} parameter does not reference an input value: ${path}`;
    default:
      return `Invalid path '${path}' : ${explainPathMiss(path, ctx)}`;
  }
}

/**
 * Applies a path field to the state's data. `undefined` (field absent) selects the whole input;
 * `null` gives `{}` (InputPath and OutputPath null). A path that matches nothing fails with
 * States.Runtime: "Invalid path '$.a' : No results for path: $['a']" (InputPath, OutputPath,
 * ItemsPath, TimeoutSecondsPath, HeartbeatSecondsPath, ...), or "The SecondsPath parameter does not
 * reference an input value: $.a" (SecondsPath, TimestampPath).
 */
export function selectPath(path: string | null | undefined, ctx: PathContext, field: string): Json {
  if (path === undefined) return ctx.input;
  if (path === null) return {};
  if (path === '$') return ctx.input;
  const v = compilePath(path)(ctx);
  if (v === undefined) throw new StatesError('States.Runtime', missCause(path, ctx, field));
  return v;
}

/** `selectPath` compiled once for a state's field. */
export function compileSelectPath(path: string | null | undefined, field: string): (ctx: PathContext) => Json {
  if (path === undefined || path === '$') return (ctx) => ctx.input;
  if (path === null) return () => ({});
  const fn = compilePath(path);
  return (ctx) => {
    const v = fn(ctx);
    if (v === undefined) throw new StatesError('States.Runtime', missCause(path, ctx, field));
    return v;
  };
}

// ---------------------------------------------------------------------------------------------
// ResultPath

export type CompiledResultPath = (input: Json, result: Json) => Json;

const resultPaths = new Map<string, CompiledResultPath>();

function resultPathFailure(path: string, input: Json): StatesError {
  return new StatesError('States.ResultPathMatchFailure', `Unable to apply ReferencePath ${path} to input ${JSON.stringify(input)}`);
}

/**
 * Compiles a ResultPath: a Reference Path on the input (`$`, `$.a.b`, `$['a'][0]`). The result is
 * placed at the path, creating missing objects on the way; the input is never mutated (only the
 * objects and arrays along the path are copied). A step through a non-object (or an index that is
 * out of bounds or not on an array) fails with States.ResultPathMatchFailure.
 */
export function compileResultPath(path: string | null | undefined): CompiledResultPath {
  if (path === undefined || path === '$') return (_input, result) => result;
  if (path === null) return (input) => input;
  const cached = resultPaths.get(path);
  if (cached) return cached;
  const p = parsed(path);
  if (p.root !== 'input' || !p.simple) {
    throw new StatesError(
      'States.Runtime',
      `Invalid ResultPath ${JSON.stringify(path)}: it must be a reference path on the state input (names and indexes after "$")`,
    );
  }
  const segs = p.segs as Array<{ k: 'prop'; name: string } | { k: 'index'; i: number }>;
  const n = segs.length;
  const put = (node: Json | undefined, i: number, result: Json, input: Json): Json => {
    const s = segs[i];
    if (s.k === 'prop') {
      let base: JsonObject;
      if (node === undefined) base = {};
      else if (isObject(node)) base = node;
      else throw resultPathFailure(path, input);
      const copy = copyObject(base);
      const child = i === n - 1 ? result : put(getOwn(base, s.name), i + 1, result, input);
      setOwn(copy, s.name, child);
      return copy;
    }
    if (!Array.isArray(node)) throw resultPathFailure(path, input);
    const idx = s.i < 0 ? node.length + s.i : s.i;
    if (idx < 0 || idx >= node.length) throw resultPathFailure(path, input);
    const copy = node.slice();
    copy[idx] = i === n - 1 ? result : put(node[idx], i + 1, result, input);
    return copy;
  };
  let fn: CompiledResultPath;
  const first = segs[0];
  if (n === 1 && first.k === 'prop') {
    const key = first.name;
    const proto = isPrototypeKey(key);
    fn = (input, result) => {
      if (!isObject(input)) throw resultPathFailure(path, input);
      const copy = copyObject(input);
      if (proto) setOwn(copy, key, result);
      else copy[key] = result;
      return copy;
    };
  } else {
    fn = (input, result) => {
      // The root must be an object or an array (an index step); scalars cannot hold the result.
      if (input === null || typeof input !== 'object') throw resultPathFailure(path, input);
      return put(input, 0, result, input);
    };
  }
  resultPaths.set(path, fn);
  return fn;
}

/**
 * Places a state's result into its input by ResultPath: undefined (absent) or "$" -> the result
 * replaces the input; null -> the input, unchanged (the result is discarded); "$.a.b" -> a copy of
 * the input with the result at a.b (intermediate objects created). Never mutates `input`.
 */
export function applyResultPath(input: Json, resultPath: string | null | undefined, result: Json): Json {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  return compileResultPath(resultPath)(input, result);
}
