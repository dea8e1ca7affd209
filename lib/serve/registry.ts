/**
 * What a local Step Functions endpoint holds: state machines, their executions (running on the
 * local engine, with live histories), activities, and the task token broker the executions share.
 * It is also the ExecutionDirectory of `states:startExecution` tasks, so that executions started
 * by executions are visible through the API as on AWS.
 *
 * Names and ARNs as the API reference gives them: a name has 1 to 80 characters, none of
 * whitespace, `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /` or control characters (InvalidName);
 * `arn:aws:states:<region>:<account>:stateMachine:<name>`, `...:execution:<machine>:<name>`,
 * `...:activity:<name>`.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ACTIVITY_POLL_MS, TaskTokenBroker, Execution, compileStateMachine, InvalidDefinitionError, UnsupportedFeatureError, type CompiledStateMachine, fastUuid } from '../engine';
import type { ExecutionResult, ExecutionStatus, Json, RunOptions } from '../engine/types';
import { StepFunctionsApiError, startExecutionInvoker, type ExecutionDirectory } from '../services/stepfunctions/integration';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineRecord {
  name: string;
  arn: string;
  definition: string;
  compiled: CompiledStateMachine;
  roleArn: string;
  type: StateMachineType;
  creationDate: Date;
  /** Run options of this machine's executions over the registry's (a project workflow's functions). */
  runOptions: Partial<RunOptions>;
}

export interface ExecutionRecord {
  arn: string;
  name: string;
  stateMachine: StateMachineRecord;
  input: string;
  startDate: Date;
  /** The live history (the engine appends to it while the execution runs). */
  readonly events: HistoryEvent[];
  result: ExecutionResult | null;
  readonly done: Promise<ExecutionResult>;
  stop(error?: string, cause?: string): void;
}

export interface ActivityRecord {
  name: string;
  arn: string;
  creationDate: Date;
}

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
}

const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;
/** AWS's limit on an execution's input (API reference, StartExecution `input`: 256 KiB of UTF-8). */
const MAX_INPUT_BYTES = 262_144;

export function checkName(name: string, what = 'name'): void {
  if (name.length === 0 || name.length > 80 || INVALID_NAME.test(name)) {
    throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}' (a ${what} has 1 to 80 characters, no whitespace, brackets, wildcards or special characters)`);
  }
}

export class Registry implements ExecutionDirectory {
  readonly region: string;
  readonly accountId: string;
  readonly broker = new TaskTokenBroker();
  readonly stateMachines = new Map<string, StateMachineRecord>();
  readonly executions = new Map<string, ExecutionRecord>();
  readonly activities = new Map<string, ActivityRecord>();
  private readonly runOptions: Partial<RunOptions>;
  private readonly clock: 'real' | 'virtual';
  readonly pollMs: number;
  private readonly keepEnded: number;
  /** ARNs of the ended executions, oldest first. */
  private readonly ended: string[] = [];

