/**
 * The CRM API handlers without a database server: the connection settings read from the secret,
 * and the answers when the database fails (500, nothing leaked). The database round trips are in
 * lib/local/test/crm-api.test.ts (embedded PostgreSQL) and db/test/migrate.test.ts (a real server).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../crm-api-create-partner/src';
import { poolConfigOf } from '../database';

// The handler creates its Secrets Manager client under Node 20 here (nodejs22.x on Lambda).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const event = (body: unknown, base64 = false) =>
  ({ body: base64 ? Buffer.from(JSON.stringify(body)).toString('base64') : JSON.stringify(body), isBase64Encoded: base64 }) as APIGatewayProxyEvent;

describe('poolConfigOf: the secret string', () => {
  test('a connection string is used as it is', () => {
    expect(poolConfigOf('postgres://u:p@db.internal:5432/crm?sslmode=require', 's')).toEqual({ connectionString: 'postgres://u:p@db.internal:5432/crm?sslmode=require' });
  });
  test('the JSON of database credentials', () => {
    expect(poolConfigOf(JSON.stringify({ username: 'u', password: 'p', host: 'h', port: '6432', dbname: 'crm' }), 's')).toEqual({ user: 'u', password: 'p', host: 'h', port: 6432, database: 'crm', ssl: undefined });
  });
  test('what is missing is named, never the secret', () => {
    expect(() => poolConfigOf(JSON.stringify({ username: 'u', password: 'hunter2' }), 'crm/db')).toThrow('secret crm/db lacks host');
    expect(() => poolConfigOf('hunter2', 'crm/db')).toThrow(/^secret crm\/db is neither a postgres:\/\/ connection string nor JSON$/);
  });
});

describe('the handler', () => {
  const sm = mockClient(SecretsManagerClient);
  const env = process.env.CRM_DB_SECRET_ARN;
  let errors: jest.SpyInstance;
  beforeEach(() => (errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)));
  afterEach(() => {
    errors.mockRestore();
    sm.reset();
    if (env === undefined) delete process.env.CRM_DB_SECRET_ARN;
    else process.env.CRM_DB_SECRET_ARN = env;
  });

  test('a database that fails is a 500 without its details (they go to the log); a bad body never reaches it', async () => {
    let calls = 0;
    const failing = handler.withDatabase({
      query: async () => {
        calls++;
        throw new Error('connection to 10.0.0.5 refused');
      },
    });
    const r = await failing(event({ rut: '11111111-1', store: 'S' }, true));
    expect(r.statusCode).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ statusCode: 500, message: 'Internal Server Error', description: 'the CRM database could not store the partner' });
    expect(errors.mock.calls[0][0]).toContain('connection to 10.0.0.5 refused');
    expect((await failing(event({ rut: '11111111-1' }))).statusCode).toBe(400);
    expect(calls).toBe(1);
  });

  test('deployed, it reads the secret named by CRM_DB_SECRET_ARN; without it, 500 and the variable named in the log', async () => {
    delete process.env.CRM_DB_SECRET_ARN;
    expect((await handler(event({ rut: '11111111-1', store: 'S' }))).statusCode).toBe(500);
    expect(errors.mock.calls[0][0]).toContain('CRM_DB_SECRET_ARN is not set');
    process.env.CRM_DB_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm-AbCdEf';
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"u"}' });
    expect((await handler(event({ rut: '11111111-1', store: 'S' }))).statusCode).toBe(500);
    expect(sm.commandCalls(GetSecretValueCommand)[0].args[0].input).toEqual({ SecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm-AbCdEf' });
    expect(errors.mock.calls[1][0]).toContain('lacks password, host');
  });
});
