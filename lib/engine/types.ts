/**
 * The local execution engine's public types. The engine runs a rendered ASL definition on this
 * machine with AWS Step Functions' semantics; nothing here depends on cdktf.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { TaskTokenBroker } from './callbacks';
import type { Json } from './json';

export type { Json } from './json';

/** What a Lambda handler receives as its second argument (a subset of aws-lambda's Context). */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  /** Milliseconds left before the function's timeout (wall clock, as in Lambda). */
  getRemainingTimeInMillis(): number;
}

export type LambdaHandler = (event: unknown, context: LambdaContext) => unknown;

/** A Lambda function the engine can invoke in-process, by function name (the ARN's name, without qualifier). */
export interface LocalFunction {
  handler: LambdaHandler;
  /**
   * Seconds, as configured for the deployed function. Default 3 (Lambda's default). A handler
   * still running then fails the task with `Sandbox.Timedout`, as Lambda reports it.
   */
  timeout?: number;
  memorySize?: number;
}

/** Replaces what a Task state does, by state name: a fixed result, an error, or a function of the effective input. */
export type StateOverride =
  | { result: Json }
  | { error: string; cause?: string }
  | ((input: Json, context: { stateName: string; retryCount: number }) => Json | Promise<Json>);

/**
 * Runs a Task's resource that is not a Lambda function (service integrations, activities,
 * `aws-sdk:*`): a later layer plugs them in here. Return undefined when the resource is not yours.
 */
export type ResourceInvoker = (request: {
  resource: string;
  /** The effective input (after InputPath and Parameters). */
  input: Json;
  stateName: string;
  /** The task token when the resource ends with `.waitForTaskToken`. */
  taskToken?: string;
  /** Seconds before States.Timeout, when TimeoutSeconds is set. */
  timeoutSeconds?: number;
}) => Promise<Json> | undefined;

export interface RunOptions {
  /** Lambda functions by name (the function name in the ARN, without qualifier), or bare handlers. */
  functions?: Record<string, LocalFunction | LambdaHandler>;
  /** Per-state replacements of Task work, by state name. */
  overrides?: Record<string, StateOverride>;
  /** Other Task resources (service integrations). */
  resources?: ResourceInvoker[];
  /** `virtual` (default): Wait states and retry intervals advance a simulated clock at once. `real`: they take wall-clock time. */
  clock?: 'virtual' | 'real';
  /** The simulated start time (virtual clock; the real clock starts now). Default: now. */
  startTime?: Date;
  /** Execution name. Default: a UUID. */
  executionName?: string;
  /** State machine name (for ARNs and `$$.StateMachine.Name`). Default `local`. */
  stateMachineName?: string;
  /**
   * The state machine's type. `EXPRESS`: the execution's ARN (and `$$.Execution.Id`) has AWS's
   * Express form `arn:aws:states:<region>:<account>:express:<state machine>:<name>:<id>`, as
   * StartSyncExecution and StartExecution return it for an Express state machine. Default STANDARD.
   */
  executionType?: 'STANDARD' | 'EXPRESS';
  /** Region and account of the ARNs the engine makes. Default us-east-1 / 123456789012. */
  region?: string;
  accountId?: string;
  roleArn?: string;
  /** Stop the execution (FAILED, States.Runtime) after this many state transitions. Default 25,000. */
  maxTransitions?: number;
  /**
   * Wall-clock milliseconds one JSONata expression may take to evaluate: past it, the state fails
   * with States.QueryEvaluationError (D1012, as an expression that recurses without end fails with
   * D1011). Default 10,000. While it evaluates, the process goes on answering (lib/engine/jsonata.ts).
   */
  jsonataTimeoutMs?: number;
  /**
   * AWS's payload quota, in bytes of JSON text (UTF-8): a larger execution input is refused
   * (InvalidExecutionInput), a larger task result fails the state with States.DataLimitExceeded.
   * Default 262,144 (256 KiB); Infinity lifts it.
   */
  maxPayloadBytes?: number;
  /** Record the execution history in `events`. Default true. */
  history?: boolean;
  /**
   * Stops the execution, as StopExecution does: it ends ABORTED with an ExecutionAborted event.
   * An abort reason of the form `{ error?, cause? }` gives the event's error and cause.
   */
  signal?: AbortSignal;
  /**
   * Seed of the pseudo-random numbers of the run (the FULL jitter of retry intervals): runs with
   * the same seed wait the same intervals. Default: a different seed for each execution.
   */
  seed?: number;
  /**
   * The task token broker of callback tasks (`.waitForTaskToken`) and activities: with it, such a
   * task runs its base action, then waits for SendTaskSuccess / SendTaskFailure /
   * SendTaskHeartbeat (an activity: for a worker's GetActivityTask first). Share one between the
   * executions that the same endpoint answers for (see lib/serve). Without it, the resource
   * invoker's answer is the task's result.
   */
  callbacks?: TaskTokenBroker;
  /**
   * Where a Distributed Map's ItemReader reads and its ResultWriter writes: an S3-compatible
   * endpoint (a local S3 such as s3rver; `sfn run` and `runWorkflow` start one when a workflow
   * declares buckets), or a ready client. Without it, a Distributed Map that reads from or writes
   * to S3 fails with States.ItemReaderFailed / States.ResultWriterFailed: the engine never reaches AWS.
   * `@aws-sdk/client-s3` is loaded only when such a Map runs.
   */
  s3?: S3Settings;
  /**
   * Runs this execution as a redrive of an earlier attempt that did not succeed (RedriveExecution):
   * it continues from `from` (the earlier result's `redrivePoint`), writes ExecutionRedriven
   * instead of ExecutionStarted, and `$$.Execution` shows RedriveCount and RedriveTime. The input
   * given to `run` is the execution's (`$$.Execution.Input`). See lib/engine/README.md, "Redrive".
   */
  redrive?: RedriveOptions;
}

