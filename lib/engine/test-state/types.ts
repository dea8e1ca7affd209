/**
 * The types of a TestState run (Step Functions API reference, "TestState": TestStateInput,
 * MockInput, TestStateConfiguration, TestStateOutput, InspectionData): the request, its error,
 * the prepared test and the result.
 */
import type { QueryLanguage } from '../io';
import type { Json, JsonObject } from '../json';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';
export type FieldValidationMode = 'STRICT' | 'PRESENT' | 'NONE';
export type TestStateErrorCode = 'ValidationException' | 'InvalidDefinition' | 'InvalidExecutionInput';

/** TestStateInput as the API takes it: JSON documents as text (or, from code, as values). */
export interface TestStateRequest {
  /** A state's definition, or (with `stateName`) a whole state machine's: JSON text or a value. */
  definition: string | object;
  stateName?: string;
  /** The state's input (JSON text or a value); default `{}`. */
  input?: string | Json;
  roleArn?: string;
  /** Default INFO. */
  inspectionLevel?: InspectionLevel;
  revealSecrets?: boolean;
  /** Workflow variables the state sees: a JSON object (text or value). */
  variables?: string | JsonObject;
  mock?: { result?: string; errorOutput?: { error?: string; cause?: string }; fieldValidationMode?: FieldValidationMode };
  /** The Context Object (only with a mock): text or value. */
  context?: string | JsonObject;
  stateConfiguration?: { retrierRetryCount?: number; errorCausedByState?: string; mapIterationFailureCount?: number; mapItemReaderData?: string };
}

/** A request AWS would refuse: the API error code and message. */
export class TestStateError extends Error {
  constructor(
    readonly code: TestStateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** The mocked outcome: a result, or an error. */
export type Mock = { result: Json } | { error: string; cause?: string };

export interface PreparedTest {
  /** The state's name: `stateName`, or "StateName" for a state given alone (as AWS's Context Object names it). */
  name: string;
  def: JsonObject;
  type: StateType;
  ql: QueryLanguage;
  /** A state given alone (no stateName): AWS reports a little more inspection data then. */
  single: boolean;
  input: Json;
  variables: Record<string, Json>;
  /** The Context Object given (replaces the default one), or null. */
  context: JsonObject | null;
  mock: Mock | null;
  level: InspectionLevel;
  roleArn: string | undefined;
  retrierRetryCount: number;
  mapIterationFailureCount: number | undefined;
  errorCausedByState: string | undefined;
  mapItemReaderData: string | undefined;
  /** What the Task's resource is: an activity, `.sync`, `.waitForTaskToken`, or a plain call. */
  pattern: 'activity' | 'sync' | 'callback' | 'plain' | null;
}

/** The name AWS gives a state tested alone (its Context Object's State.Name). */
export const SINGLE_STATE_NAME = 'StateName';


export type TestStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

/** InspectionData: JSON documents as text, as the API returns them. */
export interface InspectionData {
  input?: string;
  afterArguments?: string;
  afterInputPath?: string;
  afterParameters?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  request?: { protocol?: string; method?: string; url?: string; headers?: string; body?: string };
  response?: { protocol?: string; statusCode?: string; statusMessage?: string; headers?: string; body?: string };
  variables?: string;
  errorDetails?: { catchIndex?: number; retryIndex?: number; retryBackoffIntervalSeconds?: number };
  afterItemsPath?: string;
  afterItemSelector?: string;
  afterItemBatcher?: string;
  afterItemsPointer?: string;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  maxConcurrency?: number;
}

/** TestStateOutput. */
export interface TestStateResult {
  output?: string;
  error?: string;
  cause?: string;
  inspectionData?: InspectionData;
  nextState?: string;
  status: TestStatus;
}
