/**
 * What the Lambda runtime gives a function, for handlers run in this process: the runtime's
 * environment variables, and the function's own variables set while it runs.
 */
import type { LambdaHandler } from '../../engine/types';

/**
 * The variables the Lambda runtime sets for every function (AWS_REGION above all: the AWS SDK
 * clients of a handler find their region there, as they do when deployed), with local values.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function lambdaRuntimeEnvironment(name: string, memorySize: number, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  };
}


/**
 * Sets a function's environment variables while it runs, as Lambda gives each function its own.
 * In-process functions share `process.env`: variables are set when an invocation starts and the
 * previous values come back when no invocation is in flight any more.
 */
export function withEnvironment(handler: LambdaHandler, environment: Record<string, string>): LambdaHandler {
  if (!Object.keys(environment).length) return handler;
  return async (event, context) => {
    const saved = envState.inFlight === 0 ? Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]])) : undefined;
    if (saved) envState.saved = saved;
    envState.inFlight++;
    Object.assign(process.env, environment);
    try {
      return await handler(event, context);
    } finally {
      envState.inFlight--;
      if (envState.inFlight === 0) {
        for (const [k, v] of Object.entries(envState.saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        envState.saved = {};
      }
    }
  };
}
const envState: { inFlight: number; saved: Record<string, string | undefined> } = { inFlight: 0, saved: {} };

