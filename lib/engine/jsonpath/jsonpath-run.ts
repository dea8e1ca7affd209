/**
 * Running parsed JSONPath segments (jsonpath.ts): the general interpreter, for the paths that are
 * not a plain walk of names and indexes (wildcards, slices, unions, deep scans, filters,
 * functions), with Jayway's rules (see jsonpath.ts). A failure of a definite part of the path is a
 * PathMiss with Jayway's message.
 */
import type { PathSeg } from '../../jsonpath/parse';
import type { Json, JsonObject } from '../json';
import { getOwn, isObject } from './json';

/** A filter, compiled (jsonpath-filter.ts): whether a node passes. */
export type Pred = (node: Json, root: Json) => boolean;
/** A filter's operand or a function's argument, compiled: its value at a node (undefined: none). */
export type Operand = (node: Json, root: Json) => Json | undefined;

/** A segment ready to run: the parsed one (lib/jsonpath/parse.ts) with its filter and function arguments compiled. */
export type Seg =
  | Exclude<PathSeg, { k: 'scan' | 'filter' | 'fn' }>
  | { k: 'scan'; sel: Seg }
  | { k: 'filter'; pred: Pred; text: string }
  | { k: 'fn'; name: string; args: Operand[] };

/** A failure of a definite part of the path, with Jayway's message. */
export class PathMiss extends Error {}

/** Jayway's text of a path prefix: $['a'][0][*]... */
export function pathString(rootText: string, segs: Seg[], upTo = segs.length): string {
  let s = rootText;
  for (let i = 0; i < upTo; i++) s += segString(segs[i]);
  return s;
}

function segString(s: Seg): string {
  switch (s.k) {
    case 'prop':
      return `['${s.name}']`;
    case 'props':
      return '[' + s.names.map((n) => `'${n}'`).join(',') + ']';
    case 'index':
      return `[${s.i}]`;
    case 'indexes':
      return `[${s.list.join(',')}]`;
    case 'slice':
      return `[${s.start ?? ''}:${s.end ?? ''}${s.step !== undefined ? ':' + s.step : ''}]`;
    case 'wild':
      return '[*]';
    case 'scan':
      return '..' + segString(s.sel);
    case 'filter':
      return '[?]';
    case 'fn':
      return `.${s.name}()`;
  }
}

