/**
 * The AWS JSON protocols (1.0: SQS; 1.1: SSM, Secrets Manager, EventBridge), as the AWS SDKs speak
 * them: `POST /` with `X-Amz-Target: <ServiceTarget>.<Operation>` and a JSON object; the answer is
 * a JSON object, timestamps as epoch seconds. An error is a JSON object `{"__type", "message"}`
 * with its HTTP status; the SDK takes the code from `__type` (after a `#`), or from
 * `x-amzn-query-error` (`<Code>;Sender`) for a query-compatible service such as SQS (AWS, "Interpreting
 * Amazon SQS JSON API responses": `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`,
 * `{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."}`).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AwsServiceError, clientGone, readBody, send } from './server';

export type JsonObject = { [key: string]: unknown };

/** What an operation gets besides its input. */
export interface RequestContext {
  /** The stand-in's own `http://127.0.0.1:<port>` (as the client reached it). */
  endpoint: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export type JsonOperation = (input: JsonObject, context: RequestContext) => unknown;

export interface JsonService {
  /** The `X-Amz-Target` prefix: `AmazonSQS`, `AmazonSSM`, `secretsmanager`, `AWSEvents`. */
  target: string;
  version: '1.0' | '1.1';
  /** Of `__type` (`com.amazonaws.sqs#QueueDoesNotExist`); without it, the bare code. */
  namespace?: string;
  /** SQS: the query code of each error in `x-amzn-query-error`. */
  queryCompatible?: boolean;
  operations: Record<string, JsonOperation>;
}

/** Dates become epoch seconds, as the JSON protocols send timestamps. */
function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

export function sendJsonError(res: ServerResponse, e: AwsServiceError, contentType: string, namespace?: string): void {
  const headers: Record<string, string> = { 'x-amzn-ErrorType': e.code };
  if (e.options.queryCode !== undefined) headers['x-amzn-query-error'] = `${e.options.queryCode};${e.options.sender === false ? 'Receiver' : 'Sender'}`;
  send(res, e.status, contentType, JSON.stringify({ __type: namespace ? `${namespace}#${e.code}` : e.code, message: e.message }), headers);
}

/** The request listener of a JSON protocol stand-in. */
export function jsonProtocol(service: JsonService, endpoint: () => string): RequestListener {
  const contentType = `application/x-amz-json-${service.version}`;
  return (req, res) => void answer(service, contentType, endpoint, req, res);
}

async function answer(service: JsonService, contentType: string, endpoint: () => string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(`${service.target}.`) ? target.slice(service.target.length + 1) : '';
    const operation = Object.prototype.hasOwnProperty.call(service.operations, name) ? service.operations[name] : undefined;
    const body = await readBody(req);
    if (operation === undefined) {
      const known = Object.keys(service.operations).sort().join(', ');
      throw new AwsServiceError('UnknownOperationException', target ? `Operation ${target} is not supported by this local stand-in; it answers ${known}.` : `Missing X-Amz-Target header (${service.target}.<Operation>).`);
    }
    let input: unknown = {};
    const text = body.toString('utf8');
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        throw new AwsServiceError('SerializationException', 'The request body is not valid JSON.');
      }
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new AwsServiceError('SerializationException', 'The request body must be a JSON object.');
    const result = await operation(input as JsonObject, { endpoint: endpoint(), signal: clientGone(res) });
    send(res, 200, contentType, JSON.stringify(result ?? {}, replacer));
  } catch (e) {
    const error = e instanceof AwsServiceError ? e : new AwsServiceError('InternalFailure', `Internal error of the local stand-in: ${e instanceof Error ? e.message : String(e)}`, 500, { sender: false });
    sendJsonError(res, error, contentType, service.namespace);
  }
}

/** Input checks with the messages the AWS JSON services give (`1 validation error detected: ...`). */
export function requiredString(input: JsonObject, field: string): string {
  const v = input[field];
  if (v === undefined || v === null) throw new AwsServiceError('ValidationException', `1 validation error detected: Value null at '${lowerFirst(field)}' failed to satisfy constraint: Member must not be null`);
  if (typeof v !== 'string') throw new AwsServiceError('SerializationException', `${field} must be a string.`);
  return v;
}

export function optionalString(input: JsonObject, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AwsServiceError('SerializationException', `${field} must be a string.`);
  return v;
}

export function optionalNumber(input: JsonObject, field: string): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AwsServiceError('SerializationException', `${field} must be a number.`);
  return v;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
