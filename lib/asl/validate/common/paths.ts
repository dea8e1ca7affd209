/**
 * JSONPath syntax as Step Functions accepts it, for the validator: syntax errors with their
 * offsets and Reference Path classification. The scanning itself is lib/jsonpath/parse.ts, the one
 * parser the engine evaluates from too.
 */
import { JsonPathSyntaxError, scanPath, type PathRoot } from '../../../jsonpath/parse';

export type { PathRoot };

export interface PathInfo {
  root: PathRoot;
  /** The variable name for a `$name` path. */
  variable?: string;
  /** True when the path can only select a single node (a Reference Path). */
  reference: boolean;
  /** Why the path is not a Reference Path, when it is not. */
  notReference?: string;
}

export type PathResult = { ok: true; info: PathInfo } | { ok: false; message: string; offset: number };

/** Parses a JSONPath path (`$...`, `$$...` or `$name...`). Never throws. */
export function parsePath(text: string): PathResult {
  try {
    const p = scanPath(text);
    return { ok: true, info: { root: p.root, variable: p.variable, reference: !p.notReference, notReference: p.notReference } };
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) return { ok: false, message: e.message, offset: e.offset };
    return { ok: false, message: 'invalid path', offset: 0 };
  }
}

export interface PathRules {
  /** Only a Reference Path is allowed. */
  reference?: boolean;
  /** `$$` context paths are allowed (default true). */
  context?: boolean;
  /** `$name` variable references are allowed (default true). */
  variables?: boolean;
}

/**
 * Checks a path against the rules of the field that holds it; returns what is wrong, in a phrase
 * that completes "must be ...", or undefined when the path is fine.
 */
export function pathProblem(text: string, rules: PathRules): string | undefined {
  const r = parsePath(text);
  const what = rules.reference ? 'a reference path' : 'a JSONPath';
  if (!r.ok) return `${what}: ${JSON.stringify(text)} is not valid (${r.message}, at character ${r.offset + 1})`;
  if (rules.context === false && r.info.root === 'context') return `${what} on the state input, not a context path ("$$")`;
  if (rules.variables === false && r.info.root === 'variable') return `${what} on the state input, not a variable reference ("$${r.info.variable}")`;
  if (rules.reference && !r.info.reference)
    return `a reference path, which selects a single node: ${JSON.stringify(text)} uses ${r.info.notReference}`;
  return undefined;
}
