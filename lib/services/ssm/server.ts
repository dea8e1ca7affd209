/**
 * The SSM Parameter Store API on 127.0.0.1, over the local parameters (./parameters.ts): AWS JSON
 * 1.1 with `X-Amz-Target: AmazonSSM.<Operation>`, as `@aws-sdk/client-ssm` speaks it. Operations
 * (AWS Systems Manager API Reference): GetParameter, GetParameters, GetParametersByPath,
 * PutParameter, DeleteParameter; errors ParameterNotFound, ParameterAlreadyExists, ValidationException.
 */
import { AwsServiceError, listenLocally, type LocalEndpoint } from '../http/server';
import { jsonProtocol, optionalString, requiredString, type JsonObject } from '../http/json-protocol';
import { encrypted, type LocalParameters, type ParameterType } from './parameters';

const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

function asParameter(parameters: LocalParameters, selector: string, decrypt: boolean): JsonObject | undefined {
  const p = parameters.get(selector);
  if (p === undefined) return undefined;
  const out: JsonObject = {
    Name: p.name,
    Type: p.type,
    Value: p.type === 'SecureString' && !decrypt ? encrypted(p.current) : p.current,
    Version: p.version,
    LastModifiedDate: p.lastModified,
    ARN: parameters.arn(p.name),
    DataType: 'text',
  };
  if (/:\d+$/.test(selector)) out.Selector = selector.slice(selector.lastIndexOf(':'));
  return out;
}

export function ssmOperations(parameters: LocalParameters) {
  return {
    GetParameter: (input: JsonObject) => {
      const name = requiredString(input, 'Name');
      const p = asParameter(parameters, name, input.WithDecryption === true);
      if (p === undefined) throw parameters.notFound(name);
      return { Parameter: p };
    },
    GetParameters: (input: JsonObject) => {
      const names = Array.isArray(input.Names) ? (input.Names as string[]) : [];
      if (names.length === 0 || names.length > 10)
        throw new AwsServiceError('ValidationException', "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1");
      const found = names.map((n) => [n, asParameter(parameters, n, input.WithDecryption === true)] as const);
      return { Parameters: found.flatMap(([, p]) => (p ? [p] : [])), InvalidParameters: found.filter(([, p]) => !p).map(([n]) => n) };
    },
    GetParametersByPath: (input: JsonObject) => {
      const path = requiredString(input, 'Path');
      if (!path.startsWith('/')) throw new AwsServiceError('ValidationException', `The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash "/".`);
      const names = parameters.under(path, input.Recursive === true);
      return { Parameters: names.flatMap((n) => asParameter(parameters, n, input.WithDecryption === true) ?? []) };
    },
    PutParameter: (input: JsonObject) => {
      const name = requiredString(input, 'Name');
      const value = requiredString(input, 'Value');
      const type = optionalString(input, 'Type') as ParameterType | undefined;
      const existing = parameters.get(name);
      if (type === undefined && existing === undefined) throw new AwsServiceError('ValidationException', 'A parameter type is required when you create a parameter.');
      if (type !== undefined && !TYPES.includes(type))
        throw new AwsServiceError('ValidationException', `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`);
      if (/^(aws|ssm)/i.test(name.replace(/^\//, ''))) throw new AwsServiceError('ValidationException', 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
      const version = parameters.put(name, value, type ?? existing?.type, { overwrite: input.Overwrite === true, description: optionalString(input, 'Description') });
      return { Version: version, Tier: 'Standard' };
    },
    DeleteParameter: (input: JsonObject) => {
      parameters.delete(requiredString(input, 'Name'));
      return {};
    },
  };
}

/** Starts the SSM API over `parameters` on 127.0.0.1. */
export function startSsmServer(parameters: LocalParameters): Promise<LocalEndpoint> {
  return listenLocally(jsonProtocol({ target: 'AmazonSSM', version: '1.1', operations: ssmOperations(parameters) }, () => ''));
}
