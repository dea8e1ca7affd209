/**
 * A workflow of the project, ready for the local engine: its template rendered with deterministic
 * local ARNs (`arn:aws:lambda:<region>:<account>:function:<folder>`) where `main.ts` would put
 * Terraform references, and its functions bound to the project's TypeScript handlers, each with
 * its declared timeout, memory and environment variables.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDefinition, errorsOf } from '../asl/check';
import { SourceError } from '../asl/problem';
import { Template } from '../asl/template';
import type { Json, LocalFunction } from '../engine/types';
import { isComponentOutput, type WorkflowDeclaration } from '../workflow/declaration';
import { LOCAL_WHEREABOUTS, RESOURCE_KINDS } from '../workflow/kinds';
import { existingFunctions } from '../workflow/local';
import { localBindingValues, readWorkflowTemplate } from '../workflow/template';
import { loadProjectHandler } from '../services/lambda/handler';
import { lambdaRuntimeEnvironment, withEnvironment } from '../services/lambda/runtime';
import { onLocalEndpoint } from '../services/sqs/queues';

export interface LocalWorkflowOptions {
  /** Holds `functions/` and `statemachine/`. Default: the current directory. */
  projectRoot?: string;
  /** Of the local ARNs. Default us-east-1 and 123456789012, as the engine's. */
  region?: string;
  accountId?: string;
  /** Environment variables for every function, over the declared ones (e.g. a local CRM_API_URL). */
  functionEnvironment?: Record<string, string>;
  /** The local values of the project components' outputs (`LocalServices.outputs`), for variables declared as `output(...)`. */
  outputs?: Record<string, Record<string, string>>;
}

/** A function variable read from a component's output that nothing gives locally. */
export class UnresolvedOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnresolvedOutputError';
  }
}

export interface LocalWorkflow {
  name: string;
  file: string;
  definition: Json;
  functions: Record<string, LocalFunction>;
  sampleInput: Json;
}

export const localFunctionArn = (name: string, region = LOCAL_WHEREABOUTS.region, accountId = LOCAL_WHEREABOUTS.accountId) =>
  RESOURCE_KINDS.function.local(name, 'arn', { region, accountId });

/** Every function of `functions/`, by folder name, compiled when first invoked: for running any ASL file. */
export function projectFunctions(projectRoot: string): Record<string, LocalFunction> {
  const root = resolve(projectRoot);
  const functions: Record<string, LocalFunction> = {};
  const dir = join(root, 'functions');
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (name.startsWith('_') || !existsSync(join(dir, name, 'src', 'index.ts'))) continue;
    functions[name] = { handler: (event, context) => loadProjectHandler(root, name)(event, context), timeout: 10 };
  }
  return functions;
}

/** The workflow's template rendered with local values (queue URLs on the local SQS's endpoint when the caller gives one) and checked. */
export function renderLocalWorkflow(workflow: WorkflowDeclaration, options: LocalWorkflowOptions = {}): { file: string; definition: Json } {
  const root = resolve(options.projectRoot ?? process.cwd());
  const { file, text } = readWorkflowTemplate(workflow, root);
  const template = Template.parse(text, file);
  const sqs = options.functionEnvironment?.AWS_ENDPOINT_URL_SQS;
  const values = localBindingValues(workflow, options.region, options.accountId, template);
  // Queue URLs on the local SQS's endpoint: an SQS client sends a request to its QueueUrl's host.
  if (sqs !== undefined) for (const [k, b] of Object.entries(workflow.bindings)) if (b.kind === 'queue' && typeof values[k] === 'string') values[k] = onLocalEndpoint(values[k] as string, sqs);
  const check = checkDefinition(template, values);
  const errors = errorsOf(check.problems);
  if (errors.length) throw new SourceError(errors);
  return { file, definition: check.definition as Json };
}

export function prepareLocalWorkflow(workflow: WorkflowDeclaration, options: LocalWorkflowOptions = {}): LocalWorkflow {
  const { file, definition } = renderLocalWorkflow(workflow, options);
  return { name: workflow.name, file, definition, functions: localFunctions(workflow, options), sampleInput: workflow.sampleInput as Json };
}

/**
 * The workflow's functions bound to the project's handlers, each in the environment a run gives
 * it: the Lambda runtime's variables, its declared ones, the resources it `uses` (queues on the
 * local SQS's endpoint when the caller gives one), then the caller's (the local services').
 */
export function localFunctions(workflow: WorkflowDeclaration, options: LocalWorkflowOptions = {}): Record<string, LocalFunction> {
  const root = resolve(options.projectRoot ?? process.cwd());
  const sqs = options.functionEnvironment?.AWS_ENDPOINT_URL_SQS;
  const at = { region: options.region ?? LOCAL_WHEREABOUTS.region, accountId: options.accountId ?? LOCAL_WHEREABOUTS.accountId };
  const functions: Record<string, LocalFunction> = {};
  for (const [name, decl] of Object.entries(workflow.functions)) {
    const used = Object.fromEntries(
      Object.entries(decl.uses ?? {}).map(([variable, use]) => {
        const value = RESOURCE_KINDS[use.binding.kind].local(use.binding.name, RESOURCE_KINDS[use.binding.kind].defaultForm, at);
        return [variable, use.binding.kind === 'queue' && sqs !== undefined ? onLocalEndpoint(value, sqs) : value];
      }),
    );
    const declared = declaredEnvironment(workflow, name, options);
    const environment = { ...lambdaRuntimeEnvironment(name, decl.memorySize ?? 256, options.region), ...declared, ...used, ...options.functionEnvironment };
    functions[name] = {
      handler: withEnvironment(loadProjectHandler(root, name, environment), environment),
      timeout: decl.timeout ?? 10,
      memorySize: decl.memorySize ?? 256,
    };
  }
  // An existing function (another stack's) is not in functions/: its stand-in returns its event.
  for (const name of existingFunctions(workflow)) functions[name] ??= { handler: async (event) => event, timeout: 10, memorySize: 256 };
  return functions;
}

/** A function's declared variables with each component output resolved locally (the caller's value first, then the component's local stand-in). */
function declaredEnvironment(workflow: WorkflowDeclaration, name: string, options: LocalWorkflowOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [variable, value] of Object.entries(workflow.functions[name].environment ?? {})) {
    if (!isComponentOutput(value)) out[variable] = value;
    else if (options.functionEnvironment?.[variable] === undefined) {
      const local = options.outputs?.[value.component]?.[value.output];
      if (local === undefined)
        throw new UnresolvedOutputError(
          `workflow "${workflow.name}": function "${name}" reads ${variable} from output "${value.output}" of component "${value.component}", which no local service gives: ` +
            `register the component with a local stand-in (components in workflows/index.ts), or give ${variable} yourself (sfn run --function-env ${variable}=...)`,
        );
      out[variable] = local;
    }
  }
  return out;
}
