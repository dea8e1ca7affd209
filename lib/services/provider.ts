/**
 * The extension point of local services: a provider starts the stand-in of a service (DynamoDB,
 * SQS, S3, ... or a service of the project's own, such as an HTTP API) for the workflows that
 * need it, and plugs it into the engine (Task invokers, run options) and into the handlers
 * (environment variables). `startServices` composes providers; `lib/local/services.ts` gives the
 * default list (every service of `lib/services/` plus nested executions, activity workers and the
 * project's own providers).
 *
 *   const services = await startServices([declaration], {}, providers);
 *   try { await runExecution(definition, input, { ...services.runOptions, functions }); }
 *   finally { await services.close(); }
 */
import type { ResourceInvoker, RunOptions } from '../engine/types';
import { localSdkEnvironment } from './credentials';
import type { WorkflowDeclaration } from '../workflow/declaration';

export interface LocalServiceContext {
  /** Of the ARNs the local stand-ins use (default us-east-1 / 123456789012, as the engine's). */
  region: string;
  accountId: string;
  /** A folder for the data a service keeps on disk (e.g. S3 objects); a temporary folder when not given. */
  dataDir?: string;
  /** Holds `functions/` and `statemachine/` (for nested executions of other workflows). Default: the current directory. */
  projectRoot?: string;
  /** Every workflow of the project, which nested executions (`states:startExecution`) may start. Default: the workflows started. */
  catalog?: readonly WorkflowDeclaration[];
  /**
   * The environment variables the functions get: given by the caller (its own services, e.g. a CRM
   * API it runs), and from the services started before this one (e.g. for an activity worker run
   * in-process). A provider whose service the caller already gives starts nothing.
   */
  functionEnvironment?: Record<string, string>;
  /** The providers in use, so that a provider starting workflows of its own (nested executions) starts their services alike. */
  providers?: readonly LocalServiceProvider[];
  /**
   * The services already running, by provider name: those started before this one, and the
   * caller's (a nested execution's workflow shares its parent's stand-ins). A provider whose service
   * is among them adds what these workflows declare to it and starts nothing (`sharedService`).
   */
  started?: Readonly<Record<string, StartedService>>;
  /** The local values of the components' outputs, read when needed (those of services started later included). */
  componentOutputs?: () => Record<string, Record<string, string>>;
  /**
   * Start what is heavy (a DynamoDB or S3 server) when it is first used rather than now: `sfn serve`,
   * which must answer at once and may never need it. The endpoints are known at once either way.
   */
  lazy?: boolean;
}

/** A provider's running service. */
export interface StartedService {
  /** Task resources it runs. */
  invokers?: ResourceInvoker[];
  /** Run options it adds (e.g. the engine's S3 client settings, a callback broker). */
  runOptions?: Partial<RunOptions>;
  /** Environment variables for the handlers (e.g. `AWS_ENDPOINT_URL_DYNAMODB`). */
  functionEnvironment?: Record<string, string>;
  /** The local values of the outputs of the project component it stands in for (`output('<provider name>', '<output>')`). */
  outputs?: Record<string, string>;
  /** What it recorded during the runs, for a person to read (`npm start` prints it after the runs). */
  summary?(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface LocalServiceProvider<T extends StartedService = StartedService> {
  /** A short name, used in messages (`dynamodb`, `s3`, ...). */
  name: string;
  /** Whether these workflows need it. */
  needed(workflows: readonly WorkflowDeclaration[]): boolean;
  start(workflows: readonly WorkflowDeclaration[], context: LocalServiceContext): Promise<T>;
}

export interface LocalServices {
  /** Run options for the engine: the invokers of every service, and what else they add. */
  runOptions: Partial<RunOptions>;
  /** Environment variables for the workflow's functions. */
  functionEnvironment: Record<string, string>;
  /** The started services, by provider name (a test reads what they recorded). */
  services: Record<string, StartedService>;
  /** The local values of components' outputs, by component (provider) name and output name. */
  outputs: Record<string, Record<string, string>>;
  close(): Promise<void>;
}

/** This provider's service when the caller already runs it (see LocalServiceContext.started). */
export function startedBefore<T extends StartedService>(context: LocalServiceContext, name: string): T | undefined {
  return context.started?.[name] as T | undefined;
}

/** A service of the caller, used as this run's: the same state and endpoints, stopped by its owner. */
export function sharedService<T extends StartedService>(service: T): T {
  return { ...service, close: async () => undefined };
}

/**
 * A provider of a stand-in that every local run has (its endpoint given to every handler): the
 * caller's running one when there is one (a nested execution's workflow shares its parent's),
 * else a new one; either way what these workflows declare is added to it (`declare`, idempotent).
 */
export function standInProvider<T extends StartedService>(
  name: string,
  start: (context: LocalServiceContext) => Promise<T>,
  declare: (service: T, workflows: readonly WorkflowDeclaration[], context: LocalServiceContext) => void | Promise<void>,
): LocalServiceProvider<T> {
  return {
    name,
    needed: () => true,
    async start(workflows, context) {
      const running = startedBefore<T>(context, name);
      const service = running ?? (await start(context));
      // Its clients (the handlers') sign with the dummy credentials, in the run's region.
      service.functionEnvironment = { ...localSdkEnvironment(context.region), ...service.functionEnvironment };
      try {
        await declare(service, workflows, context);
      } catch (e) {
        if (running === undefined) await service.close();
        throw e;
      }
      return running === undefined ? service : sharedService(running);
    },
  };
}

/** Starts what these workflows need (nothing for a workflow of Lambda functions only). */
export async function startServices(
  workflows: readonly WorkflowDeclaration[],
  context: Partial<LocalServiceContext>,
  providers: readonly LocalServiceProvider[],
): Promise<LocalServices> {
  const started: Array<[string, StartedService]> = [];
  // The caller's outputs are not this run's own: only the started services' are returned.
  const own = () => Object.fromEntries(started.filter(([, s]) => s.outputs).map(([name, s]) => [name, { ...s.outputs }]));
  const componentOutputs = () => ({ ...context.componentOutputs?.(), ...own() });
  const ctx: LocalServiceContext = { region: 'us-east-1', accountId: '123456789012', ...context, providers, componentOutputs };
  const close = async () => {
    const errors: unknown[] = [];
    for (const [, s] of started.reverse()) await s.close().catch((e: unknown) => errors.push(e));
    started.length = 0;
    if (errors.length) throw errors[0];
  };
  try {
    for (const p of providers) {
      if (!p.needed(workflows)) continue;
      const before = Object.assign({}, ...started.map(([, x]) => x.functionEnvironment ?? {}), context.functionEnvironment) as Record<string, string>;
      const running = { ...context.started, ...Object.fromEntries(started) };
      started.push([p.name, await p.start(workflows, { ...ctx, functionEnvironment: before, started: running })]);
    }
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
  const invokers: ResourceInvoker[] = [];
  let runOptions: Partial<RunOptions> = {};
  const functionEnvironment: Record<string, string> = {};
  for (const [, s] of started) {
    invokers.push(...(s.invokers ?? []));
    runOptions = { ...runOptions, ...s.runOptions };
    Object.assign(functionEnvironment, s.functionEnvironment);
  }
  if (invokers.length) runOptions.resources = [...invokers, ...(runOptions.resources ?? [])];
  return { runOptions, functionEnvironment, services: Object.fromEntries(started), outputs: own(), close };
}
