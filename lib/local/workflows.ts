/**
 * The project's workflows on this machine: rendered with local values, their functions bound to
 * the project's handlers, the local services they need started (those of lib/services/, nested
 * executions, activity workers, and the project components' stand-ins), run on the engine.
 * The package entry (index.ts) and the `sfn` command call these with the project they load.
 */
import { pickRunOptions, runExecution } from '../engine';
import type { ExecutionResult, Json, RunOptions } from '../engine/types';
import type { Project } from '../project/load';
import type { LocalServiceContext, LocalServices } from '../services/provider';
import { mockOverrides, selectedMockConfig, type MockSelection } from './mocks';
import { startProjectServer, type ProjectServer, type ProjectServerOptions } from './project-server';
import { prepareLocalWorkflow, type LocalWorkflow, type LocalWorkflowOptions } from './project-workflow';
import { startLocalServices } from './services';

export interface WorkflowRunOptions extends RunOptions, LocalWorkflowOptions {
  /** The environment whose declarations are used. Default: the project's default (`dev`). */
  environment?: string;
  /**
   * The local services the run uses (from `startWorkflowServices`), kept running after it so that
   * their state can be read. Default: what the workflow needs is started for the run and stopped after it.
   */
  services?: LocalServices;
  /**
   * Mocked service integrations: a test case of an AWS Step Functions Local mock configuration
   * (`{ config | file, testCase, stateMachine? }`; the state machine defaults to the workflow's
   * name). The mocked Task states never call their resources (lib/local/mocks.ts).
   */
  mocks?: MockSelection;
}

export type ServicesOptions = Partial<Omit<LocalServiceContext, 'catalog' | 'providers'>> & { environment?: string };

/** A workflow of the project, rendered with local values and bound to the project's functions. */
export function localWorkflow(project: Project, name: string, options: WorkflowRunOptions = {}): LocalWorkflow {
  return prepareLocalWorkflow(project.localDeclaration(name, options.environment), {
    projectRoot: project.root,
    ...options,
    outputs: { ...options.services?.outputs, ...options.outputs },
  });
}

/** Starts the local services (tables, queues, buckets, components' stand-ins, ...) that these workflows of the project need. */
export function startWorkflowServices(project: Project, names: readonly string[], options: ServicesOptions = {}): Promise<LocalServices> {
  const { environment, ...context } = options;
  // Nested executions (states:startExecution) may start any workflow of the project.
  const catalog = project.localDeclarations(environment);
  return startLocalServices(
    names.map((n) => project.localDeclaration(n, environment)),
    { projectRoot: project.root, ...context, catalog },
    project.localProviders,
  );
}

/** Runs a workflow of the project on the local engine; `input` defaults to its sample input. */
export async function runWorkflow(project: Project, name: string, input?: Json, options: WorkflowRunOptions = {}): Promise<ExecutionResult> {
  const own = options.services === undefined ? await startWorkflowServices(project, [name], options) : undefined;
  const services = (options.services ?? own) as LocalServices;
  try {
    const workflow = localWorkflow(project, name, { ...options, services, functionEnvironment: { ...services.functionEnvironment, ...options.functionEnvironment } });
    const mocks = options.mocks === undefined ? undefined : mockOverrides(selectedMockConfig(options.mocks), options.mocks.stateMachine ?? name, options.mocks.testCase, workflow.definition);
    return await runExecution(workflow.definition, input === undefined ? workflow.sampleInput : input, {
      stateMachineName: name,
      ...services.runOptions,
      ...pickRunOptions(options),
      resources: [...(options.resources ?? []), ...(services.runOptions.resources ?? [])],
      functions: { ...workflow.functions, ...options.functions },
      overrides: { ...mocks, ...options.overrides },
    });
  } finally {
    await own?.close();
  }
}

/** `sfn serve` from code: a local Step Functions endpoint on 127.0.0.1 with the project's workflows loaded. */
export function serveWorkflows(project: Project, options: Partial<ProjectServerOptions> & { environment?: string } = {}): Promise<ProjectServer> {
  return startProjectServer(project.localDeclarations(options.environment), { projectRoot: project.root, providers: project.localProviders, ...options });
}
