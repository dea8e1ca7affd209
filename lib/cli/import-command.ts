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

export function runImport(io: CliIo, exportFile: string, options: ImportCommandOptions): number {
  const exportPath = resolve(io.cwd, exportFile);
  let text: string;
  try {
    text = readCliFile(io.cwd, exportFile).text;
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    for (const p of e.problems) io.stderr(line(p));
    io.stderr(`sfn import: ${exportFile} cannot be imported (nothing written)\n`);
    return 1;
  }
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

  let previous: { template: Template; vars?: Record<string, TemplateValue> } | undefined;
  let previousText = '';
  const exportLabel = relative(io.cwd, exportPath) || exportFile;
  try {
    if (exists) {
      previousText = readCliFile(io.cwd, target).text;
      previous = { template: Template.parse(previousText, target), vars: options.vars ? readValues(io.cwd, [], options.vars) : undefined };
    }
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    for (const p of e.problems) io.stderr(line(p));
    io.stderr(`sfn import: the template to update is broken; fix it first (nothing written)\n`);
    return 1;
  }

  let result: ImportResult;
  try {
    result = importExport(text, exportLabel, { target, prefixes: deploymentPrefixes(io.cwd, name), previous });
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    for (const p of e.problems) io.stderr(line(p));
    io.stderr(`sfn import: ${exportLabel} cannot be imported (nothing written)\n`);
    return 1;
  }
  for (const p of result.problems) io.stderr(line(p));
  const errors = result.problems.filter((p) => p.severity !== 'warning');
  if (errors.length) {
    io.stderr(`sfn import: ${exportLabel} is not a valid state machine definition: ${errors.length} error${errors.length === 1 ? '' : 's'} (nothing written)\n`);
    return 1;
  }
  for (const p of result.notes) io.stderr(line(p));

  if (options.update) {
    const diff = unifiedDiff(previousText, result.text, `a/${target}`, `b/${target}`);
    io.stdout(diff || `${target}: no change\n`);
    for (const n of result.removed) io.stderr(`${target}: \${${n}} is no longer used: remove its binding\n`);
  }
  if (options.dryRun) {
    io.stderr(`sfn import: --dry-run, nothing written\n`);
    return 0;
  }
  // The template and its values file together or not at all.
  const files = [{ path: targetPath, text: result.text }];
  if (varsOutPath !== undefined) files.push({ path: varsOutPath, text: `${JSON.stringify(result.values, null, 2)}\n` });
  try {
    writeFilesAtomically(files, { createFolders: true });
  } catch (e) {
    if (!(e instanceof WriteError)) throw e;
    const what = e.path === varsOutPath ? `--vars-out: cannot write ${options.varsOut}` : `cannot write ${target}`;
    throw new UsageError(`${what}: ${e.reason} (nothing written)`);
  }

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
  return 0;
}
