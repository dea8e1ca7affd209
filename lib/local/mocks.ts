/**
 * Mocked service integrations in the format of AWS Step Functions Local's mock configuration
 * file (AWS, "Configuration file for mocked service integrations in Step Functions" and "Using
 * mocked service integrations for testing in Step Functions Local"), accepted as is:
 *
 *   { "StateMachines": { "<state machine>": { "TestCases": { "<test case>": { "<Task state>": "<mocked response>" } } } },
 *     "MockedResponses": { "<mocked response>": { "0": { "Return": <result> }, "1-2": { "Throw": { "Error": "...", "Cause": "..." } } } } }
 *
 * A mocked Task never calls its resource: invocation N of the state (0 first) in the execution
 * gets the response whose key is N or an inclusive range holding N. Retries are invocations
 * (AWS's RetryPath example: "0" for the first attempt, "1-2" for the first and second retries,
 * "3" for the third); an invocation with no response fails the execution ("If you do not
 * specify a mocked response for a specific retry attempt ... the state machine execution will
 * fail"), here with States.Runtime naming the state. States the test case does not name run as
 * usual (AWS's HybridPath).
 */
import { parseJson, type JsonDocument } from '../asl/json-source';
import { FileReadError, readSourceFile } from '../asl/source-file';
import { SourceError, suggest, type Problem } from '../asl/problem';
import { StatesError, RUNTIME, taskFailure } from '../engine';
import type { Json, StateOverride } from '../engine/types';

export type MockedResponse = { Return: Json } | { Throw: { Error: string; Cause: string } };

export interface MockConfig {
  StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }>;
  MockedResponses: Record<string, Record<string, MockedResponse>>;
}

/** What selects the mocks of a run: a configuration (parsed, or a file to read) and a test case. */
export interface MockSelection {
  config?: MockConfig | unknown;
  file?: string;
  testCase: string;
  /** The state machine's name in the file. Default: the workflow's (or the template file's) name. */
  stateMachine?: string;
}

/** A configuration or a selection that is not valid (the message names the field or file:line:column). */
export class MockConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MockConfigError';
  }
}

interface Issue {
  path: Array<string | number>;
  message: string;
}

const RANGE = /^(0|[1-9]\d*)(?:-(0|[1-9]\d*))?$/;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const describeType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** `StateMachines.LambdaSQSIntegration.TestCases["Happy Path"]`: the path of a field, for messages. */
export function fieldPath(path: Array<string | number>): string {
  return path.map((s, i) => (typeof s === 'string' && /^[A-Za-z_$][\w$]*$/.test(s) ? `${i ? '.' : ''}${s}` : `[${JSON.stringify(String(s))}]`)).join('') || '(the document)';
}

function checkKeys(v: Record<string, unknown>, path: Array<string | number>, allowed: string[], issues: Issue[]): void {
  for (const k of Object.keys(v)) {
    if (allowed.includes(k)) continue;
    const close = suggest(k, allowed);
    issues.push({ path: [...path, k], message: `unknown field "${k}"${close.length ? ` (did you mean ${close[0]}?)` : ''}; allowed: ${allowed.join(', ')}` });
  }
}

/** Every problem of a mock configuration, each with the path of the field concerned. */
function validate(doc: unknown): Issue[] {
  const issues: Issue[] = [];
  if (!isRecord(doc)) return [{ path: [], message: `a mock configuration must be a JSON object, not ${describeType(doc)}` }];
  checkKeys(doc, [], ['StateMachines', 'MockedResponses'], issues);
  const responses = doc.MockedResponses;
  if (responses === undefined) issues.push({ path: ['MockedResponses'], message: 'missing field "MockedResponses" (an object of mocked responses)' });
  else if (!isRecord(responses)) issues.push({ path: ['MockedResponses'], message: `must be an object of mocked responses, not ${describeType(responses)}` });
  else for (const [name, response] of Object.entries(responses)) validateResponse(response, ['MockedResponses', name], issues);
  const machines = doc.StateMachines;
  if (machines === undefined) issues.push({ path: ['StateMachines'], message: 'missing field "StateMachines" (an object of state machines and their test cases)' });
  else if (!isRecord(machines)) issues.push({ path: ['StateMachines'], message: `must be an object of state machines, not ${describeType(machines)}` });
  else for (const [name, machine] of Object.entries(machines)) validateMachine(machine, ['StateMachines', name], isRecord(responses) ? responses : undefined, issues);
  return issues;
}

