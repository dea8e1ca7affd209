/**
 * The package's main entry (`require('<project root>')` after `npm run build`): the local engine,
 * and the project's workflows runnable in one line:
 *
 *   const { runWorkflow } = require('sfn-cdktf');
 *   const result = await runWorkflow('hello', { name: 'Ada' });
 *
 * The project is the nearest folder up from this file (in the sources or compiled in dist/) with
 * `workflows/index.ts` (lib/project/project.ts), read when first needed.
 */
import { dirname } from 'node:path';
import type { ExecutionResult, Json } from './lib/engine/types';
import { findProjectRoot, loadProject, type Project } from './lib/project/load';
import type { LocalServices } from './lib/services/provider';
import type { ProjectServer, ProjectServerOptions } from './lib/local/project-server';
import type { LocalWorkflow } from './lib/local/project-workflow';
import * as local from './lib/local/workflows';
import { testWorkflowState as testProjectState, type WorkflowStateOptions } from './lib/local/test-workflow-state';
import type { TestStateRequest, TestStateResult } from './lib/engine';
import { invokeFunction as invokeProjectFunction, type InvokeOptions, type InvokeResult } from './lib/local/invoke';
import type { ServicesOptions, WorkflowRunOptions } from './lib/local/workflows';

export { compileStateMachine, runExecution, testState, TestStateError, TaskTokenBroker, TaskTokenError } from './lib/engine';
export type { TestStateRequest, TestStateResult, InspectionData } from './lib/engine';
export type * from './lib/engine/types';
export type { ServicesOptions, WorkflowRunOptions } from './lib/local/workflows';
export type { InvokeOptions, InvokeResult } from './lib/local/invoke';
export { UnknownWorkflowError, ProjectError, loadProject, type Project } from './lib/project/load';

let current: Project | undefined;
/** The project this package belongs to. */
export function project(): Project {
  current ??= loadProject(findProjectRoot(dirname(__filename)) ?? process.cwd());
  return current;
}

/** The project's workflow declarations for an environment (default `dev`). */
export const workflowDeclarations = (environment?: string) => project().declarations(environment);

/** A workflow's declaration, by name. */
export const workflowDeclaration = (name: string, environment?: string) => project().declaration(name, environment);

/** A workflow of `statemachine/`, rendered with local values and bound to the project's functions. */
export const localWorkflow = (name: string, options: WorkflowRunOptions = {}): LocalWorkflow => local.localWorkflow(project(), name, options);

/** Starts the local services (tables, queues, buckets, components' stand-ins, ...) that these workflows of the project need. */
export const startWorkflowServices = (names: string[], options: ServicesOptions = {}): Promise<LocalServices> => local.startWorkflowServices(project(), names, options);

/**
 * Runs a workflow of the project on the local engine; `input` defaults to its sample input. The
 * local services it needs are started for the run unless `options.services` gives them.
 */
export const runWorkflow = (name: string, input?: Json, options: WorkflowRunOptions = {}): Promise<ExecutionResult> => local.runWorkflow(project(), name, input, options);

/**
 * Runs one function of the project with `event` (default `{}`), in the environment a run of its
 * workflow gives it, the local counterpart of `sam local invoke`: resolves with Lambda Invoke's
 * answer `{ StatusCode, ExecutedVersion, Payload, FunctionError? }` (`FunctionError: 'Unhandled'`
 * and the error document as Payload when the function throws or times out).
 */
export const invokeFunction = (name: string, event?: Json, options: InvokeOptions = {}): Promise<InvokeResult> => invokeProjectFunction(project(), name, event, options);

/**
 * `sfn serve` from code: a local Step Functions endpoint on 127.0.0.1 with the project's workflows
 * loaded (state machines named after them), for @aws-sdk/client-sfn (`localSfnClient(server.url)`).
 */
export const serveWorkflows = (options: Partial<ProjectServerOptions> & { environment?: string } = {}): Promise<ProjectServer> => local.serveWorkflows(project(), options);

/**
 * AWS's TestState on a state of a workflow of the project: rendered with local values, its
 * functions bound, the local services it needs started (`sfn test-state --definition <workflow>`).
 */
export const testWorkflowState = (workflow: string, request: Omit<TestStateRequest, 'definition'> & { stateName: string }, options: WorkflowStateOptions = {}): Promise<TestStateResult> =>
  testProjectState(project(), workflow, request, options);

export { startLocalServices } from './lib/local/services';
export type { LocalServices } from './lib/services/provider';
export { MockConfigError, checkMockConfig, loadMockConfig, mockOverrides, parseMockConfig, type MockConfig, type MockSelection } from './lib/local/mocks';
export { localDynamoDb } from './lib/services/dynamodb/provider';
export { localSqs } from './lib/services/sqs/provider';
export { localSns } from './lib/services/sns/provider';
export { localEventBridge } from './lib/services/eventbridge/provider';
export { localSsm } from './lib/services/ssm/provider';
export { localSecretsManager } from './lib/services/secretsmanager/provider';
export { localS3 } from './lib/services/s3/provider';
export { localUnsupportedServices } from './lib/services/unsupported/provider';
export { localMessaging } from './lib/local/messaging';
export { localStateMachines } from './lib/local/nested-executions';
export { localActivityWorkers, localSfnClient } from './lib/local/activity-workers';
export { startSfnServer, type SfnServer, type SfnServerOptions } from './lib/serve/server';
export { Registry as SfnRegistry } from './lib/serve/registry';
export type { ProjectServer } from './lib/local/project-server';
