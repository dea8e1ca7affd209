/**
 * The package's main entry (`require('<project root>')` after `npm run build`): the local engine,
 * and the project's workflows runnable in one line:
 *
 *   const { runWorkflow } = require('sfn-cdktf');
 *   const result = await runWorkflow('hello', { name: 'Ada' });
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { environments } from './config/environments';
import { loadEnvironments } from './lib/config/environments';
import { runExecution } from './lib/engine';
import type { ExecutionResult, Json, RunOptions } from './lib/engine/types';
import { mockOverrides, selectedMockConfig, type MockSelection } from './lib/integrations/mocks';
import { prepareLocalWorkflow, type LocalWorkflow, type LocalWorkflowOptions } from './lib/local/project-workflow';
import { startLocalServices, type LocalServices } from './lib/local/services';
import { startProjectServer, type ProjectServer, type ProjectServerOptions } from './lib/serve/project';
import { workflows } from './workflows';

export { compileStateMachine, runExecution } from './lib/engine';
export type * from './lib/engine/types';
export { startLocalCrmApi, type LocalCrmApi } from './lib/local/crm-api';

/** The project root: the nearest folder up from this file (in the sources or compiled in dist/) with statemachine/ and functions/. */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'statemachine')) && existsSync(join(dir, 'functions'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
const PROJECT_ROOT = projectRoot();

export interface WorkflowRunOptions extends RunOptions, LocalWorkflowOptions {
  /** The environment of `config/environments.ts` whose declarations are used. Default `dev`. */
  environment?: string;
  /**
   * The local services the run uses (from `startLocalServices`), kept running after it so that
   * their state can be read. Default: what the workflow needs is started for the run and stopped after it.
   */
  services?: LocalServices;
  /**
   * Mocked service integrations: a test case of an AWS Step Functions Local mock configuration
   * (`{ config | file, testCase, stateMachine? }`; the state machine defaults to the workflow's
   * name). The mocked Task states never call their resources (lib/integrations/mocks.ts).
   */
  mocks?: MockSelection;
}

export class UnknownWorkflowError extends Error {
  constructor(name: string, known: string[]) {
    super(`unknown workflow "${name}"; the workflows are: ${known.join(', ')}`);
    this.name = 'UnknownWorkflowError';
  }
}

/** The project's workflow declarations for an environment. */
export function workflowDeclarations(environment = 'dev') {
  const env = loadEnvironments(environments).find((e) => e.name === environment);
  if (!env) throw new Error(`unknown environment "${environment}"; environments: ${Object.keys(environments).join(', ')}`);
  return workflows.map((w) => w(env));
}

/** A workflow's declaration, by name. */
export function workflowDeclaration(name: string, environment?: string) {
  const declarations = workflowDeclarations(environment);
  const declaration = declarations.find((d) => d.name === name);
  if (!declaration) throw new UnknownWorkflowError(name, declarations.map((d) => d.name));
  return declaration;
}

/** A workflow of `statemachine/`, rendered with local ARNs and bound to the project's functions. */
export function localWorkflow(name: string, options: WorkflowRunOptions = {}): LocalWorkflow {
  return prepareLocalWorkflow(workflowDeclaration(name, options.environment), { projectRoot: PROJECT_ROOT, ...options });
}

/** Starts the local services (tables, queues, buckets, ...) that these workflows of the project need. */
export function startWorkflowServices(
  names: string[],
  options: { environment?: string; region?: string; accountId?: string; dataDir?: string; projectRoot?: string; functionEnvironment?: Record<string, string> } = {},
) {
  // Nested executions (states:startExecution) may start any workflow of the project.
  const catalog = workflowDeclarations(options.environment);
  return startLocalServices(names.map((n) => workflowDeclaration(n, options.environment)), {
    projectRoot: PROJECT_ROOT,
    catalog,
    ...options,
  });
}

/**
 * Runs a workflow of the project on the local engine; `input` defaults to its sample input. The
 * local services it needs are started for the run unless `options.services` gives them.
 */
export async function runWorkflow(name: string, input?: Json, options: WorkflowRunOptions = {}): Promise<ExecutionResult> {
  const own = options.services === undefined ? await startWorkflowServices([name], options) : undefined;
  const services = (options.services ?? own) as LocalServices;
  try {
    const workflow = localWorkflow(name, { ...options, functionEnvironment: { ...services.functionEnvironment, ...options.functionEnvironment } });
    const mocks = options.mocks === undefined ? undefined : mockOverrides(selectedMockConfig(options.mocks), options.mocks.stateMachine ?? name, options.mocks.testCase, workflow.definition);
    return await runExecution(workflow.definition, input === undefined ? workflow.sampleInput : input, {
      stateMachineName: name,
      ...services.runOptions,
      ...options,
      resources: [...(options.resources ?? []), ...(services.runOptions.resources ?? [])],
      functions: { ...workflow.functions, ...options.functions },
      overrides: { ...mocks, ...options.overrides },
    });
  } finally {
    await own?.close();
  }
}

export { startLocalServices, type LocalServices } from './lib/local/services';
export { MockConfigError, checkMockConfig, loadMockConfig, mockOverrides, parseMockConfig, type MockConfig, type MockSelection } from './lib/integrations/mocks';
export { localDynamoDb } from './lib/local/providers/dynamodb';
export { localMessaging } from './lib/local/providers/messaging';
export { localCrmApi } from './lib/local/providers/crm-api';
export { localStateMachines } from './lib/local/providers/state-machines';
export { localActivityWorkers, localSfnClient } from './lib/local/providers/activity-workers';
export { TaskTokenBroker, TaskTokenError } from './lib/engine';
export { startSfnServer, type SfnServer, type SfnServerOptions } from './lib/serve/server';
export { Registry as SfnRegistry } from './lib/serve/registry';
export type { ProjectServer } from './lib/serve/project';

/**
 * `sfn serve` from code: a local Step Functions endpoint on 127.0.0.1 with the project's workflows
 * loaded (state machines named after them), for @aws-sdk/client-sfn (`localSfnClient(server.url)`).
 */
export function serveWorkflows(options: Partial<ProjectServerOptions> & { environment?: string } = {}): Promise<ProjectServer> {
  return startProjectServer(workflowDeclarations(options.environment), { projectRoot: PROJECT_ROOT, ...options });
}