/** A mocked response: invocation numbers or inclusive ranges that do not overlap, each a Return or a Throw. */
function validateResponse(response: unknown, at: Array<string | number>, issues: Issue[]): void {
  if (!isRecord(response)) {
    issues.push({ path: at, message: `a mocked response must be an object of invocations ("0", "1-2", ...), not ${describeType(response)}` });
    return;
  }
  if (Object.keys(response).length === 0) issues.push({ path: at, message: 'a mocked response needs at least one invocation ("0": { "Return": ... })' });
  const ranges: Array<[number, number, string]> = [];
  for (const [key, invocation] of Object.entries(response)) {
    const m = RANGE.exec(key);
    if (m === null) {
      issues.push({ path: [...at, key], message: `invocation key "${key}" must be an invocation number ("0") or an inclusive range ("1-2")` });
      continue;
    }
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) issues.push({ path: [...at, key], message: `range "${key}" ends before it starts` });
    for (const [a, b, other] of ranges) if (from <= b && a <= to) issues.push({ path: [...at, key], message: `invocations "${key}" and "${other}" overlap` });
    ranges.push([from, to, key]);
    validateInvocation(invocation, [...at, key], issues);
  }
}

/** One invocation's answer: a single field, Return (the result) or Throw ({ Error, Cause } strings). */
function validateInvocation(invocation: unknown, p: Array<string | number>, issues: Issue[]): void {
  if (!isRecord(invocation)) {
    issues.push({ path: p, message: `must be an object with a single field Return or Throw, not ${describeType(invocation)}` });
    return;
  }
  const fields = Object.keys(invocation);
  if (fields.length !== 1 || (fields[0] !== 'Return' && fields[0] !== 'Throw')) {
    checkKeys(invocation, p, ['Return', 'Throw'], issues);
    if (fields.length !== 1 && fields.every((f) => f === 'Return' || f === 'Throw')) issues.push({ path: p, message: 'must have a single field: Return or Throw, not both' });
    if (fields.length === 0) issues.push({ path: p, message: 'must have a single field Return (the result) or Throw ({ "Error", "Cause" })' });
    return;
  }
  if (fields[0] !== 'Throw') return;
  const t = invocation.Throw;
  if (!isRecord(t)) {
    issues.push({ path: [...p, 'Throw'], message: `Throw must be an object with Error and Cause strings, not ${describeType(t)}` });
    return;
  }
  checkKeys(t, [...p, 'Throw'], ['Error', 'Cause'], issues);
  for (const f of ['Error', 'Cause'])
    if (typeof t[f] !== 'string') issues.push({ path: [...p, 'Throw', f], message: t[f] === undefined ? `Throw needs a string field ${f}` : `${f} must be a string, not ${describeType(t[f])}` });
}

/** A state machine's test cases: each maps Task state names to names of mocked responses that exist. */
function validateMachine(machine: unknown, at: Array<string | number>, responses: Record<string, unknown> | undefined, issues: Issue[]): void {
  if (!isRecord(machine)) {
    issues.push({ path: at, message: `must be an object with a field TestCases, not ${describeType(machine)}` });
    return;
  }
  checkKeys(machine, at, ['TestCases'], issues);
  const cases = machine.TestCases;
  if (!isRecord(cases)) {
    issues.push({ path: [...at, 'TestCases'], message: cases === undefined ? 'missing field "TestCases"' : `TestCases must be an object of test cases, not ${describeType(cases)}` });
    return;
  }
  const known = responses ? Object.keys(responses) : [];
  for (const [testCase, states] of Object.entries(cases)) {
    if (!isRecord(states)) {
      issues.push({ path: [...at, 'TestCases', testCase], message: `a test case must map Task state names to mocked response names, not be ${describeType(states)}` });
      continue;
    }
    for (const [state, response] of Object.entries(states)) {
      const p = [...at, 'TestCases', testCase, state];
      if (typeof response !== 'string') issues.push({ path: p, message: `must name a mocked response (a string), not ${describeType(response)}` });
      else if (responses && !Object.prototype.hasOwnProperty.call(responses, response)) {
        const close = suggest(response, known);
        issues.push({ path: p, message: `no mocked response "${response}" in MockedResponses${close.length ? ` (did you mean ${close[0]}?)` : ''}` });
      }
    }
  }
}

/** Checks a configuration given as a value (programmatic use); throws MockConfigError naming each field. */
export function checkMockConfig(value: unknown, source = 'mocks'): MockConfig {
  const issues = validate(value);
  if (issues.length) throw new MockConfigError(issues.map((i) => `${source}: ${fieldPath(i.path)}: ${i.message}`).join('\n'));
  return value as MockConfig;
}

