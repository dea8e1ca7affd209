/**
 * A run of a planned workflow before anything is written: its template rendered with the local
 * values of its bindings, its functions answered as the generated handlers answer (each returns
 * what the workflow reads of its result, or its event: Plan's `handlers`), the local services it needs started as `sfn run` starts them, and its sample input.
 * `sfn new --from` prints the outcome, so that a workflow whose data the generated handlers do not
 * satisfy is known at once.
 */
import { runExecution } from '../../engine';
import type { ExecutionResult, Json, LocalFunction } from '../../engine/types';
import { startLocalServices } from '../../local/services';
import type { Project } from '../../project/load';
import { Template } from '../../asl/template';
import { existingFunctions, localDeclaration } from '../../workflow/local';
import { localBindingValues, templatePath } from '../../workflow/template';
import type { Plan } from './plan';

/** Runs the plan's workflow with its sample input (see the module comment). */
export async function trialRun(plan: Plan, project: Project): Promise<ExecutionResult> {
  const declaration = localDeclaration(plan.declaration);
  const template = Template.parse(plan.template, templatePath(declaration.name));
  const definition = template.renderValue(localBindingValues(declaration, undefined, undefined, template)) as Json;
  const echo: LocalFunction = { handler: async (event) => event, timeout: 10 };
  const results = new Map(plan.handlers.filter((h) => h.result !== undefined).map((h) => [h.folder, h.result as Json]));
  const answer = (name: string): LocalFunction => (results.has(name) ? { handler: async () => structuredClone(results.get(name)), timeout: 10 } : echo);
  const functions = Object.fromEntries([...Object.keys(declaration.functions), ...existingFunctions(declaration)].map((name) => [name, answer(name)]));
  const services = await startLocalServices([declaration], { projectRoot: project.root, catalog: [...project.localDeclarations(), declaration] }, project.localProviders);
  try {
    return await runExecution(definition, declaration.sampleInput as Json, { ...services.runOptions, functions, stateMachineName: declaration.name, clock: 'virtual' });
  } finally {
    await services.close();
  }
}

/** The outcome, for a person: where it failed and what to change. */
export function describeTrial(result: ExecutionResult, workflow: string): string {
  if (result.status === 'SUCCEEDED') return 'a local run with the sample input and the generated handlers: SUCCEEDED';
  const failedIn = [...result.events].reverse().find((e) => e.stateEnteredEventDetails?.name)?.stateEnteredEventDetails?.name;
  return [
    `a local run with the sample input and the generated handlers: ${result.status}${failedIn ? ` in state "${failedIn}"` : ''}: ${result.error ?? ''}${result.cause ? ` (${result.cause})` : ''}`,
    `the generated handlers return what sfn new derived of the template (or their events): write what the workflow expects of them (functions/<folder>/src/index.ts), or its sample input (workflows/${workflow}.ts), then npx sfn run ${workflow}`,
  ].join('\n  ');
}
