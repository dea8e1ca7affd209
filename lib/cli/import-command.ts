/**
 * `sfn import EXPORT [--name NAME] [--update [--vars FILE] [--dry-run]] [--vars-out FILE]`: turns a
 * Workflow Studio export (JSON or YAML) into `statemachine/<name>.asl.json` with named placeholders,
 * prints the workflow declaration that binds them, and with --update shows the change as a unified
 * diff before writing it. Exit 0 written (or shown, with --dry-run), 1 when the export is not a
 * valid definition, 2 on a usage error; nothing is written unless everything succeeded, and the
 * template and its values file are written together or not at all (lib/cli/atomic-write.ts).
 */
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { findProjectRoot, loadProject } from '../project/load';
import { bindingsOf, importExport, unifiedDiff, type ImportResult } from '../asl/import';
import { kebabCase } from '../asl/import/naming';
import { SourceError, type Problem } from '../asl/problem';
import { Template, type TemplateValue } from '../asl/template';
import { writeFilesAtomically, WriteError, writeProblem } from './atomic-write';
import { readCliFile, UsageError, type CliIo } from './io';
import { readValues } from './values';

export interface ImportCommandOptions {
  name?: string;
  update?: boolean;
  vars?: string;
  varsOut?: string;
  dryRun?: boolean;
}

const WORKFLOW_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const line = (p: Problem) => `${p.file}:${p.line}:${p.column}: ${p.severity ?? 'error'}: ${p.message}\n`;

/** The workflow name an export's file name suggests: `CRM Lead.asl.json` -> `crm-lead`. */
export function nameFromFile(file: string): string {
  return kebabCase(basename(file).replace(/(\.asl)?\.(json|ya?ml)$/i, '').replace(/\.asl$/i, ''));
}

/** Prefixes the project's deployments put before resource names (from its environments), stripped from imported names; none outside a project. */
function deploymentPrefixes(cwd: string, name: string): string[] {
  const root = findProjectRoot(cwd);
  const environments = root === undefined ? [] : loadProject(root).environments;
  return environments.flatMap((env) => [`${env.namePrefix}-${name}-`, `${env.namePrefix}-`]);
}

/** Where an import writes, checked before anything is read from the project. */
interface ImportTarget {
  name: string;
  /** statemachine/<name>.asl.json, relative to the working directory. */
  target: string;
  targetPath: string;
  varsOutPath?: string;
  /** The template exists already (it is updated). */
  exists: boolean;
}

/** The template an update replaces, as it is now. */
interface PreviousTemplate {
  text: string;
  previous?: { template: Template; vars?: Record<string, TemplateValue> };
}

export function runImport(io: CliIo, exportFile: string, options: ImportCommandOptions): number {
  const text = orProblems(io, `${exportFile} cannot be imported (nothing written)`, () => readCliFile(io.cwd, exportFile).text);
  if (text === undefined) return 1;
  const where = importTarget(io, exportFile, options);
  const before = orProblems(io, 'the template to update is broken; fix it first (nothing written)', () => previousTemplate(io, where, options));
  if (before === undefined) return 1;
  const exportLabel = relative(io.cwd, resolve(io.cwd, exportFile)) || exportFile;
  const result = orProblems(io, `${exportLabel} cannot be imported (nothing written)`, () =>
    importExport(text, exportLabel, { target: where.target, prefixes: deploymentPrefixes(io.cwd, where.name), previous: before.previous }),
  );
  if (result === undefined || !reportFindings(io, result, exportLabel)) return 1;
  if (options.update) showUpdate(io, where.target, before.text, result);
  if (options.dryRun) {
    io.stderr(`sfn import: --dry-run, nothing written\n`);
    return 0;
  }
  writeImport(where, result, options);
  printBindings(io, where, result, options);
  return 0;
}

/** Runs `read`; when it throws a SourceError, its problems and `failure` go to stderr and the result is undefined. */
function orProblems<T>(io: CliIo, failure: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    for (const p of e.problems) io.stderr(line(p));
    io.stderr(`sfn import: ${failure}\n`);
    return undefined;
  }
}

