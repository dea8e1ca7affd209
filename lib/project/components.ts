/**
 * What the project's components are to local runs: the variables of functions that read a
 * component's outputs (`output('<component>', ...)`), and the component's local stand-in, started
 * when some of those variables are not given by the caller.
 */
import type { LocalServiceProvider } from '../services/provider';
import { isComponentOutput, type WorkflowDeclaration } from '../workflow/declaration';
import type { ProjectComponent } from './project';

/** The environment variables of these workflows' functions that read an output of `component`. */
export function variablesReading(workflows: readonly WorkflowDeclaration[], component: string): string[] {
  const names = new Set<string>();
  for (const w of workflows)
    for (const f of Object.values(w.functions))
      for (const [name, value] of Object.entries(f.environment ?? {})) if (isComponentOutput(value) && value.component === component) names.add(name);
  return [...names];
}

/** The component's local provider, named after it, needed when a function reads one of its outputs that the caller does not give. */
export function componentProvider(component: ProjectComponent): LocalServiceProvider | undefined {
  const local = component.local;
  if (!local) return undefined;
  return {
    name: component.name,
    needed: (workflows) => variablesReading(workflows, component.name).length > 0 || local.needed(workflows),
    async start(workflows, context) {
      const missing = variablesReading(workflows, component.name).filter((v) => context.functionEnvironment?.[v] === undefined);
      if (!missing.length && !local.needed(workflows)) return { close: async () => undefined };
      return local.start(workflows, context);
    },
  };
}
