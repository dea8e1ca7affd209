/** Helpers of the engine tests. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { runExecution } from '..';
import type { ExecutionResult, Json, RunOptions } from '../types';

/** A definition literal as Json (TypeScript infers unions of object literals that Json does not accept). */
export function def(d: unknown): Json {
  return d as Json;
}

export const START = new Date('2024-01-01T00:00:00.000Z');
export const T0 = START.getTime();

/** Runs with a fixed start time and execution name (deterministic ARNs and timestamps). */
export function run(definition: unknown, input: unknown = {}, options: RunOptions = {}): Promise<ExecutionResult> {
  return runExecution(definition as Json, input as Json, { startTime: START, executionName: 'exec-1', ...options });
}

export function types(r: ExecutionResult | HistoryEvent[]): string[] {
  const events = Array.isArray(r) ? r : r.events;
  return events.map((e) => e.type as string);
}

export function prevIds(r: ExecutionResult): number[] {
  return r.events.map((e) => e.previousEventId as number);
}

/** The events of a type, in order. */
export function eventsOf(r: ExecutionResult, type: string): HistoryEvent[] {
  return r.events.filter((e) => e.type === type);
}

/** Milliseconds since START of an event. */
export function at(e: HistoryEvent): number {
  return (e.timestamp as Date).getTime() - T0;
}

/** The `*EventDetails` member of an event. */
export function details(e: HistoryEvent): Record<string, unknown> {
  for (const [k, v] of Object.entries(e)) if (k.endsWith('EventDetails')) return v as Record<string, unknown>;
  return {};
}

/** JSON text fields of an event's details, parsed (input, output, parameters). */
export function data(e: HistoryEvent, field: 'input' | 'output' | 'parameters' = 'output'): unknown {
  const d = details(e)[field];
  return typeof d === 'string' ? JSON.parse(d) : undefined;
}

/**
 * The history as LocalStack's AWS-recorded snapshots print it: each event's id, previousEventId,
 * type and details, the JSON texts of the details (input, output, parameters) parsed, timestamps
 * left out.
 */
export function snapshotEvents(r: ExecutionResult): Array<Record<string, unknown>> {
  return r.events.map((e) => {
    const out: Record<string, unknown> = { id: e.id, previousEventId: e.previousEventId, type: e.type };
    for (const [k, v] of Object.entries(e)) {
      if (!k.endsWith('EventDetails')) continue;
      const d: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      for (const f of ['input', 'output', 'parameters']) if (typeof d[f] === 'string') d[f] = JSON.parse(d[f] as string);
      out[k] = d;
    }
    return out;
  });
}

/** The names of the states entered, in order. */
export function statesEntered(r: ExecutionResult): string[] {
  return r.events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails?.name ?? '') as string);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The value `f` gives once it gives one (polled every 10 ms, at most 5 s): for what another party does. */
export async function until<T>(f: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = f();
    if (v !== undefined) return v;
    await sleep(10);
  }
  throw new Error('condition never met');
}

export const FN_ARN = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** A one-Task machine on a function ARN. */
export function oneTask(resource: string, extra: Record<string, unknown> = {}): Json {
  return def({ StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true, ...extra } } });
}

/** A function that fails its first `n` calls with errors named `names[i]` (the last name repeats), then returns `result`. */
export function failing(names: string[], n: number, result: unknown = { ok: true }) {
  let calls = 0;
  const fn = async () => {
    calls++;
    if (calls <= n) {
      const e = new Error(`failure ${calls}`);
      e.name = names[Math.min(calls - 1, names.length - 1)];
      throw e;
    }
    return result;
  };
  return Object.assign(fn, { calls: () => calls });
}

/**
 * LocalStack's choice_condition_jsonata.json5 (assign/ and outputdecl/): a JSONata Choice on
 * `$states.input.condition`, its rule and the state each with `fields` of their own (Assign or
 * Output); true goes to a Pass, false to a Fail with the cause "Condition is false".
 */
export function conditionChoice(rule: Record<string, unknown>, state: Record<string, unknown>): Json {
  return def({
    QueryLanguage: 'JSONata',
    StartAt: 'ChoiceState',
    States: {
      ChoiceState: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.condition %}', Next: 'ConditionTrue', ...rule }], Default: 'DefaultState', ...state },
      ConditionTrue: { Type: 'Pass', End: true },
      DefaultState: { Type: 'Fail', Cause: 'Condition is false' },
    },
  });
}
