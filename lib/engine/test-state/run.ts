/**
 * What the evaluation of a tested state shares, whatever its query language: the inspection data
 * it records, the variables, the Context Object, the Task's work (the mock, or the resource run on
 * the local engine), and what Retry and Catch make of a failure in TestState (AWS, API reference
 * "TestState" and InspectionErrorDetails; AWS-recorded in LocalStack's snapshots
 * test_state_configuration.snapshot.json and test_test_state_scenarios.snapshot.json):
 *
 * - A retrier matches and has not used its MaxAttempts (`stateConfiguration.retrierRetryCount`
 *   retries made so far, default 0): status RETRIABLE, `errorDetails` {retryIndex,
 *   retryBackoffIntervalSeconds: IntervalSeconds x BackoffRate^retries made, at most
 *   MaxDelaySeconds}. The state is not run again.
 * - Otherwise (its index still recorded as retryIndex when one matched) a catcher that matches:
 *   CAUGHT_ERROR, its Next as nextState, the catcher's output, `errorDetails.catchIndex`.
 * - Otherwise FAILED. States.Runtime is never retried or caught, as in an execution.
 */
import { caughtOutput, compileCatchers, errorMatches, errorOutput, findCatcher } from '../catch';
import { RUNTIME, Failure, stateFailure, taskFailure, Stopped } from '../errors';
import type { PathContext } from '../jsonpath';
import type { Json, JsonObject } from '../json';
import { finishWithout } from './jsonata-fields';
import { compileCached } from '../machine';
import { compileRetriers } from '../retry';
import type { RunOptions } from '../types';
import type { InspectionData, PreparedTest, TestStateResult, TestStatus } from './types';

/** How a tested state ended. */
export interface Outcome {
  status: TestStatus;
  output?: Json;
  error?: string;
  cause?: string;
  nextState?: string;
}

/** The inspection data a state records: documents (made JSON text at the end) and numbers (Map's). */
type DataKey = Exclude<keyof InspectionData, 'errorDetails' | 'request' | 'response' | 'variables'>;
type Data = Partial<Record<DataKey, Json>>;
const NUMBERS: ReadonlySet<DataKey> = new Set(['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage']);

/** The event id of a state's entered event in a one-state execution (for causes naming it, as an execution's do). */
const ENTERED_EVENT_ID = 2;

export class Run {
  /** Inspection data as values, in the order they were recorded (made JSON text at the end). */
  private readonly data: Data = {};
  readonly errorDetails: NonNullable<InspectionData['errorDetails']> = {};
  /** The variables the state sees; with what it assigns once it has run. */
  vars: Record<string, Json>;

  constructor(
    readonly p: PreparedTest,
    readonly context: Json,
    readonly options: RunOptions,
  ) {
    this.vars = { ...p.variables };
  }

  record(key: DataKey, value: Json): void {
    this.data[key] = value;
  }

  /** Forgets what was recorded but the state's input (AWS reports only it for some states). */
  keepOnlyInput(): void {
    for (const k of Object.keys(this.data) as Array<keyof Data>) if (k !== 'input') delete this.data[k];
  }

  /** `$`, `$$` and the variables for a JSONPath field. */
  paths(input: Json): PathContext {
    return { input, context: this.context, variables: this.vars };
  }

  /** `$states` for a JSONata field. */
  states(input: Json, more?: JsonObject): JsonObject {
    return { input, context: this.context, ...more };
  }

  /** The variables a state assigns, set once it has run. */
  assign(values: Json | null): void {
    if (values !== null && typeof values === 'object' && !Array.isArray(values)) this.vars = { ...this.vars, ...values };
  }

  /** A failure of the state's own processing (paths, templates, JSONata) as a Failure. */
  failure(e: unknown): Failure {
    const f = stateFailure(e, this.p.name, ENTERED_EVENT_ID);
    if (f instanceof Stopped) return new Failure(RUNTIME, 'the test was stopped');
    return f;
  }

  result(o: Outcome): TestStateResult {
    const r: TestStateResult = { status: o.status };
    if (o.output !== undefined) r.output = JSON.stringify(o.output);
    if (o.error !== undefined) r.error = o.error;
    if (o.cause !== undefined) r.cause = o.cause;
    if (this.p.level !== 'INFO') r.inspectionData = this.inspection(o);
    if (o.nextState !== undefined) r.nextState = o.nextState;
    return r;
  }

