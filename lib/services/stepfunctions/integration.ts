/**
 * Step Functions starting another state machine: `arn:aws:states:::states:startExecution`,
 * `.sync`, `.sync:2` (and `.waitForTaskToken`, which starts it the same way), and
 * `arn:aws:states:::aws-sdk:sfn:startExecution`. Who runs the executions is an
 * ExecutionDirectory: the project's workflows on the local engine (lib/local/providers/
 * state-machines.ts) or the registry of `sfn serve`.
 *
 * Parameters: `StateMachineArn`, `Input` (JSON, or its text), `Name`. Outputs (AWS, "Start a
 * new AWS Step Functions state machine from a running execution" / StartExecution and
 * DescribeExecution API references; LocalStack state_task_service_sfn.py):
 * - request-response: StartExecution's response `{ ExecutionArn, StartDate }`, with the SDK's
 *   `SdkHttpMetadata` / `SdkResponseMetadata` in the optimized form (recorded on AWS: LocalStack's
 *   services/test_sfn_task_service test_start_execution, 28-06-2023; ../sdk-metadata.ts);
 * - `.sync`: DescribeExecution's response once the execution ended, `Input`/`Output` as JSON text;
 * - `.sync:2`: the same with `Input`/`Output` as JSON.
 * Dates are epoch milliseconds, as Step Functions serializes them in task results.
 * A child that does not succeed fails the task with `States.TaskFailed`, cause = that
 * DescribeExecution response as JSON text. API errors are `StepFunctions.<Code>Exception`
 * (optimized, cause `<message> (Service: AWSStepFunctions; Status Code: 400; Error Code: <Code>;
 * Request ID: <id>; Proxy: null)`) or `Sfn.<Code>Exception` (AWS SDK form).
 */
import { taskFailure } from '../../engine';
import type { ExecutionResult, Json, ResourceInvoker } from '../../engine/types';
import { withStepFunctionsMetadata } from '../sdk-metadata';
import { optimizedServiceError, parametersOf, parseIntegration, sdkServiceError, type JsonObject } from '../integration';

export interface ExecutionDirectory {
  start(request: { stateMachineArn: string; input: Json; name?: string; parentStateName: string }): Promise<{ executionArn: string; startDate: Date; done: Promise<ExecutionResult> }>;
}

/**
 * An error of the Step Functions API, thrown by a directory's `start`: its code as the API names
 * it (`StateMachineDoesNotExist`, `ExecutionAlreadyExists`, `InvalidName`, `InvalidExecutionInput`, ...).
 */
export class StepFunctionsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** The error's own members besides its message (ValidationException `reason`, ResourceNotFound `resourceName`). */
    readonly members: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export function startExecutionInvoker(directory: ExecutionDirectory): ResourceInvoker {
  return ({ resource, input, stateName }) => {
    const r = parseIntegration(resource);
    if (r === undefined || r.action !== 'startExecution' || (r.sdk ? r.service !== 'sfn' : r.service !== 'states')) return undefined;
    return run(directory, parametersOf(input), stateName, r.sdk, r.pattern);
  };
}

async function run(directory: ExecutionDirectory, p: JsonObject, stateName: string, sdk: boolean, pattern: string): Promise<Json> {
  const apiError = (code: string, message: string, status = 400) =>
    sdk ? sdkServiceError('Sfn', code, status, message) : optimizedServiceError(`StepFunctions.${code}Exception`, 'AWSStepFunctions', status, code, message);
  if (typeof p.StateMachineArn !== 'string') throw apiError('InvalidArn', `Invalid Arn: 'StateMachineArn' is required`);
  let input: Json = {};
  if (typeof p.Input === 'string') {
    try {
      input = JSON.parse(p.Input) as Json;
    } catch {
      throw apiError('InvalidExecutionInput', `Invalid State Machine Execution Input: 'Input' is not valid JSON: ${p.Input.slice(0, 100)}`);
    }
  } else if (p.Input !== undefined) input = p.Input;
  if (p.Name !== undefined && typeof p.Name !== 'string') throw apiError('InvalidName', `Invalid Name: '${JSON.stringify(p.Name)}'`);
  let started: Awaited<ReturnType<ExecutionDirectory['start']>>;
  try {
    started = await directory.start({ stateMachineArn: p.StateMachineArn, input, name: p.Name, parentStateName: stateName });
  } catch (e) {
    if (e instanceof StepFunctionsApiError) throw apiError(e.code, e.message, e.status);
    throw e;
  }
  if (pattern !== 'sync' && pattern !== 'sync:2') {
    const response = { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
    return sdk ? response : withStepFunctionsMetadata(response);
  }
  const result = await started.done;
  const described = describeExecution(result, p.StateMachineArn, input, pattern === 'sync:2');
  if (result.status !== 'SUCCEEDED') throw taskFailure('States.TaskFailed', JSON.stringify(described));
  return described;
}

/** DescribeExecution's response for an ended execution, in the PascalCase of task results. */
export function describeExecution(result: ExecutionResult, stateMachineArn: string, input: Json, asJson: boolean): JsonObject {
  const name = result.executionArn.slice(result.executionArn.lastIndexOf(':') + 1);
  const d: JsonObject = {
    ExecutionArn: result.executionArn,
    Input: asJson ? input : JSON.stringify(input),
    InputDetails: { Included: true },
    Name: name,
  };
  if (result.status === 'SUCCEEDED') {
    const output = result.output === undefined ? null : result.output;
    d.Output = asJson ? output : JSON.stringify(output);
    d.OutputDetails = { Included: true };
  }
  d.StartDate = result.startDate.getTime();
  d.StateMachineArn = stateMachineArn;
  d.Status = result.status;
  d.StopDate = result.stopDate.getTime();
  if (result.status !== 'SUCCEEDED') {
    if (result.error !== undefined) d.Error = result.error;
    if (result.cause !== undefined) d.Cause = result.cause;
  }
  return d;
}