/** Parses and checks the text of a mock configuration file; throws SourceError with file:line:column problems. */
export function parseMockConfig(text: string, file: string): MockConfig {
  const doc: JsonDocument = parseJson(text, file);
  const problems: Problem[] = [];
  const locate = (path: Array<string | number>, message: string): Problem => {
    // The deepest value of the path that exists in the document.
    for (let n = path.length; n >= 0; n--) {
      const pointer = path.slice(0, n).map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
      const offset = doc.keyOffsets.get(pointer) ?? doc.valueOffsets.get(pointer);
      if (offset !== undefined) return { file, ...doc.lines.locate(offset), message: `${fieldPath(path)}: ${message}`, pointer };
    }
    return { file, line: 1, column: 1, message: `${fieldPath(path)}: ${message}` };
  };
  for (const d of doc.duplicateKeys) problems.push({ file, ...doc.lines.locate(d.offset), message: `duplicate key ${d.pointer} (JSON keeps only the last one)`, pointer: d.pointer });
  for (const i of validate(doc.value)) problems.push(locate(i.path, i.message));
  if (problems.length) throw new SourceError(problems);
  return doc.value as MockConfig;
}

/** Reads a mock configuration file (`display` is the name used in messages). */
export function loadMockConfig(path: string, display = path): MockConfig {
  let text: string;
  try {
    // A regular UTF-8 file only (lib/asl/source-file.ts); a file that is not UTF-8 is a SourceError located in it.
    text = readSourceFile(path, display);
  } catch (e) {
    if (e instanceof FileReadError) throw new MockConfigError(`cannot read the mock configuration file ${display}: ${e.reason}`);
    throw e;
  }
  return parseMockConfig(text, display);
}

/** The configuration a selection names (its `config` checked, or its `file` read). */
export function selectedMockConfig(selection: MockSelection): MockConfig {
  if (selection.config !== undefined) return checkMockConfig(selection.config);
  if (selection.file !== undefined) return loadMockConfig(selection.file);
  throw new MockConfigError('mocks: give a configuration (config) or a mock configuration file (file)');
}

/**
 * The engine overrides (RunOptions.overrides) of a test case: one per mocked Task state, each
 * counting its invocations. Call it once per execution (the counts start at 0).
 */
export function mockOverrides(config: MockConfig, stateMachine: string, testCase: string, definition?: Json): Record<string, StateOverride> {
  const machines = Object.keys(config.StateMachines);
  const machine = config.StateMachines[stateMachine];
  if (machine === undefined) {
    const close = suggest(stateMachine, machines);
    throw new MockConfigError(
      `the mock configuration has no state machine "${stateMachine}"${close.length ? ` (did you mean ${close[0]}?)` : ''}; its state machines: ${machines.join(', ') || '(none)'}`,
    );
  }
  const cases = Object.keys(machine.TestCases);
  const states = machine.TestCases[testCase];
  if (states === undefined) {
    const close = suggest(testCase, cases);
    throw new MockConfigError(`state machine "${stateMachine}" has no test case "${testCase}"${close.length ? ` (did you mean ${close[0]}?)` : ''}; its test cases: ${cases.join(', ') || '(none)'}`);
  }
  if (definition !== undefined) {
    // A misspelt state would silently run its real resource: the test case may only name Task states.
    const tasks = taskStateNames(definition);
    const unknown = Object.keys(states).filter((s) => !tasks.includes(s));
    if (unknown.length) {
      const hints = unknown.map((u) => {
        const close = suggest(u, tasks);
        return `"${u}"${close.length ? ` (did you mean ${close[0]}?)` : ''}`;
      });
      throw new MockConfigError(
        `test case "${testCase}" of state machine "${stateMachine}" mocks ${hints.join(', ')}, which ${unknown.length > 1 ? 'are not Task states' : 'is not a Task state'} of the definition; its Task states: ${tasks.join(', ') || '(none)'}`,
      );
    }
  }
  const overrides: Record<string, StateOverride> = {};
  for (const [state, responseName] of Object.entries(states)) {
    const response = config.MockedResponses[responseName];
    const table = Object.entries(response).map(([key, value]) => {
      const [from, to = from] = key.split('-').map(Number);
      return { from, to, value };
    });
    let invocation = 0;
    overrides[state] = () => {
      const n = invocation++;
      const hit = table.find((r) => r.from <= n && n <= r.to);
      if (hit === undefined) {
        throw new StatesError(
          RUNTIME,
          `No mocked response for invocation ${n} of the Task state '${state}': test case '${testCase}' of state machine '${stateMachine}' uses the mocked response '${responseName}', which defines invocations ${Object.keys(response).join(', ')}.`,
        );
      }
      if ('Throw' in hit.value) throw taskFailure(hit.value.Throw.Error, hit.value.Throw.Cause);
      return structuredClone(hit.value.Return);
    };
  }
  return overrides;
}

/** The names of the Task states of a definition, in Parallel branches and Map processors too. */
export function taskStateNames(definition: Json): string[] {
  const names: string[] = [];
  const visit = (machine: unknown) => {
    if (!isRecord(machine) || !isRecord(machine.States)) return;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!isRecord(state)) continue;
      if (state.Type === 'Task') names.push(name);
      if (Array.isArray(state.Branches)) state.Branches.forEach(visit);
      visit(state.ItemProcessor);
      visit(state.Iterator);
    }
  };
  visit(definition);
  return names;
}
