/**
 * A workflow of the project, ready for the local engine: its template rendered with deterministic
 * local ARNs (`arn:aws:lambda:<region>:<account>:function:<folder>`) where `main.ts` would put
 * Terraform references, and its functions bound to the project's TypeScript handlers, each with
 * its declared timeout, memory and environment variables.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDefinition, errorsOf } from '../asl/check';
import { SourceError } from '../asl/problem';
import { Template, type TemplateValue } from '../asl/template';
import type { Json, LambdaHandler, LocalFunction } from '../engine/types';
import type { ResourceBinding, WorkflowDeclaration } from '../workflow/declaration';
import { loadProjectHandler } from './load-handler';

export interface LocalWorkflowOptions {
  /** Holds `functions/` and `statemachine/`. Default: the current directory. */
  projectRoot?: string;
  /** Of the local ARNs. Default us-east-1 and 123456789012, as the engine's. */
  region?: string;
  accountId?: string;
  /** Environment variables for every function, over the declared ones (e.g. a local CRM_API_URL). */
  functionEnvironment?: Record<string, string>;
}

export interface LocalWorkflow {
  name: string;
  file: string;
  definition: Json;
  functions: Record<string, LocalFunction>;
  sampleInput: Json;
}

export const localFunctionArn = (name: string, region = 'us-east-1', accountId = '123456789012') =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}`;

/**
 * Sets a function's environment variables while it runs, as Lambda gives each function its own.
 * In-process functions share `process.env`: variables are set when an invocation starts and the
 * previous values come back when no invocation is in flight any more.
 */
function withEnvironment(handler: LambdaHandler, environment: Record<string, string>): LambdaHandler {
  if (!Object.keys(environment).length) return handler;
  return async (event, context) => {
    const saved = envState.inFlight === 0 ? Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]])) : undefined;
    if (saved) envState.saved = saved;
    envState.inFlight++;
    Object.assign(process.env, environment);
    try {
      return await handler(event, context);
    } finally {
      envState.inFlight--;
      if (envState.inFlight === 0) {
        for (const [k, v] of Object.entries(envState.saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        envState.saved = {};
      }
    }
  };
}
const envState: { inFlight: number; saved: Record<string, string | undefined> } = { inFlight: 0, saved: {} };

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

/** The text of a workflow's template, `statemachine/<name>.asl.json` under `root`; a SourceError when it cannot be read. */
export function readWorkflowTemplate(workflow: WorkflowDeclaration, root: string): { file: string; text: string } {
  const file = join('statemachine', `${workflow.name}.asl.json`);
  try {
    return { file, text: readFileSync(join(root, file), 'utf8') };
  } catch {
    throw new SourceError([{ file, line: 1, column: 1, message: `cannot read the template of workflow "${workflow.name}"` }]);
  }
}

/** The value of each placeholder of a workflow, locally: function ARNs, plain values, resources in the form their field needs. */
export function localBindingValues(workflow: WorkflowDeclaration, region?: string, accountId?: string): Record<string, TemplateValue> {
  const values: Record<string, TemplateValue> = {};
  for (const [placeholder, binding] of Object.entries(workflow.bindings)) {
    values[placeholder] =
      binding.kind === 'function'
        ? localFunctionArn(binding.name, region, accountId)
        : binding.kind === 'value'
          ? binding.value
          : localResourceValue(binding, region, accountId);
  }
  return values;
}

export function prepareLocalWorkflow(workflow: WorkflowDeclaration, options: LocalWorkflowOptions = {}): LocalWorkflow {
  const root = resolve(options.projectRoot ?? process.cwd());
  const { file, text } = readWorkflowTemplate(workflow, root);
  const template = Template.parse(text, file);
  const check = checkDefinition(template, localBindingValues(workflow, options.region, options.accountId));
  const errors = errorsOf(check.problems);
  if (errors.length) throw new SourceError(errors);

  const functions: Record<string, LocalFunction> = {};
  for (const [name, decl] of Object.entries(workflow.functions)) {
    const used = Object.fromEntries(Object.entries(decl.uses ?? {}).map(([variable, use]) => [variable, localResourceValue(use.binding, options.region, options.accountId)]));
    const environment = { ...lambdaRuntimeEnvironment(name, decl.memorySize ?? 256, options.region), ...decl.environment, ...used, ...options.functionEnvironment };
    functions[name] = {
      handler: withEnvironment(loadProjectHandler(root, name), environment),
      timeout: decl.timeout ?? 10,
      memorySize: decl.memorySize ?? 256,
    };
  }
  return { name: workflow.name, file, definition: check.definition as Json, functions, sampleInput: workflow.sampleInput as Json };
}

/**
 * The variables the Lambda runtime sets for every function (AWS_REGION above all: the AWS SDK
 * clients of a handler find their region there, as they do when deployed), with local values.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function lambdaRuntimeEnvironment(name: string, memorySize: number, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  };
}

/** What a typed resource binding stands for locally, in its usual form: a table or bus name, a queue URL, an ARN. */
function localResourceValue(binding: ResourceBinding, region = 'us-east-1', accountId = '123456789012'): string {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  switch (binding.kind) {
    case 'table':
    case 'bus':
    case 'bucket':
      return binding.name;
    case 'queue':
      return `https://sqs.${region}.amazonaws.com/${accountId}/${binding.name}`;
    case 'topic':
      return arn('sns', binding.name);
    case 'stateMachine':
      return arn('states', `stateMachine:${binding.name}`);
    case 'activity':
      return arn('states', `activity:${binding.name}`);
  }
}
