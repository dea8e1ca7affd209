/**
 * The Secrets Manager API on 127.0.0.1, over the local secrets (./secrets.ts): AWS JSON 1.1 with
 * `X-Amz-Target: secretsmanager.<Operation>`, as `@aws-sdk/client-secrets-manager` speaks it.
 * Operations (AWS Secrets Manager API Reference): CreateSecret, GetSecretValue, PutSecretValue,
 * DescribeSecret, ListSecrets, DeleteSecret; errors ResourceNotFoundException,
 * ResourceExistsException, InvalidParameterException.
 */
import { AwsServiceError, listenLocally, type LocalEndpoint } from '../http/server';
import { jsonProtocol, optionalString, requiredString, type JsonObject } from '../http/json-protocol';
import type { LocalSecret, LocalSecrets } from './secrets';

function valueOfRequest(input: JsonObject): { string?: string; binary?: string } {
  const string = optionalString(input, 'SecretString');
  const binary = optionalString(input, 'SecretBinary');
  if (string !== undefined && binary !== undefined) throw new AwsServiceError('InvalidParameterException', 'You can\'t specify both a binary secret value and a string secret value in the same secret.');
  return { string, binary };
}

const describe = (s: LocalSecret): JsonObject => ({
  ARN: s.arn,
  Name: s.name,
  ...(s.description !== undefined ? { Description: s.description } : {}),
  CreatedDate: s.created,
  LastChangedDate: s.versions.at(-1)?.created ?? s.created,
  VersionIdsToStages: Object.fromEntries(s.versions.filter((v) => v.stages.length).map((v) => [v.id, v.stages])),
});

export function secretsManagerOperations(secrets: LocalSecrets) {
  return {
    CreateSecret: (input: JsonObject) => {
      const name = requiredString(input, 'Name');
      if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) throw new AwsServiceError('ValidationException', `Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!`);
      const { secret, version } = secrets.create(name, valueOfRequest(input), optionalString(input, 'Description'));
      return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.id } : {}) };
    },
    GetSecretValue: (input: JsonObject) => {
      const secret = secrets.get(requiredString(input, 'SecretId'));
      const v = secrets.value(secret, optionalString(input, 'VersionId'), optionalString(input, 'VersionStage'));
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: v.id,
        ...(v.current !== undefined ? { SecretString: v.current } : { SecretBinary: v.binary }),
        VersionStages: v.stages,
        CreatedDate: v.created,
      };
    },
    PutSecretValue: (input: JsonObject) => {
      const secret = secrets.get(requiredString(input, 'SecretId'));
      const value = valueOfRequest(input);
      if (value.string === undefined && value.binary === undefined) throw new AwsServiceError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
      const v = secrets.putValue(secret, value, optionalString(input, 'ClientRequestToken'));
      return { ARN: secret.arn, Name: secret.name, VersionId: v.id, VersionStages: v.stages };
    },
    DescribeSecret: (input: JsonObject) => describe(secrets.get(requiredString(input, 'SecretId'))),
    ListSecrets: () => ({ SecretList: secrets.all.map(describe) }),
    DeleteSecret: (input: JsonObject) => {
      const secret = secrets.delete(requiredString(input, 'SecretId'));
      return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date() };
    },
  };
}

/** Starts the Secrets Manager API over `secrets` on 127.0.0.1. */
export function startSecretsManagerServer(secrets: LocalSecrets): Promise<LocalEndpoint> {
  return listenLocally(jsonProtocol({ target: 'secretsmanager', version: '1.1', operations: secretsManagerOperations(secrets) }, () => ''));
}
