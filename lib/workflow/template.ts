/**
 * A workflow's template: where it is (`statemachine/<name>.asl.json`), its text, and the value
 * of each of its placeholders on this machine (what the local engine, the diagrams and the docs
 * render it with).
 */
import { join } from 'node:path';
import { placeholderForms } from '../asl/permissions/derive';
import { SourceError } from '../asl/problem';
import { FileReadError, readSourceFile } from '../asl/source-file';
import type { Template, TemplateValue } from '../asl/template';
import type { WorkflowDeclaration } from './declaration';
import { LOCAL_WHEREABOUTS, RESOURCE_KINDS } from './kinds';

/** The folder of the project's templates. */
export const TEMPLATES_DIR = 'statemachine';

/** The template of the workflow (or template name) `name`, relative to the project root. */
export const templatePath = (name: string): string => join(TEMPLATES_DIR, `${name}.asl.json`);

/** The text of a workflow's template, `statemachine/<name>.asl.json` under `root`; a SourceError when it cannot be read. */
export function readWorkflowTemplate(workflow: WorkflowDeclaration, root: string): { file: string; text: string } {
  const file = templatePath(workflow.name);
  try {
    // Read as every user file is (regular files only, UTF-8; encoding problems located in it).
    return { file, text: readSourceFile(join(root, file), file) };
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError([{ file, line: 1, column: 1, message: `cannot read the template of workflow "${workflow.name}"${e instanceof FileReadError ? `: ${e.reason}` : ''}` }]);
  }
}

/**
 * The value of each placeholder of a workflow, locally: plain values as bound, resources in the
 * form their field needs (lib/workflow/kinds.ts: a function's ARN, a table's name, a queue's URL,
 * ...; with the template, from the field each placeholder fills, as synth renders it).
 */
export function localBindingValues(workflow: WorkflowDeclaration, region?: string, accountId?: string, template?: Template): Record<string, TemplateValue> {
  const at = { region: region ?? LOCAL_WHEREABOUTS.region, accountId: accountId ?? LOCAL_WHEREABOUTS.accountId };
  const forms = template ? placeholderForms(template, (name) => workflow.bindings[name]?.kind).forms : {};
  const values: Record<string, TemplateValue> = {};
  for (const [placeholder, binding] of Object.entries(workflow.bindings)) {
    values[placeholder] = binding.kind === 'value' ? binding.value : RESOURCE_KINDS[binding.kind].local(binding.name, forms[placeholder] ?? RESOURCE_KINDS[binding.kind].defaultForm, at);
  }
  return values;
}

