/**
 * Reads the project (lib/project/project.ts) from its two files, compiled by esbuild into this
 * process: `config/environments.ts` (validated) and `workflows/index.ts`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compileAndRequireFresh } from '../bundle/module';
import { loadEnvironments, type Environment } from '../environments/environments';
import { withOverrides } from '../environments/overrides';
import { suggest } from '../asl/problem';
import type { LocalServiceProvider } from '../services/provider';
import { checkDeclarations, declarationIssues, type DeclarationContext, type DeclarationIssue } from '../workflow/check';
import type { WorkflowDeclaration } from '../workflow/declaration';
import { localDeclaration } from '../workflow/local';
import { componentProvider } from './components';
import type { ProjectComponent, ProjectRegistry } from './project';

export const WORKFLOWS_FILE = join('workflows', 'index.ts');
export const ENVIRONMENTS_FILE = join('config', 'environments.ts');

/** The project cannot be read: a file is missing, does not build, or does not export what it must. */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

/** A name that is not one of the project's workflows (or environments), with the nearest ones. */
export class UnknownWorkflowError extends Error {
  constructor(name: string, known: readonly string[], what = 'workflow') {
    const near = suggest(name, known)[0];
    super(`unknown ${what} "${name}"${near ? ` (did you mean "${near}"?)` : ''}; the ${what}s are: ${known.join(', ') || '(none)'}`);
    this.name = what === 'workflow' ? 'UnknownWorkflowError' : 'UnknownEnvironmentError';
  }
}

/** The project's environments, workflows and components, with the declarations of each environment. */
export class Project {
  private readonly byEnvironment = new Map<string, WorkflowDeclaration[]>();

  constructor(
    /** Holds `workflows/`, `config/`, `statemachine/`, `functions/`. */
    readonly root: string,
    readonly environments: readonly Environment[],
    readonly registry: ProjectRegistry,
    /** The environments as `config/environments.ts` gives them (before validation): what a synth of the project starts from. */
    readonly environmentsInput: unknown = {},
  ) {}

  get components(): readonly ProjectComponent[] {
    return this.registry.components ?? [];
  }

  /** `dev` when the project has it, else its first environment. */
  get defaultEnvironment(): string {
    return this.environments.some((e) => e.name === 'dev') ? 'dev' : this.environments[0].name;
  }

  environment(name: string = this.defaultEnvironment): Environment {
    const env = this.environments.find((e) => e.name === name);
    if (!env) throw new UnknownWorkflowError(name, this.environments.map((e) => e.name), 'environment');
    return env;
  }

  /**
   * Every workflow's declaration for an environment (built and checked once: lib/workflow/check.ts).
   * Throws DeclarationError naming the workflow and field of every problem.
   */
  declarations(environment: string = this.defaultEnvironment): WorkflowDeclaration[] {
    let declarations = this.byEnvironment.get(environment);
    if (!declarations) {
      const built = this.built(environment);
      checkDeclarations(built, this.declarationContext(environment, built));
      declarations = built;
      this.byEnvironment.set(environment, declarations);
    }
    return declarations;
  }

  /** Every workflow's declaration as it runs locally: existing resources stood in like its own (lib/workflow/local.ts). */
  localDeclarations(environment?: string): WorkflowDeclaration[] {
    return this.declarations(environment).map(localDeclaration);
  }

  localDeclaration(name: string, environment?: string): WorkflowDeclaration {
    return localDeclaration(this.declaration(name, environment));
  }

  /** Every workflow's declaration with the problems of each (for `sfn validate`, which reports them all and goes on). */
  review(environment: string = this.defaultEnvironment): Array<{ declaration: WorkflowDeclaration; issues: DeclarationIssue[] }> {
    const built = this.built(environment);
    const ctx = this.declarationContext(environment, built);
    return built.map((declaration, i) => ({ declaration, issues: declarationIssues(declaration, i, ctx) }));
  }

  /** What the checks of a declaration know of this project in an environment. */
  declarationContext(environment: string, built: readonly WorkflowDeclaration[] = this.built(environment)): DeclarationContext {
    return {
      root: this.root,
      namePrefix: this.environment(environment).namePrefix,
      workflows: built.map((d) => d?.name).filter((n): n is string => typeof n === 'string'),
      components: this.components.map((c) => c.name),
    };
  }

  private built(environment: string): WorkflowDeclaration[] {
    const env = this.environment(environment);
    return this.registry.workflows.map((w) => w(env));
  }

  declaration(name: string, environment?: string): WorkflowDeclaration {
    const declarations = this.declarations(environment);
    const found = declarations.find((d) => d.name === name);
    if (!found) throw new UnknownWorkflowError(name, declarations.map((d) => d.name));
    return found;
  }

  /** The local stand-ins of the project's components. */
  get localProviders(): LocalServiceProvider[] {
    return this.components.flatMap((c) => componentProvider(c) ?? []);
  }
}

/** The nearest folder from `start` upwards holding `workflows/index.ts`, or undefined. */
export function findProjectRoot(start: string = process.cwd()): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, WORKFLOWS_FILE))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const loaded = new Map<string, { files: string[]; stamp: string; project: Project }>();

/** When these files last changed: the project is read again when one of the files it was built from changed (a registry `sfn new` rewrote, a declaration edited). */
const stampOf = (files: readonly string[]) => files.map((f) => statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0).join('|');

/** The project at `root` (compiled once per process, again when one of its files changes). Throws ProjectError or a configuration error naming the file and field. */
export function loadProject(root: string): Project {
  const key = resolve(root);
  const cached = loaded.get(key);
  if (cached && cached.stamp === stampOf(cached.files)) return cached.project;
  for (const file of [WORKFLOWS_FILE, ENVIRONMENTS_FILE])
    if (!existsSync(join(key, file))) throw new ProjectError(`${key} has no ${file}: a project registers its workflows in ${WORKFLOWS_FILE} and its environments in ${ENVIRONMENTS_FILE}`);
  const files = [join(key, WORKFLOWS_FILE), join(key, ENVIRONMENTS_FILE)];
  const registry = compileAndRequireFresh(key, WORKFLOWS_FILE, 'project/workflows', WORKFLOWS_FILE, files) as Partial<ProjectRegistry>;
  const config = compileAndRequireFresh(key, ENVIRONMENTS_FILE, 'project/environments', ENVIRONMENTS_FILE, files) as { environments?: unknown };
  const input = (config.environments ?? {}) as Record<string, unknown>;
  const project = new Project(key, loadEnvironments(withOverrides(input)), checkRegistry(registry), input);
  loaded.set(key, { files, stamp: stampOf(files), project });
  return project;
}

/** The registry as the project exports it, checked for shape: an array of workflows, components with distinct names. */
export function checkRegistry(registry: Partial<ProjectRegistry>): ProjectRegistry {
  const { workflows, components = [] } = registry;
  if (!Array.isArray(workflows) || workflows.some((w) => typeof w !== 'function'))
    throw new ProjectError(`${WORKFLOWS_FILE} must export "workflows": an array of workflows (functions of the environment returning a declaration)`);
  if (!Array.isArray(components)) throw new ProjectError(`${WORKFLOWS_FILE}: "components" must be an array`);
  const names = new Set<string>();
  for (const [i, c] of components.entries()) {
    if (typeof c?.name !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(c.name))
      throw new ProjectError(`${WORKFLOWS_FILE}: components[${i}] needs a "name" of 1-40 lowercase letters, digits or hyphens`);
    if (names.has(c.name)) throw new ProjectError(`${WORKFLOWS_FILE}: two components are named "${c.name}"`);
    names.add(c.name);
  }
  return { workflows, components };
}
