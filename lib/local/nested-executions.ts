/**
 * Nested executions for the workflows that bind `stateMachine(...)`: `states:startExecution`
 * (request-response, `.sync`, `.sync:2`) starts the named workflow of the project on the local
 * engine, rendered with local ARNs and bound to its functions, with the local services it needs
 * itself (started when it is first started, stopped with these).
 *
 * The execution directory answers as the StartExecution API: an ARN naming no workflow is
 * `StateMachineDoesNotExist`, a name already used for that state machine `ExecutionAlreadyExists`,
 * an invalid name `InvalidName` (API reference, StartExecution: 1-80 characters, none of
 * whitespace, `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /` or control characters).
 */
import { randomUUID } from 'node:crypto';
import { runExecution } from '../engine';
import type { ExecutionResult, Json } from '../engine/types';
import { StepFunctionsApiError, startExecutionInvoker, type ExecutionDirectory } from '../services/stepfunctions/integration';
import type { WorkflowDeclaration } from '../workflow/declaration';
import { prepareLocalWorkflow, type LocalWorkflow } from './project-workflow';
import { startServices, type LocalServiceContext, type LocalServiceProvider, type LocalServices, type StartedService } from '../services/provider';

export interface NestedExecution {
  executionArn: string;
  stateMachine: string;
  input: Json;
  parentStateName: string;
  done: Promise<ExecutionResult>;
}

export interface LocalStateMachinesService extends StartedService {
  directory: ExecutionDirectory;
  /** Every execution started, in order. */
  executions: NestedExecution[];
}

const STATE_MACHINE_ARN = /^arn:[^:]+:states:([^:]*):([^:]*):stateMachine:([^:]+)$/;
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/** The project's workflows as an ExecutionDirectory (the other workflows' services started on demand). */
export function projectExecutionDirectory(context: LocalServiceContext, workflows: readonly WorkflowDeclaration[]) {
  const catalog = context.catalog ?? workflows;
  const prepared = new Map<string, Promise<{ workflow: LocalWorkflow; services: LocalServices }>>();
  const names = new Set<string>();
  const executions: NestedExecution[] = [];

  const prepare = (declaration: WorkflowDeclaration) => {
    let p = prepared.get(declaration.name);
    if (p === undefined) {
      p = (async () => {
        const services = await startServices([declaration], context, context.providers ?? []);
        try {
          const workflow = prepareLocalWorkflow(declaration, {
            projectRoot: context.projectRoot,
            region: context.region,
            accountId: context.accountId,
            functionEnvironment: services.functionEnvironment,
          });
          return { workflow, services };
        } catch (e) {
          await services.close();
          throw e;
        }
      })();
      prepared.set(declaration.name, p);
      p.catch(() => prepared.delete(declaration.name));
    }
    return p;
  };

  const directory: ExecutionDirectory = {
    async start({ stateMachineArn, input, name, parentStateName }) {
      const m = STATE_MACHINE_ARN.exec(stateMachineArn);
      if (m === null) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${stateMachineArn}'`);
      const declaration = catalog.find((w) => w.name === m[3]);
      if (declaration === undefined || m[1] !== context.region || m[2] !== context.accountId) {
        throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
      }
      const executionName = name ?? randomUUID();
      if (executionName.length === 0 || executionName.length > 80 || INVALID_NAME.test(executionName)) {
        throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${executionName}'`);
      }
      const executionArn = `arn:aws:states:${context.region}:${context.accountId}:execution:${declaration.name}:${executionName}`;
      if (names.has(executionArn)) throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      names.add(executionArn);
      const { workflow, services } = await prepare(declaration);
      const startDate = new Date();
      const done = runExecution(workflow.definition, input, {
        ...services.runOptions,
        functions: workflow.functions,
        stateMachineName: declaration.name,
        executionName,
        region: context.region,
        accountId: context.accountId,
        startTime: startDate,
      });
      done.catch(() => undefined);
      executions.push({ executionArn, stateMachine: declaration.name, input, parentStateName, done });
      return { executionArn, startDate, done };
    },
  };

  const close = async () => {
    const all = await Promise.allSettled([...prepared.values()]);
    prepared.clear();
    for (const r of all) if (r.status === 'fulfilled') await r.value.services.close();
  };
  return { directory, executions, close };
}

export const nestedExecutionsProvider: LocalServiceProvider<LocalStateMachinesService> = {
  name: 'state-machines',
  needed: (workflows) => workflows.some((w) => Object.values(w.bindings).some((b) => b.kind === 'stateMachine')),
  async start(workflows, context) {
    const { directory, executions, close } = projectExecutionDirectory(context, workflows);
    return { directory, executions, invokers: [startExecutionInvoker(directory)], close };
  },
};

/** The nested executions of started services, or undefined when none of their workflows binds a state machine. */
export const localStateMachines = (services: LocalServices): LocalStateMachinesService | undefined =>
  services.services[nestedExecutionsProvider.name] as LocalStateMachinesService | undefined;
