/**
 * `sfn invoke FUNCTION [--event JSON|@FILE]`: runs one function of the project with an event, in
 * the environment a run of its workflow gives it (lib/local/invoke.ts), the local counterpart of
 * `sam local invoke`. Prints the function's result (exit 0), or the error document as Lambda
 * reports it (`{"errorType", "errorMessage", "trace"}`, exit 1); an unknown function, workflow or
 * environment and a bad event are usage errors (exit 2).
 */
import { FunctionChoiceError, invokeFunction } from '../local/invoke';
import { UnknownWorkflowError } from '../project/load';
import { UsageError, type CliIo } from './io';
import { cliDeclarations } from './project';
import { readFunctionEnv, readInput } from './run-command';

export interface InvokeCommandOptions {
  event?: string;
  workflow?: string;
  environment?: string;
  functionEnv?: string[];
  dataDir?: string;
}

export async function runInvoke(io: CliIo, name: string, options: InvokeCommandOptions): Promise<number> {
  const event = readInput(io, options.event, '--event') ?? {};
  const functionEnvironment = readFunctionEnv(options.functionEnv);
  const { project } = cliDeclarations(io, options.environment);
  let result;
  try {
    result = await invokeFunction(project, name, event, { workflow: options.workflow, environment: options.environment, functionEnvironment, dataDir: options.dataDir });
  } catch (e) {
    if (e instanceof FunctionChoiceError || e instanceof UnknownWorkflowError) throw new UsageError(e.message);
    throw e;
  }
  io.stdout(`${JSON.stringify(result.Payload, null, 2)}\n`);
  if (result.FunctionError === undefined) return 0;
  const doc = result.Payload as { errorType?: string; errorMessage?: string };
  io.stderr(`function ${name} failed: ${doc.errorType ?? 'Error'}: ${doc.errorMessage ?? ''}\n`);
  return 1;
}
