/**
 * Derived statements as they reach the policy: the same actions (and KMS condition) merged into
 * one statement with stable Sids; and the checks of explicit grants (no wildcard action, Resource
 * "*" only where AWS has no resource-level permission).
 */
import { STAR_RESOURCE_ACTIONS, type ResourceRef } from './table';

/** An explicit statement given on the state machine (`grants`). */
export interface Grant {
  sid?: string;
  actions: string[];
  resources: string[];
  /** States whose target is only known at run time and that this grant covers. */
  states?: string[];
}

/** A derived statement. A `kmsKeyOf` resource is the bound resource's key, used only through `viaService`. */
export interface DerivedStatement {
  sid: string;
  actions: string[];
  resources: Array<ResourceRef | { kmsKeyOf: string }>;
  /** `kms:ViaService` condition: `<service>.<region>.amazonaws.com`. */
  viaService?: string;
  /** Further conditions (an `s3:prefix` narrowing s3:ListBucket). */
  condition?: Record<string, Record<string, string[]>>;
  /** The states it comes from, by JSON pointer. */
  from: string[];
}

const ACTION = /^[a-z0-9-]+:[A-Za-z][A-Za-z0-9]*$/;

/** Statements with the same actions (and KMS condition) become one, resources in order of first use, each once. */
export function merge(statements: DerivedStatement[]): DerivedStatement[] {
  const byKey = new Map<string, DerivedStatement>();
  for (const s of statements) {
    const key = `${s.actions.join(',')}|${s.viaService ?? ''}|${JSON.stringify(s.condition ?? {})}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...s, resources: [...s.resources], from: [...s.from] });
      continue;
    }
    for (const r of s.resources) if (!seen.resources.some((x) => JSON.stringify(x) === JSON.stringify(r))) seen.resources.push(r);
    for (const f of s.from) if (!seen.from.includes(f)) seen.from.push(f);
  }
  const used = new Set<string>();
  return [...byKey.values()].map((s) => {
    let sid = s.actions[0] === 'lambda:InvokeFunction' && !s.viaService ? 'InvokeReferencedFunctions' : sidOf(s.actions, s.viaService);
    for (let n = 2; used.has(sid); n++) sid = `${sidOf(s.actions, s.viaService)}${n}`;
    used.add(sid);
    return { ...s, sid };
  });
}

const sidOf = (actions: string[], via?: string) =>
  (via ? `KmsVia${via.charAt(0).toUpperCase()}${via.slice(1)}` : actions[0].replace(/^(.)([^:]*):/, (_, c: string, rest: string) => c.toUpperCase() + rest)).replace(/[^A-Za-z0-9]/g, '');

/** Checks explicit grants: well-formed actions without wildcards, resources, "*" only where AWS has no resource-level permission. */
export function validateGrants(grants: Grant[], stateNames?: Set<string>): string[] {
  const errors: string[] = [];
  grants.forEach((g, i) => {
    const at = `grants[${i}]${g.sid ? ` (${g.sid})` : ''}`;
    if (g.sid !== undefined && !/^[A-Za-z0-9]+$/.test(g.sid)) errors.push(`${at}: sid "${g.sid}" must be letters and digits only`);
    if (!g.actions?.length) errors.push(`${at}: actions must not be empty`);
    for (const a of g.actions ?? []) {
      if (a.includes('*')) errors.push(`${at}: action "${a}" has a wildcard: name each action ("service:Action")`);
      else if (!ACTION.test(a)) errors.push(`${at}: action "${a}" is not of the form "service:Action"`);
    }
    if (!g.resources?.length) errors.push(`${at}: resources must not be empty`);
    for (const r of g.resources ?? []) {
      if (r === '*') {
        const notAllowed = (g.actions ?? []).filter((a) => !STAR_RESOURCE_ACTIONS.has(a));
        if (notAllowed.length) errors.push(`${at}: Resource "*" is only allowed for actions without resource-level permissions (log delivery, X-Ray), not ${notAllowed.join(', ')}`);
      } else if (!r.startsWith('arn:') && !r.includes('${')) errors.push(`${at}: resource "${r}" is not an ARN`);
    }
    if (stateNames) for (const s of g.states ?? []) if (!stateNames.has(s)) errors.push(`${at}: state "${s}" is not a state of this definition`);
  });
  return errors;
}
