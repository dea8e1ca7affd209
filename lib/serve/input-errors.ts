/**
 * InvalidExecutionInput's message for an execution input that is not JSON, in the words AWS's
 * JSON parser (Jackson) uses where LocalStack's AWS-validated test_sfn_api snapshot recorded them
 * (test_invalid_start_execution_input, 22-06-2023):
 *
 *   ""                → Invalid State Machine Execution Input: 'Invalid execution input.'
 *   "not some json"   → ...: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'
 *   "{'not': 'json'"  → ...: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'
 *
 * Other malformed inputs keep the local parser's located description (lib/asl/json-source.ts).
 */
import { describeJsonError } from '../asl/json-source';
import type { SourceError } from '../asl/problem';

const PREFIX = 'Invalid State Machine Execution Input: ';

/** Jackson's wording of the local parser's problem, when it is one of the recorded shapes. */
function jacksonWording(message: string): string | undefined {
  const token = /^invalid JSON: unexpected "([^"]+)", expected a value$/.exec(message);
  if (token) return `Unrecognized token '${token[1]}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
  const fieldName = /^invalid JSON: unexpected '(.)', expected a member name in double quotes$/u.exec(message);
  if (fieldName) return `Unexpected character ('${fieldName[1]}' (code ${fieldName[1].codePointAt(0)})): was expecting double-quote to start field name`;
  return undefined;
}

/** The message of InvalidExecutionInput for `text`, which failed to parse with `e`. */
export function invalidInputMessage(text: string, e: SourceError): string {
  if (text === '') return `${PREFIX}'Invalid execution input.'`;
  const p = e.problems[0];
  return `${PREFIX}'${(p && jacksonWording(p.message)) ?? describeJsonError(e)}'`;
}
