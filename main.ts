/**
 * The cdktf app: for every environment of `config/environments.ts`, the remote-state bootstrap
 * stack `backend-<env>` and one stack `<workflow>-<env>` per workflow of `workflows/`, and the CRM API
 * stack `crm-api-<env>` where the environment configures `crm.api` for crm-lead (no `crm.apiBaseUrl`).
 */
import { App } from 'cdktf';
import { BackendBootstrapStack } from './backend/bootstrap-stack';
import { environments } from './config/environments';
import { loadEnvironments } from './lib/config/environments';
import { withOverrides } from './lib/config/overrides';
import type { Workflow } from './lib/workflow/declaration';
import { CrmApiStack } from './modules/crm-api-stack';
import { WorkflowStack } from './modules/workflow-stack';
import { workflows } from './workflows';

export interface BuildOptions {
  /** Environments config (default: `config/environments.ts`). */
  environments?: unknown;
  workflows?: Workflow[];
  /** Where `cdktf.out` goes (default: `cdktf.out`, or what the cdktf CLI sets). */
  outdir?: string;
  /** Project root holding `functions/` and `statemachine/` (default: the current directory). */
  projectRoot?: string;
}

export function buildApp(options: BuildOptions = {}): App {
  // SFN_ENVIRONMENT_OVERRIDES (a JSON file) adjusts the shipped environments per deployment, e.g. a state
  // bucket name unique in your account (lib/config/overrides.ts); explicit `environments` are taken as given.
  const envs = loadEnvironments(options.environments ?? withOverrides(environments));
  const app = new App({ outdir: options.outdir, skipValidation: false });
  for (const env of envs) {
    new BackendBootstrapStack(app, `backend-${env.name}`, { env });
    const declarations = (options.workflows ?? workflows).map((workflow) => workflow(env));
    // The CRM API, where the environment deploys it (crm.api) and a workflow posts to it (crm-lead without crm.apiBaseUrl).
    const crmApi = declarations.some((d) => CrmApiStack.isClient(d, env)) ? new CrmApiStack(app, `crm-api-${env.name}`, { env, projectRoot: options.projectRoot }) : undefined;
    for (const workflowDeclaration of declarations) {
      const declaration = crmApi ? crmApi.connect(workflowDeclaration) : workflowDeclaration;
      new WorkflowStack(app, `${declaration.name}-${env.name}`, { env, workflow: declaration, projectRoot: options.projectRoot });
    }
  }
  return app;
}

/** Synthesizes every stack; bad input (config, templates, handlers) is reported as its message, without a stack trace. Returns the exit code. */
export function synthesize(): number {
  try {
    buildApp().synth();
    return 0;
  } catch (e) {
    process.stderr.write(`synth failed: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.SFN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = synthesize();
