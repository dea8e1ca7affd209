/**
 * `sfn new NAME [--from EXPORT] [--existing SELECTOR[=ARN]]... [--rename OLD=NEW]... [--dry-run]`:
 * a workflow to start from, registered in the project. Without `--from`, one Lambda Task with
 * Retry and its typed handler; with `--from`, a Workflow Studio export (JSON or YAML, read as
 * `sfn import` reads it) whose every ARN, table name, queue URL, topic, bus, bucket, state machine
 * and activity becomes a placeholder bound to a resource the workflow's stack creates, or with
 * `--existing` to the existing resource by its ARN; a handler per function returning what the
 * workflow reads of its result (lib/cli/new/sample-result.ts), or its event when it reads nothing.
 * Everything is decided and checked first (lib/cli/new/plan.ts); then all files are written, or
 * none (lib/cli/new/write.ts), and nothing that exists is overwritten. Exit 0 written, 1 the export
 * is not a valid definition (nothing written) or the written workflow has tasks whose permission
 * cannot be derived (listed: add the grants shown), 2 usage error (nothing written).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatProblem, SourceError } from '../asl/problem';
import { Template } from '../asl/template';
import { DOCS_DIR, workflowPages } from '../graph/docs';
import { WORKFLOWS_FILE, type Project } from '../project/load';
import { declarationIssues, formatIssue } from '../workflow/check';
import { WORKFLOW_NAME } from '../workflow/schema';
import { templatePath } from '../workflow/template';
import { checkWorkflowTemplate } from '../workflow/verify';
import { bold, UsageError, type CliIo } from './io';
import { defaultPlan, ExportError, ExportPlanner, type Plan, type PlanOptions } from './new/plan';
import { declarationSource, greetingHandler, handlerTest, importedHandler, registerWorkflow, workflowTest } from './new/render';
import { describeTrial, trialRun } from './new/trial';
import { writeAll, WriteAllError, type FileToWrite } from './new/write';
import { cliDeclarations } from './project';

export interface NewCommandOptions {
  from?: string;
  existing?: string[];
  rename?: string[];
  dryRun?: boolean;
}

/** `KEY=VALUE` options as a map (VALUE optional with `optionalValue`). */
function pairs(option: string, values: readonly string[] = [], optionalValue = false): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq === 0 || (eq < 0 && !optionalValue) || (eq > 0 && eq === v.length - 1)) throw new UsageError(`${option} ${JSON.stringify(v)}: expected ${optionalValue ? 'SELECTOR or SELECTOR=ARN' : 'OLD=NEW'}`);
    out.set(eq < 0 ? v : v.slice(0, eq), eq < 0 ? undefined : v.slice(eq + 1));
  }
  return out;
}

/** Decides everything: the plan, from the export or the default. */
function makePlan(io: CliIo, name: string, options: NewCommandOptions, project: Project): Plan {
  const names = project.declarations().map((d) => d.name);
  if (names.includes(name)) throw new UsageError(`workflow "${name}" exists already (${WORKFLOWS_FILE}): choose another NAME`);
  const functionsDir = join(project.root, 'functions');
  const o: PlanOptions = {
    name,
    namePrefixes: project.environments.map((e) => e.namePrefix),
    region: project.environment().region,
    existing: pairs('--existing', options.existing, true),
    renames: new Map([...pairs('--rename', options.rename)].map(([k, v]) => [k, v as string])),
    takenFunctions: new Set(existsSync(functionsDir) ? readdirSync(functionsDir) : []),
    workflows: names,
  };
  for (const [old, renamed] of o.renames)
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(renamed)) throw new UsageError(`--rename ${old}=${renamed}: a declared name is lower-case letters and digits in words joined by "-"`);
  if (options.from === undefined) {
    if (o.existing.size) throw new UsageError('--existing binds resources of an export: use it with --from');
    return defaultPlan(o);
  }
  const exportPath = resolve(io.cwd, options.from);
  let text: string;
  try {
    text = readFileSync(exportPath, 'utf8');
  } catch {
    throw new UsageError(`--from ${options.from}: cannot read this file`);
  }
  return new ExportPlanner(o, text, relative(io.cwd, exportPath) || options.from).plan();
}

