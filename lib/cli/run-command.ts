/**
 * `sfn run FILE|NAME`: runs a template file or a workflow of the project on the local engine.
 * Prints the output on success (exit 0); on failure the error and cause go to stderr (exit 1).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { checkDefinition, errorsOf } from '../asl/check';
import { formatProblem, SourceError, type Problem } from '../asl/problem';
import { checkRegularFile, FileReadError } from '../asl/source-file';
import { Template } from '../asl/template';
import { runExecution } from '../engine';
import type { Json, LocalFunction, RunOptions } from '../engine/types';
import { describeFailure } from '../report/failure';
import { toolkitCodeFolders } from './version';
import { compileAndRequire, ModuleLoadError as HandlerLoadError } from '../bundle/module';
import { projectFunctions } from '../local/project-workflow';
import { localWorkflow, startWorkflowServices } from '../local/workflows';
import { findProjectRoot, loadProject, ProjectError, UnknownWorkflowError } from '../project/load';
import { TEMPLATES_DIR } from '../workflow/template';
import { cliDeclarations, isFileTarget } from './project';
import { mocksOverrides, readMocksOption, type MocksOptions } from './mocks-option';
import type { LocalServices } from '../services/provider';
import { readCliFile, UsageError, type CliIo } from './io';
import { readJsonOption } from './json-option';
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

/** AWS's limit on an execution's input: 262,144 bytes of UTF-8 (API reference, StartExecution `input`; "Step Functions service quotas": 256 KiB). */
const MAX_INPUT_BYTES = 262_144;

