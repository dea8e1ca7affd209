/**
 * Secrets Manager for every local run: the local secrets (./secrets.ts) holding the workflows'
 * `localValues.secrets`, the Secrets Manager API on 127.0.0.1 over them (./server.ts; handlers
 * reach it through `AWS_ENDPOINT_URL_SECRETS_MANAGER`, so that a function reads its `readsSecrets`
 * locally as it does deployed). A secret a function reads without a local value is
 * ResourceNotFoundException, with a message naming the function and the field.
 */
import type { WorkflowDeclaration } from '../../workflow/declaration';
import { localValue, readers } from '../local-values';
import { standInProvider, type LocalServiceContext, type LocalServices, type StartedService } from '../provider';
import { LocalSecrets } from './secrets';
import { startSecretsManagerServer } from './server';

export interface LocalSecretsManagerService extends StartedService {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  secrets: LocalSecrets;
}

function declare(secrets: LocalSecrets, workflows: readonly WorkflowDeclaration[], context: LocalServiceContext): void {
  for (const w of workflows)
    for (const [name, value] of Object.entries(w.localValues?.secrets ?? {})) {
      // The first declaration of a name gives its value (a secret several workflows read is created once).
      if (secrets.find(name) === undefined) secrets.create(name, { string: localValue(value, context) });
    }
  for (const w of workflows)
    for (const decl of Object.values(w.functions))
      for (const name of decl.readsSecrets ?? []) if (typeof name === 'string') secrets.unvalued.set(name, readers(workflows, 'readsSecrets', name));
}

export const secretsManagerProvider = standInProvider<LocalSecretsManagerService>(
  'secretsmanager',
  async (context) => {
    const secrets = new LocalSecrets(context.region, context.accountId);
    const server = await startSecretsManagerServer(secrets);
    return { endpoint: server.endpoint, secrets, functionEnvironment: { AWS_ENDPOINT_URL_SECRETS_MANAGER: server.endpoint }, close: () => server.close() };
  },
  (service, workflows, context) => declare(service.secrets, workflows, context),
);

/** The local secrets of started services. */
export const localSecretsManager = (services: LocalServices): LocalSecretsManagerService | undefined =>
  services.services[secretsManagerProvider.name] as LocalSecretsManagerService | undefined;
