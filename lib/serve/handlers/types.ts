/** An API operation of the local endpoint: the request's JSON object in, the response's out (or an ApiError thrown). */
import type { JsonObject } from '../protocol';
import type { Registry } from '../registry';

export interface RequestContext {
  /** Aborted when the client goes away (a long poll then ends). */
  signal: AbortSignal;
}

export type Operation = (registry: Registry, body: JsonObject, context: RequestContext) => unknown;
