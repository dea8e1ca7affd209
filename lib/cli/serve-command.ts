/**
 * `sfn serve [--port 8083]`: a local AWS Step Functions endpoint on 127.0.0.1 with the project's
 * workflows loaded (lib/local/project-server.ts). Runs until interrupted (Ctrl-C or SIGTERM stops the
 * running executions and the local services, within a second).
 *
 * Its ARNs are those of the environment (`--environment`, default dev): its region and account
 * (config/environments.ts), or `--region` / `--account` (default account 123456789012 when the
 * environment has none), so that the ARNs a project's clients use are found. A Step Functions
 * Local mock configuration (`--mocks FILE`, or the `SFN_MOCK_CONFIG` environment variable as Step
 * Functions Local reads it) lets StartExecution run `<state machine ARN>#<TestCase>`.
 */
import { relative, resolve } from 'node:path';
import { SourceError, formatProblem } from '../asl/problem';
import { isAwsRegion } from '../environments/regions';
import { SUPPORTED_OPERATIONS } from '../serve/server';
import { startProjectServer, type ProjectServer } from '../local/project-server';
import { startActivityWorkers, type RunningWorkers } from '../local/activity-workers';
import { loadMockConfig, MockConfigError, type MockConfig } from '../local/mocks';
import { UsageError, type CliIo } from './io';
import { onStopSignal } from './signals';
import { cliDeclarations } from './project';

export interface ServeCommandOptions {
  port?: string;
  environment?: string;
  dataDir?: string;
  virtualTime?: boolean;
  workers?: boolean;
  region?: string;
  account?: string;
  /** A mock configuration file; default the SFN_MOCK_CONFIG environment variable. */
  mocks?: string;
  /** Seed of the alias routing. */
  seed?: string;
}

const DEFAULT_ACCOUNT = '123456789012';

/** The mock configuration of `--mocks` (or SFN_MOCK_CONFIG), checked: its problems are usage errors at file:line:column. */
function readMocks(io: CliIo, file: string | undefined): { config: MockConfig; file: string } | undefined {
  if (file === undefined || file === '') return undefined;
  const path = resolve(io.cwd, file);
  const display = relative(io.cwd, path) || file;
  try {
    return { config: loadMockConfig(path, display), file: display };
  } catch (e) {
    if (e instanceof SourceError) throw new UsageError(`the mock configuration is not valid:\n${e.problems.map(formatProblem).join('\n')}`);
    if (e instanceof MockConfigError) throw new UsageError(e.message);
    throw e;
  }
}

function whereabouts(options: ServeCommandOptions, env: { region: string; accountId?: string }): { region: string; accountId: string } {
  const region = options.region ?? env.region;
  if (!isAwsRegion(region)) throw new UsageError(`--region must be an AWS region such as eu-west-1, got ${region}`);
  const accountId = options.account ?? env.accountId ?? DEFAULT_ACCOUNT;
  if (!/^\d{12}$/.test(accountId)) throw new UsageError(`--account must be a 12-digit AWS account id, got ${accountId}`);
  return { region, accountId };
}

/** Starts the endpoint; resolves with the server once it listens (the caller keeps it running). */
export async function startServe(io: CliIo, options: ServeCommandOptions): Promise<ProjectServer & { workers?: RunningWorkers }> {
  const port = options.port === undefined ? 8083 : Number(options.port);
  if ((options.port !== undefined && !/^[0-9]{1,5}$/.test(options.port)) || port > 65535) throw new UsageError(`--port must be a port number (0-65535), got ${JSON.stringify(options.port)}`);
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${options.seed}`);
  const { project } = cliDeclarations(io, options.environment);
  const declarations = project.localDeclarations(options.environment);
  const { region, accountId } = whereabouts(options, project.environment(options.environment));
  const mocks = readMocks(io, options.mocks ?? process.env.SFN_MOCK_CONFIG);
  let server: ProjectServer;
  try {
    server = await startProjectServer(declarations, {
      projectRoot: project.root,
      providers: project.localProviders,
      port,
      region,
      accountId,
      dataDir: options.dataDir,
      clock: options.virtualTime ? 'virtual' : 'real',
      mocks: mocks?.config,
      seed,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; choose another with --port`);
    throw e;
  }
  for (const p of server.problems) io.stderr(`${p}\n`);
  const r = server.registry;
  io.stdout(`Step Functions endpoint on ${server.url} (${SUPPORTED_OPERATIONS.length} operations), region ${r.region}, account ${r.accountId}\n`);
  for (const name of server.loaded) io.stdout(`  state machine ${r.arn('stateMachine', name)}\n`);
  for (const a of r.activities.values()) io.stdout(`  activity      ${a.arn}\n`);
  if (mocks !== undefined) io.stdout(`  mock configuration ${mocks.file}: StartExecution of <state machine ARN>#<TestCase> runs a test case\n`);
  const env = server.services.functionEnvironment;
  io.stdout('Local AWS services (the AWS SDKs and the AWS CLI read these variables; servers start when first used):\n');
  io.stdout(`  export AWS_ENDPOINT_URL_SFN=${server.url}\n`);
  for (const [k, v] of Object.entries(env)) if (k.startsWith('AWS_ENDPOINT_URL_')) io.stdout(`  export ${k}=${v}\n`);
  if (env.AWS_ENDPOINT_URL) io.stdout(`  export AWS_ENDPOINT_URL=${env.AWS_ENDPOINT_URL}   # every other service: refused, with a message naming it\n`);
  io.stdout(`  export AWS_REGION=${r.region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local\n`);
  let workers: RunningWorkers | undefined;
  if (options.workers) {
    workers = startActivityWorkers(project.root, server.url, [...r.activities.values()], { ...server.services.functionEnvironment }, r.region);
    for (const arn of workers.workers) io.stdout(`  worker of     ${arn} (in-process)\n`);
  }
  io.stdout(
    `Use it with @aws-sdk/client-sfn: new SFNClient({ endpoint: '${server.url}', region: '${r.region}', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true })\n` +
      `or the AWS CLI: aws stepfunctions --endpoint-url ${server.url} list-state-machines (StartSyncExecution and TestState: HTTP_PROXY=${server.url} aws stepfunctions --endpoint-url http://localhost:${server.port} ...). Ctrl-C stops it.\n`,
  );
  return {
    ...server,
    workers,
    close: async () => {
      await workers?.stop();
      await server.close();
    },
  };
}

export async function runServe(io: CliIo, options: ServeCommandOptions): Promise<number> {
  // Listening for Ctrl-C and SIGTERM before saying the endpoint is ready: a signal right after (or
  // while it starts) closes it; the process exits within a second whatever still runs (signals.ts).
  let stop = () => undefined as void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const stopListening = onStopSignal(() => stop());
  let server;
  try {
    server = await startServe(io, options);
  } catch (e) {
    // A startup that fails is reported as such (the caller prints it), without listeners left behind.
    stopListening();
    throw e;
  }
  await stopped;
  io.stderr('stopping the endpoint\n');
  await server.close();
  return 0;
}
