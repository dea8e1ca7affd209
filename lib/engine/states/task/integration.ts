/**
 * Service integrations (`arn:aws:states:::service:action`) and every resource nothing local runs:
 * the first resource invoker of the run (`RunOptions.resources`) that takes the resource runs it
 * (lib/integrations, lib/local). Its answer is the task's result; what it throws or rejects with
 * is the task's failure.
 */
import type { Json } from '../../json';
import { jsonCopy, type FunctionRef } from '../../lambda';
import type { Thread } from '../../thread';
import type { ResourceInvoker } from '../../types';
import { ServiceEvents } from './events';
import { TaskRunner, WAYS, type TaskRun } from './run';

const INTEGRATION_ARN = /^arn:[^:]+:states:::/;
const AWS_SDK = 'aws-sdk:';

/**
 * The resourceType (`sqs`) and resource (`sendMessage`) of a service integration, as its events name
 * them; an AWS SDK integration's resourceType names its service: `aws-sdk:dynamodb` and `putItem`
 * (recorded on AWS: LocalStack's error_handling/test_aws_sdk snapshots, `aws-sdk:secretsmanager` /
 * `createSecret`, `aws-sdk:s3` / `listObjects`, 22-06-2023).
 */
export function serviceOf(resource: string): { resourceType: string; resourceName: string } {
  const rest = INTEGRATION_ARN.test(resource) ? resource.slice(resource.indexOf(':::') + 3) : resource;
  const colon = rest.indexOf(':', rest.startsWith(AWS_SDK) ? AWS_SDK.length : 0);
  return { resourceType: colon < 0 ? rest : rest.slice(0, colon), resourceName: colon < 0 ? '' : rest.slice(colon + 1) };
}

/** The first invoker that takes the resource: what it started; undefined when none does. */
export function invokeResource(
  resources: readonly ResourceInvoker[] | undefined,
  resource: string,
  input: Json,
  stateName: string,
  taskToken: string | undefined,
  timeoutSeconds: number | undefined,
): Promise<Json> | undefined {
  if (resources === undefined || resources.length === 0) return undefined;
  // The invoker gets its own copy of the input (the execution's values are never changed: the history refers to them).
  input = jsonCopy(input);
  for (const invoker of resources) {
    let p: Promise<Json> | undefined;
    try {
      p = invoker({ resource, input, stateName, taskToken, timeoutSeconds });
    } catch (e) {
      p = Promise.reject(e);
    }
    if (p !== undefined) return p instanceof Promise ? p : Promise.resolve(p);
  }
  return undefined;
}

/** A resource run by an invoker (`run.started`): null, as TaskRunner.select returns it; throws States.Runtime when no invoker takes it. */
export function byInvoker(
  runner: TaskRunner,
  t: Thread,
  run: TaskRun,
  effective: Json,
  token: string | undefined,
  stateName: string,
  timeoutS: number | undefined,
  ref?: FunctionRef,
): null {
  run.started = invokeResource(t.ex.options.resources, runner.resource, effective, stateName, token, timeoutS);
  if (run.started === undefined) throw runner.nothingRuns(ref, effective);
  return null;
}

export class IntegrationRunner extends TaskRunner {
  constructor(resource: string) {
    const { resourceType, resourceName } = serviceOf(resource);
    super(resource, new ServiceEvents(resourceType, resourceName));
  }

  select(t: Thread, run: TaskRun, effective: Json, token: string | undefined, stateName: string, timeoutS: number | undefined): null {
    return byInvoker(this, t, run, effective, token, stateName, timeoutS);
  }

  unhandled(): string {
    return `No local handler for the resource '${this.resource}' of the Task state: give ${WAYS}.`;
  }
}
