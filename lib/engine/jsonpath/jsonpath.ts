/**
 * JSONPath as Step Functions evaluates it (Jayway JsonPath semantics, with the States Language
 * roots `$`, `$$` and `$name`). A path is parsed once into segments by lib/jsonpath/parse.ts (the
 * scanner the validator uses too); jsonpath-filter.ts compiles their filters and function
 * arguments into predicates and operands; `runSegments` (jsonpath-run.ts) is the general
 * interpreter (wildcards, slices, unions, deep scans, filters, functions); path.ts compiles
 * definite simple paths into a direct property walk and uses the interpreter for the rest.
 *
 * Jayway rules kept here:
 * - A definite path (only names, single indexes, and a final multi-name merge) yields one value;
 *   any other path yields an array of every match, in document order (possibly empty).
 * - In the definite prefix of a path, a missing property or a step through a non-container is a
 *   failure ("Missing property in path $['a']", ...); after the first indefinite segment such
 *   misses are skipped. A definite path whose leaf is missing fails with "No results for path".
 * - An index out of bounds matches nothing; a negative index counts from the end.
 * - `['a','b']` as the last segment merges the members into one object; elsewhere it iterates.
 * - `..name` visits the node and its descendants in pre-order.
 * - Filters apply to each element of an array (or to an object itself); `[?(@.x)]` tests existence;
 *   comparisons between values of different types are false (except Jayway's number/string
 *   equality); `=~` must match the whole string.
 */
import { JsonPathSyntaxError, scanPath, type PathRoot } from '../../jsonpath/parse';
import { PathSyntaxError, compileSegs, isDefinite } from './jsonpath-filter';
import type { Seg } from './jsonpath-run';

export type Root = PathRoot;

export interface ParsedPath {
  text: string;
  root: Root;
  variable?: string;
  segs: Seg[];
  /** True when the path yields a single value (Jayway's "definite path"). */
  definite: boolean;
  /** True when every segment is a single name or a single index (the fast-walk case). */
  simple: boolean;
}

/** Parses a path (`$...`, `$$...`, `$name...`) once and compiles its segments; throws PathSyntaxError. */
export function parseJsonPath(text: string): ParsedPath {
  let scanned;
  try {
    scanned = scanPath(text);
  } catch (e) {
    if (!(e instanceof JsonPathSyntaxError)) throw e;
    throw new PathSyntaxError(`invalid JSONPath ${JSON.stringify(text)}: ${e.message} (at character ${e.offset + 1})`);
  }
  const bad = scanned.unrunnable;
  if (bad) {
    compileSegs(scanned.segs.slice(0, bad.seg)); // a filter before it fails first
    throw new PathSyntaxError(`${bad.message} (at character ${bad.offset + 1} of ${JSON.stringify(text)})`);
  }
  const segs = compileSegs(scanned.segs);
  return {
    text,
    root: scanned.root,
    variable: scanned.variable,
    segs,
    definite: isDefinite(segs),
    simple: segs.every((s) => s.k === 'prop' || s.k === 'index'),
  };
}