  constructor(options: RegistryOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.clock = options.clock ?? 'real';
    this.pollMs = options.pollMs ?? ACTIVITY_POLL_MS;
    this.keepEnded = options.keepEnded ?? 10_000;
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

  /** CreateStateMachine: idempotent for the same definition, role and type; StateMachineAlreadyExists otherwise. */
  createStateMachine(request: { name: string; definition: string; roleArn?: string; type?: StateMachineType; runOptions?: Partial<RunOptions> }): StateMachineRecord {
    checkName(request.name, 'state machine name');
    const arn = this.arn('stateMachine', request.name);
    const roleArn = request.roleArn ?? `arn:aws:iam::${this.accountId}:role/StepFunctions-${request.name}-role`;
    const type = request.type ?? 'STANDARD';
    const existing = this.stateMachines.get(arn);
    if (existing !== undefined) {
      if (existing.definition === request.definition && existing.roleArn === roleArn && existing.type === type) return existing;
      throw new StepFunctionsApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const record: StateMachineRecord = {
      name: request.name,
      arn,
      definition: request.definition,
      compiled: compile(request.definition),
      roleArn,
      type,
      creationDate: new Date(),
      runOptions: request.runOptions ?? {},
    };
    this.stateMachines.set(arn, record);
    return record;
  }

  stateMachine(arn: string): StateMachineRecord {
    checkArn(arn, 'stateMachine');
    const m = this.stateMachines.get(arn);
    if (m === undefined) throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  deleteStateMachine(arn: string): void {
    checkArn(arn, 'stateMachine');
    this.stateMachines.delete(arn);
  }

  execution(arn: string): ExecutionRecord {
    checkArn(arn, 'execution');
    const e = this.executions.get(arn);
    if (e === undefined) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  /**
   * StartExecution. The same name with the same input as a running execution returns it (AWS's
   * idempotency); any other reuse of a name is ExecutionAlreadyExists.
   */
  startExecution(stateMachineArn: string, inputText: string | undefined, name?: string): ExecutionRecord {
    const machine = this.stateMachine(stateMachineArn);
    const text = inputText ?? '{}';
    const input = parseInput(text);
    const executionName = name ?? fastUuid();
    checkName(executionName, 'execution name');
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${executionName}`;
    const existing = this.executions.get(arn);
    if (existing !== undefined) {
      if (existing.result === null && existing.input === text) return existing;
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const record = this.run(machine, input, text, executionName);
    this.executions.set(arn, record);
    void record.done.then(() => this.forgetOld(arn));
    return record;
  }

  /** StartSyncExecution: EXPRESS state machines only (StateMachineTypeNotSupported otherwise), as on AWS. */
  async startSyncExecution(stateMachineArn: string, inputText: string | undefined, name?: string): Promise<{ record: ExecutionRecord; result: ExecutionResult }> {
    const machine = this.stateMachine(stateMachineArn);
    if (machine.type !== 'EXPRESS') throw new StepFunctionsApiError('StateMachineTypeNotSupported', `This operation is supported for EXPRESS state machines only: '${stateMachineArn}' is STANDARD`);
    const text = inputText ?? '{}';
    const record = this.run(machine, parseInput(text), text, name ?? fastUuid(), true);
    return { record, result: await record.done };
  }

  /** ExecutionDirectory: an execution started by a `states:startExecution` task. */
  async start(request: { stateMachineArn: string; input: Json; name?: string; parentStateName: string }) {
    const record = this.startExecution(request.stateMachineArn, JSON.stringify(request.input), request.name);
    return { executionArn: record.arn, startDate: record.startDate, done: record.done };
  }

  createActivity(name: string): ActivityRecord {
    checkName(name, 'activity name');
    const arn = this.arn('activity', name);
    let a = this.activities.get(arn);
    if (a === undefined) this.activities.set(arn, (a = { name, arn, creationDate: new Date() }));
    return a;
  }

  activity(arn: string): ActivityRecord {
    checkArn(arn, 'activity');
    const a = this.activities.get(arn);
    if (a === undefined) throw new StepFunctionsApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
    return a;
  }

  private forgetOld(arn: string): void {
    this.ended.push(arn);
    while (this.ended.length > this.keepEnded) this.executions.delete(this.ended.shift() as string);
  }

  /** Stops every running execution (the server is closing). */
  stopAll(): void {
    for (const e of this.executions.values()) if (e.result === null) e.stop('States.Runtime', 'The local Step Functions endpoint was closed.');
  }

  private run(machine: StateMachineRecord, input: Json, text: string, executionName: string, sync = false): ExecutionRecord {
    const controller = new AbortController();
    const options: RunOptions = {
      ...this.runOptions,
      ...machine.runOptions,
      resources: [...(machine.runOptions.resources ?? []), ...(this.runOptions.resources ?? [])],
      functions: { ...this.runOptions.functions, ...machine.runOptions.functions },
      callbacks: this.broker,
      clock: this.clock,
      stateMachineName: machine.name,
      // StartSyncExecution answers with the Express form of the ARN (`...:express:<machine>:<name>:<id>`).
      executionType: sync ? 'EXPRESS' : undefined,
      executionName,
      region: this.region,
      accountId: this.accountId,
      roleArn: machine.roleArn,
      history: true,
      signal: controller.signal,
    };
    const execution = new Execution(machine.compiled, input, options);
    const done = execution.run();
    const record: ExecutionRecord = {
      arn: execution.arn,
      name: executionName,
      stateMachine: machine,
      input: text,
      startDate: new Date(execution.startMs),
      // The history as far as it has run (made when read: the engine records it cheaply).
      get events(): HistoryEvent[] {
        return execution.history();
      },
      result: null,
      done,
      stop: (error, cause) => controller.abort({ error, cause }),
    };
    void done.then((r) => (record.result = r));
    return record;
  }
}

export function statusOf(e: ExecutionRecord): ExecutionStatus | 'RUNNING' {
  return e.result === null ? 'RUNNING' : e.result.status;
}

function compile(definition: string): CompiledStateMachine {
  try {
    return compileStateMachine(definition);
  } catch (e) {
    if (e instanceof InvalidDefinitionError) throw new StepFunctionsApiError('InvalidDefinition', `Invalid State Machine Definition: ${e.message}`);
    if (e instanceof UnsupportedFeatureError) throw new StepFunctionsApiError('InvalidDefinition', e.message);
    throw e;
  }
}

function parseInput(text: string): Json {
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: larger than ${MAX_INPUT_BYTES} bytes`);
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(e as Error).message}'`);
  }
}

const ARN = /^arn:aws[\w-]*:states:[^:]*:[^:]*:(stateMachine|execution|activity):[^:]+(:[^:]+)?$/;

function checkArn(arn: string, kind: 'stateMachine' | 'execution' | 'activity'): void {
  const m = ARN.exec(arn);
  if (m === null || m[1] !== kind) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}' is not the ARN of ${kind === 'execution' ? 'an execution' : kind === 'activity' ? 'an activity' : 'a state machine'}`);
}
