/**
 * What a Task's `Resource` names when it is a service integration, and the failures an
 * integration reports, as Step Functions names them.
 *
 * Resource forms (AWS, "Service integration patterns" and "AWS SDK service integrations"):
 * - optimized: `arn:aws:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`
 * - AWS SDK:   `arn:aws:states:::aws-sdk:<service>:<action>[.waitForTaskToken]`
 * A `.waitForTaskToken` resource runs the same action as the bare one; the engine then waits for
 * the task token (so an invoker matches on `action`, the resource with the suffix stripped).
 */
import { randomUUID } from 'node:crypto';
import { taskFailure, type Failure } from '../engine';
import type { Json } from '../engine/types';

export type IntegrationPattern = 'request' | 'sync' | 'sync:2' | 'waitForTaskToken';

export interface IntegrationResource {
  /** `aws-sdk:<service>:<action>` rather than the optimized integration. */
  sdk: boolean;
  /** Lower case as in the ARN: `dynamodb`, `sqs`, `sns`, `events`, `states`, ... */
  service: string;
  /** As in the ARN: `putItem`, `sendMessage`, `startExecution`, ... */
  action: string;
  pattern: IntegrationPattern;
}

const INTEGRATION = /^arn:[^:]+:states:::(aws-sdk:)?([A-Za-z0-9-]+):([A-Za-z0-9]+)(?:\.(sync:2|sync|waitForTaskToken))?$/;

/** The integration a resource ARN names, or undefined when it is not `arn:<partition>:states:::...`. */
export function parseIntegration(resource: string): IntegrationResource | undefined {
  const m = INTEGRATION.exec(resource);
  if (m === null) return undefined;
  return { sdk: m[1] !== undefined, service: m[2], action: m[3], pattern: (m[4] as IntegrationPattern | undefined) ?? 'request' };
}

/** A request id as AWS services print them in error causes. */
export const requestId = (): string => randomUUID();

/**
 * A service's error as an optimized integration reports it: `<Prefix>.<Code>[Exception]` and a
 * cause in the AWS SDK for Java v1 style, e.g. (recorded against AWS by LocalStack's
 * tests/aws/services/stepfunctions/v2/error_handling/test_task_service_sqs.snapshot.json):
 * `The request must contain the parameter MessageBody. (Service: AmazonSQS; Status Code: 400;
 * Error Code: MissingParameter; Request ID: <id>; Proxy: null)`.
 */
export function optimizedServiceError(error: string, service: string, status: number, code: string, message: string): Failure {
  return taskFailure(error, `${message} (Service: ${service}; Status Code: ${status}; Error Code: ${code}; Request ID: ${requestId()}; Proxy: null)`);
}

/**
 * A service's error as an AWS SDK integration reports it (AWS, "AWS SDK service integrations":
 * "the resulting Error field is composed of the service name and the error name, separated by a
 * period ... both in Pascal case", and the Exception suffix is always added, e.g.
 * `S3.BucketAlreadyExistsException`). The service names are Pascal case: `DynamoDb`, `Sqs`,
 * `Sns`, `EventBridge`, `Sfn`. Cause: `<message> (Service: <Name>, Status Code: <n>, Request ID: <id>)`.
 */
export function sdkServiceError(serviceName: string, code: string, status: number, message: string): Failure {
  const name = code.endsWith('Exception') ? code : `${code}Exception`;
  return taskFailure(`${serviceName}.${name}`, `${message} (Service: ${serviceName}, Status Code: ${status}, Request ID: ${requestId()})`);
}

/** A request that cannot reach the service (e.g. the local server was stopped), as the Java SDK reports it. */
export function clientError(prefix: string, message: string): Failure {
  return taskFailure(`${prefix}.SdkClientException`, `Unable to execute HTTP request: ${message}`);
}

export type JsonObject = { [key: string]: Json };

export const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The effective input of an integration Task: its parameters object (a non-object is an empty request). */
export const parametersOf = (input: Json): JsonObject => (isObject(input) ? input : {});

/** A value sent as a message body / message / event detail: strings as they are, other JSON serialized (the optimized integrations do). */
export const asText = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v));
