/**
 * The Context Object of a TestState run (`$$`, `$states.context`).
 *
 * Given in the request (only with a mock), it replaces the default one entirely (an empty `{}`
 * stays empty), after a check whose messages AWS recorded (LocalStack snapshot
 * test_state_context_object.snapshot.json): "Invalid Context object provided: 'Map' field is not
 * supported when mocking a Context object", "... Field 'Pokedex' is not allowed", "...
 * Execution.Id must be a string", "... Context object contains 'Task' when state is not a Task
 * state with a '.sync' or '.waitForTaskToken' service integration pattern".
 *
 * The default one is what AWS's TestState gives (snapshots of test_test_state_scenarios): an
 * EXPRESS-style execution of a state machine of its own, members in AWS's order:
 *   {Execution: {Id: arn:...:express:<machine>:<name>, Input, Name, RoleArn (null without a role),
 *    StartTime}, StateMachine: {Id, Name}, State: {Name, EnteredTime, RetryCount (Task, Map, Parallel)},
 *    Task: {Token} (a `.waitForTaskToken` Task)}
 * State.Name is "StateName" even for a state picked from a whole machine by `stateName` (AWS
 * recorded `$states.context.State.Name` "StateName" for stateName "State0" in
 * test_test_state_scenarios.py::test_state_with_variables, 24-02-2026).
 */
import { fastUuid } from '../clock';
import type { Json, JsonObject } from '../json';
import { SINGLE_STATE_NAME, TestStateError, type PreparedTest } from './types';

const FIELDS: Record<string, Record<string, 'string' | 'number' | 'any'>> = {
  Execution: { Id: 'string', Input: 'any', Name: 'string', RoleArn: 'string', StartTime: 'string', RedriveCount: 'number' },
  State: { EnteredTime: 'string', Name: 'string', RetryCount: 'number' },
  StateMachine: { Id: 'string', Name: 'string' },
  Task: { Token: 'string' },
};

const invalid = (message: string) => new TestStateError('ValidationException', `Invalid Context object provided: ${message}`);

/** The Context Object given in a request, checked. */
export function checkContext(v: Json | undefined, pattern: PreparedTest['pattern']): JsonObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw invalid('the Context object must be a JSON object');
  for (const [key, value] of Object.entries(v)) {
    if (key === 'Map') throw invalid("'Map' field is not supported when mocking a Context object");
    const fields = FIELDS[key];
    if (fields === undefined) throw invalid(`Field '${key}' is not allowed`);
    if (key === 'Task' && pattern !== 'sync' && pattern !== 'callback') {
      throw invalid("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern");
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${key} must be an object`);
    for (const [field, fv] of Object.entries(value)) {
      const type = fields[field];
      if (type === undefined) throw invalid(`Field '${field}' is not allowed`);
      if (type !== 'any' && typeof fv !== type) throw invalid(`${key}.${field} must be a ${type}`);
    }
  }
  return v;
}

export interface ContextWhereabouts {
  region: string;
  accountId: string;
  /** Now, as an ISO timestamp. */
  now: string;
}

/** The default Context Object of a test. */
export function defaultContext(p: PreparedTest, at: ContextWhereabouts): JsonObject {
  const machine = `TestState-${fastUuid().slice(0, 8)}`;
  const name = fastUuid();
  const prefix = `arn:aws:states:${at.region}:${at.accountId}`;
  const state: JsonObject = { Name: SINGLE_STATE_NAME, EnteredTime: at.now };
  if (p.type === 'Task' || p.type === 'Map' || p.type === 'Parallel') state.RetryCount = p.retrierRetryCount;
  const context: JsonObject = {
    Execution: { Id: `${prefix}:express:${machine}:${name}`, Input: p.input, Name: name, RoleArn: p.roleArn ?? null, StartTime: at.now },
    StateMachine: { Id: `${prefix}:stateMachine:${machine}`, Name: machine },
    State: state,
  };
  // A `.waitForTaskToken` Task's `$$.Task.Token` (what a caller would answer; nothing waits for it here).
  if (p.pattern === 'callback') context.Task = { Token: Buffer.from(`${name}:${fastUuid()}`).toString('base64') };
  return context;
}
