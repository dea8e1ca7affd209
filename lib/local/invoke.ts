/**
 * One function of the project run with an event, the local counterpart of `sam local invoke`
 * (`sfn invoke FUNCTION`, `invokeFunction(name, event)`): in the environment a run of its workflow
 * gives it (the Lambda runtime's variables, its declared ones and the resources it uses, the
 * endpoints of every local stand-in with what its workflow declares: tables, queues, parameters,
 * ...; the components' stand-ins it reads), invoked as a Task of the engine invokes it (its
 * timeout, `Sandbox.Timedout`, the error document of a thrown error). The answer is Lambda
 * Invoke's: `{ StatusCode, ExecutedVersion, Payload[, FunctionError] }`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runExecution } from '../engine';
import type { Json } from '../engine/types';
import type { Project } from '../project/load';
import type { LocalServices } from '../services/provider';
import { RESOURCE_KINDS, LOCAL_WHEREABOUTS } from '../workflow/kinds';
import type { WorkflowDeclaration } from '../workflow/declaration';
import { localFunctions } from './project-workflow';
import { startWorkflowServices } from './workflows';

export interface InvokeOptions {
  /** The workflow whose declaration of the function is used (needed when several declare it). */
  workflow?: string;
  /** The environment of config/environments.ts whose declarations are used. Default: the project's default. */
  environment?: string;
  /** Variables over the function's own and the local services' (e.g. a CRM of your own). */
  functionEnvironment?: Record<string, string>;
  /** Local services already running (from `startWorkflowServices`), kept after the call. Default: started for the call. */
  services?: LocalServices;
  /** Where the local services keep their data (S3 objects in `<dataDir>/s3`). */
  dataDir?: string;
}

/** What Lambda's Invoke answers (the payload parsed). */
export interface InvokeResult {
  StatusCode: 200;
  ExecutedVersion: '$LATEST';
  /** `Unhandled` when the function threw or timed out; Payload is then the error document. */
  FunctionError?: 'Unhandled';
  Payload: Json;
}

/** A function name that no workflow declares and no handler has, or that several workflows declare. */
export class FunctionChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionChoiceError';
  }
}

/** The declaration of the function: its workflow's, or a bare one for a handler no workflow declares. */
export function functionDeclaration(project: Project, name: string, options: InvokeOptions = {}): { workflow: WorkflowDeclaration; declared: boolean } {
  const declarations = project.declarations(options.environment);
  const declaring = declarations.filter((w) => Object.prototype.hasOwnProperty.call(w.functions, name));
  if (options.workflow !== undefined) {
    const workflow = project.declaration(options.workflow, options.environment);
    if (!declaring.includes(workflow)) throw new FunctionChoiceError(`workflow "${options.workflow}" does not declare function "${name}"; ${declaring.length ? `it is declared by ${declaring.map((w) => w.name).join(', ')}` : 'no workflow declares it'}`);
    return { workflow, declared: true };
  }
  if (declaring.length > 1) throw new FunctionChoiceError(`function "${name}" is declared by the workflows ${declaring.map((w) => w.name).join(', ')}: choose one with --workflow (its declaration gives the function's variables)`);
  if (declaring.length === 1) return { workflow: declaring[0], declared: true };
  if (!existsSync(join(project.root, 'functions', name, 'src', 'index.ts'))) {
    const known = [...new Set(declarations.flatMap((w) => Object.keys(w.functions)))].sort();
    throw new FunctionChoiceError(`no function "${name}": no workflow declares it and there is no functions/${name}/src/index.ts; the functions are: ${known.join(', ') || '(none)'}`);
  }
  return { workflow: { name, description: '', functions: { [name]: {} }, bindings: {}, sampleInput: {} }, declared: false };
}

/** Runs function `name` of the project with `event` (default `{}`). */
export async function invokeFunction(project: Project, name: string, event: Json = {}, options: InvokeOptions = {}): Promise<InvokeResult> {
  const { workflow, declared } = functionDeclaration(project, name, options);
  const own = options.services === undefined ? await startWorkflowServices(project, declared ? [workflow.name] : [], { environment: options.environment, dataDir: options.dataDir, functionEnvironment: options.functionEnvironment }) : undefined;
  const services = (options.services ?? own) as LocalServices;
  try {
    const functions = localFunctions(workflow, {
      projectRoot: project.root,
      functionEnvironment: { ...services.functionEnvironment, ...options.functionEnvironment },
      outputs: services.outputs,
    });
    // A one-state machine: the function is invoked exactly as a Task of a workflow invokes it.
    const arn = RESOURCE_KINDS.function.local(name, 'arn', LOCAL_WHEREABOUTS);
    const r = await runExecution({ StartAt: 'Invoke', States: { Invoke: { Type: 'Task', Resource: arn, End: true } } }, event, { ...services.runOptions, functions: { [name]: functions[name] }, clock: 'real', history: false });
    if (r.status === 'SUCCEEDED') return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: r.output ?? null };
    return { StatusCode: 200, ExecutedVersion: '$LATEST', FunctionError: 'Unhandled', Payload: errorDocument(r.error, r.cause) };
  } finally {
    await own?.close();
  }
}

/** Lambda's error document (`{errorType, errorMessage, trace}`) from the failure the engine reports (its cause is that document). */
function errorDocument(error: string | undefined, cause: string | undefined): Json {
  try {
    const doc = JSON.parse(cause ?? '') as Json;
    if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) return doc;
  } catch {
    // not a document: built below
  }
  return { errorType: error ?? 'Error', errorMessage: cause ?? '' };
}
