/**
 * Helpers of the tests checked against executions recorded on AWS (LocalStack's AWS-validated
 * snapshots, tests/aws/services/stepfunctions/v2/...snapshot.json): an execution's history in the
 * form those snapshots show it.
 */
import type { ExecutionResult } from '../types';
import { details } from './helpers';

/** Details fields whose value is JSON text, shown parsed (as the snapshots show them). */
const JSON_FIELDS = new Set(['input', 'output', 'parameters']);

/** An event as the snapshots show it: its type, and its details with their JSON texts parsed (ExecutionStarted's role left out). */
export interface Recorded {
  type: string;
  id: number;
  previousEventId: number;
  details?: Record<string, unknown>;
}

function parsed(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (JSON_FIELDS.has(k) && typeof v === 'string') out[k] = JSON.parse(v);
    else if (k === 'assignedVariables') out[k] = Object.fromEntries(Object.entries(v as Record<string, string>).map(([n, t]) => [n, JSON.parse(t)]));
    else if (k !== 'roleArn') out[k] = v;
  }
  return out;
}

export function recorded(r: ExecutionResult): Recorded[] {
  return r.events.map((e) => {
    const d = details(e);
    const ev: Recorded = { type: e.type as string, id: e.id as number, previousEventId: e.previousEventId as number };
    if (Object.keys(d).length > 0) ev.details = parsed(d);
    return ev;
  });
}

/** [type, details] of each event (ids left out). */
export function typedDetails(r: ExecutionResult): Array<[string, Record<string, unknown> | undefined]> {
  return recorded(r).map((e) => [e.type, e.details]);
}

/** The [id, previousEventId] of each event. */
export function links(r: ExecutionResult): Array<[number, number]> {
  return r.events.map((e) => [e.id as number, e.previousEventId as number]);
}

/** A Lambda function's cause as JSON (the runtime's error document). */
export function lambdaCause(cause: unknown): Record<string, unknown> {
  return JSON.parse(String(cause)) as Record<string, unknown>;
}
