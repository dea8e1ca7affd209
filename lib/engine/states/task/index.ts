/**
 * Compiling a Task state: its runner by what its Resource is, its class by its query language.
 *
 *   function ARN                                   function.ts  (a Lambda function run in-process)
 *   arn:aws:states:::lambda:invoke                 function.ts
 *   activity ARN                                   activity.ts  (a worker's answer)
 *   <any resource>.waitForTaskToken                callback.ts  (the base action, then the token's answer)
 *   arn:aws:states:::<service>:<action>, others    integration.ts (a resource invoker)
 */
import type { JsonObject } from '../../json';
import type { QueryLanguage } from '../../io';
import { parseFunctionRef } from '../../lambda';
import { ActivityRunner } from './activity';
import { CallbackRunner } from './callback';
import { FunctionRunner, functionNamed } from './function';
import { IntegrationRunner, serviceOf } from './integration';
import { JsonataTask } from './jsonata';
import { JsonPathTask } from './jsonpath';
import type { TaskRunner } from './run';
import type { TaskState } from './task';
import { WAIT_FOR_TASK_TOKEN } from './token-wait';
import { LambdaEvents, ServiceEvents } from './events';

export type { TaskState } from './task';

const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/;
const ACTIVITY_ARN = /^arn:[^:]+:states:[^:]*:[^:]*:activity:/;

/** The runner of a Resource. */
export function taskRunner(resource: string): TaskRunner {
  if (ACTIVITY_ARN.test(resource)) return new ActivityRunner(resource);
  const fn = LAMBDA_ARN.test(resource);
  if (!resource.endsWith(WAIT_FOR_TASK_TOKEN)) {
    if (fn) return new FunctionRunner(resource, false);
    const { resourceType, resourceName } = serviceOf(resource);
    return resourceType === 'lambda' && resourceName === 'invoke' ? new FunctionRunner(resource, true) : new IntegrationRunner(resource);
  }
  // A callback: without a broker the resource runs as it would without the suffix.
  if (fn) {
    const ref = parseFunctionRef(resource);
    return new CallbackRunner(resource, new LambdaEvents(resource), 'lambda', resource, new FunctionRunner(resource, false), () => ref);
  }
  const { resourceType, resourceName } = serviceOf(resource);
  const baseFunction = resourceType === 'lambda' && resourceName === `invoke${WAIT_FOR_TASK_TOKEN}` ? functionNamed : null;
  return new CallbackRunner(resource, new ServiceEvents(resourceType, resourceName), resourceType, resourceName, new IntegrationRunner(resource), baseFunction);
}

export function compileTask(name: string, def: JsonObject, ql: QueryLanguage): TaskState {
  const runner = taskRunner(String(def.Resource));
  return ql === 'JSONata' ? new JsonataTask(name, def, runner) : new JsonPathTask(name, def, runner);
}
