/**
 * The local SSM Parameter Store and Secrets Manager with the real `@aws-sdk/client-ssm` and
 * `@aws-sdk/client-secrets-manager`: the workflows' `localValues` (literals and a component's
 * output, read when asked), SecureString and WithDecryption (AWS Systems Manager API Reference,
 * GetParameter; User Guide "SecureString parameters"), PutParameter's Overwrite and errors
 * (ParameterAlreadyExists, ParameterNotFound), secret versions and their staging labels (AWS
 * Secrets Manager API Reference, GetSecretValue / PutSecretValue / CreateSecret), and the messages
 * naming the declaration field when a function reads a parameter or secret without a local value.
 */
import { GetSecretValueCommand, CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { output, type WorkflowDeclaration } from '../../workflow/declaration';
import { LOCAL_CREDENTIALS } from '../credentials';
import { startServices, type LocalServiceProvider, type LocalServices } from '../provider';
import { localSecretsManager, secretsManagerProvider } from '../secretsmanager/provider';
import { localSsm, ssmProvider } from '../ssm/provider';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const workflow: WorkflowDeclaration = {
  name: 'orders',
  description: 'reads parameters and secrets',
  functions: {
    charge: { readsParameters: ['/shop/api-key', '/shop/forgotten'], readsSecrets: ['shop/db', 'shop/missing'] },
  },
  bindings: {},
  sampleInput: {},
  localValues: {
    parameters: { '/shop/api-key': output('vault', 'key'), '/shop/region': { value: 'eu-west-1', type: 'String' }, '/shop/nested/flag': 'on', '/other/later': output('absent', 'key') },
    secrets: { 'shop/db': 'postgres://local:local@127.0.0.1:5432/shop' },
  },
};

/** A component's stand-in giving the output the parameter's local value reads (started after SSM, as a project's components are). */
const vault: LocalServiceProvider = { name: 'vault', needed: () => true, start: async () => ({ outputs: { key: 'k-123' }, close: async () => undefined }) };

let services: LocalServices;
let ssm: SSMClient;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  services = await startServices([workflow], {}, [ssmProvider, secretsManagerProvider, vault]);
  const env = services.functionEnvironment;
  ssm = new SSMClient({ endpoint: env.AWS_ENDPOINT_URL_SSM, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  secrets = new SecretsManagerClient({ endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  ssm.destroy();
  secrets.destroy();
  await services.close();
});

test("a declared parameter's local value, from a component's output; a SecureString is encrypted unless WithDecryption", async () => {
  const plain = (await ssm.send(new GetParameterCommand({ Name: '/shop/api-key', WithDecryption: true }))).Parameter!;
  expect(plain).toMatchObject({ Name: '/shop/api-key', Type: 'SecureString', Value: 'k-123', Version: 1, ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/shop/api-key', DataType: 'text' });
  expect(plain.LastModifiedDate).toBeInstanceOf(Date);
  const sealed = (await ssm.send(new GetParameterCommand({ Name: '/shop/api-key' }))).Parameter!;
  expect(sealed.Value).not.toContain('k-123');
  expect(Buffer.from(sealed.Value!, 'base64').length).toBeGreaterThan(28);
  expect((await ssm.send(new GetParameterCommand({ Name: '/shop/region' }))).Parameter).toMatchObject({ Type: 'String', Value: 'eu-west-1' });
  expect((await ssm.send(new GetParameterCommand({ Name: plain.ARN }))).Parameter?.Name).toBe('/shop/api-key');
});

test('GetParameters, GetParametersByPath, PutParameter with Overwrite, DeleteParameter', async () => {
  const both = await ssm.send(new GetParametersCommand({ Names: ['/shop/region', '/nope'] }));
  expect(both.Parameters?.map((p) => p.Name)).toEqual(['/shop/region']);
  expect(both.InvalidParameters).toEqual(['/nope']);
  expect((await ssm.send(new GetParametersByPathCommand({ Path: '/shop' }))).Parameters?.map((p) => p.Name)).toEqual(['/shop/api-key', '/shop/region']);
  expect((await ssm.send(new GetParametersByPathCommand({ Path: '/shop', Recursive: true }))).Parameters?.map((p) => p.Name)).toEqual(['/shop/api-key', '/shop/nested/flag', '/shop/region']);
  expect(await ssm.send(new PutParameterCommand({ Name: '/app/limit', Value: '10', Type: 'String' }))).toMatchObject({ Version: 1, Tier: 'Standard' });
  await expect(ssm.send(new PutParameterCommand({ Name: '/app/limit', Value: '20', Type: 'String' }))).rejects.toMatchObject({ name: 'ParameterAlreadyExists' });
  expect((await ssm.send(new PutParameterCommand({ Name: '/app/limit', Value: '20', Overwrite: true }))).Version).toBe(2);
  expect((await ssm.send(new GetParameterCommand({ Name: '/app/limit' }))).Parameter).toMatchObject({ Value: '20', Version: 2, Type: 'String' });
  await expect(ssm.send(new PutParameterCommand({ Name: '/app/untyped', Value: 'x' }))).rejects.toMatchObject({ name: 'ValidationException', message: 'A parameter type is required when you create a parameter.' });
  await ssm.send(new DeleteParameterCommand({ Name: '/app/limit' }));
  await expect(ssm.send(new GetParameterCommand({ Name: '/app/limit' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
});

test('a parameter a function reads without a local value: ParameterNotFound naming the function and the declaration field', async () => {
  await expect(ssm.send(new GetParameterCommand({ Name: '/shop/forgotten', WithDecryption: true }))).rejects.toMatchObject({
    name: 'ParameterNotFound',
    message: expect.stringContaining('is read by function "charge" of workflow "orders" (readsParameters) but has no local value: give it one in the workflow\'s localValues.parameters'),
  });
  // A value read from a component that is not running in this run: said so.
  await expect(ssm.send(new GetParameterCommand({ Name: '/other/later' }))).rejects.toMatchObject({
    name: 'ParameterNotFound',
    message: expect.stringContaining('its local value is output "key" of component "absent", and that component\'s local stand-in is not running in this run'),
  });
  expect(localSsm(services)!.parameters.has('/shop/api-key')).toBe(true);
});

test('secrets: the declared value, new versions with AWSCURRENT / AWSPREVIOUS, CreateSecret, and a read without a local value', async () => {
  const current = await secrets.send(new GetSecretValueCommand({ SecretId: 'shop/db' }));
  expect(current).toMatchObject({ Name: 'shop/db', SecretString: 'postgres://local:local@127.0.0.1:5432/shop', VersionStages: ['AWSCURRENT'] });
  expect(current.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:shop\/db-[A-Za-z0-9]{6}$/);
  const put = await secrets.send(new PutSecretValueCommand({ SecretId: current.ARN, SecretString: 'postgres://other' }));
  expect(put.VersionStages).toEqual(['AWSCURRENT']);
  expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'shop/db' }))).SecretString).toBe('postgres://other');
  expect((await secrets.send(new GetSecretValueCommand({ SecretId: 'shop/db', VersionStage: 'AWSPREVIOUS' }))).VersionId).toBe(current.VersionId);
  const created = await secrets.send(new CreateSecretCommand({ Name: 'made/here', SecretString: '{"u":"x"}' }));
  expect((await secrets.send(new GetSecretValueCommand({ SecretId: created.ARN }))).SecretString).toBe('{"u":"x"}');
  await expect(secrets.send(new CreateSecretCommand({ Name: 'made/here', SecretString: 'y' }))).rejects.toMatchObject({ name: 'ResourceExistsException' });
  await expect(secrets.send(new GetSecretValueCommand({ SecretId: 'shop/missing' }))).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
    message: expect.stringMatching(/^Secrets Manager can't find the specified secret\. The secret shop\/missing is read by function "charge" of workflow "orders" \(readsSecrets\)/),
  });
  expect(localSecretsManager(services)!.secrets.all.map((s) => s.name)).toEqual(['shop/db', 'made/here']);
});
