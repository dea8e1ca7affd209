/**
 * What `sfn validate` checks of the project besides each template on its own: every workflow's
 * declaration (lib/workflow/check.ts), located in its file (`workflows/<name>.ts`, else the
 * registry) at the field it names; and each workflow's template against its bindings, as synth
 * checks it (lib/workflow/verify.ts): a placeholder without a binding, a binding without a
 * placeholder, a Task whose permission cannot be derived.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ModuleLoadError } from '../bundle/module';
import { ConfigError } from '../environments/environments';
import { LineIndex, type Problem } from '../asl/problem';
import { Template, type TemplateValue } from '../asl/template';
import { findProjectRoot, loadProject, ProjectError, WORKFLOWS_FILE, type Project } from '../project/load';
import { formatIssue, type DeclarationIssue } from '../workflow/check';
import type { WorkflowDeclaration } from '../workflow/declaration';
import { SettingsError } from '../workflow/settings';
import { templatePath } from '../workflow/template';
import { checkWorkflowTemplate } from '../workflow/verify';
import { UsageError } from './io';

export interface ProjectCheck {
  root: string;
  /** The declarations' problems (and a project that cannot be read), located in the workflows' files. */
  problems: Problem[];
  /** The workflow whose template each file is, by absolute path (only declarations without problems). */
  workflows: Map<string, WorkflowDeclaration>;
  /** Declared workflows whose template does not exist. */
  missing: Problem[];
}

/** The project around `cwd`, or undefined outside one; a project that does not load is one problem at its registry. */
export function checkProject(cwd: string, environment?: string): ProjectCheck | undefined {
  const root = findProjectRoot(cwd);
  if (root === undefined) return undefined;
  const registry = relative(cwd, join(root, WORKFLOWS_FILE)) || WORKFLOWS_FILE;
  let project: Project;
  let reviewed: ReturnType<Project['review']>;
  try {
    project = loadProject(root);
    reviewed = project.review(environment);
  } catch (e) {
    if (e instanceof ProjectError || e instanceof ConfigError || e instanceof SettingsError || e instanceof ModuleLoadError)
      return { root, problems: [{ file: registry, line: 1, column: 1, message: e.message.replace(/\n\s*/g, ' ') }], workflows: new Map(), missing: [] };
    if (e instanceof Error && e.name === 'UnknownEnvironmentError') throw new UsageError(`--environment: ${e.message}`);
    throw e;
  }
  const problems: Problem[] = [];
  const workflows = new Map<string, WorkflowDeclaration>();
  const missing: Problem[] = [];
  for (const { declaration, issues } of reviewed) {
    const file = declarationFile(root, cwd, declaration?.name);
    for (const issue of issues) problems.push({ file, ...locateField(cwd, file, issue), message: formatIssue(issue) });
    if (issues.length) continue;
    const template = join(root, templatePath(declaration.name));
    if (existsSync(template)) workflows.set(resolve(template), declaration);
    else missing.push({ file, line: 1, column: 1, message: `workflow "${declaration.name}": its template ${templatePath(declaration.name)} does not exist` });
  }
  return { root, problems, workflows, missing };
}

/** A workflow's template checked against its declaration; its grants' problems located in the declaration's file. */
export function checkAgainstDeclaration(root: string, cwd: string, file: string, text: string, w: WorkflowDeclaration, values: Record<string, TemplateValue>): Problem[] {
  const template = Template.parse(text, file);
  const own = Object.fromEntries(template.names.filter((n) => n in values).map((n) => [n, values[n]]));
  const { problems, grantErrors } = checkWorkflowTemplate(w, template, own);
  const declFile = declarationFile(root, cwd, w.name);
  const grants = grantErrors.map((message) => ({ file: declFile, ...locateField(cwd, declFile, { field: ['grants'] }), message: `workflow "${w.name}": ${message}` }));
  return [...problems.map((p) => asBindingProblem(p, w.name, cwd, declFile)), ...grants].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/**
 * A value the template check reports as unused or missing is a binding of the declaration: said so,
 * and an unused one located at its key in the declaration's file (where it is to be removed or renamed).
 */
function asBindingProblem(p: Problem, workflow: string, cwd: string, declFile: string): Problem {
  const unused = /^value "([^"]+)" is not used by any placeholder(.*)$/.exec(p.message);
  if (unused) return { ...p, file: declFile, ...locateField(cwd, declFile, { field: ['bindings', unused[1]] }), message: `workflow "${workflow}": binding "${unused[1]}" is not used by any placeholder of ${p.file}${unused[2]}` };
  const missing = /^no value for placeholder (\$\{[^}]+\})(.*); values given: (.*)$/.exec(p.message);
  if (missing) return { ...p, message: `no binding for placeholder ${missing[1]} in workflow "${workflow}"${missing[2]}; its bindings: ${missing[3]}` };
  return p;
}

/** `workflows/<name>.ts` when it exists, else the registry, relative to `cwd`. */
function declarationFile(root: string, cwd: string, name: unknown): string {
  const own = typeof name === 'string' ? join(root, 'workflows', `${name}.ts`) : undefined;
  return relative(cwd, own && existsSync(own) ? own : join(root, WORKFLOWS_FILE));
}

/** Fields named after what they hold, never written as keys of their own in a declaration. */
const GENERIC = new Set(['name', 'kind', 'existing', 'arn', 'actions', 'binding', 'value']);

/** Where a field is in a declaration's file: the last of its names written there as a key (`trigers:`), else 1:1. */
function locateField(cwd: string, file: string, issue: Pick<DeclarationIssue, 'field'>): { line: number; column: number } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch {
    return { line: 1, column: 1 };
  }
  const segments = issue.field.filter((s) => !/^\d+$/.test(s));
  const candidates = [...segments.filter((s) => !GENERIC.has(s)).reverse(), ...segments.filter((s) => GENERIC.has(s)).reverse()];
  for (const segment of candidates) {
    const escaped = segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`(?:^|[\\s{,])(${escaped}|'${escaped}'|"${escaped}")\\s*:`, 'm').exec(text);
    if (m) return new LineIndex(text).locate(m.index + m[0].indexOf(m[1]));
  }
  return { line: 1, column: 1 };
}
