/**
 * A TestState request (Step Functions API reference, "TestState"; its types TestStateInput,
 * MockInput, TestStateConfiguration) checked and made ready to run: the state under test (a
 * state's definition, or `stateName` in a whole state machine), its query language, input,
 * variables, Context Object, mock and configuration.
 *
 * What AWS refuses is refused with AWS's error code and, where AWS's text is known (recorded
 * against AWS in LocalStack's snapshot tests, tests/aws/services/stepfunctions/v2/test_state/),
 * its message:
 * - "A test mock should have only one of the following fields: [result, errorOutput]."
 * - "State type 'Pass' is not supported when a mock is specified"
 * - InvalidDefinition "TestState API does not support Map or Parallel states. Supported state
 *   types include: [Task, Wait, Pass, Succeed, Fail, Choice]" (Map or Parallel without a mock)
 * - "TestState does not support RevealSecrets when a mock is specified."
 * - "RoleArn must be specified when testing a Task state" (a Task without a mock)
 * - "State not found in definition" (stateName)
 * - "Mocked result must be an array." (Map, Parallel), "Mocked result must be a JSON object."
 *   (a Map with a ResultWriter), "Mocked result must contain the same number of items as number of
 *   Parallel branches."
 * - "Invalid Context object provided: ..." (context.ts)
 * Other refusals (a mock on an activity / .sync / .waitForTaskToken Task being required, a
 * context without a mock, a bad stateConfiguration) follow the API reference's rules with this
 * module's own wording.
 */
import { validateDefinition } from '../../asl/validate';
import { invalidDefinitionMessage } from '../../asl/validate/invalid-definition';
import type { QueryLanguage } from '../io';
import type { Json, JsonObject } from '../json';
import { checkContext } from './context';
import { checkMockedResult } from './mock-shapes';
import { SINGLE_STATE_NAME, TestStateError, type Mock, type PreparedTest, type StateType, type TestStateErrorCode, type TestStateRequest } from './types';

