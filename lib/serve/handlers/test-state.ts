/**
 * TestState (API reference, "TestState"): the engine's testState (lib/engine/test-state) on the
 * request's members, a Task without a mock answered by the endpoint's functions and resource
 * invokers (as an execution's would be); the engine's refusals keep AWS's error codes.
 */
import { testState, TestStateError, type InspectionLevel, type TestStateRequest } from '../../engine';
import { ApiError, optionalBoolean, optionalInteger, optionalString, requiredString, type JsonObject } from '../protocol';
import type { Operation } from './types';

const MAX_DEFINITION = 1_048_576;

function member(body: JsonObject, field: string): JsonObject | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ApiError('SerializationException', `'${field}' must be an object.`);
  return v as JsonObject;
}

/** TestStateInput's members, typed. */
function request(body: JsonObject): TestStateRequest {
  const mock = member(body, 'mock');
  const errorOutput = mock === undefined ? undefined : member(mock, 'errorOutput');
  const config = member(body, 'stateConfiguration');
  return {
    definition: requiredString(body, 'definition', MAX_DEFINITION),
    stateName: optionalString(body, 'stateName'),
    input: optionalString(body, 'input'),
    roleArn: optionalString(body, 'roleArn'),
    inspectionLevel: optionalString(body, 'inspectionLevel') as InspectionLevel | undefined,
    revealSecrets: optionalBoolean(body, 'revealSecrets'),
    variables: optionalString(body, 'variables'),
    context: optionalString(body, 'context'),
    mock:
      mock === undefined
        ? undefined
        : {
            result: optionalString(mock, 'result'),
            errorOutput: errorOutput === undefined ? undefined : { error: optionalString(errorOutput, 'error'), cause: optionalString(errorOutput, 'cause') },
            fieldValidationMode: optionalString(mock, 'fieldValidationMode') as 'STRICT' | 'PRESENT' | 'NONE' | undefined,
          },
    stateConfiguration:
      config === undefined
        ? undefined
        : {
            retrierRetryCount: optionalInteger(config, 'retrierRetryCount', 0, Number.MAX_SAFE_INTEGER),
            errorCausedByState: optionalString(config, 'errorCausedByState'),
            mapIterationFailureCount: optionalInteger(config, 'mapIterationFailureCount', 0, Number.MAX_SAFE_INTEGER),
            mapItemReaderData: optionalString(config, 'mapItemReaderData'),
          },
  };
}

export const testStateOperations: Record<string, Operation> = {
  async TestState(registry, body) {
    try {
      return await testState(request(body), { ...registry.runOptions, region: registry.region, accountId: registry.accountId, clock: 'virtual' });
    } catch (e) {
      if (e instanceof TestStateError) throw new ApiError(e.code, e.message);
      throw e;
    }
  },
};