/** Every file of the plan, relative to the project root; `docs`: the generated pages too (they need the permissions derived). */
function filesOf(plan: Plan, project: Project, docs: boolean): FileToWrite[] {
  const name = plan.model.name;
  const at = (file: string) => join(project.root, file);
  const files: FileToWrite[] = [
    { path: at(templatePath(name)), text: plan.template },
    { path: at(join('workflows', `${name}.ts`)), text: declarationSource(plan.model, plan.helpers, plan.usesEnv) },
  ];
  for (const h of plan.handlers) {
    files.push({ path: at(join('functions', h.folder, 'src', 'index.ts')), text: h.greeting ? greetingHandler(h.folder, name) : importedHandler(h.folder, name, h.states, h.result) });
    const event = h.greeting ? plan.model.sampleInput : { example: 'event' };
    files.push({ path: at(join('functions', h.folder, 'test', 'index.test.ts')), text: handlerTest(h.folder, event, h.greeting ? { message: 'Hello, Ada!' } : h.result) });
  }
  files.push({ path: at(join('workflows', 'test', `${name}.test.ts`)), text: workflowTest(name) });
  let registry: string;
  try {
    registry = registerWorkflow(readFileSync(at(WORKFLOWS_FILE), 'utf8'), name);
  } catch (e) {
    throw new UsageError(`cannot register "${name}" in ${WORKFLOWS_FILE}: ${e instanceof Error ? e.message : String(e)}`);
  }
  files.push({ path: at(WORKFLOWS_FILE), text: registry, replace: true });
  // The generated pages stay current (npm run docs) where the project keeps them.
  if (docs && existsSync(at(DOCS_DIR))) {
    const pages = workflowPages([...project.declarations(), plan.declaration], project.root, new Map([[name, plan.template]]));
    for (const [file, page] of pages) {
      const path = at(file);
      if (file === `${DOCS_DIR}/${name}.md`) files.push({ path, text: page });
      else if (file === `${DOCS_DIR}/README.md` && (!existsSync(path) || readFileSync(path, 'utf8') !== page)) files.push({ path, text: page, replace: existsSync(path) });
    }
  }
  return files;
}

/** The plan checked as synth would check it: the declaration, and its template against it. */
function checkPlan(plan: Plan, project: Project): string[] {
  const ctx = { ...project.declarationContext(project.defaultEnvironment), root: undefined };
  const issues = declarationIssues(plan.declaration, project.declarations().length, { ...ctx, workflows: [...(ctx.workflows ?? []), plan.model.name] }).map(formatIssue);
  const template = Template.parse(plan.template, templatePath(plan.model.name));
  const check = checkWorkflowTemplate(plan.declaration, template);
  return [...issues, ...check.problems.filter((p) => p.severity !== 'warning').map(formatProblem), ...check.grantErrors];
}

function print(io: CliIo, plan: Plan, files: FileToWrite[], root: string, dryRun: boolean) {
  const width = Math.max(...plan.decisions.map((d) => d.placeholder.length + 3));
  io.stdout(`${bold(io.color, `workflow ${plan.model.name}`)}: ${plan.model.description}\n\nplaceholders and their bindings:\n`);
  for (const d of plan.decisions) io.stdout(`  \${${d.placeholder}}${' '.repeat(width - d.placeholder.length - 3)}  ${d.code}\n  ${' '.repeat(width)}  ${d.why}\n`);
  io.stdout(`\nsample input: ${JSON.stringify(plan.model.sampleInput)}\n\n${dryRun ? 'would write' : 'wrote'}:\n`);
  for (const f of files) io.stdout(`  ${relative(root, f.path)}${f.replace ? ' (updated)' : ''}\n`);
}

export async function runNew(io: CliIo, name: string, options: NewCommandOptions): Promise<number> {
  if (!WORKFLOW_NAME.test(name)) throw new UsageError(`NAME ${JSON.stringify(name)}: a workflow name is lower-case letters and digits in words joined by "-" (e.g. my-flow); it names statemachine/<name>.asl.json and the <name>-<env> stacks`);
  const { project } = cliDeclarations(io);
  let plan: Plan;
  try {
    plan = makePlan(io, name, options, project);
  } catch (e) {
    if (!(e instanceof ExportError || e instanceof SourceError)) throw e;
    for (const p of e.problems) io.stderr(`${formatProblem(p)}\n`);
    io.stderr(`sfn new: ${options.from} cannot be imported (nothing written)\n`);
    return 1;
  }
  for (const n of plan.notes) io.stderr(`${formatProblem(n)}\n`);
  const problems = checkPlan(plan, project);
  const files = filesOf(plan, project, problems.length === 0);
  const existing = files.filter((f) => !f.replace && existsSync(f.path));
  if (existing.length) throw new UsageError(`${existing.map((f) => relative(project.root, f.path)).join(', ')} exist${existing.length === 1 ? 's' : ''} already: sfn new overwrites nothing (choose another NAME, or --rename)`);
  print(io, plan, files, project.root, options.dryRun === true);
  // An imported workflow is run once with the handlers as generated, so that what they do not satisfy shows now.
  if (options.from !== undefined && !problems.length) io.stdout(`\n${describeTrial(await trialRun(plan, project), name)}\n`);
  if (options.dryRun) return 0;
  try {
    writeAll(files);
  } catch (e) {
    if (!(e instanceof WriteAllError)) throw e;
    io.stderr(`sfn new: ${e.message}\n`);
    return 2;
  }
  if (problems.length) {
    io.stderr(`\nsynth and sfn validate will fail until these are fixed in workflows/${name}.ts:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  io.stdout(`\nnext: npm run synth, npx sfn validate, npx sfn run ${name}, npm test\n`);
  return 0;
}