const validation = (message: string) => new TestStateError('ValidationException', message);
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseDocument(v: string | Json | object | undefined, what: string, code: TestStateErrorCode = 'ValidationException'): Json | undefined {
  // A value is taken as its JSON text would be (a copy, without undefined members).
  if (typeof v !== 'string') return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as Json);
  try {
    return JSON.parse(v) as Json;
  } catch (e) {
    if (code === 'InvalidExecutionInput') throw new TestStateError(code, `Invalid State Machine Execution Input: '${(e as Error).message}'`);
    throw new TestStateError(code, `${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The definition's problems as AWS reports them (InvalidDefinition), with pointers into the document given. */
function invalidDefinition(diagnostics: ReturnType<typeof validateDefinition>, strip: string): TestStateError {
  const located = diagnostics.map((d) => ({ ...d, pointer: strip && d.pointer.startsWith(strip) ? d.pointer.slice(strip.length) : d.pointer }));
  return new TestStateError('InvalidDefinition', invalidDefinitionMessage(located));
}

/** The states a state goes to (Next, Default, Choices[].Next, Catch[].Next). */
function targets(def: JsonObject): string[] {
  const out: string[] = [];
  const add = (v: unknown) => typeof v === 'string' && out.push(v);
  add(def.Next);
  add(def.Default);
  for (const c of Array.isArray(def.Choices) ? def.Choices : []) if (isObject(c)) add(c.Next);
  for (const c of Array.isArray(def.Catch) ? def.Catch : []) if (isObject(c)) add(c.Next);
  return out;
}

/** A state given alone, checked as AWS checks a state machine: it runs as the only state of one, its transitions going to stubs. */
function checkSingleState(def: JsonObject): void {
  const states: JsonObject = {};
  for (const t of targets(def)) states[t] = { Type: 'Succeed' };
  states[SINGLE_STATE_NAME] = def;
  const problems = validateDefinition({ StartAt: SINGLE_STATE_NAME, States: states }).filter((d) => d.severity !== 'warning');
  if (problems.length) throw invalidDefinition(problems, `/States/${SINGLE_STATE_NAME}`);
}

/** The state named `name` in a state machine (nested ones too), with the query language it runs in. */
function findState(machine: JsonObject, name: string): { def: JsonObject; ql: QueryLanguage } | undefined {
  const machineQl: QueryLanguage = machine.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const visit = (scope: unknown): JsonObject | undefined => {
    if (!isObject(scope) || !isObject(scope.States)) return undefined;
    const own = scope.States[name];
    if (isObject(own)) return own;
    for (const s of Object.values(scope.States)) {
      if (!isObject(s)) continue;
      for (const nested of [...(Array.isArray(s.Branches) ? s.Branches : []), s.ItemProcessor, s.Iterator]) {
        const found = visit(nested);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const def = visit(machine);
  if (def === undefined) return undefined;
  return { def, ql: def.QueryLanguage === 'JSONata' || def.QueryLanguage === 'JSONPath' ? def.QueryLanguage : machineQl };
}

function taskPattern(def: JsonObject): PreparedTest['pattern'] {
  if (def.Type !== 'Task') return null;
  const r = String(def.Resource);
  if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(r)) return 'activity';
  if (/\.sync(:\d+)?$/.test(r)) return 'sync';
  if (r.endsWith('.waitForTaskToken')) return 'callback';
  return 'plain';
}

/** The state under test: its definition, name and query language. */
function locate(request: TestStateRequest): Pick<PreparedTest, 'name' | 'def' | 'ql' | 'single'> {
  const doc = parseDocument(request.definition, 'The definition', 'InvalidDefinition');
  if (!isObject(doc)) throw invalidDefinition([{ pointer: '', code: 'SCHEMA_VALIDATION_FAILED', message: 'the definition must be a JSON object' }], '');
  if (request.stateName === undefined) {
    checkSingleState(doc);
    return { name: SINGLE_STATE_NAME, def: doc, ql: doc.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath', single: true };
  }
  if (request.stateName.length < 1 || request.stateName.length > 80) throw validation(`1 validation error detected: Value '${request.stateName}' at 'stateName' failed to satisfy constraint: Member must have length between 1 and 80`);
  const problems = validateDefinition(doc).filter((d) => d.severity !== 'warning');
  if (problems.length) throw invalidDefinition(problems, '');
  const found = findState(doc, request.stateName);
  if (found === undefined) throw validation('State not found in definition');
  return { name: request.stateName, def: found.def, ql: found.ql, single: false };
}

const MAP_OR_PARALLEL = 'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]';

function parseMock(request: TestStateRequest, def: JsonObject, type: StateType): Mock | null {
  const m = request.mock;
  if (m === undefined || m === null) return null;
  if (m.result !== undefined && m.errorOutput !== undefined) throw validation('A test mock should have only one of the following fields: [result, errorOutput].');
  if (type !== 'Task' && type !== 'Map' && type !== 'Parallel') throw validation(`State type '${type}' is not supported when a mock is specified`);
  if (m.fieldValidationMode !== undefined && !['STRICT', 'PRESENT', 'NONE'].includes(m.fieldValidationMode)) {
    throw validation(`1 validation error detected: Value '${m.fieldValidationMode}' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]`);
  }
  if (m.errorOutput !== undefined) {
    if (typeof m.errorOutput.error !== 'string') throw validation('mock.errorOutput.error is required when mock.errorOutput is specified');
    return { error: m.errorOutput.error, cause: m.errorOutput.cause };
  }
  if (m.result === undefined) throw validation('A test mock must have one of the following fields: [result, errorOutput].');
  let result: Json;
  try {
    result = JSON.parse(m.result) as Json;
  } catch {
    throw validation('Mocked result must be valid JSON');
  }
  if (type === 'Task') checkMockedResult(String(def.Resource), result, m.fieldValidationMode);
  if (type === 'Map') {
    if (def.ResultWriter !== undefined ? !isObject(result) : !Array.isArray(result)) throw validation(def.ResultWriter !== undefined ? 'Mocked result must be a JSON object.' : 'Mocked result must be an array.');
  }
  if (type === 'Parallel') {
    if (!Array.isArray(result)) throw validation('Mocked result must be an array.');
    if (result.length !== (def.Branches as Json[]).length) throw validation('Mocked result must contain the same number of items as number of Parallel branches.');
  }
  return { result };
}

/** What the state type and the mock allow together (AWS's order: the mock's own checks first). */
function checkSupported(request: TestStateRequest, p: Pick<PreparedTest, 'type' | 'mock' | 'pattern'>): void {
  if (p.mock === null && (p.type === 'Map' || p.type === 'Parallel')) throw new TestStateError('InvalidDefinition', MAP_OR_PARALLEL);
  if (p.mock === null && p.pattern !== null && p.pattern !== 'plain') {
    throw new TestStateError('InvalidDefinition', 'TestState API supports Activity tasks and the .sync and .waitForTaskToken service integration patterns only when a mock is specified');
  }
  if (p.mock !== null && request.revealSecrets === true) throw validation('TestState does not support RevealSecrets when a mock is specified.');
  if (p.mock === null && p.type === 'Task' && (request.roleArn === undefined || request.roleArn === '')) throw validation('RoleArn must be specified when testing a Task state');
  if (request.context !== undefined && p.mock === null) throw validation('A Context object can only be specified when a mock is specified');
}

function nonNegative(v: number | undefined, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw validation(`1 validation error detected: Value '${String(v)}' at 'stateConfiguration.${field}' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  return v;
}

