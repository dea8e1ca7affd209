/**
 * What synth checks of a workflow's template, without cdktf (for `sfn validate`): every
 * placeholder bound and every binding used, the definition rendered with the bindings' local
 * values valid, and the permissions derivable from it (every Task's target bound to a resource of
 * the right kind, or covered by the declaration's `grants`; an existing resource's actions enough).
 */
import { checkDefinition, errorsOf } from '../asl/check';
import { derivePermissions, type BindingInfo } from '../asl/permissions';
import type { Problem } from '../asl/problem';
import type { Template, TemplateValue } from '../asl/template';
import { isExisting, type WorkflowDeclaration } from './declaration';
import { RESOURCE_KINDS } from './kinds';
import { localBindingValues } from './template';

export interface WorkflowTemplateCheck {
  /** Located in the template (errors, and warnings with `severity`). */
  problems: Problem[];
  /** Problems of the declaration's `grants`. */
  grantErrors: string[];
  /** The definition rendered with the local values, when it rendered. */
  definition?: unknown;
}

/** What each placeholder is bound to, as the permission derivation sees it (a resource the stack creates is encrypted with the workflow's key when its kind is). */
export function bindingInfos(w: WorkflowDeclaration): Record<string, BindingInfo> {
  const infos: Record<string, BindingInfo> = {};
  for (const [name, b] of Object.entries(w.bindings)) {
    if (b.kind === 'value') infos[name] = { kind: 'value' };
    else if (isExisting(b)) infos[name] = { kind: b.kind, allowed: b.existing.actions };
    else infos[name] = { kind: b.kind, encrypted: RESOURCE_KINDS[b.kind].encrypted && b.kind !== 'stateMachine' };
  }
  return infos;
}

/** Checks a workflow's template against its declaration as synth does; `values` override the bindings' local values. */
export function checkWorkflowTemplate(w: WorkflowDeclaration, template: Template, values: Record<string, TemplateValue> = {}): WorkflowTemplateCheck {
  const check = checkDefinition(template, { ...localBindingValues(w, undefined, undefined, template), ...values });
  if (errorsOf(check.problems).length || check.definition === undefined) return { problems: check.problems, grantErrors: [] };
  const derived = derivePermissions({ template, definition: check.definition, bindings: bindingInfos(w), grants: w.grants });
  const problems = [...check.problems, ...derived.problems].sort((a, b) => a.line - b.line || a.column - b.column);
  return { problems, grantErrors: derived.grantErrors, definition: check.definition };
}
