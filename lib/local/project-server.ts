/**
 * `sfn serve` for a project: a local Step Functions endpoint with every workflow of the project
 * loaded at start as a state machine named after the workflow (rendered with local ARNs, its
 * functions bound, its declared activities created), and the local services the workflows use
 * (DynamoDB, S3, SQS / SNS / EventBridge sinks, ...) started for them. `states:startExecution`
 * tasks start executions of the registry (visible through the API); activity tasks wait for
 * workers polling this endpoint. The functions get `AWS_ENDPOINT_URL_SFN` pointing here, so that a
 * Lambda of a `.waitForTaskToken` task can answer its token.
 */
import { SourceError, formatProblem } from '../asl/problem';
import type { Json, LocalFunction } from '../engine/types';
import { StepFunctionsApiError } from '../services/stepfunctions/integration';
import { mockOverrides, type MockConfig } from './mocks';
import { prepareLocalWorkflow } from './project-workflow';
import { serviceProviders } from '../services';
import { startServices, type LocalServiceProvider, type LocalServices } from '../services/provider';
import type { WorkflowDeclaration } from '../workflow/declaration';
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

export async function startProjectServer(declarations: readonly WorkflowDeclaration[], options: ProjectServerOptions): Promise<ProjectServer> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  // Nested executions and activities are this endpoint's own: the AWS services' stand-ins and the project's are started for it.
  const providers = [...serviceProviders, ...(options.providers ?? [])];
  const services = await startServices(declarations, { region, accountId, dataDir: options.dataDir, projectRoot: options.projectRoot, catalog: declarations }, providers);
  let server: SfnServer | undefined;
  try {
    const mocks = options.mocks;
    const testCases = mocks === undefined ? undefined : (machine: string, testCase: string, definition: Json) => mockOverrides(mocks, machine, testCase, definition);
    const registry = new Registry({ region, accountId, clock: options.clock, pollMs: options.pollMs, runOptions: services.runOptions, testCases, seed: options.seed });
    server = await startSfnServer({ registry, port: options.port });
    const functionEnvironment = { ...services.functionEnvironment, AWS_ENDPOINT_URL_SFN: server.url };
    const loaded: string[] = [];
    const problems: string[] = [];
    const functions: Record<string, LocalFunction> = {};
    for (const declaration of declarations) {
      let workflow;
      try {
        workflow = prepareLocalWorkflow(declaration, { projectRoot: options.projectRoot, region, accountId, functionEnvironment, outputs: services.outputs });
      } catch (e) {
        if (!(e instanceof SourceError)) throw e;
        problems.push(...e.problems.map(formatProblem));
        continue;
      }
      try {
        registry.createStateMachine({ name: declaration.name, definition: JSON.stringify(workflow.definition), type: declaration.type, runOptions: { functions: workflow.functions } });
      } catch (e) {
        // What AWS would refuse to create (an EXPRESS workflow waiting for a task token, ...): reported, the others served.
        if (!(e instanceof StepFunctionsApiError)) throw e;
        problems.push(`${declaration.name}: ${e.code}: ${e.message}`);
        continue;
      }
      Object.assign(functions, workflow.functions);
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
        await services.close();
      },
    };
  } catch (e) {
    await server?.close();
    await services.close();
    throw e;
  }
}
