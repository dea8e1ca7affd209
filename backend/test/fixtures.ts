import { Environment, EnvironmentInput, loadEnvironments } from '../../lib/environments/environments';

type BackendInput = EnvironmentInput['backend'];

/** A dev and a prod environment as the config file would describe them. */
export function testConfig(overrides: { dev?: Partial<BackendInput>; prod?: Partial<BackendInput> } = {}): Record<string, EnvironmentInput> {
  const env = (name: string, region: string, backend: Partial<BackendInput> = {}): EnvironmentInput => ({
    region,
    namePrefix: `sfn-${name}`,
    logRetentionDays: 14,
    backend: {
      bucket: `test-state-${name}`,
      lockTable: `test-locks-${name}`,
      keyPrefix: 'sfn-cdktf',
      ...backend,
    },
    tags: { Project: 'sfn-cdktf', Environment: name },
  });
  return {
    dev: env('dev', 'eu-west-1', overrides.dev),
    prod: env('prod', 'us-east-2', overrides.prod),
  };
}

/** The validated environment `name` of `testConfig(overrides)`. */
export function testEnv(name: 'dev' | 'prod', overrides?: Parameters<typeof testConfig>[0]): Environment {
  const env = loadEnvironments(testConfig(overrides)).find((e) => e.name === name);
  if (!env) throw new Error(`no environment ${name}`);
  return env;
}
