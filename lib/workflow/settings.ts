/**
 * Settings that belong to one workflow or one component of the project (an API URL, a secret's
 * name), per environment, typed and validated with it: the environments schema knows nothing of
 * them, and an environment needs them only where the workflow or component is deployed.
 *
 *   const Settings = z.strictObject({ apiBaseUrl: z.url() });
 *   export const orders = withSettings('orders', Settings, { dev: { apiBaseUrl: '...' } }, (env, s) => ({ ... }));
 */
import type { z } from 'zod';
import type { Environment } from '../environments/environments';
import { describeIssues, keysAt } from '../environments/issues';
import type { Workflow, WorkflowDeclaration } from './declaration';

/** Settings of a workflow or component that do not validate: every problem, one line each, naming the owner, the environment and the field. */
export class SettingsError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid settings:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/**
 * The settings of `owner` in `env`: `values[env.name]` checked against `schema` (with its
 * defaults applied). Throws SettingsError naming the owner, environment and field of each problem.
 */
export function settingsFor<S extends z.ZodType>(owner: string, schema: S, values: Readonly<Record<string, unknown>>, env: Pick<Environment, 'name'>): z.output<S> {
  const given = values[env.name];
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const at = `${owner}, environment "${env.name}"`;
  if (given === undefined) throw new SettingsError([`${at}: no settings for this environment (add "${env.name}" to its settings: ${keysAt(schema, []).join(', ') || 'see its schema'})`]);
  throw new SettingsError(describeIssues(result.error.issues, (f) => (f.length ? `${at}, setting "${f.join('.')}"` : at), (f) => keysAt(schema, f)));
}

/** A workflow with settings of its own per environment: `declare` gets them validated, for the environment being built. */
export function withSettings<S extends z.ZodType>(
  name: string,
  schema: S,
  values: Readonly<Record<string, z.input<S>>>,
  declare: (env: Environment, settings: z.output<S>) => WorkflowDeclaration,
): Workflow {
  return (env) => declare(env, settingsFor(`workflow "${name}"`, schema, values, env));
}