/** A JSON option (`--input`, `--event`, ...): its JSON text or `@FILE` (json-option.ts); `--input` at most StartExecution's 262,144 bytes. */
export function readInput(io: CliIo, raw: string | undefined, option = '--input'): Json | undefined {
  // An empty --input (what VS Code's prompt gives when left empty) is no input: the workflow's sample input.
  if (raw === undefined || raw.trim() === '') return undefined;
  return readJsonOption(io, raw, option, option === '--input' ? { maxBytes: MAX_INPUT_BYTES, limitOf: 'execution input (StartExecution)' } : {});
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

export function readFunctionsModule(io: CliIo, path: string): Record<string, LocalFunction> {
  const full = resolve(io.cwd, path);
  try {
    checkRegularFile(full, path);
  } catch (e) {
    if (e instanceof FileReadError) throw new UsageError(e.missing ? `--functions: no such module ${path}` : `--functions ${path}: ${e.reason}`);
    throw e;
  }
  const mod = compileAndRequire(io.cwd, full, `cli-functions-${relative(io.cwd, full).replace(/[^\w-]/g, '_')}`, `--functions ${path}`);
  const map = (mod.default ?? mod) as Record<string, unknown>;
  if (map === null || typeof map !== 'object') throw new UsageError(`--functions ${path}: the default export must map function names to handlers`);
  const functions: Record<string, LocalFunction> = {};
  for (const [name, value] of Object.entries(map)) {
    if (name === '__esModule') continue;
    // Run as Lambda runs them (lib/engine/lambda-isolation.ts): process.exit or a lost rejection fails the Task, never this process.
    if (typeof value === 'function') functions[name] = { handler: value as LocalFunction['handler'] };
    else if (value && typeof value === 'object' && typeof (value as LocalFunction).handler === 'function') functions[name] = value as LocalFunction;
    else throw new UsageError(`--functions ${path}: "${name}" is not a handler function`);
  }
  return functions;
}

/** What a run needs: the definition, its input, the functions, the name of its state machine and the local services started for it. */
interface Prepared {
  definition: Json;
  runInput: Json;
  functions: Record<string, LocalFunction>;
  stateMachineName: string;
  services?: LocalServices;
}

/**
 * The workflow a template file is, when it is `statemachine/<name>.asl.json` of the project and a
 * workflow of that name is declared (and no placeholder value is given): "Run the open template"
 * then runs that workflow, its placeholders bound as `sfn run <name>` binds them.
 */
function workflowOfTemplate(path: string, options: RunCommandOptions): string | undefined {
  if (options.var?.length || options.vars !== undefined || !path.endsWith('.asl.json')) return undefined;
  const root = findProjectRoot(dirname(path));
  if (root === undefined || resolve(dirname(path)) !== resolve(root, TEMPLATES_DIR)) return undefined;
  const name = basename(path).replace(/\.asl\.json$/, '');
  let project;
  try {
    project = loadProject(root);
  } catch (e) {
    if (e instanceof ProjectError) return undefined;
    throw e;
  }
  return project.declarations().some((d) => d.name === name) ? name : undefined;
}

/** A template file (with --var/--vars) or a workflow of the project (with the local services it needs); a number: the exit code of a problem already printed. */
async function prepareRun(io: CliIo, target: string, options: RunCommandOptions, input: Json | undefined, functionEnvironment: Record<string, string>): Promise<Prepared | number> {
  // A path is a template file (what is not a regular file is refused by readCliFile, never taken for a workflow name).
  const path = resolve(io.cwd, target);
  const workflowName = !isFileTarget(io.cwd, target) ? target : existsSync(path) ? workflowOfTemplate(path, options) : undefined;
  if (workflowName === undefined) {
    const { text, label } = readCliFile(io.cwd, target);
    const template = Template.parse(text, label);
    const check = checkDefinition(template, readValues(io.cwd, options.var, options.vars));
    if (errorsOf(check.problems).length) return printProblems(io, errorsOf(check.problems));
    const functions = options.functions ? readFunctionsModule(io, options.functions) : projectFunctions(io.cwd);
    return { definition: check.definition as Json, runInput: input ?? {}, functions, stateMachineName: label.replace(/^.*[/\\]/, '').replace(/\.asl\.json$|\.json$/, '') };
  }
  // A project workflow runs with the local services it needs (tables, queues, topics, nested executions).
  const { project } = cliDeclarations(io, options.environment);
  const services = await startWorkflowServices(project, [workflowName], { environment: options.environment, dataDir: options.dataDir, functionEnvironment });
  try {
    const workflow = localWorkflow(project, workflowName, { environment: options.environment, services, functionEnvironment: { ...services.functionEnvironment, ...functionEnvironment } });
    const functions = { ...workflow.functions, ...(options.functions ? readFunctionsModule(io, options.functions) : {}) };
    return { definition: workflow.definition, runInput: input ?? workflow.sampleInput, functions, stateMachineName: workflowName, services };
  } catch (e) {
    await services.close();
    throw e;
  }
}

function printProblems(io: CliIo, problems: Problem[]): number {
  for (const p of problems) io.stderr(`${formatProblem(p)}\n`);
  return 1;
}

export async function runRun(io: CliIo, target: string, options: RunCommandOptions): Promise<number> {
  const input = readInput(io, options.input);
  const functionEnvironment = readFunctionEnv(options.functionEnv);
  const maxTransitions = options.maxTransitions === undefined ? undefined : Number(options.maxTransitions);
  if (maxTransitions !== undefined && !(/^[1-9][0-9]*$/.test(options.maxTransitions as string) && Number.isSafeInteger(maxTransitions)))
    throw new UsageError(`--max-transitions must be a positive integer (digits only), got ${JSON.stringify(options.maxTransitions)}`);
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
  let prepared: Prepared;
  try {
    const outcome = await prepareRun(io, target, options, input, functionEnvironment);
    if (typeof outcome === 'number') return outcome;
    prepared = outcome;
  } catch (e) {
    if (e instanceof UnknownWorkflowError) throw new UsageError(`${e.message} (or give a template file)`);
    if (e instanceof SourceError) return printProblems(io, e.problems);
    if (e instanceof HandlerLoadError) {
      io.stderr(`sfn: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const { definition, runInput, functions, stateMachineName, services } = prepared;

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
  io.stderr(describeFailure(result, { cwd: io.cwd, toolkitRoots: toolkitCodeFolders() }));
  return 1;
}
