import { ConfigError, loadEnvironments, type EnvironmentInput } from '../environments';

/** A dev and a prod environment as a project's config/environments.ts describes them. */
const environments: Record<string, EnvironmentInput> = {
  dev: {
    region: 'eu-west-1',
    namePrefix: 'sfn-dev',
    logRetentionDays: 14,
    backend: { bucket: 'sfn-cdktf-state-dev', lockTable: 'sfn-cdktf-locks-dev', keyPrefix: 'sfn-cdktf' },
    tags: { Project: 'sfn-cdktf', Environment: 'dev' },
  },
  prod: {
    region: 'eu-west-1',
    namePrefix: 'sfn-prod',
    logRetentionDays: 365,
    tracing: true,
    backend: { bucket: 'sfn-cdktf-state-prod', lockTable: 'sfn-cdktf-locks-prod', keyPrefix: 'sfn-cdktf' },
  },
};
const dev = environments.dev;

function messages(input: unknown): string[] {
  try {
    loadEnvironments(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

test('a valid configuration gets defaults', () => {
  const envs = loadEnvironments(environments);
  expect(envs.map((e) => e.name)).toEqual(expect.arrayContaining(['dev', 'prod']));
  const d = envs.find((e) => e.name === 'dev')!;
  expect(d.backend).toMatchObject({ dynamodbLock: true, useLockfile: true });
  expect(d.tracing).toBe(false);
});

test.each([
  [{ region: 'europe' }, 'environment "dev", field "region": must be an AWS region such as "eu-west-1"'],
  [{ accountId: '1234' }, 'environment "dev", field "accountId": must be a 12-digit AWS account id'],
  [{ namePrefix: 'Sfn_Dev' }, 'environment "dev", field "namePrefix": must be 2-25 lowercase letters, digits or hyphens, starting with a letter'],
  [{ logRetentionDays: 10 }, 'environment "dev", field "logRetentionDays": must be one of 1, 3, 5, 7, 14, 30'],
  [{ logRetentionDays: '14' }, 'environment "dev", field "logRetentionDays": Invalid input: expected number, received string'],
  [{ backend: { ...dev.backend, bucket: 'Bad_Bucket' } }, 'environment "dev", field "backend.bucket": must be a valid S3 bucket name'],
  [{ backend: { ...dev.backend, bucket: '192.168.1.1' } }, 'environment "dev", field "backend.bucket": must be a valid S3 bucket name'],
  [{ backend: { ...dev.backend, lockTable: 'x' } }, 'environment "dev", field "backend.lockTable": must be a valid DynamoDB table name'],
  [{ backend: { ...dev.backend, keyPrefix: '/abs/' } }, 'environment "dev", field "backend.keyPrefix": must be a relative S3 key prefix'],
  [{ retention: 14 }, 'environment "dev", field "retention": unknown field (check its spelling)'],
  [{ backend: { ...dev.backend, lockTabel: 'x' } }, 'environment "dev", field "backend.lockTabel": unknown field (check its spelling: did you mean "lockTable"?)'],
  [{ namePrefx: 'x' }, 'environment "dev", field "namePrefx": unknown field (check its spelling: did you mean "namePrefix"?)'],
  [{ crm: {} }, 'environment "dev", field "crm": unknown field (check its spelling)'],
  [{ tags: { Project: 5 } }, 'environment "dev", field "tags.Project": Invalid input: expected string, received number'],
])('%j is rejected naming the environment and field', (change, expected) => {
  const issues = messages({ dev: { ...dev, ...change } });
  expect(issues.some((i) => i.startsWith(expected))).toBe(true);
});

test('a missing required field is named', () => {
  const { region: _r, ...noRegion } = dev;
  expect(messages({ prod: noRegion })).toEqual(['environment "prod", field "region": Invalid input: expected string, received undefined']);
});

test('every problem is reported at once, across environments', () => {
  const issues = messages({ dev: { ...dev, region: 'x' }, prod: { ...environments.prod, logRetentionDays: 2 } });
  expect(issues).toHaveLength(2);
  expect(issues[0]).toMatch(/^environment "dev", field "region"/);
  expect(issues[1]).toMatch(/^environment "prod", field "logRetentionDays"/);
});

test('bad environment names and an empty configuration are rejected', () => {
  expect(messages({ Dev: dev })).toEqual(['environment name "Dev": environment names must be 1-10 lowercase letters or digits']);
  expect(messages({})).toEqual(['environments: at least one environment is required']);
  expect(messages([])[0]).toMatch(/^environments: /);
});

test('the error message lists every issue', () => {
  expect(() => loadEnvironments({ dev: { ...dev, region: 'x' } })).toThrow(/^Invalid environment configuration:\n {2}- environment "dev", field "region"/);
});
