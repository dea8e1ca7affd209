/**
 * The project a command works on: the nearest folder from the current one up holding
 * `workflows/index.ts` (lib/project/load.ts). A folder without one is a usage error naming what
 * is missing; a project that does not build or validate is reported as its message.
 */
import { ModuleLoadError } from '../bundle/module';
import { ConfigError } from '../config/environments';
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
