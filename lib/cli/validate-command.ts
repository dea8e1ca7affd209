/** `sfn validate [FILE...]`: checks templates; exit 0 when all are valid, 1 when not. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkTemplate, errorsOf, locate, standIns, type TemplateCheck } from '../asl/check';
import type { TemplateValue } from '../asl/template';
import type { Problem } from '../asl/problem';
import { bold, dim, green, red, UsageError, yellow, type CliIo } from './io';
import { checkAgainstDeclaration, checkProject, type ProjectCheck } from './validate-project';
import { readValues } from './values';

export interface ValidateOptions {
  json?: boolean;
  /** Also ask AWS (ValidateStateMachineDefinition), when credentials exist. */
  remote?: boolean;
  var?: string[];
  vars?: string;
  /** The environment whose declarations the workflows' templates are checked against (default: the project's, dev). */
  environment?: string;
}

export const DEFAULT_TEMPLATES_DIR = 'statemachine';

/** The template files named, directories expanded to their `*.asl.json`; default `statemachine/` (none when a project has no such folder yet). */
export function templateFiles(cwd: string, args: string[]): string[] {
  const named = args.length ? args : [DEFAULT_TEMPLATES_DIR];
  const files: string[] = [];
  for (const arg of named) {
    const path = resolve(cwd, arg);
    if (!existsSync(path) && !args.length) continue;
    if (!existsSync(path)) throw new UsageError(`${arg}: no such file or directory`);
    if (statSync(path).isDirectory()) {
      const found = readdirSync(path).filter((f) => f.endsWith('.asl.json')).sort();
      if (!found.length && args.length) throw new UsageError(`${arg}: no *.asl.json files in this directory`);
      files.push(...found.map((f) => join(path, f)));
    } else files.push(path);
  }
  return files;
}

export interface FileResult extends TemplateCheck {
  file: string;
}

export function validateFiles(cwd: string, files: string[], values: Record<string, TemplateValue>, project?: ProjectCheck): FileResult[] {
  return files.map((path) => {
    const file = relative(cwd, path) || path;
    const text = readFileSync(path, 'utf8');
    // A workflow's template: checked against its declaration's bindings, as synth checks it.
    const workflow = project?.workflows.get(resolve(path));
    if (workflow && project) {
      const first = checkTemplate(text, file, undefined);
      if (!first.template) return { file, ...first };
      return { file, template: first.template, problems: checkAgainstDeclaration(project.root, cwd, file, text, workflow, values) };
    }
    // Given values fill the placeholders they name; the others get typed stand-ins.
    const first = checkTemplate(text, file, undefined);
    if (!first.template || !Object.keys(values).length) return { file, ...first };
    const own = Object.fromEntries(first.template.names.filter((n) => n in values).map((n) => [n, values[n]]));
    return { file, ...checkTemplate(text, file, { ...standIns(first.template), ...own }) };
  });
}

/** Adds what AWS's ValidateStateMachineDefinition says of each rendered definition, located in its template. */
async function addRemoteProblems(io: CliIo, results: FileResult[]): Promise<boolean> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { hasAwsCredentials, validateRemote, RemoteValidationError } = await import('../asl/remote/validate-remote');
  if (!(await hasAwsCredentials())) {
    io.stderr('sfn: --remote: no AWS credentials found, so only the local checks ran\n');
    return true;
  }
  for (const r of results) {
    if (!r.template || r.definition === undefined) continue;
    try {
      for (const d of await validateRemote(JSON.stringify(r.definition))) {
        const { line, column } = locate(r.template, { pointer: d.pointer ?? '' });
        r.problems.push({
          file: r.file,
          line,
          column,
          pointer: d.pointer,
          message: `AWS: ${d.message} [${d.code}]`,
          ...(d.severity === 'WARNING' ? { severity: 'warning' as const } : {}),
        });
      }
    } catch (e) {
      if (!(e instanceof RemoteValidationError)) throw e;
      io.stderr(`sfn: --remote: ${r.file}: ${e.message}\n`);
      return false;
    }
  }
  return true;
}

/** The declarations' problems as results of their own files (after the templates'). */
function declarationResults(project: ProjectCheck | undefined, all: boolean): FileResult[] {
  const problems: Problem[] = [...(project?.problems ?? []), ...(all ? (project?.missing ?? []) : [])];
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  return [...byFile].map(([file, list]) => ({ file, problems: list.sort((a, b) => a.line - b.line || a.column - b.column) }));
}

export async function runValidate(io: CliIo, args: string[], options: ValidateOptions): Promise<number> {
  const files = templateFiles(io.cwd, args);
  const values = readValues(io.cwd, options.var, options.vars);
  const project = checkProject(io.cwd, options.environment);
  const results = [...validateFiles(io.cwd, files, values, project), ...declarationResults(project, !args.length)];
  if (options.remote && !(await addRemoteProblems(io, results))) return 1;
  const invalid = results.filter((r) => errorsOf(r.problems).length);
  if (options.json) {
    io.stdout(
      `${JSON.stringify(
        {
          valid: invalid.length === 0,
          files: results.map((r) => ({
            file: r.file,
            valid: errorsOf(r.problems).length === 0,
            problems: r.problems.map(({ line, column, pointer, message, severity }) => ({ line, column, pointer: pointer ?? null, severity: severity ?? 'error', message })),
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const r of results)
      for (const p of r.problems) {
        const kind = p.severity === 'warning' ? yellow(io.color, 'warning') : red(io.color, 'error');
        io.stdout(`${bold(io.color, `${p.file}:${p.line}:${p.column}`)}: ${kind}: ${p.message}\n`);
      }
    const count = results.reduce((n, r) => n + errorsOf(r.problems).length, 0);
    io.stderr(
      !results.length
        ? `${green(io.color, 'ok')} ${dim(io.color, `no templates in ${DEFAULT_TEMPLATES_DIR}/ yet`)}\n`
        : invalid.length
        ? `${red(io.color, `${count} problem${count === 1 ? '' : 's'}`)} in ${invalid.length} of ${results.length} ${results.some((r) => !r.file.endsWith('.asl.json')) ? 'file' : 'template'}${results.length === 1 ? '' : 's'}\n`
        : `${green(io.color, 'ok')} ${dim(io.color, `${results.length} template${results.length === 1 ? '' : 's'} valid`)}\n`,
    );
  }
  return invalid.length ? 1 : 0;
}
