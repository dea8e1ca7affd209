/**
 * validateRemote and hasAwsCredentials without AWS: the SFN client is mocked
 * (aws-sdk-client-mock), and the few tests with a real client give it a request handler that
 * fails the test if it is ever asked to send anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient, ValidateStateMachineDefinitionCommand, ValidationException } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import {
  FAIL_WITHOUT_DIAGNOSTIC,
  RemoteValidationError,
  TRUNCATED,
  credentialChain,
  hasAwsCredentials,
  locationToPointer,
  validateRemote,
} from '../validate-remote';

// The SDK's notice that its 2027 releases need Node 22 is not what these tests are about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const definition = JSON.stringify(
  {
    StartAt: 'Invoke',
    States: {
      Invoke: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'a/b' },
      'a/b': { Type: 'Pass', Result: { 'c.$': '$.x' }, Next: 'Fan out' },
      'Fan out': {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'X', States: { X: { Type: 'Succeed' } } },
          { StartAt: 'Y', States: { Y: { Type: 'Pass', Next: 'Z' } } },
        ],
        Next: 'Fail~1',
      },
      'Fail~1': { Type: 'Fail', Error: '$.error' },
    },
  },
  null,
  2,
);

/** Environment variables that locate AWS configuration; cleared around each test. */
const AWS_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_EC2_METADATA_DISABLED',
];
const saved: Record<string, string | undefined> = {};
let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'sfn-remote-'));
  for (const name of AWS_VARS) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  // No configuration files, and no instance metadata probe whatever the code does.
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

