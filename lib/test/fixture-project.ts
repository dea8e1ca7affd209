/**
 * The fixture project (fixtures/project/): a small project of the toolkit's own, with the two files
 * a team registers (`workflows/index.ts`, `config/environments.ts`), templates, functions, an
 * activity worker and seed data. Toolkit tests run the CLI in it and synthesize its app, so that
 * none of them reads the example app. It lives inside the repository, so that its handlers and
 * worker resolve packages from the repository's node_modules.
 */
import { join } from 'node:path';
import type { AppProps } from '../../modules/app';
import { tempProject, type TempProject } from '../../modules/test/helpers';
import { environments } from './fixtures/project/config/environments';
import { components, workflows } from './fixtures/project/workflows';

/** The fixture project's root: run `sfn` here, or give it as `projectRoot`. */
export const FIXTURE_PROJECT = join(__dirname, 'fixtures', 'project');

export { environments as fixtureEnvironments, workflows as fixtureWorkflows };

/** The fixture project's app (modules/app.ts), as a project's `main.ts` builds it, with `options` over it. */
export function fixtureApp(options: Partial<AppProps> = {}): AppProps {
  return { environments, workflows, components, projectRoot: FIXTURE_PROJECT, ...options };
}

/**
 * `workflows/index.ts` of a project without workflows: what is left of this repository's registry
 * when the examples are removed (README, "Removing the examples").
 */
export const EMPTY_REGISTRY = `/**
 * The project's registry (read by the toolkit: lib/project/project.ts): every workflow it
 * deploys, and the components they use that are not workflows. One line each.
 */
import type { ProjectComponent } from '../lib/project/project';
import type { Workflow } from '../lib/workflow/declaration';

export const workflows: Workflow[] = [];

export const components: ProjectComponent[] = [];
`;

/** A temporary project with the fixture project's environments and no workflow at all. */
export function projectWithoutWorkflows(): TempProject {
  const project = tempProject('sfn-no-workflows-');
  project.writeFile('workflows/index.ts', EMPTY_REGISTRY);
  project.writeFile('config/environments.ts', `export const environments = ${JSON.stringify(environments, null, 2)};\n`);
  return project;
}