  private inspection(o: Outcome): InspectionData {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.data)) out[k] = NUMBERS.has(k as DataKey) ? v : JSON.stringify(v);
    if (o.status !== 'FAILED' && o.status !== 'RETRIABLE' && Object.keys(this.vars).length > 0) out.variables = JSON.stringify(this.vars);
    if (Object.keys(this.errorDetails).length > 0) out.errorDetails = { ...this.errorDetails };
    return out as InspectionData;
  }

  /**
   * The raw result of a Task: the mocked one (or the mocked error, thrown), or the resource run on
   * the local engine as the only state of a state machine, its effective input given as is (the
   * functions, resource invokers and overrides of the run options answer it).
   */
  async taskResult(effective: Json, limits: { timeoutSeconds?: number; heartbeatSeconds?: number }): Promise<Json> {
    const mock = this.p.mock;
    if (mock !== null) {
      if ('error' in mock) throw taskFailure(mock.error, mock.cause);
      return structuredClone(mock.result);
    }
    const stub: JsonObject = { Type: 'Task', Resource: this.p.def.Resource as string, End: true };
    if (limits.timeoutSeconds !== undefined) stub.TimeoutSeconds = limits.timeoutSeconds;
    if (limits.heartbeatSeconds !== undefined) stub.HeartbeatSeconds = limits.heartbeatSeconds;
    const machine = compileCached({ StartAt: this.p.name, States: { [this.p.name]: stub } });
    const r = await machine.run(effective, { ...this.options, history: false });
    if (r.status === 'SUCCEEDED') return r.output === undefined ? null : r.output;
    const f = new Failure(r.error, r.cause);
    f.fromTask = r.error !== RUNTIME;
    throw f;
  }

  /** The mocked error of a Map or Parallel state, if any. */
  mockedError(): Failure | null {
    const mock = this.p.mock;
    return mock !== null && 'error' in mock ? taskFailure(mock.error, mock.cause) : null;
  }

  /**
   * What Retry and Catch make of the state's failure (Task, Map, Parallel): RETRIABLE, CAUGHT_ERROR
   * with the catcher's output (its ResultPath / Assign, or JSONata Output / Assign), or FAILED.
   */
  async afterFailure(raw: Json, e: unknown): Promise<Outcome> {
    const f = this.failure(e);
    const failed: Outcome = { status: 'FAILED', error: f.error, cause: f.cause };
    if (f.terminal) return failed;
    const def = this.p.def;
    const retriers = compileRetriers(def.Retry) ?? [];
    const i = retriers.findIndex((r) => errorMatches(r.errorEquals, f));
    if (i >= 0) {
      const r = retriers[i];
      this.errorDetails.retryIndex = i;
      if (this.p.retrierRetryCount < r.maxAttempts) {
        this.errorDetails.retryBackoffIntervalSeconds = Math.floor(Math.min(r.intervalMs * Math.pow(r.backoffRate, this.p.retrierRetryCount), r.maxDelayMs) / 1000);
        return { ...failed, status: 'RETRIABLE' };
      }
    }
    const jsonata = this.p.ql === 'JSONata';
    const catchers = compileCatchers(def.Catch, jsonata) ?? [];
    const c = findCatcher(catchers, f);
    if (c === undefined) return failed;
    this.errorDetails.catchIndex = catchers.indexOf(c);
    let output: Json;
    try {
      if (c.jsonata !== null) {
        const [out, assigned] = await finishWithout(c.jsonata, this.states(raw, { errorOutput: errorOutput(f) }), this.vars, errorOutput(f));
        output = out;
        this.assign(assigned);
      } else {
        output = caughtOutput(c, raw, f);
        if (c.assign !== null) this.assign(c.assign({ input: errorOutput(f), context: this.context, variables: this.vars }));
      }
    } catch (x) {
      const g = this.failure(x);
      return { status: 'FAILED', error: g.error, cause: g.cause };
    }
    return { status: 'CAUGHT_ERROR', output, nextState: c.nextName, error: f.error, cause: f.cause };
  }
}
