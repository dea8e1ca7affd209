/**
 * The local Step Functions endpoint of every local run (`sfn run`, `runWorkflow`): a task token
 * broker for the engine (`runOptions.callbacks`), the Step Functions API (lib/serve) on 127.0.0.1
 * answering for that broker (handlers reach it through `AWS_ENDPOINT_URL_SFN`, to answer a
 * `.waitForTaskToken` task), the workflows' declared `activities`, and the project's activity
 * workers started in-process against that endpoint with the real `@aws-sdk/client-sfn`, as they
 * would run against AWS.
 *
 * A worker of activity `<name>` is the module `workers/<name>/src/index.ts` exporting
 * `runWorker({ client, activityArn, signal, workerName, environment })`, which polls until the
 * signal is aborted (see workers/file-transfer). An activity without such a module gets no worker:
 * a run then waits for one started by hand against the endpoint (`AWS_ENDPOINT_URL_SFN`, given to
 * the functions too, so that a Lambda of a `.waitForTaskToken` task can answer its token), until
 * the task's TimeoutSeconds.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { startSfnServer, type SfnServer } from '../serve/server';
import { compileAndRequire, ModuleLoadError } from '../bundle/module';
import type { LocalServiceProvider, LocalServices, StartedService } from '../services/provider';
import { LOCAL_CREDENTIALS, localSdkEnvironment } from '../services/credentials';

export interface ActivityWorkersService extends StartedService {
  endpoint: string;
  server: SfnServer;
  /** The activities that got an in-process worker, by ARN. */
  workers: string[];
}


/** A client of a local endpoint: StartSyncExecution's `sync-` host prefix cannot resolve on 127.0.0.1, so it is turned off. */
export function localSfnClient(endpoint: string, region = 'us-east-1'): SFNClient {
  // Loaded on first use, not with the providers (every local run loads those).
  const { SFNClient: Client } = require('@aws-sdk/client-sfn') as typeof import('@aws-sdk/client-sfn');
  return new Client({ endpoint, region, credentials: LOCAL_CREDENTIALS, disableHostPrefix: true });
}

type RunWorker = (options: { client: SFNClient; activityArn: string; signal: AbortSignal; workerName?: string; environment?: Record<string, string> }) => Promise<void>;

/** The worker module of an activity, when the project has one. */
export function loadActivityWorker(projectRoot: string, activity: string): RunWorker | undefined {
  const entry = join(resolve(projectRoot), 'workers', activity, 'src', 'index.ts');
  if (!existsSync(entry)) return undefined;
  const mod = compileAndRequire(resolve(projectRoot), entry, `worker-${activity.replace(/[^\w-]/g, '_')}`, `the activity worker workers/${activity}/src/index.ts`);
  if (typeof mod.runWorker !== 'function') throw new ModuleLoadError(`workers/${activity}/src/index.ts must export runWorker({ client, activityArn, signal })`);
  return mod.runWorker as RunWorker;
}

export interface RunningWorkers {
  /** The activities that got a worker, by ARN. */
  workers: string[];
  /** Stops the workers (their polls are cancelled) and waits for them. */
  stop(): Promise<void>;
}

/** Starts the project's worker of each activity that has one, polling `endpoint` with the real SDK client. */
export function startActivityWorkers(projectRoot: string, endpoint: string, activities: ReadonlyArray<{ name: string; arn: string }>, environment: Record<string, string>, region = 'us-east-1'): RunningWorkers {
  const controller = new AbortController();
  const running: Array<Promise<void>> = [];
  const workers: string[] = [];
  for (const activity of activities) {
    const runWorker = loadActivityWorker(projectRoot, activity.name);
    if (runWorker === undefined) continue;
    const client = localSfnClient(endpoint, region);
    running.push(
      runWorker({ client, activityArn: activity.arn, signal: controller.signal, workerName: `local-${activity.name}-worker`, environment: { ...environment, AWS_ENDPOINT_URL_SFN: endpoint } })
        .catch((e: unknown) => console.error(`activity worker ${activity.name} stopped: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => client.destroy()),
    );
    workers.push(activity.arn);
  }
  return {
    workers,
    stop: async () => {
      controller.abort();
      await Promise.all(running);
    },
  };
}

export const activityWorkersProvider: LocalServiceProvider<ActivityWorkersService> = {
  name: 'activity-workers',
  // Every run has a local Step Functions endpoint: handlers answer task tokens through it (AWS_ENDPOINT_URL_SFN).
  needed: () => true,
  async start(workflows, context) {
    const server = await startSfnServer({ port: 0, region: context.region, accountId: context.accountId });
    let workers: RunningWorkers;
    try {
      const activities = [...new Set(workflows.flatMap((w) => w.activities ?? []))].map((name) => server.registry.createActivity(name));
      const environment = { ...context.functionEnvironment, ...localSdkEnvironment(context.region) };
      workers = startActivityWorkers(context.projectRoot ?? process.cwd(), server.url, activities, environment, context.region);
    } catch (e) {
      await server.close();
      throw e;
    }
    return {
      endpoint: server.url,
      server,
      workers: workers.workers,
      runOptions: { callbacks: server.registry.broker },
      functionEnvironment: { AWS_ENDPOINT_URL_SFN: server.url },
      close: async () => {
        await workers.stop();
        await server.close();
      },
    };
  },
};

/** The activity workers of started services, or undefined when none of their workflows declares activities. */
export const localActivityWorkers = (services: LocalServices): ActivityWorkersService | undefined =>
  services.services[activityWorkersProvider.name] as ActivityWorkersService | undefined;
