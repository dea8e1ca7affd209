/**
 * The project: what a team registers with the toolkit, in two files of its own.
 *
 * - `config/environments.ts` exports `environments`: every environment the project deploys to.
 * - `workflows/index.ts` exports `workflows` (one declaration each, see lib/workflow/declaration.ts)
 *   and, when the workflows use parts of the project that are not workflows, `components`: each a
 *   stack of its own (e.g. an HTTP API) and its local stand-in, whose outputs the workflows'
 *   functions read (`output('<component>', '<name>')`).
 *
 * The toolkit reads these two files (lib/project/load.ts) and nothing else of the app.
 */
import type { Construct } from 'constructs';
import type { Environment } from '../environments/environments';
import type { LocalServiceProvider } from '../services/provider';
import type { Workflow } from '../workflow/declaration';

/** A component deployed in an environment: the values of its outputs there (Terraform references). */
export interface DeployedComponent {
  outputs: Readonly<Record<string, string>>;
}

/**
 * A part of the project that is not a workflow, which workflows use: deployed as the stack
 * `<name>-<env>`, stood in locally by a local service provider.
 */
export interface ProjectComponent {
  /** How workflows refer to it (`output('<name>', ...)`); its stacks are `<name>-<env>`. */
  readonly name: string;
  /**
   * Creates the component's stack `id` in `env`, or returns undefined where the component is not
   * deployed. Called by synth only: load cdktf constructs inside it (`require`), so that the
   * local tools never load cdktf.
   */
  deploy?(scope: Construct, id: string, env: Environment, projectRoot: string): DeployedComponent | undefined;
  /**
   * Its local stand-in, started for the runs of workflows that read its outputs (unless the
   * caller gives those variables itself). Its `outputs` give the local value of each output.
   */
  readonly local?: LocalServiceProvider;
}

/** The registry of `workflows/index.ts`. */
export interface ProjectRegistry {
  readonly workflows: readonly Workflow[];
  readonly components?: readonly ProjectComponent[];
}