function typeName(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

interface Walk {
  segs: Seg[];
  root: Json;
  rootText: string;
  out: Json[];
}


function step(w: Walk, i: number, node: Json, upDef: boolean): void {
  const segs = w.segs;
  if (i === segs.length) {
    w.out.push(node);
    return;
  }
  const s = segs[i];
  switch (s.k) {
    case 'prop':
      return stepProp(w, i, s.name, node, upDef);
    case 'props':
      return stepProps(w, i, s, node, upDef);
    case 'index':
    case 'indexes':
    case 'slice':
      return stepIndexes(w, i, s, node, upDef);
    case 'wild':
      return stepAll(w, i, node);
    case 'scan':
      return scan(w, i, node, s.sel);
    case 'filter':
      return stepFilter(w, i, s.pred, node, upDef);
    case 'fn':
      return stepFunction(w, s, node, upDef);
  }
}

// In the step functions, a miss where the path is still definite (`upDef`) fails; after an
// indefinite segment it is skipped.

function stepProp(w: Walk, i: number, name: string, node: Json, upDef: boolean): void {
  if (!isObject(node)) {
    if (!upDef) return;
    throw new PathMiss(`Expected to find an object with property ['${name}'] in path ${pathString(w.rootText, w.segs, i)} but found '${typeName(node)}'.`);
  }
  const v = getOwn(node, name);
  if (v === undefined) {
    if (i === w.segs.length - 1 || !upDef) return;
    throw new PathMiss(`Missing property in path ${pathString(w.rootText, w.segs, i + 1)}`);
  }
  step(w, i + 1, v, upDef);
}

function stepProps(w: Walk, i: number, s: Extract<Seg, { k: 'props' }>, node: Json, upDef: boolean): void {
  const segs = w.segs;
  if (!isObject(node)) {
    if (!upDef) return;
    throw new PathMiss(`Expected to find an object with property ${segString(s)} in path ${pathString(w.rootText, segs, i)} but found '${typeName(node)}'.`);
  }
  // The last segment (or the one before a function) merges the members into one object; elsewhere it iterates.
  if (i === segs.length - 1 || (i === segs.length - 2 && segs[i + 1].k === 'fn')) {
    const merged: JsonObject = {};
    for (const name of s.names) {
      const v = getOwn(node, name);
      if (v !== undefined) merged[name] = v;
    }
    step(w, i + 1, merged, upDef);
    return;
  }
  for (const name of s.names) {
    const v = getOwn(node, name);
    if (v !== undefined) step(w, i + 1, v, false);
  }
}

function stepIndexes(w: Walk, i: number, s: Extract<Seg, { k: 'index' | 'indexes' | 'slice' }>, node: Json, upDef: boolean): void {
  if (!Array.isArray(node)) {
    if (!upDef) return;
    if (node === null) throw new PathMiss(`The path ${pathString(w.rootText, w.segs, i)} is null`);
    throw new PathMiss(`Filter: ${segString(s)} can only be applied to arrays. Current context is: ${JSON.stringify(node)}`);
  }
  const len = node.length;
  if (s.k === 'index') {
    const idx = s.i < 0 ? len + s.i : s.i;
    if (idx >= 0 && idx < len) step(w, i + 1, node[idx], upDef);
    return;
  }
  const idxs = s.k === 'indexes' ? s.list : sliceIndexes(len, s.start, s.end, s.step);
  for (const raw of idxs) {
    const idx = raw < 0 ? len + raw : raw;
    if (idx >= 0 && idx < len) step(w, i + 1, node[idx], false);
  }
}

/** `[*]`: every element of an array, every member of an object. */
function stepAll(w: Walk, i: number, node: Json): void {
  if (Array.isArray(node)) for (const v of node) step(w, i + 1, v, false);
  else if (isObject(node)) for (const k of Object.keys(node)) step(w, i + 1, node[k], false);
}

function stepFilter(w: Walk, i: number, pred: Pred, node: Json, upDef: boolean): void {
  if (Array.isArray(node)) {
    for (const v of node) if (pred(v, w.root)) step(w, i + 1, v, false);
    return;
  }
  if (isObject(node)) {
    if (pred(node, w.root)) step(w, i + 1, node, false);
    return;
  }
  if (!upDef) return;
  throw new PathMiss(`Filter: [?] can not be applied to primitives. Current context is: ${JSON.stringify(node)}`);
}

/** Jayway applies a function to each node that reaches it. */
function stepFunction(w: Walk, s: Extract<Seg, { k: 'fn' }>, node: Json, upDef: boolean): void {
  let v: Json | undefined;
  try {
    v = applyFunction(s.name, s.args, node, w.root);
  } catch (e) {
    if (e instanceof PathMiss && !upDef) return;
    throw e;
  }
  if (v !== undefined) w.out.push(v);
}

function scan(w: Walk, i: number, node: Json, sel: Seg): void {
  // Pre-order: the node itself, then its members / elements.
  switch (sel.k) {
    case 'prop':
      stepProp(w, i, sel.name, node, false);
      break;
    case 'props':
      if (isObject(node)) {
        for (const name of sel.names) {
          const v = getOwn(node, name);
          if (v !== undefined) step(w, i + 1, v, false);
        }
      }
      break;
    case 'wild':
      stepAll(w, i, node);
      break;
    case 'index':
    case 'indexes':
    case 'slice':
      stepIndexes(w, i, sel, node, false);
      break;
    case 'filter':
      if (isObject(node) && sel.pred(node, w.root)) step(w, i + 1, node, false);
      break;
    default:
      break;
  }
  if (Array.isArray(node)) for (const v of node) if (v !== null && typeof v === 'object') scan(w, i, v, sel);
  if (isObject(node)) {
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (v !== null && typeof v === 'object') scan(w, i, v, sel);
    }
  }
}

