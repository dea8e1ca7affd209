/**
 * The local values of the parameters and secrets the workflows' functions read: each a literal or
 * a component's output (the value the component's stand-in gives, read when first needed: the
 * stand-in may start after the local SSM / Secrets Manager, or only when a function needs it).
 */
import { isComponentOutput, type ComponentOutput, type WorkflowDeclaration } from '../workflow/declaration';
import type { LocalServiceContext } from './provider';

/** A value now, or a value read later (undefined when nothing gives it yet), with where it comes from. */
export type LocalValue = string | ((() => string | undefined) & { source?: string });

export const valueOf = (v: LocalValue): string | undefined => (typeof v === 'function' ? v() : v);

/** A literal, or a component's output read from the started services when asked. */
export function localValue(v: string | ComponentOutput, context: LocalServiceContext): LocalValue {
  if (!isComponentOutput(v)) return v;
  return Object.assign(() => context.componentOutputs?.()[v.component]?.[v.output], { source: `output "${v.output}" of component "${v.component}"` });
}

/** Why a declared value is not there: its component's stand-in is not running in this run. */
export function unavailable(v: LocalValue): string | undefined {
  if (typeof v !== 'function' || v() !== undefined) return undefined;
  return `its local value is ${v.source ?? 'given later'}, and that component's local stand-in is not running in this run (it starts when a function reads one of its outputs through its environment and the caller does not give that variable)`;
}

/** Who reads a parameter or secret that has no local value: `function "x" of workflow "w" (readsParameters)`. */
export function readers(workflows: readonly WorkflowDeclaration[], field: 'readsParameters' | 'readsSecrets', name: string): string[] {
  const out: string[] = [];
  for (const w of workflows)
    for (const [fn, decl] of Object.entries(w.functions)) if ((decl[field] ?? []).some((p) => p === name)) out.push(`function "${fn}" of workflow "${w.name}"`);
  return out;
}
