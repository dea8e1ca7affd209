/**
 * TestState on a state of a project workflow: the workflow rendered with local values (as `sfn
 * run` renders it), its functions bound to the project's handlers and the local services it needs
 * started, then the engine's testState on the state named (lib/engine/test-state):
 *
 *   const r = await testWorkflowState(project, 'crm-lead', { stateName: 'CreateClient', input: lead, inspectionLevel: 'DEBUG' });
 *
 * A Task without a mock runs as it would in an execution of the workflow here.
 */
import { testState, type TestStateRequest, type TestStateResult } from '../engine';
import type { LocalFunction } from '../engine/types';
import type { Project } from '../project/load';
import { localWorkflow, startWorkflowServices } from './workflows';

export interface WorkflowStateOptions {
  environment?: string;
  dataDir?: string;
  functionEnvironment?: Record<string, string>;
  /** Functions over the workflow's (a `--functions` module). */
  functions?: Record<string, LocalFunction>;
}

export async function testWorkflowState(project: Project, workflow: string, request: Omit<TestStateRequest, 'definition'> & { stateName: string }, options: WorkflowStateOptions = {}): Promise<TestStateResult> {
  const services = await startWorkflowServices(project, [workflow], { environment: options.environment, dataDir: options.dataDir, functionEnvironment: options.functionEnvironment });
  try {
    const w = localWorkflow(project, workflow, { environment: options.environment, services, functionEnvironment: { ...services.functionEnvironment, ...options.functionEnvironment } });
    return await testState({ ...request, definition: w.definition as object }, { ...services.runOptions, functions: { ...w.functions, ...options.functions }, stateMachineName: workflow });
  } finally {
    await services.close();
  }
}