afterEach(() => {
  for (const name of AWS_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(home, { recursive: true, force: true });
});

/** A request handler that fails the test if the client ever tries to send a request. */
const noNetwork = {
  handle: async () => {
    throw new Error('TEST FAILURE: the client tried to send a request');
  },
};

function expectCleanError(error: unknown, kind: string, ...fragments: string[]): void {
  expect(error).toBeInstanceOf(RemoteValidationError);
  const e = error as RemoteValidationError;
  expect(e.kind).toBe(kind);
  for (const fragment of fragments) expect(e.message).toContain(fragment);
  expect(e.stack).not.toMatch(/\n\s+at /);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('validateRemote with a mocked client', () => {
  const sfn = mockClient(SFNClient);
  const client = () => new SFNClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

  beforeEach(() => sfn.reset());
  afterAll(() => sfn.restore());

  test('OK: no diagnostics; the request asks for errors of a STANDARD machine, 100 at most', async () => {
    sfn.on(ValidateStateMachineDefinitionCommand).resolves({ result: 'OK', diagnostics: [], truncated: false });
    expect(await validateRemote(definition, { client: client() })).toEqual([]);
    const calls = sfn.commandCalls(ValidateStateMachineDefinitionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({ definition, type: 'STANDARD', severity: 'ERROR', maxResults: 100 });
  });

  test('type and severity are passed on; warnings come back as WARNING', async () => {
    sfn.on(ValidateStateMachineDefinitionCommand).resolves({
      result: 'OK',
      diagnostics: [
        {
          severity: 'WARNING',
          code: 'PASS_RESULT_IS_STATIC',
          message: "The value of 'c.$' will not evaluate as a JSONPath or Intrinsic Function at runtime.",
          location: '/States/a/b/Result',
        },
      ],
      truncated: false,
    });
    const diagnostics = await validateRemote(definition, { client: client(), type: 'EXPRESS', severity: 'WARNING' });
    expect(sfn.commandCalls(ValidateStateMachineDefinitionCommand)[0].args[0].input).toMatchObject({ type: 'EXPRESS', severity: 'WARNING' });
    expect(diagnostics).toEqual([
      {
        severity: 'WARNING',
        code: 'PASS_RESULT_IS_STATIC',
        message: "The value of 'c.$' will not evaluate as a JSONPath or Intrinsic Function at runtime.",
        pointer: '/States/a~1b/Result',
      },
    ]);
  });

  test('FAIL: diagnostics mapped, locations turned into JSON pointers', async () => {
    sfn.on(ValidateStateMachineDefinitionCommand).resolves({
      result: 'FAIL',
      diagnostics: [
        {
          severity: 'ERROR',
          code: 'MISSING_TRANSITION_TARGET',
          message: 'Missing \'Next\' target: Z at /States/Fan out/Branches[1]/States/Y/Next',
          location: '/States/Fan out/Branches[1]/States/Y/Next',
        },
        {
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: 'The field "Cause" is required',
          location: '/States/Fail~1/Cause',
        },
        { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
      ],
      truncated: false,
    });
    expect(await validateRemote(definition, { client: client() })).toEqual([
      {
        severity: 'ERROR',
        code: 'MISSING_TRANSITION_TARGET',
        message: "Missing 'Next' target: Z at /States/Fan out/Branches[1]/States/Y/Next",
        pointer: '/States/Fan out/Branches/1/States/Y/Next',
      },
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'The field "Cause" is required', pointer: '/States/Fail~01/Cause' },
      { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
    ]);
  });

  test('truncated results end with a TRUNCATED warning', async () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      severity: 'ERROR' as const,
      code: 'SCHEMA_VALIDATION_FAILED',
      message: `problem ${i}`,
      location: '/States/Invoke',
    }));
    sfn.on(ValidateStateMachineDefinitionCommand).resolves({ result: 'FAIL', diagnostics: many, truncated: true });
    const diagnostics = await validateRemote(definition, { client: client() });
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics[99]).toEqual({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'problem 99', pointer: '/States/Invoke' });
    expect(diagnostics[100]).toEqual({
      severity: 'WARNING',
      code: TRUNCATED,
      message: 'AWS returned only its first 100 diagnostics; fix these and validate again to see the rest',
    });
  });

  test('FAIL without an error diagnostic still reports an error', async () => {
    sfn.on(ValidateStateMachineDefinitionCommand).resolves({ result: 'FAIL', diagnostics: [], truncated: false });
    const diagnostics = await validateRemote(definition, { client: client() });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'ERROR', code: FAIL_WITHOUT_DIAGNOSTIC })]);
  });

  test('a definition that is not JSON: locations are converted segment by segment', async () => {
    sfn.on(ValidateStateMachineDefinitionCommand).resolves({
      result: 'FAIL',
      diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'Unexpected end-of-input', location: '/' }],
      truncated: false,
    });
    expect(await validateRemote('{"StartAt": ', { client: client() })).toEqual([
      { severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'Unexpected end-of-input', pointer: '' },
    ]);
  });

  test('AccessDeniedException: names the action and the region', async () => {
    sfn.on(ValidateStateMachineDefinitionCommand).rejects(
      Object.assign(new Error('User: arn:aws:iam::123456789012:user/dev is not authorized to perform: states:ValidateStateMachineDefinition'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await failure(validateRemote(definition, { client: client() }));
    expectCleanError(error, 'access-denied', 'AWS denied states:ValidateStateMachineDefinition in us-east-1', 'is not authorized');
  });

  test('a service ValidationException', async () => {
    sfn
      .on(ValidateStateMachineDefinitionCommand)
      .rejects(new ValidationException({ message: 'Definition exceeds the maximum size', $metadata: { httpStatusCode: 400 } }));
    const error = await failure(validateRemote(definition, { client: client() }));
    expectCleanError(error, 'rejected', 'ValidationException', 'Definition exceeds the maximum size');
  });

  test('rejected credentials', async () => {
    sfn
      .on(ValidateStateMachineDefinitionCommand)
      .rejects(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' }));
    const error = await failure(validateRemote(definition, { client: client() }));
    expectCleanError(error, 'invalid-credentials', 'AWS rejected the credentials (UnrecognizedClientException in us-east-1)');
  });

  test('network failure', async () => {
    sfn
      .on(ValidateStateMachineDefinitionCommand)
      .rejects(Object.assign(new Error('getaddrinfo ENOTFOUND states.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    const error = await failure(validateRemote(definition, { client: client() }));
    expectCleanError(error, 'network', 'cannot reach AWS Step Functions in us-east-1', 'ENOTFOUND');
  });

  test('throttling', async () => {
    sfn.on(ValidateStateMachineDefinitionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    expectCleanError(await failure(validateRemote(definition, { client: client() })), 'throttled', 'Rate exceeded');
  });

  test('any other error', async () => {
    sfn.on(ValidateStateMachineDefinitionCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    expectCleanError(await failure(validateRemote(definition, { client: client() })), 'failed', 'InternalServerError: boom');
  });
});

describe('validateRemote with a real client that must not send', () => {
  test('no region configured', async () => {
    const client = new SFNClient({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, requestHandler: noNetwork });
    const error = await failure(validateRemote(definition, { client }));
    expectCleanError(error, 'no-region', 'no AWS region is configured', 'AWS_REGION');
  });

  test('no credentials configured', async () => {
    const client = new SFNClient({ region: 'eu-west-1', credentials: credentialChain(), requestHandler: noNetwork });
    const error = await failure(validateRemote(definition, { client }));
    expectCleanError(error, 'no-credentials', 'no AWS credentials found', 'AWS_PROFILE');
  });
});

describe('locationToPointer', () => {
  const parsed = JSON.parse(definition) as unknown;

  test.each([
    ['/States/Invoke/Next', '/States/Invoke/Next'],
    ['/States/a/b/Result', '/States/a~1b/Result'],
    ['/States/Fail~1/Error', '/States/Fail~01/Error'],
    ['/States/Fan out/Branches[0]/States/X', '/States/Fan out/Branches/0/States/X'],
    ['/States/Fan out/Branches/1/States/Y/Next', '/States/Fan out/Branches/1/States/Y/Next'],
    ['/States/Invoke/TimeoutSeconds', '/States/Invoke/TimeoutSeconds'],
    ['/States/Nope/Branches[2]/States', '/States/Nope/Branches/2/States'],
    ['/', ''],
    ['', ''],
  ])('%s -> %s', (location, pointer) => {
    expect(locationToPointer(location, parsed)).toBe(pointer);
  });

  test('without the definition, segments are escaped as they are', () => {
    expect(locationToPointer('/States/a~b/Branches[3]/Next')).toBe('/States/a~0b/Branches/3/Next');
  });
});

describe('hasAwsCredentials', () => {
  test('nothing configured: false, at once and without network', async () => {
    const started = Date.now();
    expect(await hasAwsCredentials()).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('keys in the environment', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    expect(await hasAwsCredentials()).toBe(true);
  });

  test('a profile in the shared credentials file', async () => {
    writeFileSync(join(home, 'credentials'), '[dev]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n');
    process.env.AWS_PROFILE = 'dev';
    expect(await hasAwsCredentials()).toBe(true);
    process.env.AWS_PROFILE = 'other';
    expect(await hasAwsCredentials()).toBe(false);
  });

  test('a credentials endpoint that never answers: gives up after the timeout', async () => {
    const server: Server = createServer(() => {
      // accepts the request and never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${port}/credentials`;
      const started = Date.now();
      expect(await hasAwsCredentials({ timeoutMs: 300 })).toBe(false);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(250);
      // Gave up rather than waited for the endpoint (which never answers); a loaded machine may be slow to say so.
      expect(elapsed).toBeLessThan(4_000);
    } finally {
      // The abandoned lookup goes on in the background: closing the server ends it (the next
      // endpoint of the chain is refused at once); let it finish inside this test.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  });
});
