/**
 * SSM Parameter Store for every local run: the local parameters (./parameters.ts) holding the
 * workflows' `localValues.parameters` (SecureString unless their `type` says otherwise), the SSM
 * API on 127.0.0.1 over them (./server.ts; handlers reach it through `AWS_ENDPOINT_URL_SSM`, so
 * that a function reads its `readsParameters` locally as it does deployed). A parameter a function
 * reads without a local value is ParameterNotFound, with a message naming the function and the field.
 */
import { isComponentOutput, type WorkflowDeclaration } from '../../workflow/declaration';
import { localValue, readers } from '../local-values';
import { standInProvider, type LocalServiceContext, type LocalServices, type StartedService } from '../provider';
import { LocalParameters } from './parameters';
import { startSsmServer } from './server';

export interface LocalSsmService extends StartedService {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  parameters: LocalParameters;
}

function declare(parameters: LocalParameters, workflows: readonly WorkflowDeclaration[], context: LocalServiceContext): void {
  for (const w of workflows)
    for (const [name, given] of Object.entries(w.localValues?.parameters ?? {})) {
      // The first declaration of a name gives its value (a parameter several workflows read is created once).
      if (parameters.has(name)) continue;
      const { value, type } = typeof given === 'string' || isComponentOutput(given) ? { value: given, type: undefined } : given;
      parameters.put(name, localValue(value, context), type ?? 'SecureString');
    }
  for (const w of workflows)
    for (const decl of Object.values(w.functions))
      for (const name of decl.readsParameters ?? []) if (typeof name === 'string') parameters.unvalued.set(name, readers(workflows, 'readsParameters', name));
}

export const ssmProvider = standInProvider<LocalSsmService>(
  'ssm',
  async (context) => {
    const parameters = new LocalParameters(context.region, context.accountId);
    const server = await startSsmServer(parameters);
    return { endpoint: server.endpoint, parameters, functionEnvironment: { AWS_ENDPOINT_URL_SSM: server.endpoint }, close: () => server.close() };
  },
  (service, workflows, context) => declare(service.parameters, workflows, context),
);

/** The local SSM parameters of started services. */
export const localSsm = (services: LocalServices): LocalSsmService | undefined => services.services[ssmProvider.name] as LocalSsmService | undefined;
