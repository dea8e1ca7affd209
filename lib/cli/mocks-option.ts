/**
 * `sfn run ... --mocks FILE --test-case CASE [--state-machine NAME]`: a test case of an AWS Step
 * Functions Local mock configuration file as the run's overrides (lib/integrations/mocks.ts).
 * The state machine in the file defaults to the workflow's name (or the template file's name).
 */
import { relative, resolve } from 'node:path';
import type { Json, StateOverride } from '../engine/types';
import { loadMockConfig, mockOverrides, MockConfigError, type MockConfig } from '../local/mocks';
import { UsageError, type CliIo } from './io';

export interface MocksOptions {
  mocks?: string;
  testCase?: string;
  stateMachine?: string;
}

/** The mock configuration file the options name, checked (a SourceError locates its problems at file:line:column). */
export function readMocksOption(io: CliIo, options: MocksOptions): MockConfig | undefined {
  if (options.mocks === undefined) {
    if (options.testCase !== undefined) throw new UsageError('--test-case needs --mocks FILE (the mock configuration file)');
    if (options.stateMachine !== undefined) throw new UsageError('--state-machine needs --mocks FILE (the mock configuration file)');
    return undefined;
  }
  if (options.testCase === undefined) throw new UsageError('--mocks needs --test-case CASE (a test case of the state machine in the file)');
  const path = resolve(io.cwd, options.mocks);
  try {
    return loadMockConfig(path, relative(io.cwd, path) || options.mocks);
  } catch (e) {
    if (e instanceof MockConfigError) throw new UsageError(`--mocks: ${e.message}`);
    throw e;
  }
}

/** The overrides of the selected test case, for a run of `stateMachineName` (or of --state-machine). */
export function mocksOverrides(config: MockConfig | undefined, options: MocksOptions, stateMachineName: string, definition: Json): Record<string, StateOverride> | undefined {
  if (config === undefined) return undefined;
  try {
    return mockOverrides(config, options.stateMachine ?? stateMachineName, options.testCase as string, definition);
  } catch (e) {
    if (e instanceof MockConfigError) throw new UsageError(`--mocks ${options.mocks}: ${e.message}${options.stateMachine === undefined ? ' (--state-machine NAME selects another)' : ''}`);
    throw e;
  }
}
