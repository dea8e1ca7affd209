/**
 * `sfn run FILE|NAME`: runs a template file or a workflow of the project on the local engine.
 * Prints the output on success (exit 0); on failure the error and cause go to stderr (exit 1).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { checkDefinition, errorsOf } from '../asl/check';
import { parseJson } from '../asl/json-source';
import { formatProblem, SourceError, type Problem } from '../asl/problem';
import { Template } from '../asl/template';
import { runExecution } from '../engine';
import type { Json, LocalFunction, RunOptions } from '../engine/types';
import { compileAndRequire, ModuleLoadError as HandlerLoadError } from '../bundle/module';
import { projectFunctions } from '../local/project-workflow';
import { localWorkflow, startWorkflowServices } from '../local/workflows';
import { UnknownWorkflowError } from '../project/load';
import { cliDeclarations } from './project';
import { mocksOverrides, readMocksOption, type MocksOptions } from './mocks-option';
import type { LocalServices } from '../services/provider';
import { UsageError, type CliIo } from './io';
import { readValues } from './values';
import { onStopSignal } from './signals';

export interface RunCommandOptions extends MocksOptions {
  input?: string;
  functions?: string;
  history?: boolean;
  var?: string[];
  vars?: string;
  functionEnv?: string[];
  environment?: string;
  realTime?: boolean;
  maxTransitions?: string;
  /** Write the diagram with the execution's path to this SVG file. */
  graph?: string;
  /** Where local services keep their data (the S3 objects under <dir>/s3); default a temporary folder. */
  dataDir?: string;
}

export function readInput(io: CliIo, raw: string | undefined, option = '--input'): Json | undefined {
  if (raw === undefined) return undefined;
  let text = raw;
  let file = option;
  if (raw.startsWith('@')) {
    file = raw.slice(1);
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch {
      throw new UsageError(`${option}: cannot read ${file}`);
    }
  }
  try {
    return parseJson(text, file).value as Json;
  } catch (e) {
    if (e instanceof SourceError) throw new UsageError(`${option} is not valid JSON: ${e.message}`);
    throw e;
  }
}

/** `--function-env NAME=VALUE` options as variables. */
export function readFunctionEnv(list: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (list ?? []).map((kv) => {
      const eq = kv.indexOf('=');
      if (eq < 1) throw new UsageError(`--function-env ${JSON.stringify(kv)}: expected NAME=VALUE`);
      return [kv.slice(0, eq), kv.slice(eq + 1)];
    }),
  );
}

function readFunctionsModule(io: CliIo, path: string): Record<string, LocalFunction> {
  const full = resolve(io.cwd, path);
  if (!existsSync(full)) throw new UsageError(`--functions: no such module ${path}`);
  const mod = compileAndRequire(io.cwd, full, `cli-functions-${relative(io.cwd, full).replace(/[^\w-]/g, '_')}`, `--functions ${path}`);
  const map = (mod.default ?? mod) as Record<string, unknown>;
  if (map === null || typeof map !== 'object') throw new UsageError(`--functions ${path}: the default export must map function names to handlers`);
  const functions: Record<string, LocalFunction> = {};
  for (const [name, value] of Object.entries(map)) {
    if (name === '__esModule') continue;
    if (typeof value === 'function') functions[name] = { handler: value as LocalFunction['handler'] };
    else if (value && typeof value === 'object' && typeof (value as LocalFunction).handler === 'function') functions[name] = value as LocalFunction;
    else throw new UsageError(`--functions ${path}: "${name}" is not a handler function`);
  }
  return functions;
}

function printProblems(io: CliIo, problems: Problem[]): number {
  for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
  return 1;
}