function sliceIndexes(len: number, start: number | undefined, end: number | undefined, stepBy: number | undefined): number[] {
  const st = stepBy ?? 1;
  const out: number[] = [];
  if (st > 0) {
    let a = start === undefined ? 0 : start < 0 ? Math.max(0, len + start) : Math.min(start, len);
    const b = end === undefined ? len : end < 0 ? Math.max(0, len + end) : Math.min(end, len);
    for (; a < b; a += st) out.push(a);
  } else {
    let a = start === undefined ? len - 1 : start < 0 ? len + start : Math.min(start, len - 1);
    const b = end === undefined ? -1 : end < 0 ? Math.max(-1, len + end) : end;
    for (; a > b; a += st) if (a >= 0) out.push(a);
  }
  return out;
}

/**
 * Runs segments on `start`: the value of a definite path (undefined when it matches nothing) or
 * the array of matches of an indefinite one. Throws PathMiss when a definite part fails.
 */
export function runSegments(segs: Seg[], definite: boolean, start: Json, root: Json, rootText = '$'): Json | undefined {
  const w: Walk = { segs, root, rootText, out: [] };
  step(w, 0, start, true);
  if (definite) return w.out.length ? w.out[0] : undefined;
  return w.out;
}

function numbersOf(v: Json): number[] {
  const arr = Array.isArray(v) ? v : [v];
  return arr.filter((x): x is number => typeof x === 'number');
}

function applyFunction(name: string, args: Operand[], v: Json, root: Json): Json | undefined {
  const argValues = args.map((a) => a(root, root));
  switch (name) {
    case 'length':
      if (Array.isArray(v)) return v.length;
      if (isObject(v)) return Object.keys(v).length;
      if (typeof v === 'string') return v.length;
      return null;
    case 'min':
    case 'max':
    case 'avg':
    case 'sum':
    case 'stddev': {
      const ns = [...numbersOf(v), ...argValues.filter((x): x is number => typeof x === 'number')];
      if (!ns.length) throw new PathMiss('Aggregation function attempted to calculate value using empty array');
      if (name === 'min') return Math.min(...ns);
      if (name === 'max') return Math.max(...ns);
      const sum = ns.reduce((a, b) => a + b, 0);
      if (name === 'sum') return sum;
      const mean = sum / ns.length;
      if (name === 'avg') return mean;
      const sq = ns.reduce((a, b) => a + b * b, 0);
      return Math.sqrt(sq / ns.length - mean * mean);
    }
    case 'keys':
      return isObject(v) ? Object.keys(v) : null;
    case 'first':
    case 'last':
      if (!Array.isArray(v) || !v.length) throw new PathMiss(`Invalid function ${name}() on ${JSON.stringify(v)}`);
      return name === 'first' ? v[0] : v[v.length - 1];
    case 'index': {
      const n = argValues[0];
      if (!Array.isArray(v) || typeof n !== 'number') throw new PathMiss(`Invalid function index() on ${JSON.stringify(v)}`);
      const idx = n < 0 ? v.length + n : n;
      if (idx < 0 || idx >= v.length) throw new PathMiss(`Index ${n} out of bounds`);
      return v[idx];
    }
    case 'append': {
      const base = Array.isArray(v) ? v : [v];
      return [...base, ...argValues.filter((x): x is Json => x !== undefined)];
    }
    case 'concat': {
      const part = (x: Json | undefined): string =>
        x === undefined ? '' : Array.isArray(x) ? x.map(part).join('') : typeof x === 'string' ? x : JSON.stringify(x);
      return part(v) + argValues.map(part).join('');
    }
    default:
      return undefined;
  }
}
