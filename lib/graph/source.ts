/**
 * The definition a diagram is drawn from: a workflow of the project (its template rendered with
 * its bindings as the local engine renders them: local ARNs, names and URLs) or any template file (given values, typed stand-ins for the rest). Only the
 * template is read: no handler is loaded and nothing is started.
 */
import { checkDefinition, errorsOf, standIns } from '../asl/check';
import { SourceError } from '../asl/problem';
import { Template, type TemplateValue } from '../asl/template';
import { localBindingValues, readWorkflowTemplate } from '../workflow/template';
import type { WorkflowDeclaration } from '../workflow/declaration';

export interface GraphSource {
  template: Template;
  /** The rendered definition. */
  definition: unknown;
}

/** Renders a template and checks it; a template error is a SourceError located in the file. */
export function renderForGraph(text: string, file: string, values: Record<string, TemplateValue> = {}): GraphSource {
  const template = Template.parse(text, file);
  const own = Object.fromEntries(template.names.filter((n) => n in values).map((n) => [n, values[n]]));
  const check = checkDefinition(template, { ...standIns(template), ...own });
  const errors = errorsOf(check.problems);
  if (errors.length || check.definition === undefined) throw new SourceError(errors);
  return { template, definition: check.definition };
}

/** A workflow's template rendered with its bindings (`statemachine/<name>.asl.json` under `projectRoot`, or `given`: its text before it is written). */
export function workflowSource(workflow: WorkflowDeclaration, projectRoot: string, given?: { file: string; text: string }): GraphSource {
  const { file, text } = given ?? readWorkflowTemplate(workflow, projectRoot);
  return renderForGraph(text, file, localBindingValues(workflow, undefined, undefined, Template.parse(text, file)));
}
