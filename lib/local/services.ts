/**
 * The local services of the project's workflows: every AWS service stand-in of `lib/services/`,
 * nested executions of the project's other workflows and its activity workers, plus the
 * providers the project registers itself (`components` of its registry, e.g. an HTTP API its
 * functions call). Each starts only when a workflow being run needs it.
 */
import { serviceProviders } from '../services';
import { startServices, type LocalServiceContext, type LocalServiceProvider, type LocalServices } from '../services/provider';
import { activityWorkersProvider } from './activity-workers';
import { nestedExecutionsProvider } from './nested-executions';
import type { WorkflowDeclaration } from '../workflow/declaration';

/** The toolkit's providers, in the order they start (activity workers last: they get every other service's environment). */
export const localServiceProviders: readonly LocalServiceProvider[] = [...serviceProviders, nestedExecutionsProvider, activityWorkersProvider];

/** Starts what these workflows need with the toolkit's providers and `extra` ones (the project's own), started after the AWS services. */
export function startLocalServices(
  workflows: readonly WorkflowDeclaration[],
  context: Partial<LocalServiceContext> = {},
  extra: readonly LocalServiceProvider[] = [],
): Promise<LocalServices> {
  return startServices(workflows, context, [...serviceProviders, ...extra, nestedExecutionsProvider, activityWorkersProvider]);
}
