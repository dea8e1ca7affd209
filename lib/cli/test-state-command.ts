/**
 * `sfn test-state --definition FILE|JSON|WORKFLOW [--state-name NAME] [--input JSON|@FILE]
 * [--inspection-level INFO|DEBUG|TRACE] [--mock JSON|@FILE] ...`: AWS's TestState on the local
 * engine (lib/engine/test-state), printing AWS's TestState response JSON.
 *
 * The definition is a state's (or, with --state-name, a state machine's) JSON, a file holding it
 * (a template's placeholders get --var / --vars values, else typed stand-ins), or a workflow of
 * the project (--state-name then names its state: it runs with the workflow's functions and the
 * local services it needs). A Task without --mock runs its resource here (the project's
 * functions, --functions). --role-arn defaults to a local role: nothing checks IAM here.
 *
 * Exit status: 0 the state SUCCEEDED; 1 it did not (FAILED, RETRIABLE or CAUGHT_ERROR: the
 * response has its error and cause); 2 usage errors, including what AWS refuses (ValidationException,
 * InvalidDefinition, InvalidExecutionInput: `sfn: <Code>: <message>` on stderr).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { formatProblem, SourceError } from '../asl/problem';
import { standIns } from '../asl/check';
import { Template } from '../asl/template';
import { testState, TestStateError, type InspectionLevel, type TestStateRequest, type TestStateResult } from '../engine';
import type { Json, LocalFunction } from '../engine/types';
import { projectFunctions } from '../local/project-workflow';
import { testWorkflowState } from '../local/test-workflow-state';
import { findProjectRoot, UnknownWorkflowError } from '../project/load';
import { UsageError, type CliIo } from './io';
import { readJsonOption } from './json-option';
import { cliProject } from './project';
import { readFunctionsModule } from './run-command';
import { readValues } from './values';

export interface TestStateCommandOptions {
  definition?: string;
  stateName?: string;
  input?: string;
  inspectionLevel?: string;
  mock?: string;
  context?: string;
  variables?: string;
  stateConfiguration?: string;
  roleArn?: string;
  revealSecrets?: boolean;
  functions?: string;
  var?: string[];
  vars?: string;
  environment?: string;
}

const LEVELS = ['INFO', 'DEBUG', 'TRACE'];
const LOCAL_ROLE = 'arn:aws:iam::123456789012:role/sfn-test-state';

const asObject = (v: Json, option: string): { [k: string]: Json } => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`${option} must be a JSON object`);
  return v;
};

/** --mock as AWS takes it ({result: JSON text, errorOutput, fieldValidationMode}); a result given as a JSON value is taken as its text. */
function mockOption(io: CliIo, raw: string | undefined): TestStateRequest['mock'] {
  if (raw === undefined) return undefined;
  const m = asObject(readJsonOption(io, raw, '--mock'), '--mock');
  const result = m.result === undefined || typeof m.result === 'string' ? m.result : JSON.stringify(m.result);
  return { ...(m as object), ...(result !== undefined ? { result } : {}) } as TestStateRequest['mock'];
}

/** The request's members from the options (all but the definition). */
function requestOf(io: CliIo, o: TestStateCommandOptions): Omit<TestStateRequest, 'definition'> {
  const level = (o.inspectionLevel ?? 'INFO').toUpperCase();
  if (!LEVELS.includes(level)) throw new UsageError(`--inspection-level must be INFO, DEBUG or TRACE, got ${o.inspectionLevel}`);
  const json = (raw: string | undefined, option: string) => (raw === undefined ? undefined : readJsonOption(io, raw, option));
  const config = json(o.stateConfiguration, '--state-configuration');
  return {
    stateName: o.stateName,
    input: json(o.input, '--input'),
    inspectionLevel: level as InspectionLevel,
    mock: mockOption(io, o.mock),
    context: o.context === undefined ? undefined : asObject(json(o.context, '--context') as Json, '--context'),
    variables: o.variables === undefined ? undefined : asObject(json(o.variables, '--variables') as Json, '--variables'),
    stateConfiguration: config === undefined ? undefined : (asObject(config, '--state-configuration') as TestStateRequest['stateConfiguration']),
    roleArn: o.roleArn ?? LOCAL_ROLE,
    revealSecrets: o.revealSecrets,
  };
}

/** A definition file: a template's placeholders get the values given, else typed stand-ins. */
function definitionFile(io: CliIo, path: string, o: TestStateCommandOptions): object {
  const file = relative(io.cwd, path) || path;
  const template = Template.parse(readFileSync(path, 'utf8'), file);
  const given = readValues(io.cwd, o.var, o.vars);
  return template.renderValue({ ...standIns(template), ...given }) as object;
}

function functionsOf(io: CliIo, o: TestStateCommandOptions): Record<string, LocalFunction> {
  const own = findProjectRoot(io.cwd) !== undefined ? projectFunctions(io.cwd) : {};
  return { ...own, ...(o.functions ? readFunctionsModule(io, o.functions) : {}) };
}

async function run(io: CliIo, o: TestStateCommandOptions, request: Omit<TestStateRequest, 'definition'>): Promise<TestStateResult> {
  const raw = o.definition as string;
  if (raw.trim().startsWith('{')) return testState({ ...request, definition: raw }, { functions: functionsOf(io, o) });
  const path = resolve(io.cwd, raw);
  if (existsSync(path) && statSync(path).isFile()) return testState({ ...request, definition: definitionFile(io, path, o) }, { functions: functionsOf(io, o) });
  if (/[/\\]|\.json$/.test(raw)) throw new UsageError(`--definition: no such file ${raw}`);
  const project = cliProject(io);
  if (o.stateName === undefined) throw new UsageError(`--definition ${raw} is a workflow: give --state-name, the state to test`);
  try {
    return await testWorkflowState(project, raw, { ...request, stateName: o.stateName }, { environment: o.environment, functions: o.functions ? readFunctionsModule(io, o.functions) : undefined });
  } catch (e) {
    if (e instanceof UnknownWorkflowError) throw new UsageError(`--definition: ${e.message} (or give a file or the JSON of a state)`);
    throw e;
  }
}

export async function runTestState(io: CliIo, options: TestStateCommandOptions): Promise<number> {
  if (options.definition === undefined) throw new UsageError('--definition is required: a state\'s JSON, a file, or a workflow of the project (with --state-name)');
  const request = requestOf(io, options);
  let result: TestStateResult;
  try {
    result = await run(io, options, request);
  } catch (e) {
    if (e instanceof TestStateError) throw new UsageError(`${e.code}: ${e.message}`);
    if (e instanceof SourceError) throw new UsageError(`the definition is not valid:\n${e.problems.map(formatProblem).join('\n')}`);
    throw e;
  }
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return result.status === 'SUCCEEDED' ? 0 : 1;
}
