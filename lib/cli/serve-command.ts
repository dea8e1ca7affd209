/**
 * `sfn serve [--port 8083]`: a local AWS Step Functions endpoint on 127.0.0.1 with the project's
 * workflows loaded (lib/local/project-server.ts). Runs until interrupted (Ctrl-C or SIGTERM stops
 * the running executions and the local services, within a second).
 */
import { SUPPORTED_OPERATIONS } from '../serve/server';
import { startProjectServer, type ProjectServer } from '../local/project-server';
import { startActivityWorkers, type RunningWorkers } from '../local/activity-workers';
import { UsageError, type CliIo } from './io';
import { onStopSignal } from './signals';
import { cliDeclarations } from './project';

export interface ServeCommandOptions {
  port?: string;
  environment?: string;
  dataDir?: string;
  virtualTime?: boolean;
  workers?: boolean;
}

/** Starts the endpoint; resolves with the server once it listens (the caller keeps it running). */
export async function startServe(io: CliIo, options: ServeCommandOptions): Promise<ProjectServer & { workers?: RunningWorkers }> {
  const port = options.port === undefined ? 8083 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0-65535), got ${options.port}`);
  const { project, declarations } = cliDeclarations(io, options.environment);
  let server: ProjectServer;
  try {
    server = await startProjectServer(declarations, { projectRoot: project.root, providers: project.localProviders, port, dataDir: options.dataDir, clock: options.virtualTime ? 'virtual' : 'real' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; choose another with --port`);
    throw e;
  }
  for (const p of server.problems) io.stderr(`${p}\n`);
  const r = server.registry;
  io.stdout(`Step Functions endpoint on ${server.url} (${SUPPORTED_OPERATIONS.length} operations)\n`);
  for (const name of server.loaded) io.stdout(`  state machine ${r.arn('stateMachine', name)}\n`);
  for (const a of r.activities.values()) io.stdout(`  activity      ${a.arn}\n`);
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
      `or the AWS CLI: aws stepfunctions --endpoint-url ${server.url} list-state-machines. Ctrl-C stops it.\n`,
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
