/**
 * The project a command works on: the nearest folder from the current one up holding
 * `workflows/index.ts` (lib/project/load.ts). A folder without one is a usage error naming what
 * is missing; a project that does not build or validate is reported as its message.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ModuleLoadError } from '../bundle/module';
import { ConfigError } from '../environments/environments';
import { findProjectRoot, loadProject, ProjectError, type Project } from '../project/load';
import { DeclarationError } from '../workflow/check';
import { SettingsError } from '../workflow/settings';
import { UsageError, type CliIo } from './io';

/** A project that cannot be read: its files do not build, its environments or settings do not validate (exit 1). */
export class ProjectLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectLoadError';
  }
}

export function cliProject(io: CliIo): Project {
  const root = findProjectRoot(io.cwd);
  if (root === undefined) throw new UsageError(`no workflows/index.ts in ${io.cwd} or above: run sfn in a project (see README, "Your own workflow")`);
  try {
    return loadProject(root);
  } catch (e) {
    if (e instanceof ProjectError) throw new UsageError(e.message);
    if (e instanceof ConfigError || e instanceof SettingsError || e instanceof ModuleLoadError) throw new ProjectLoadError(e.message);
    throw e;
  }
}

/** The project's workflow declarations for an environment, errors of the project as above, an unknown environment a usage error. */
export function cliDeclarations(io: CliIo, environment?: string) {
  const project = cliProject(io);
  try {
    return { project, declarations: project.declarations(environment) };
  } catch (e) {
    if (e instanceof SettingsError || e instanceof DeclarationError) throw new ProjectLoadError(e.message);
    if (e instanceof Error && e.name === 'UnknownEnvironmentError') throw new UsageError(`--environment: ${e.message}`);
    throw e;
  }
}

/**
 * Whether a command's target (`sfn run`, `sfn graph`) names a template file rather than a
 * workflow: anything that looks like a path (a "/" or "\\", or ending in .json), or something
 * other than a folder at that path. The file is then read as such (what is not a regular file is
 * refused, never mistaken for a missing file or a workflow name).
 */
export function isFileTarget(cwd: string, target: string): boolean {
  if (/[/\\]|\.json$/.test(target)) return true;
  try {
    return !statSync(resolve(cwd, target)).isDirectory();
  } catch {
    return false;
  }
}
