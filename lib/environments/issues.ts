/**
 * zod issues as one line each, naming where they are: `<owner>, field "a.b": message`, with one
 * line per unknown key ("unknown field (check its spelling)", with the nearest valid name when
 * there is one).
 */
import type { z } from 'zod';
import { suggest } from '../asl/problem';

/** `where(field)` names the owner and field (field empty: the owner itself). `known(field)` lists the valid keys of the object at `field`, for "did you mean". */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  where: (field: string[]) => string,
  known?: (field: string[]) => readonly string[],
): string[] {
  return issues.flatMap((issue) => {
    const field = issue.path.map(String);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((k) => {
          const near = known ? nearestName(k, known(field)) : undefined;
          return `${where([...field, k])}: unknown field (check its spelling${near ? `: did you mean "${near}"?` : ''})`;
        });
      default:
        return [`${where(field)}: ${issue.message}`];
    }
  });
}

/** The keys of the object schema at `path` inside `schema` (through optional, default, nullable, record values, arrays, pipes), for "did you mean". */
export function keysAt(schema: z.ZodType, path: readonly string[]): string[] {
  let s: unknown = schema;
  const inner = (x: unknown): unknown => {
    for (let i = 0; i < 20; i++) {
      const def = (x as { _zod?: { def?: { type?: string; innerType?: unknown; in?: unknown } } })?._zod?.def;
      if (!def) return x;
      if (def.innerType !== undefined) x = def.innerType;
      else if (def.type === 'pipe' && def.in !== undefined) x = def.in;
      else return x;
    }
    return x;
  };
  for (const segment of [...path, '']) {
    s = inner(s);
    const def = (s as { _zod?: { def?: { type?: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown } } })?._zod?.def;
    if (segment === '') return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
    if (def?.type === 'object' && def.shape) s = def.shape[segment];
    else if (def?.type === 'record') s = def.valueType;
    else if (def?.type === 'array') s = def.element;
    else return [];
  }
  return [];
}

/** The valid name nearest to a misspelled one: a small edit away, the same letters in another order, or one starting with it (a truncated name), or undefined. */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const letters = (s: string) => [...s.toLowerCase()].sort().join('');
  return (
    suggest(name, candidates)[0] ??
    candidates.find((c) => lower.length >= 3 && letters(c) === letters(name)) ??
    candidates.find((c) => lower.length >= 3 && c.toLowerCase().startsWith(lower))
  );
}
