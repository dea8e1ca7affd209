/**
 * TestState on the local engine (Step Functions API reference, "TestState"; developer guide,
 * "Using TestState API to test a state"): one state run in isolation, from its definition alone
 * or from a whole state machine (`stateName`), on an input, with variables, optionally a mocked
 * result or error (Task, Map, Parallel) and a Context Object, at an inspection level:
 *
 *   const r = await testState({ definition: { Type: 'Pass', Parameters: {'x.$': '$.a'}, End: true }, input: '{"a":1}', inspectionLevel: 'DEBUG' });
 *   // { output: '{"x":1}', inspectionData: { input, afterInputPath, afterParameters, ... }, status: 'SUCCEEDED' }
 *
 * The answer is AWS's TestStateOutput: `status` SUCCEEDED, FAILED, RETRIABLE (a retrier would
 * retry: the state is not run again) or CAUGHT_ERROR (a catcher took the error: `nextState` is its
 * Next), `output`, `error` and `cause`, `nextState`, and at DEBUG and TRACE `inspectionData`.
 * A request AWS refuses throws TestStateError (ValidationException, InvalidDefinition,
 * InvalidExecutionInput). A Task without a mock runs its resource as an execution would: the
 * run options' functions, resource invokers and overrides answer it.
 *
 * Not as AWS (see lib/engine/README.md, "TestState"): a Wait state does not wait; HTTP Tasks
 * (`arn:aws:states:::http:invoke`) are not run locally, so TRACE never has `request` /
 * `response`; `mock.fieldValidationMode` validates mocked results against the output shapes of
 * the optimized integrations run here (mock-shapes.ts), not against every service's API model.
 */
import type { RunOptions } from '../types';
import { collection } from './collections';
import { defaultContext } from './context';
import { runJsonata } from './jsonata';
import { runJsonPath } from './jsonpath';
import { prepare } from './request';
import { Run } from './run';
import type { TestStateRequest, TestStateResult } from './types';

export { TestStateError, SINGLE_STATE_NAME } from './types';
export type { InspectionData, InspectionLevel, TestStateRequest, TestStateResult, TestStatus } from './types';

/** Runs one state as AWS's TestState does; throws TestStateError for a request AWS refuses. */
export async function testState(request: TestStateRequest, options: RunOptions = {}): Promise<TestStateResult> {
  const p = prepare(request);
  const context = p.context ?? defaultContext(p, { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012', now: new Date().toISOString() });
  const run = new Run(p, context, options);
  const outcome = p.type === 'Map' || p.type === 'Parallel' ? await collection(run) : p.ql === 'JSONata' ? await runJsonata(run) : await runJsonPath(run);
  return run.result(outcome);
}
