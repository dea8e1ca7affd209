/** The synthesized Terraform JSON of one shipped workflow's stack, for the example workflows' tests. */
import { Testing } from 'cdktf';
import { environments } from '../config/environments';
import { workflowDeclaration } from '../index';
import { loadEnvironments, type Environment } from '../lib/environments/environments';
import type { Json } from '../modules/test/helpers';
import { WorkflowStack } from '../modules/workflow-stack';

export function workflowStackJson(workflow: string, environment = 'dev'): { env: Environment; json: Json } {
  const env = loadEnvironments(environments).find((e) => e.name === environment);
  if (!env) throw new Error(`no environment "${environment}"`);
  const stack = new WorkflowStack(Testing.app(), `${workflow}-${environment}`, { env, workflow: workflowDeclaration(workflow, environment), projectRoot: `${__dirname}/..` });
  return { env, json: JSON.parse(Testing.synth(stack)) };
}