export async function runRun(io: CliIo, target: string, options: RunCommandOptions): Promise<number> {
  const input = readInput(io, options.input);
  const functionEnvironment = readFunctionEnv(options.functionEnv);
  const maxTransitions = options.maxTransitions === undefined ? undefined : Number(options.maxTransitions);
  if (maxTransitions !== undefined && !(Number.isInteger(maxTransitions) && maxTransitions > 0))
    throw new UsageError(`--max-transitions must be a positive integer, got ${options.maxTransitions}`);
  const common: RunOptions = { clock: options.realTime ? 'real' : 'virtual', maxTransitions };
  // The diagram code (and its layout engine) is loaded only for --graph.
  const graphs = options.graph !== undefined ? await import('./graph-command') : undefined;
  if (graphs !== undefined) graphs.checkGraphOut(io, options.graph as string);

  let mockConfig;
  try {
    mockConfig = readMocksOption(io, options);
  } catch (e) {
    if (e instanceof SourceError) return printProblems(io, e.problems);
    throw e;
  }
  // A project workflow runs with the local services it needs (tables, queues, topics, nested executions).
  let services: LocalServices | undefined;
  let definition: Json;
  let runInput: Json;
  let functions: Record<string, LocalFunction>;
  let stateMachineName: string;
  const path = resolve(io.cwd, target);
  try {
    if (existsSync(path) && statSync(path).isFile()) {
      const file = relative(io.cwd, path) || target;
      let template: Template;
      try {
        template = Template.parse(readFileSync(path, 'utf8'), file);
      } catch (e) {
        if (e instanceof SourceError) return printProblems(io, e.problems);
        throw e;
      }
      const check = checkDefinition(template, readValues(io.cwd, options.var, options.vars));
      if (errorsOf(check.problems).length) return printProblems(io, errorsOf(check.problems));
      definition = check.definition as Json;
      runInput = input ?? {};
      functions = options.functions ? readFunctionsModule(io, options.functions) : projectFunctions(io.cwd);
      stateMachineName = file.replace(/^.*\//, '').replace(/\.asl\.json$|\.json$/, '');
    } else if (/[/\\]|\.json$/.test(target)) {
      throw new UsageError(`${target}: no such file`);
    } else {
      const { project } = cliDeclarations(io, options.environment);
      services = await startWorkflowServices(project, [target], { environment: options.environment, dataDir: options.dataDir, functionEnvironment });
      const workflow = localWorkflow(project, target, { environment: options.environment, services, functionEnvironment: { ...services.functionEnvironment, ...functionEnvironment } });
      definition = workflow.definition;
      runInput = input ?? workflow.sampleInput;
      functions = { ...workflow.functions, ...(options.functions ? readFunctionsModule(io, options.functions) : {}) };
      stateMachineName = target;
    }
  } catch (e) {
    await services?.close();
    if (e instanceof UnknownWorkflowError) throw new UsageError(`${e.message} (or give a template file)`);
    if (e instanceof SourceError) return printProblems(io, e.problems);
    if (e instanceof HandlerLoadError) {
      io.stderr(`sfn: ${e.message}\n`);
      return 1;
    }
    throw e;
  }

  // Ctrl-C (or SIGTERM) stops the execution as StopExecution would: it ends ABORTED, with its
  // history; the process exits within a second whatever still runs (signals.ts).
  const controller = new AbortController();
  const stopListening = onStopSignal((signal) =>
    controller.abort({ error: signal, cause: signal === 'SIGINT' ? 'interrupted from the terminal' : 'stopped by SIGTERM' }),
  );
  let result;
  try {
    const overrides = mocksOverrides(mockConfig, options, stateMachineName, definition);
    result = await runExecution(definition, runInput, { ...common, ...services?.runOptions, functions, stateMachineName, signal: controller.signal, overrides });
  } finally {
    stopListening();
    await services?.close();
  }
  if (options.history) {
    const { status, output, error, cause, events } = result;
    io.stdout(`${JSON.stringify({ status, output, error, cause, events }, null, 2)}\n`);
  } else if (result.status === 'SUCCEEDED') {
    io.stdout(`${JSON.stringify(result.output, null, 2)}\n`);
  }
  if (graphs !== undefined && !(await graphs.writeExecutionGraph(io, options.graph as string, definition, result, stateMachineName))) return 1;
  if (result.status === 'SUCCEEDED') return 0;
  io.stderr(`${result.status}: ${result.error ?? 'no error name'}${result.cause ? `\n${result.cause}` : ''}\n`);
  return 1;
}