/** The workflow name, its template and the --vars-out file; a UsageError when the options do not fit together or the files. */
function importTarget(io: CliIo, exportFile: string, options: ImportCommandOptions): ImportTarget {
  const name = options.name ?? nameFromFile(exportFile);
  if (!WORKFLOW_NAME.test(name)) {
    throw new UsageError(
      options.name === undefined
        ? `cannot make a workflow name of ${JSON.stringify(basename(exportFile))}: give one with --name (lower-case words joined by "-", e.g. --name crm-lead)`
        : `--name ${JSON.stringify(name)}: a workflow name is lower-case letters and digits in words joined by "-" (e.g. crm-lead); it names statemachine/<name>.asl.json and the <name>-<env> stacks`,
    );
  }
  if (options.dryRun && !options.update) throw new UsageError('--dry-run shows what --update would change: use it with --update');
  if (options.vars && !options.update) throw new UsageError('--vars gives the values of the template --update replaces: use it with --update');
  const target = join('statemachine', `${name}.asl.json`);
  const targetPath = resolve(io.cwd, target);
  const varsOutPath = options.varsOut === undefined ? undefined : resolve(io.cwd, options.varsOut);
  if (varsOutPath === targetPath) throw new UsageError(`--vars-out ${options.varsOut} is the template itself: choose another file`);
  const varsOutProblem = varsOutPath === undefined ? undefined : writeProblem(varsOutPath, { createFolders: true });
  if (varsOutProblem !== undefined) throw new UsageError(`--vars-out: cannot write ${options.varsOut}: ${varsOutProblem}`);
  const exists = existsSync(targetPath);
  if (exists && !options.update)
    throw new UsageError(`${target} already exists: re-import over it with --update (it keeps the placeholder names and shows the change first), or choose another --name`);
  if (!exists && options.update) throw new UsageError(`--update: ${target} does not exist; import without --update to create it`);
  return { name, target, targetPath, varsOutPath, exists };
}

/** The template an update replaces and the values of its placeholders (--vars); none for a new template. */
function previousTemplate(io: CliIo, where: ImportTarget, options: ImportCommandOptions): PreviousTemplate {
  if (!where.exists) return { text: '' };
  const text = readCliFile(io.cwd, where.target).text;
  return { text, previous: { template: Template.parse(text, where.target), vars: options.vars ? readValues(io.cwd, [], options.vars) : undefined } };
}

/** Prints the import's problems and notes; false when an error means nothing is written. */
function reportFindings(io: CliIo, result: ImportResult, exportLabel: string): boolean {
  for (const p of result.problems) io.stderr(line(p));
  const errors = result.problems.filter((p) => p.severity !== 'warning');
  if (errors.length) {
    io.stderr(`sfn import: ${exportLabel} is not a valid state machine definition: ${errors.length} error${errors.length === 1 ? '' : 's'} (nothing written)\n`);
    return false;
  }
  for (const p of result.notes) io.stderr(line(p));
  return true;
}

/** --update: the change as a unified diff, and the placeholders no longer used. */
function showUpdate(io: CliIo, target: string, previousText: string, result: ImportResult): void {
  const diff = unifiedDiff(previousText, result.text, `a/${target}`, `b/${target}`);
  io.stdout(diff || `${target}: no change\n`);
  for (const n of result.removed) io.stderr(`${target}: \${${n}} is no longer used: remove its binding\n`);
}

/** The template and its values file together or not at all. */
function writeImport(where: ImportTarget, result: ImportResult, options: ImportCommandOptions): void {
  const files = [{ path: where.targetPath, text: result.text }];
  if (where.varsOutPath !== undefined) files.push({ path: where.varsOutPath, text: `${JSON.stringify(result.values, null, 2)}\n` });
  try {
    writeFilesAtomically(files, { createFolders: true });
  } catch (e) {
    if (!(e instanceof WriteError)) throw e;
    const what = e.path === where.varsOutPath ? `--vars-out: cannot write ${options.varsOut}` : `cannot write ${where.target}`;
    throw new UsageError(`${what}: ${e.reason} (nothing written)`);
  }
}

/** The declaration binding the placeholders (stdout) and what was written (stderr). */
function printBindings(io: CliIo, where: ImportTarget, result: ImportResult, options: ImportCommandOptions): void {
  const { name, target } = where;
  io.stdout(
    bindingsOf(result, {
      name,
      membersOnly: existsSync(resolve(io.cwd, 'workflows', `${name}.ts`)),
      hasFunction: (folder) => existsSync(resolve(io.cwd, 'functions', folder, 'src', 'index.ts')),
    }),
  );
  const count = result.placeholders.length;
  io.stderr(
    `wrote ${target}: ${count} placeholder${count === 1 ? '' : 's'}${options.varsOut ? `; their values in ${options.varsOut} (sfn render ${target} --vars ${options.varsOut})` : ''}\n`,
  );
}
