/**
 * `sfn serve` for a project: a local Step Functions endpoint with every workflow of the project
 * loaded at start as a state machine named after the workflow (rendered with local values, its
 * declared activities created), answering at once: what is heavy starts when first needed. Every
 * AWS stand-in (lib/services) listens from the start, DynamoDB and S3 starting their servers on
 * their first request or Task (the declared tables and buckets created then); the functions'
 * handlers are loaded, and the project components' stand-ins they read (e.g. an HTTP API on an
 * embedded database) started, when a function of the workflow is first invoked. State machines
 * created through the API use the same stand-ins (queues, tables, topics, buckets created with the
 * SDK against the printed endpoints) and may invoke the project's functions. `states:startExecution`
 * tasks start executions of the registry (visible through the API); activity tasks wait for
 * workers polling this endpoint. The functions get `AWS_ENDPOINT_URL_SFN` pointing here, so that a
 * Lambda of a `.waitForTaskToken` task can answer its token.
 */
import { SourceError, formatProblem } from '../asl/problem';
import type { Json, LocalFunction } from '../engine/types';
import { StepFunctionsApiError } from '../services/stepfunctions/integration';
import { mockOverrides, type MockConfig } from './mocks';
import { localFunctions, renderLocalWorkflow } from './project-workflow';
import { serviceProviders } from '../services';
import { startServices, type LocalServiceContext, type LocalServiceProvider, type LocalServices } from '../services/provider';
import { isComponentOutput, type WorkflowDeclaration } from '../workflow/declaration';
import { Registry } from '../serve/registry';
import { startSfnServer, type SfnServer } from '../serve/server';

export interface ProjectServerOptions {
  projectRoot: string;
  /** Default 8083; 0 for a free port. */
  port?: number;
  region?: string;
  accountId?: string;
  clock?: 'real' | 'virtual';
  /** Where the local services keep their data (S3 objects, ...); a temporary folder by default. */
  dataDir?: string;
  /** GetActivityTask's long poll (default 60 s). */
  pollMs?: number;
  /** The project's own local service providers (its components' stand-ins). */
  providers?: readonly LocalServiceProvider[];
  /** A Step Functions Local mock configuration: StartExecution of `<arn>#<TestCase>` runs that test case (mocks.ts). */
  mocks?: MockConfig;
  /** Seed of the alias routing (RegistryOptions.seed). */
  seed?: number;
}

export interface ProjectServer extends SfnServer {
  services: LocalServices;
  /** The workflows loaded, and those that could not be (their template's problems, file:line:col). */
  loaded: string[];
  problems: string[];
}

/**
 * The functions of a workflow, their handlers loaded (and the components' stand-ins they read
 * started) when one of them is first invoked.
 */
function lazyFunctions(declaration: WorkflowDeclaration, prepare: () => Promise<Record<string, LocalFunction>>): Record<string, LocalFunction> {
  let prepared: Promise<Record<string, LocalFunction>> | undefined;
  const functions: Record<string, LocalFunction> = {};
  for (const [name, decl] of Object.entries(declaration.functions)) {
    functions[name] = {
      handler: async (event, context) => {
        prepared ??= prepare();
        prepared.catch(() => (prepared = undefined));
        return (await prepared)[name].handler(event, context);
      },
      timeout: decl.timeout ?? 10,
      memorySize: decl.memorySize ?? 256,
    };
  }
  return functions;
}

const readsComponents = (w: WorkflowDeclaration) => Object.values(w.functions).some((f) => Object.values(f.environment ?? {}).some(isComponentOutput));

export async function startProjectServer(declarations: readonly WorkflowDeclaration[], options: ProjectServerOptions): Promise<ProjectServer> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const context: Partial<LocalServiceContext> = { region, accountId, dataDir: options.dataDir, projectRoot: options.projectRoot, catalog: declarations };
  // Nested executions and activities are this endpoint's own; every AWS stand-in listens now, its heavy part started when used.
  let components: Promise<LocalServices> | undefined;
  let componentsStarted: LocalServices | undefined;
  // Values read from components' outputs (a parameter's local value) are those of the components once started.
  const services = await startServices(declarations, { ...context, lazy: true, componentOutputs: () => componentsStarted?.outputs ?? {} }, serviceProviders);
  let server: SfnServer | undefined;
  try {
    const mocks = options.mocks;
    const testCases = mocks === undefined ? undefined : (machine: string, testCase: string, definition: Json) => mockOverrides(mocks, machine, testCase, definition);
    const registry = new Registry({ region, accountId, clock: options.clock, pollMs: options.pollMs, runOptions: services.runOptions, testCases, seed: options.seed });
    server = await startSfnServer({ registry, port: options.port });
    const functionEnvironment = { ...services.functionEnvironment, AWS_ENDPOINT_URL_SFN: server.url };
    // The project's components (its own stand-ins), started once, when a function reading them is first invoked.
    const startComponents = () =>
      (components ??= startServices(declarations, { ...context, functionEnvironment, started: services.services }, options.providers ?? []).then((c) => (componentsStarted = c)));
    const loaded: string[] = [];
    const problems: string[] = [];
    const functions: Record<string, LocalFunction> = {};
    for (const declaration of declarations) {
      let definition;
      try {
        definition = renderLocalWorkflow(declaration, { projectRoot: options.projectRoot, region, accountId, functionEnvironment }).definition;
      } catch (e) {
        if (!(e instanceof SourceError)) throw e;
        problems.push(...e.problems.map(formatProblem));
        continue;
      }
      const own = lazyFunctions(declaration, async () => {
        const c = readsComponents(declaration) ? await startComponents() : undefined;
        return localFunctions(declaration, { projectRoot: options.projectRoot, region, accountId, functionEnvironment: { ...functionEnvironment, ...c?.functionEnvironment }, outputs: c?.outputs });
      });
      try {
        registry.createStateMachine({ name: declaration.name, definition: JSON.stringify(definition), type: declaration.type, runOptions: { functions: own } });
      } catch (e) {
        // What AWS would refuse to create (an EXPRESS workflow waiting for a task token, ...): reported, the others served.
        if (!(e instanceof StepFunctionsApiError)) throw e;
        problems.push(`${declaration.name}: ${e.code}: ${e.message}`);
        continue;
      }
      Object.assign(functions, own);
      for (const activity of declaration.activities ?? []) registry.createActivity(activity);
      loaded.push(declaration.name);
    }
    // State machines created through the API may invoke the project's functions too.
    registry.addFunctions(functions);
    const s = server;
    return {
      ...s,
      services,
      loaded,
      problems,
      close: async () => {
        await s.close();
        await (await components?.catch(() => undefined))?.close();
        await services.close();
      },
    };
  } catch (e) {
    await server?.close();
    await services.close();
    throw e;
  }
}
