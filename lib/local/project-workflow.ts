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

export function prepareLocalWorkflow(workflow: WorkflowDeclaration, options: LocalWorkflowOptions = {}): LocalWorkflow {
  const root = resolve(options.projectRoot ?? process.cwd());
  const { file, text } = readWorkflowTemplate(workflow, root);
  const template = Template.parse(text, file);
  const check = checkDefinition(template, localBindingValues(workflow, options.region, options.accountId, template));
  const errors = errorsOf(check.problems);
  if (errors.length) throw new SourceError(errors);

  const functions: Record<string, LocalFunction> = {};
  for (const [name, decl] of Object.entries(workflow.functions)) {
    const at = { region: options.region ?? LOCAL_WHEREABOUTS.region, accountId: options.accountId ?? LOCAL_WHEREABOUTS.accountId };
    const used = Object.fromEntries(
      Object.entries(decl.uses ?? {}).map(([variable, use]) => [variable, RESOURCE_KINDS[use.binding.kind].local(use.binding.name, RESOURCE_KINDS[use.binding.kind].defaultForm, at)]),
    );
    const declared = declaredEnvironment(workflow, name, options);
    const environment = { ...lambdaRuntimeEnvironment(name, decl.memorySize ?? 256, options.region), ...declared, ...used, ...options.functionEnvironment };
    functions[name] = {
      handler: withEnvironment(loadProjectHandler(root, name), environment),
      timeout: decl.timeout ?? 10,
      memorySize: decl.memorySize ?? 256,
    };
  }
  // An existing function (another stack's) is not in functions/: its stand-in returns its event.
  for (const name of existingFunctions(workflow)) functions[name] ??= { handler: async (event) => event, timeout: 10, memorySize: 256 };
  return { name: workflow.name, file, definition: check.definition as Json, functions, sampleInput: workflow.sampleInput as Json };
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
