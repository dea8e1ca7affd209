/**
 * The cdktf app of a project: for every environment, the remote-state bootstrap stack
 * `backend-<env>`, the stack `<component>-<env>` of each component deployed there, and one stack
 * `<workflow>-<env>` per workflow, whose functions may read the components' outputs (cross-stack
 * references: cdktf orders the stacks).
 */
import { App } from 'cdktf';
import { BackendBootstrapStack } from '../backend/bootstrap-stack';
import { loadEnvironments } from '../lib/environments/environments';
import { withOverrides } from '../lib/environments/overrides';
import type { Project } from '../lib/project/load';
import type { ProjectComponent } from '../lib/project/project';
import { checkDeclarations } from '../lib/workflow/check';
import type { Workflow } from '../lib/workflow/declaration';
import { WorkflowStack } from './workflow-stack';

export interface AppProps {
  /** The environments (`config/environments.ts`), with the overrides of `SFN_ENVIRONMENT_OVERRIDES` merged in, validated here. */
  readonly environments: unknown;
  /** The workflows (`workflows/index.ts`). */
  readonly workflows: readonly Workflow[];
  /** The components (`workflows/index.ts`). @default none */
  readonly components?: readonly ProjectComponent[];
  /** Where `cdktf.out` goes. @default `cdktf.out`, or what the cdktf CLI sets */
  readonly outdir?: string;
  /** Project root holding `functions/` and `statemachine/`. @default the current directory */
  readonly projectRoot?: string;
}

/** The app of a loaded project (lib/project/load.ts): its environments, workflows and components, with `options` over them. */
export function projectApp(project: Project, options: Partial<AppProps> = {}): AppProps {
  return { environments: project.environmentsInput, workflows: project.registry.workflows, components: project.components, projectRoot: project.root, ...options };
}

export function buildApp(props: AppProps): App {
  // SFN_ENVIRONMENT_OVERRIDES (a JSON file) adjusts the environments per deployment, e.g. a state
  // bucket name unique in your account, without editing code (lib/environments/overrides.ts).
  const envs = loadEnvironments(withOverrides(props.environments as Record<string, unknown>));
  const root = props.projectRoot ?? process.cwd();
  const app = new App({ outdir: props.outdir, skipValidation: false });
  for (const env of envs) {
    new BackendBootstrapStack(app, `backend-${env.name}`, { env });
    const outputs = new Map<string, Readonly<Record<string, string>>>();
    for (const component of props.components ?? []) {
      const deployed = component.deploy?.(app, `${component.name}-${env.name}`, env, root);
      if (deployed) outputs.set(component.name, deployed.outputs);
    }
    // Every declaration is checked before any stack is built (lib/workflow/check.ts): a misspelled field fails synth naming it.
    const declarations = props.workflows.map((workflow) => workflow(env));
    checkDeclarations(declarations, {
      root,
      namePrefix: env.namePrefix,
      workflows: declarations.map((d) => d?.name).filter((n): n is string => typeof n === 'string'),
      components: (props.components ?? []).map((c) => c.name),
    });
    for (const declaration of declarations)
      new WorkflowStack(app, `${declaration.name}-${env.name}`, { env, workflow: declaration, projectRoot: props.projectRoot, componentOutputs: outputs });
  }
  return app;
}

/**
 * Synthesizes every stack; bad input (config, settings, templates, handlers) is reported as its
 * message, without a stack trace. `props` may be computed (its errors are reported alike). Returns the exit code.
 */
export function synthesize(props: AppProps | (() => AppProps)): number {
  try {
    buildApp(typeof props === 'function' ? props() : props).synth();
    return 0;
  } catch (e) {
    process.stderr.write(`synth failed: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.SFN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
