/**
 * A declaration as it runs on this machine: each existing resource it binds (`existing(arn, ...)`,
 * another stack's or account's) becomes one of the workflow's own, named as in its ARN, so that the
 * local services stand it in like a declared resource of its kind (lib/services/); an existing
 * function is answered by a stand-in returning its event (lib/local/project-workflow.ts). Nothing
 * here reaches AWS: the local values of its bindings are the local ARNs, names and URLs of the
 * kinds table.
 */
import { isExisting, type Binding, type TableDeclaration, type WorkflowDeclaration } from './declaration';
import { RESOURCE_KINDS } from './kinds';

/** A table's keys when its existing(...) gives none: what its local stand-in is created with. */
export const DEFAULT_LOCAL_TABLE: TableDeclaration = { partitionKey: { name: 'id', type: 'S' } };

/** Every binding of the workflow: its placeholders' and its functions' `uses`. */
export function allBindings(w: WorkflowDeclaration): Binding[] {
  return [...Object.values(w.bindings), ...Object.values(w.functions).flatMap((f) => Object.values(f.uses ?? {}).map((u) => u.binding))];
}

/** The names of the existing functions a workflow binds (stood in locally by a function returning its event). */
export function existingFunctions(w: WorkflowDeclaration): string[] {
  return [...new Set(allBindings(w).filter((b) => b.kind === 'function' && isExisting(b)).map((b) => (b as { name: string }).name))];
}

/** The declaration with its existing resources declared as its own (see the module comment); the same object when it has none. */
export function localDeclaration(w: WorkflowDeclaration): WorkflowDeclaration {
  const existing = allBindings(w).filter(isExisting);
  if (!existing.length) return w;
  const local: Record<string, unknown> = { ...w };
  for (const b of existing) {
    const field = RESOURCE_KINDS[b.kind].declaredIn;
    if (!field || field === 'functions') continue;
    const shape = RESOURCE_KINDS[b.kind].declaration?.shape;
    if (shape === 'names') {
      const names = (local[field] as string[] | undefined) ?? [];
      if (!names.includes(b.name)) local[field] = [...names, b.name];
    } else {
      const entries = (local[field] as Record<string, unknown> | undefined) ?? {};
      if (!(b.name in entries)) local[field] = { ...entries, [b.name]: b.kind === 'table' ? (b.existing.local ?? DEFAULT_LOCAL_TABLE) : {} };
    }
  }
  return local as unknown as WorkflowDeclaration;
}
