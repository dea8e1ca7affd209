/** What the state types share: common fields, Next/End, and the field + schema pass. */
import { z } from 'zod';
import { SCHEMA, has, ptr, stateLabel, type QueryLanguage, type StateCheck } from '../context';
import { anyJson, boolean, checkFields, checkSchema, jsonataString, nonEmptyString, object, pathString, string, type FieldTable } from './schemas';

/** Schema members of every state (Type and QueryLanguage are checked before the state's type runs). */
export const BASE_SHAPE = { Comment: string().optional() };
/** Schema members of states that go somewhere: Next and End. */
export const FLOW_SHAPE = { Next: nonEmptyString('the name of a state').optional(), End: boolean().optional() };

export const COMMON_FIELDS: FieldTable = { Type: 'both', Comment: 'both', QueryLanguage: 'both' };
export const FLOW_FIELDS: FieldTable = { Next: 'both', End: 'both' };
export const IO_FIELDS: FieldTable = { InputPath: 'JSONPath', OutputPath: 'JSONPath' };
/** Fields of the states that run something and shape its result: Task and Parallel. */
export const RESULT_FIELDS: FieldTable = {
  Parameters: 'JSONPath',
  ResultSelector: 'JSONPath',
  ResultPath: 'JSONPath',
  Arguments: 'JSONata',
  Output: 'JSONata',
  Assign: 'both',
  Retry: 'both',
  Catch: 'both',
};

/** JSONPath schema members: where a state reads its input, puts its result and what it passes on. */
export const PATHS_SHAPE = { InputPath: pathString(true).optional(), OutputPath: pathString(true).optional(), ResultPath: pathString(true).optional() };
/** A JSONPath payload template (Parameters, ResultSelector). */
export const payloadTemplate = () => object('a JSON object (a payload template)').optional();
/** JSONata: Arguments, an object or an expression. */
export const jsonataArguments = () =>
  z.union([object(), jsonataString()], { error: () => 'must be a JSON object or a JSONata expression "{% ... %}"' }).optional();
/** Schema members of the states that run something and shape its result (Task, Parallel), by query language. */
export const RESULT_SHAPES = {
  JSONPath: { ...PATHS_SHAPE, Parameters: payloadTemplate(), ResultSelector: payloadTemplate() },
  JSONata: { Arguments: jsonataArguments(), Output: anyJson().optional() },
};

export const TERMINAL_NOTES = {
  Next: 'Succeed and Fail states are terminal, they have no Next',
  End: 'Succeed and Fail states are terminal already, End is not needed',
  Assign: 'Succeed and Fail states cannot assign variables',
  Retry: 'only Task, Parallel and Map states have Retry',
  Catch: 'only Task, Parallel and Map states have Catch',
  TimeoutSeconds: 'only Task states have TimeoutSeconds',
  HeartbeatSeconds: 'only Task states have HeartbeatSeconds',
} as const;

export const NOT_TASK_NOTES = {
  Retry: 'only Task, Parallel and Map states have Retry',
  Catch: 'only Task, Parallel and Map states have Catch',
  TimeoutSeconds: 'only Task states have TimeoutSeconds',
  TimeoutSecondsPath: 'only Task states have TimeoutSecondsPath',
  HeartbeatSeconds: 'only Task states have HeartbeatSeconds',
  HeartbeatSecondsPath: 'only Task states have HeartbeatSecondsPath',
  Resource: 'only Task states have Resource',
} as const;

export interface StateType {
  fields: FieldTable;
  schemas: Readonly<Record<QueryLanguage, z.ZodType>>;
  notes?: Readonly<Record<string, string>>;
  /** Checks beyond fields and types; runs after them, on whatever is well-typed. */
  check(s: StateCheck, skipped: ReadonlySet<string>): void;
}

/** Runs a state type's field table, its schema for the state's query language, then its checks. */
export function checkStateType(s: StateCheck, t: StateType): void {
  const skipped = checkFields(s, s.state, [], t.fields, { where: `in a ${s.type} state`, notes: t.notes });
  checkSchema(s, s.state, [], t.schemas[s.ql], skipped);
  t.check(s, skipped);
}

/** A state that is not terminal by type: exactly one of Next or "End": true. */
export function checkNextOrEnd(s: StateCheck): void {
  const st = s.state;
  const hasNext = has(st, 'Next');
  const end = st.End;
  if (hasNext && has(st, 'End')) {
    if (end === true)
      s.ctx.report(ptr(s.pointer, 'End'), SCHEMA, `${stateLabel(s)}: has both "Next" and "End": true; a state either goes to Next or ends the execution`, true);
    else if (end === false)
      s.ctx.report(ptr(s.pointer, 'End'), SCHEMA, `${stateLabel(s)}: field "End" is false; remove it, "Next" already says where to go`, true);
  } else if (!hasNext && end !== true && (end === undefined || typeof end === 'boolean')) {
    s.ctx.report(
      s.pointer,
      SCHEMA,
      end === false
        ? `${stateLabel(s)}: "End" is false and there is no "Next": a ${s.type} state needs "Next" or "End": true`
        : `${stateLabel(s)}: a ${s.type} state needs "Next" (the state to go to) or "End": true`,
    );
  }
  if (typeof st.Next === 'string' && st.Next !== '') s.transition(st.Next, ['Next']);
}