/** RunOptions.redrive. */
export interface RedriveOptions {
  /** Where the earlier attempt stopped: its result's `redrivePoint`. */
  from: RedrivePoint;
  /** This attempt's redrive count (1 for the first redrive): ExecutionRedriven's and `$$.Execution.RedriveCount`. */
  count: number;
  /** When the execution first started (`$$.Execution.StartTime`). Default: this attempt's start. */
  startDate?: Date;
}

/**
 * Where an execution that did not succeed stopped, as a redrive continues it (ExecutionResult
 * `redrivePoint`): the state a thread was in, its input and the variables the thread had set. For
 * a Parallel or inline Map state, its last attempt's children by index: `{output}` for one that
 * succeeded (kept, not run again), a RedrivePoint for one that stopped in a state (continued from
 * there), null for one that never started (run from its start). For a Distributed Map, the Map
 * Run to redrive (only its unsuccessful child executions run again). Plain data but `mapRun`.
 */
export interface RedrivePoint {
  state: string;
  input: Json;
  variables?: { [name: string]: Json };
  children?: RedriveChild[];
  mapRun?: MapRunView;
}

export type RedriveChild = { output: Json } | RedrivePoint | null;

/** The S3 a Distributed Map uses (RunOptions.s3). */
export type S3Settings =
  | {
      /** e.g. `http://127.0.0.1:4568`. */
      endpoint: string;
      /** Default us-east-1. */
      region?: string;
      credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
      /** Bucket in the path rather than the host name (what local servers need). Default true. */
      forcePathStyle?: boolean;
    }
  | { client: import('@aws-sdk/client-s3').S3Client };

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionResult {
  status: ExecutionStatus;
  /** The output when SUCCEEDED. */
  output?: Json;
  error?: string;
  cause?: string;
  /** The execution history, shaped as @aws-sdk/client-sfn's HistoryEvent; empty when `history: false`. */
  events: HistoryEvent[];
  executionArn: string;
  startDate: Date;
  stopDate: Date;
  /** State transitions made. */
  transitions: number;
  /** When it did not succeed: where a redrive continues it (RunOptions.redrive). */
  redrivePoint?: RedrivePoint;
}

/** A Map Run's status (API reference, DescribeMapRun `status`). */
export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/**
 * A Map Run's items or child executions by processing status (API reference, MapRunItemCounts and
 * MapRunExecutionCounts). `pending` counts what is known to be waiting (the items of a state's
 * array not started yet; items read from S3 are counted as they are read); `resultsWritten` the
 * succeeded ones whose results were kept; `pendingRedrive` the unsuccessful ones a redrive will run
 * again and has not started yet; `failuresNotRedrivable` stays 0 (every unsuccessful child can be
 * run again here).
 */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

/** What UpdateMapRun changes in a running Map Run. */
export interface MapRunUpdate {
  /** 0: AWS's maximum (10,000). */
  maxConcurrency?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

/**
 * A Map Run of a Distributed Map state as it runs (`Execution.mapRuns`): what DescribeMapRun and
 * ListMapRuns show, its counts as they change, and `update` (UpdateMapRun: ignored once it ended).
 */
export interface MapRunView {
  readonly mapRunArn: string;
  /** The execution that started it. */
  readonly executionArn: string;
  /** `arn:...:stateMachine:<state machine>/<label>` (ListMapRuns, as AWS records it). */
  readonly stateMachineArn: string;
  readonly status: MapRunStatus;
  readonly startDate: Date;
  readonly stopDate: Date | undefined;
  /** As configured (0: no limit given, AWS's maximum). */
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number | undefined;
  readonly toleratedFailurePercentage: number | undefined;
  readonly itemCounts: Readonly<MapRunCounts>;
  readonly executionCounts: Readonly<MapRunCounts>;
  /** Times the Map Run was redriven (its execution's redrives that continued it), and the last one's date. */
  readonly redriveCount: number;
  readonly redriveDate: Date | undefined;
  update(changes: MapRunUpdate): void;
}
