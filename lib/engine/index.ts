/**
 * The local AWS Step Functions execution engine: runs a state machine definition (Amazon States
 * Language, JSONPath) on this machine with Step Functions' semantics, Lambda functions in-process,
 * and returns the execution's result and history.
 *
 *   const result = await runExecution(definition, input, { functions: { myFn: handler } });
 *   const machine = compileStateMachine(definition);   // compile once ...
 *   await machine.run(input, options);                  // ... run many times
 *
 * A definition that AWS would refuse is refused (InvalidDefinitionError, with the validator's
 * diagnostics); one using what the engine does not run (a Distributed Map reading Parquet)
 * throws UnsupportedFeatureError. A Distributed Map reads and writes S3 through RunOptions.s3
 * (lib/engine/README.md). Once an execution has started, its promise always resolves with an
 * ExecutionResult: SUCCEEDED, FAILED (error, cause) or TIMED_OUT.
 */
import { compileCached } from './machine';
import type { Json } from './json';
import type { ExecutionResult, RunOptions } from './types';

export { CompiledStateMachine, InvalidDefinitionError, UnsupportedFeatureError, compileStateMachine } from './machine';
export { DEFAULT_MAX_TRANSITIONS, Execution } from './execution';
export { InvalidExecutionInputError, InvalidRunOptionsError, RUN_OPTION_NAMES, pickRunOptions } from './run-options';
export { TaskTokenBroker, TaskTokenError, type TaskTokenErrorCode, type TokenWaiter } from './callbacks';
export { ACTIVITY_POLL_MS } from './activities';
export { Failure, RUNTIME, taskFailure } from './errors';
export { StatesError } from './jsonpath/errors';
export { fastUuid } from './clock';
export { appendRedriven } from './redrive';
export { testState, TestStateError, type InspectionData, type InspectionLevel, type TestStateRequest, type TestStateResult, type TestStatus } from './test-state';
export type * from './types';

/**
 * Compiles the definition (once: see compileCached) and runs one execution of it. A definition
 * that cannot run rejects the promise (InvalidDefinitionError, UnsupportedFeatureError).
 */
export function runExecution(definition: Json | string, input?: Json, options?: RunOptions): Promise<ExecutionResult> {
  try {
    return compileCached(definition).run(input === undefined ? {} : input, options ?? {});
  } catch (e) {
    return Promise.reject(e);
  }
}