/** The names of the states inside a Map's processor or a Parallel's branches (any depth). */
function innerStates(def: JsonObject): string[] {
  const names: string[] = [];
  const visit = (scope: unknown) => {
    if (!isObject(scope) || !isObject(scope.States)) return;
    for (const [n, s] of Object.entries(scope.States)) {
      names.push(n);
      if (isObject(s)) for (const nested of [...(Array.isArray(s.Branches) ? s.Branches : []), s.ItemProcessor, s.Iterator]) visit(nested);
    }
  };
  for (const nested of [...(Array.isArray(def.Branches) ? def.Branches : []), def.ItemProcessor, def.Iterator]) visit(nested);
  return names;
}

function configuration(request: TestStateRequest, def: JsonObject, type: StateType): Pick<PreparedTest, 'retrierRetryCount' | 'mapIterationFailureCount' | 'errorCausedByState' | 'mapItemReaderData'> {
  const c = request.stateConfiguration ?? {};
  const errorCausedByState = c.errorCausedByState ?? undefined;
  if (errorCausedByState !== undefined) {
    if (type !== 'Map' && type !== 'Parallel') throw validation(`stateConfiguration.errorCausedByState applies to a Map or Parallel state, not to a ${type} state`);
    if (!innerStates(def).includes(errorCausedByState)) throw validation(`stateConfiguration.errorCausedByState: '${errorCausedByState}' is not a state of the ${type} state`);
  }
  const mapIterationFailureCount = nonNegative(c.mapIterationFailureCount, 'mapIterationFailureCount');
  if (mapIterationFailureCount !== undefined && type !== 'Map') throw validation(`stateConfiguration.mapIterationFailureCount applies to a Map state, not to a ${type} state`);
  const mapItemReaderData = c.mapItemReaderData ?? undefined;
  if (mapItemReaderData !== undefined) {
    if (type !== 'Map' || def.ItemReader === undefined) throw validation('stateConfiguration.mapItemReaderData applies to a Map state with an ItemReader');
    if (mapItemReaderData.length > 262_144) throw validation("1 validation error detected: Value at 'stateConfiguration.mapItemReaderData' failed to satisfy constraint: Member must have length less than or equal to 262144");
  }
  return { retrierRetryCount: nonNegative(c.retrierRetryCount, 'retrierRetryCount') ?? 0, mapIterationFailureCount, errorCausedByState, mapItemReaderData };
}

/** Checks a request and makes it ready to run; throws TestStateError for what AWS refuses. */
export function prepare(request: TestStateRequest): PreparedTest {
  const level = request.inspectionLevel ?? 'INFO';
  if (!['INFO', 'DEBUG', 'TRACE'].includes(level)) throw validation(`1 validation error detected: Value '${level}' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]`);
  const located = locate(request);
  const type = located.def.Type as StateType;
  const mock = parseMock(request, located.def, type);
  const pattern = taskPattern(located.def);
  checkSupported(request, { type, mock, pattern });
  const context = request.context === undefined ? null : checkContext(parseDocument(request.context, 'The Context object'), pattern);
  const input = parseDocument(request.input, 'The input', 'InvalidExecutionInput') ?? {};
  const variables = parseDocument(request.variables, 'The variables') ?? {};
  if (!isObject(variables)) throw validation('The variables must be a JSON object (variable names to values)');
  return { ...located, type, mock, pattern, context, input, variables, level, roleArn: request.roleArn || undefined, ...configuration(request, located.def, type) };
}
