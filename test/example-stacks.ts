/**
 * What the example app's tests expect to be synthesized, read from its declarations (never a list
 * of today's examples): its environments (config/environments.ts), its workflows and components
 * (workflows/index.ts), and where the CRM API is deployed (api/settings.ts).
 */
import { crmApiSettings } from '../api/settings';
import { environments } from '../config/environments';
import { loadEnvironments } from '../lib/environments/environments';
import { components, workflows } from '../workflows';

export const ENV_NAMES = Object.keys(environments);

/** The workflows' declarations in each environment. */
export const declarationsIn = (env: string) => {
  const validated = loadEnvironments(environments).find((e) => e.name === env)!;
  return workflows.map((w) => w(validated));
};

/** The example workflows' names (as in the default environment, dev). */
export const WORKFLOW_NAMES = declarationsIn(ENV_NAMES.includes('dev') ? 'dev' : ENV_NAMES[0]).map((d) => d.name);

/** Where each component is deployed: the CRM API where api/settings.ts configures it. */
const componentEnvironments: Record<string, (env: string) => boolean> = { 'crm-api': (env) => crmApiSettings[env] !== undefined };

/** The components' stacks (`<component>-<env>`). */
export const COMPONENT_STACKS = ENV_NAMES.flatMap((env) => components.filter((c) => componentEnvironments[c.name]?.(env) ?? true).map((c) => `${c.name}-${env}`));

/** The workflows' stacks (`<workflow>-<env>`). */
export const WORKFLOW_STACKS = ENV_NAMES.flatMap((env) => declarationsIn(env).map((d) => `${d.name}-${env}`));

/** Every stack the app synthesizes: `backend-<env>`, the components' and the workflows' stacks. */
export const STACKS = [...ENV_NAMES.map((env) => `backend-${env}`), ...COMPONENT_STACKS, ...WORKFLOW_STACKS];
