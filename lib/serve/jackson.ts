/**
 * Malformed JSON in the words of AWS's JSON parser (Jackson), where LocalStack's AWS-validated
 * snapshots recorded them, mapped from the local parser's problems (lib/asl/json-source.ts):
 *
 * - StartExecution (test_sfn_api, test_invalid_start_execution_input, 22-06-2023), InvalidExecutionInput:
 *     ""                → Invalid State Machine Execution Input: 'Invalid execution input.'
 *     "not some json"   → ...: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'
 *     "{'not': 'json'"  → ...: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'
 * - ValidateStateMachineDefinition (test_sfn_api_validation, NOT_A_DEF, 09-10-2024): the same
 *   "Unrecognized token" text, located after the token ("line: 1, column: 4" for `not` at column 1).
 *
 * Other malformed text keeps the local parser's description.
 */
import { describeJsonError } from '../asl/json-source';
import type { SourceError } from '../asl/problem';

type Problem = SourceError['problems'][number];

/** Jackson's wording of a parse problem, and the column Jackson reports it at, when it is one of the recorded shapes. */
export function jacksonProblem(p: Problem): { message: string; column: number } | undefined {
  const token = /^invalid JSON: unexpected "([^"]+)", expected a value$/.exec(p.message);
  if (token) return { message: `Unrecognized token '${token[1]}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`, column: p.column + token[1].length };
  const fieldName = /^invalid JSON: unexpected '(.)', expected a member name in double quotes$/u.exec(p.message);
  if (fieldName) return { message: `Unexpected character ('${fieldName[1]}' (code ${fieldName[1].codePointAt(0)})): was expecting double-quote to start field name`, column: p.column };
  return undefined;
}

const PREFIX = 'Invalid State Machine Execution Input: ';

/** The message of InvalidExecutionInput for `text`, which failed to parse with `e`. */
export function invalidInputMessage(text: string, e: SourceError): string {
  if (text === '') return `${PREFIX}'Invalid execution input.'`;
  const p = e.problems[0];
  return `${PREFIX}'${(p && jacksonProblem(p)?.message) ?? describeJsonError(e)}'`;
}
