/**
 * What a local Step Functions endpoint holds: state machines (with their revisions, versions,
 * aliases and tags, records.ts and versions.ts), their executions (running on the local engine,
 * with live histories), activities, and the task token broker the executions share. It is also
 * the ExecutionDirectory of `states:startExecution` tasks, so that executions started by
 * executions are visible through the API as on AWS. The Map Runs of an execution are the
 * engine's (`Execution.mapRuns`), found by ARN among the executions kept.
 *
 * StartExecution takes an unqualified ARN (the current revision; no version recorded), a version
 * ARN (that version) or an alias ARN (one of its versions, chosen by weight with the registry's
 * seeded random numbers; both recorded), as the API reference's StartExecution describes; a
 * `#<TestCase>` suffix runs the execution with that test case of the mock configuration.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ACTIVITY_POLL_MS, TaskTokenBroker, Execution, compileStateMachine, InvalidDefinitionError, UnsupportedFeatureError, type CompiledStateMachine, fastUuid } from '../engine';
import type { ExecutionResult, Json, MapRunView, RunOptions, StateOverride } from '../engine/types';
import { invalidDefinitionMessage } from '../asl/validate/invalid-definition';
import { seededRandom } from '../random';
import { parseJsonValue } from '../asl/json-source';
import { invalidInputMessage } from './jackson';
import { SourceError } from '../asl/problem';
import { StepFunctionsApiError, startExecutionInvoker, type ExecutionDirectory } from '../services/stepfunctions/integration';
import { checkArn, checkName, parseStateMachineArn, type StateMachineRef } from './arns';
import { expressProblems } from './express';
import { validation } from './protocol';
import type { ActivityRecord, AliasRecord, ExecutionRecord, LoggingConfiguration, Revision, StateMachineRecord, StateMachineType, VersionRecord } from './records';
import { pickVersion } from './versions';

export { statusOf } from './records';
export { checkName } from './arns';
export type { ActivityRecord, AliasRecord, ExecutionRecord, Revision, StateMachineRecord, StateMachineType, VersionRecord } from './records';

/**
 * The engine overrides of a test case of a Step Functions Local mock configuration, for an
 * execution of `stateMachineName` (the `#<TestCase>` of a StartExecution ARN). Throws what the
 * configuration lacks (the registry reports it as InvalidName, as LocalStack's Step Functions Local
 * mode does).
 */
export type TestCaseOverrides = (stateMachineName: string, testCase: string, definition: Json) => Record<string, StateOverride>;

export interface RegistryOptions {
  region?: string;
  accountId?: string;
  /** Of every execution (functions, resource invokers, ...). The broker and the clock are the registry's. */
  runOptions?: Partial<RunOptions>;
  /** `real` (default): executions take wall-clock time, as on AWS. `virtual`: Wait states and retries are instant (tests). */
  clock?: 'real' | 'virtual';
  /** How long GetActivityTask waits for a task. Default 60 s, as AWS's long poll. */
  pollMs?: number;
  /**
   * How many ended executions are kept (oldest forgotten first, as AWS forgets them after their
   * retention period): default 10,000. Running executions are always kept.
   */
  keepEnded?: number;
  /** Seed of the alias routing: the same seed routes the same sequence of executions the same way. Default: random. */
  seed?: number;
  /** The mock configuration's test cases (`arn#TestCase`); without it such an ARN is refused. */
  testCases?: TestCaseOverrides;
}

/** AWS's limit on an execution's input (API reference, StartExecution `input`: 256 KiB of UTF-8). */
const MAX_INPUT_BYTES = 262_144;
const DEFAULT_LOGGING: LoggingConfiguration = { level: 'OFF', includeExecutionData: false };

export interface MachineSettings {
  definition: string;
  roleArn?: string;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: { enabled: boolean };
}

/** What StartExecution runs for an ARN. */
export interface Target {
  machine: StateMachineRecord;
  revision: Revision;
  version?: VersionRecord;
  alias?: AliasRecord;
  testCase?: string;
}

export class Registry implements ExecutionDirectory {
  readonly region: string;
  readonly accountId: string;
  readonly broker = new TaskTokenBroker();
  readonly stateMachines = new Map<string, StateMachineRecord>();
  readonly executions = new Map<string, ExecutionRecord>();
  readonly activities = new Map<string, ActivityRecord>();
  /** The run options of every execution (TestState runs its Tasks with them too). */
  readonly runOptions: Partial<RunOptions>;
  private readonly clock: 'real' | 'virtual';
  readonly pollMs: number;
  private readonly keepEnded: number;
  /** ARNs of the ended executions, oldest first. */
  private readonly endedArns: string[] = [];
  /** The alias routing's random numbers. */
  readonly random: () => number;
  private readonly testCases: TestCaseOverrides | undefined;

