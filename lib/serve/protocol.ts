/**
 * The AWS JSON 1.0 protocol of the Step Functions API, as `@aws-sdk/client-sfn` speaks it:
 * `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>` and
 * `Content-Type: application/x-amz-json-1.0`; the response is a JSON object, timestamps as epoch
 * seconds (JSON protocols' default timestamp format). An error is HTTP 400 with
 * `{"__type": "<Code>", "message": "..."}`: the SDK takes the code from `__type` (or the
 * `x-amzn-errortype` header, also sent) and the message from `message`
 * (@smithy/core protocols `loadJsonRpcErrorCode`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeJsonError, parseJsonValue } from '../asl/json-source';
import { SourceError } from '../asl/problem';
import { StepFunctionsApiError } from '../services/stepfunctions/integration';

export { StepFunctionsApiError as ApiError } from '../services/stepfunctions/integration';

export const TARGET_PREFIX = 'AWSStepFunctions.';
export const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** The largest request body taken (AWS's payload limit is 256 KiB; definitions up to 1 MB). */
const MAX_BODY = 4 * 1024 * 1024;

export type JsonObject = { [key: string]: unknown };

const tooLarge = () => new StepFunctionsApiError('ValidationException', `The request body is larger than ${MAX_BODY} bytes.`);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request's JSON object; SerializationException when it is not one (not UTF-8, not JSON,
 * nested deeper than the local tools take: lib/asl/json-source.ts), located in the body.
 */
export async function readRequest(req: IncomingMessage): Promise<JsonObject> {
  // A declared length over the limit is refused before the body is read.
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new StepFunctionsApiError('SerializationException', 'The request body is not valid UTF-8.');
  }
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = parseJsonValue(text, 'request body');
  } catch (e) {
    if (e instanceof SourceError) throw new StepFunctionsApiError('SerializationException', `The request body is not valid JSON: ${describeJsonError(e)}`);
    throw e;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new StepFunctionsApiError('SerializationException', 'The request body must be a JSON object.');
  return body as JsonObject;
}

/** Dates become epoch seconds, as the JSON protocols serialize timestamps. */
function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return raw.getTime() / 1000;
  return value;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, replacer);
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId() });
  res.end(text);
}

export function sendError(res: ServerResponse, e: StepFunctionsApiError): void {
  const text = JSON.stringify({ ...e.members, __type: e.code, message: e.message });
  res.writeHead(e.status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'x-amzn-ErrorType': e.code, 'x-amzn-RequestId': requestId() });
  res.end(text);
}

let requests = 0;
function requestId(): string {
  return `local-${process.pid}-${++requests}`;
}

/** Field checks, with the ValidationException text AWS gives ("1 validation error detected: ..."). */
export function requiredString(body: JsonObject, field: string, max = Infinity, min = 0): string {
  const v = body[field];
  if (v === undefined || v === null) throw validation(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  if (typeof v !== 'string') throw new StepFunctionsApiError('SerializationException', `'${field}' must be a string.`);
  if (v.length > max) throw validation(`Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  if (v.length < min) throw validation(`Value '${v}' at '${field}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
  return v;
}

export function optionalString(body: JsonObject, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new StepFunctionsApiError('SerializationException', `'${field}' must be a string.`);
  return v;
}

export function optionalInteger(body: JsonObject, field: string, min: number, max: number): number | undefined {
  return optionalNumeric(body, field, min, max, true);
}

/** A number (AWS's Float) within [min, max]. */
export function optionalNumber(body: JsonObject, field: string, min: number, max: number): number | undefined {
  return optionalNumeric(body, field, min, max, false);
}

function optionalNumeric(body: JsonObject, field: string, min: number, max: number, integer: boolean): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) throw new StepFunctionsApiError('SerializationException', `'${field}' must be ${integer ? 'an integer' : 'a number'}.`);
  // AWS names the bound crossed (LocalStack's AWS-validated test_sfn_api snapshot, test_list_sms_pagination).
  if (v > max) throw validation(`Value '${v}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  if (v < min) throw validation(`Value '${v}' at '${field}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  return v;
}

export function optionalBoolean(body: JsonObject, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new StepFunctionsApiError('SerializationException', `'${field}' must be a boolean.`);
  return v;
}

export function validation(message: string): StepFunctionsApiError {
  return new StepFunctionsApiError('ValidationException', `1 validation error detected: ${message}`);
}

/**
 * ListStateMachines' and ListActivities' order: by name, character code by character code (AWS-recorded
 * in LocalStack's test_sfn_api snapshot, test_list_sms_pagination: statemachine_10_x before statemachine_1_x).
 */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The longest `nextToken` of the API's PageToken; ListExecutions' is longer (ListExecutionsPageToken). */
export const PAGE_TOKEN_MAX = 1024;
export const LIST_EXECUTIONS_TOKEN_MAX = 3096;

/**
 * A page of `items` (newest or oldest first as given) for `maxResults` / `nextToken`; the token is
 * the offset of the next page. InvalidToken when the token is not one this endpoint gave; a token
 * longer than `tokenMax` is a ValidationException, as AWS answers (LocalStack's AWS-validated
 * test_sfn_api snapshot: 1024 for ListStateMachines, 3096 for ListExecutions).
 */
export function page<T>(items: readonly T[], body: JsonObject, defaultMax = 100, tokenMax = PAGE_TOKEN_MAX): { items: T[]; nextToken?: string } {
  const max = optionalInteger(body, 'maxResults', 0, 1000) || defaultMax;
  const token = optionalString(body, 'nextToken');
  if (token !== undefined && token.length > tokenMax) throw validation(`Value '${token}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to ${tokenMax}`);
  let start = 0;
  if (token !== undefined) {
    const m = /^page-(\d+)$/.exec(token);
    if (m === null) throw new StepFunctionsApiError('InvalidToken', `Invalid token: ${token}`);
    start = Number(m[1]);
  }
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, nextToken: `page-${start + max}` } : { items: slice };
}