  constructor(options: RegistryOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.clock = options.clock ?? 'real';
    this.pollMs = options.pollMs ?? ACTIVITY_POLL_MS;
    this.keepEnded = options.keepEnded ?? 10_000;
    this.random = options.seed === undefined ? Math.random : seededRandom(options.seed);
    this.testCases = options.testCases;
    const base = options.runOptions ?? {};
    // Nested executions (`states:startExecution`) start here, visible through the API.
    this.runOptions = { ...base, resources: [...(base.resources ?? []), startExecutionInvoker(this)] };
  }

  /** Lambda functions that every state machine of the registry may invoke (a project's), by name. */
  addFunctions(functions: RunOptions['functions']): void {
    this.runOptions.functions = { ...this.runOptions.functions, ...functions };
  }

  arn(kind: 'stateMachine' | 'activity', name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:${kind}:${name}`;
  }

  /** A revision of these settings (a new revision id unless it is the first); an EXPRESS one without what EXPRESS cannot run. */
  revision(settings: MachineSettings, first: boolean, name: string, type: StateMachineType): Revision {
    const compiled = compile(settings.definition);
    if (type === 'EXPRESS') {
      const problems = expressProblems(compiled.definition);
      if (problems.length) throw new StepFunctionsApiError('InvalidDefinition', invalidDefinitionMessage(problems));
    }
    return {
      definition: settings.definition,
      compiled,
      roleArn: settings.roleArn ?? `arn:aws:iam::${this.accountId}:role/StepFunctions-${name}-role`,
      revisionId: first ? null : fastUuid(),
      updateDate: new Date(),
      loggingConfiguration: settings.loggingConfiguration ?? DEFAULT_LOGGING,
      tracingConfiguration: settings.tracingConfiguration ?? { enabled: false },
    };
  }

  /**
   * CreateStateMachine: idempotent for the same definition, type, logging and tracing (a
   * different role is ignored, as on AWS per LocalStack's AWS-validated tests);
   * StateMachineAlreadyExists otherwise.
   */
  createStateMachine(request: MachineSettings & { name: string; type?: StateMachineType; runOptions?: Partial<RunOptions>; tags?: Record<string, string> }): StateMachineRecord {
    checkName(request.name);
    const arn = this.arn('stateMachine', request.name);
    const type = request.type ?? 'STANDARD';
    let machine = this.stateMachines.get(arn);
    if (machine !== undefined) {
      const c = machine.current;
      const same = c.definition === request.definition && machine.type === type && sameJson(c.loggingConfiguration, request.loggingConfiguration ?? DEFAULT_LOGGING) && sameJson(c.tracingConfiguration, request.tracingConfiguration ?? { enabled: false });
      if (!same) throw new StepFunctionsApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    } else {
      const now = new Date();
      const current = this.revision(request, true, request.name, type);
      current.updateDate = now;
      machine = { name: request.name, arn, type, creationDate: now, current, runOptions: request.runOptions ?? {}, tags: new Map(Object.entries(request.tags ?? {})), versions: new Map(), nextVersion: 1, aliases: new Map() };
      this.stateMachines.set(arn, machine);
    }
    return machine;
  }

  /** The unqualified state machine an ARN names (StateMachineDoesNotExist for a qualified ARN). */
  stateMachine(arn: string): StateMachineRecord {
    const ref = parseStateMachineArn(arn);
    const m = this.stateMachines.get(ref.base);
    if (m === undefined || ref.version !== undefined || ref.alias !== undefined) throw doesNotExist(arn);
    return m;
  }

  /** The state machine and, for a qualified ARN, its version or alias (StateMachineDoesNotExist when any is unknown). */
  lookup(arn: string, allowTestCase = false): { machine: StateMachineRecord; version?: VersionRecord; alias?: AliasRecord; testCase?: string } {
    const ref: StateMachineRef = parseStateMachineArn(arn, allowTestCase);
    const machine = this.stateMachines.get(ref.base);
    if (machine === undefined) throw doesNotExist(ref.base);
    const version = ref.version === undefined ? undefined : machine.versions.get(ref.version);
    const alias = ref.alias === undefined ? undefined : machine.aliases.get(ref.alias);
    if ((ref.version !== undefined && version === undefined) || (ref.alias !== undefined && alias === undefined)) throw doesNotExist(arn.split('#')[0]);
    return { machine, version, alias, testCase: ref.testCase };
  }

  /** What an ARN runs: the current revision, a version, or one of an alias's versions chosen by weight. */
  resolve(arn: string, allowTestCase = false): Target {
    const { machine, version, alias, testCase } = this.lookup(arn, allowTestCase);
    if (alias !== undefined) {
      const picked = pickVersion(machine, alias, this.random);
      return { machine, revision: picked.revision, version: picked, alias, testCase };
    }
    return { machine, revision: version?.revision ?? machine.current, version, testCase };
  }

  /** DeleteStateMachine: the state machine with its versions and aliases (running executions go on). */
  deleteStateMachine(arn: string): void {
    const ref = parseStateMachineArn(arn);
    if (ref.version !== undefined || ref.alias !== undefined) throw validation(`Value '${arn}' at 'stateMachineArn' failed to satisfy constraint: the state machine ARN must not be qualified (use DeleteStateMachineVersion or DeleteStateMachineAlias)`);
    this.stateMachines.delete(ref.base);
  }

  execution(arn: string): ExecutionRecord {
    checkArn(arn, 'execution');
    const e = this.executions.get(arn);
    if (e === undefined) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  /**
   * StartExecution. The same name with the same input as a running execution returns it (AWS's
   * idempotency); any other reuse of a name is ExecutionAlreadyExists. An EXPRESS state machine's
   * execution is a new one each time (API reference, StartExecution), with an Express ARN
   * (`...:express:<machine>:<name>:<id>`) that the execution operations refuse, as AWS does
   * (LocalStack's AWS-validated test_sfn_api_express snapshot); it is kept only to be stopped
   * when the endpoint closes.
   */
  startExecution(stateMachineArn: string, inputText: string | undefined, name?: string): ExecutionRecord {
    const target = this.resolve(stateMachineArn, true);
    const text = inputText ?? '{}';
    const input = parseInput(text);
    const executionName = name ?? fastUuid();
    checkName(executionName);
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${target.machine.name}:${executionName}`;
    const existing = target.machine.type === 'STANDARD' ? this.executions.get(arn) : undefined;
    if (existing !== undefined) {
      if (existing.result === null && existing.input === text) return existing;
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const record = this.run(target, input, text, executionName);
    this.executions.set(record.arn, record);
    // An Express execution is no one's to describe once it has ended: it leaves at once, not taking
    // the room of the ended STANDARD executions kept for Describe/History.
    void record.done.then(() => (target.machine.type === 'EXPRESS' ? this.executions.delete(record.arn) : this.ended(record.arn)));
    return record;
  }

  /** StartSyncExecution: EXPRESS state machines only (StateMachineTypeNotSupported otherwise), as on AWS. */
  async startSyncExecution(stateMachineArn: string, inputText: string | undefined, name?: string): Promise<{ record: ExecutionRecord; result: ExecutionResult }> {
    const target = this.resolve(stateMachineArn, true);
    if (target.machine.type !== 'EXPRESS') throw typeNotSupported();
    const text = inputText ?? '{}';
    const input = parseInput(text);
    const executionName = name ?? fastUuid();
    checkName(executionName);
    const record = this.run(target, input, text, executionName);
    return { record, result: await record.done };
  }

  /** ExecutionDirectory: an execution started by a `states:startExecution` task. */
  async start(request: { stateMachineArn: string; input: Json; name?: string; parentStateName: string }) {
    const record = this.startExecution(request.stateMachineArn, JSON.stringify(request.input), request.name);
    return { executionArn: record.arn, startDate: record.startDate, done: record.done };
  }

  /** The Map Run of that ARN, in any execution kept (InvalidArn, ResourceNotFound as DescribeMapRun / UpdateMapRun answer). */
  mapRun(arn: string): MapRunView {
    checkArn(arn, 'mapRun');
    for (const e of this.executions.values()) {
      const run = e.mapRuns.find((r) => r.mapRunArn === arn);
      if (run !== undefined) return run;
    }
    throw new StepFunctionsApiError('ResourceNotFound', `Resource not found: '${arn}'`, 400, { resourceName: arn });
  }

  createActivity(name: string, tags: Record<string, string> = {}): ActivityRecord {
    checkName(name);
    const arn = this.arn('activity', name);
    let a = this.activities.get(arn);
    if (a === undefined) this.activities.set(arn, (a = { name, arn, creationDate: new Date(), tags: new Map(Object.entries(tags)) }));
    return a;
  }

  activity(arn: string): ActivityRecord {
    checkArn(arn, 'activity');
    const a = this.activities.get(arn);
    if (a === undefined) throw new StepFunctionsApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
    return a;
  }

  /** An execution has ended: the oldest ended ones beyond `keepEnded` are forgotten (one running again after a redrive is kept). */
  ended(arn: string): void {
    this.endedArns.push(arn);
    while (this.endedArns.length > this.keepEnded) {
      const old = this.endedArns.shift() as string;
      if (this.executions.get(old)?.result !== null) this.executions.delete(old);
    }
  }

  /** Stops every running execution (the server is closing). */
  stopAll(): void {
    for (const e of this.executions.values()) if (e.result === null) e.stop('States.Runtime', 'The local Step Functions endpoint was closed.');
  }

  /** The overrides of the ARN's `#TestCase` (InvalidName when the mock configuration has no such test case). */
  private overridesOf(target: Target): Record<string, StateOverride> | undefined {
    if (target.testCase === undefined) return undefined;
    if (this.testCases === undefined) throw new StepFunctionsApiError('InvalidName', `Invalid mock test case name '${target.testCase}' for state machine '${target.machine.name}': no mock configuration is loaded (SFN_MOCK_CONFIG or sfn serve --mocks FILE)`);
    try {
      return this.testCases(target.machine.name, target.testCase, target.revision.compiled.definition);
    } catch (e) {
      throw new StepFunctionsApiError('InvalidName', `Invalid mock test case name '${target.testCase}' for state machine '${target.machine.name}': ${(e as Error).message}`);
    }
  }

  /** The run options of an execution of the target: its machine's functions over the registry's, its test case's mocks. */
  optionsFor(target: Target, executionName: string, signal: AbortSignal): RunOptions {
    const { machine, revision } = target;
    const overrides = this.overridesOf(target);
    return {
      ...this.runOptions,
      ...machine.runOptions,
      resources: [...(machine.runOptions.resources ?? []), ...(this.runOptions.resources ?? [])],
      functions: { ...this.runOptions.functions, ...machine.runOptions.functions },
      ...(overrides !== undefined ? { overrides: { ...this.runOptions.overrides, ...overrides } } : {}),
      callbacks: this.broker,
      clock: this.clock,
      stateMachineName: machine.name,
      // An EXPRESS state machine's executions have the Express form of the ARN (`...:express:<machine>:<name>:<id>`).
      executionType: machine.type === 'EXPRESS' ? 'EXPRESS' : undefined,
      executionName,
      region: this.region,
      accountId: this.accountId,
      roleArn: revision.roleArn,
      history: true,
      signal,
    };
  }

  private run(target: Target, input: Json, text: string, executionName: string): ExecutionRecord {
    const controller = new AbortController();
    const execution = new Execution(target.revision.compiled, input, this.optionsFor(target, executionName, controller.signal));
    const done = execution.run();
    const record: ExecutionRecord = {
      arn: execution.arn,
      name: executionName,
      stateMachine: target.machine,
      revision: target.revision,
      version: target.version,
      alias: target.alias,
      testCase: target.testCase,
      input: text,
      startDate: new Date(execution.startMs),
      // The history as far as it has run (made when read: the engine records it cheaply).
      get events(): HistoryEvent[] {
        return execution.history();
      },
      mapRuns: execution.mapRuns,
      result: null,
      done,
      stop: (error, cause) => controller.abort({ error, cause }),
    };
    void done.then((r) => (record.result = r));
    return record;
  }

}

/** What AWS answers an operation the state machine's type does not have (LocalStack's AWS-validated test_sfn_api and test_sfn_api_express snapshots). */
export function typeNotSupported(): StepFunctionsApiError {
  return new StepFunctionsApiError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
}

function doesNotExist(arn: string): StepFunctionsApiError {
  return new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Compiles a definition; InvalidDefinition in AWS's format ("Invalid State Machine Definition: '<CODE>: <message> at <pointer>'"). */
export function compile(definition: string): CompiledStateMachine {
  try {
    return compileStateMachine(definition);
  } catch (e) {
    if (e instanceof InvalidDefinitionError) throw new StepFunctionsApiError('InvalidDefinition', invalidDefinitionMessage(e.diagnostics));
    if (e instanceof UnsupportedFeatureError) throw new StepFunctionsApiError('InvalidDefinition', e.message);
    throw e;
  }
}

function parseInput(text: string): Json {
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: larger than ${MAX_INPUT_BYTES} bytes`);
  try {
    // Located when not JSON; refused when nested deeper than the local tools take (lib/asl/json-source.ts).
    return parseJsonValue(text, 'input') as Json;
  } catch (e) {
    if (e instanceof SourceError) throw new StepFunctionsApiError('InvalidExecutionInput', invalidInputMessage(text, e));
    throw e;
  }
}
