/**
 * What the local Step Functions endpoint keeps: state machines with their revisions, versions,
 * aliases and tags; executions; activities (developer guide, "State machine versions" and "State
 * machine aliases"; API reference, DescribeStateMachine, DescribeStateMachineAlias,
 * DescribeExecution).
 *
 * A revision is what UpdateStateMachine changes (definition, role, logging, tracing): the first has
 * no revision id ("The first revision ID when you create the state machine is null"), each update
 * that changes something gets a new one. A version is an immutable copy of a revision, numbered
 * from 1 per state machine, never reusing a number (AWS-recorded: after deleting version 2 the
 * next is 3). An alias routes to one or two versions by weight.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { CompiledStateMachine } from '../engine';
import type { ExecutionResult, ExecutionStatus, Json, RunOptions } from '../engine/types';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface LoggingConfiguration {
  level: string;
  includeExecutionData: boolean;
  destinations?: Json[];
}

/** One revision of a state machine: what an execution runs. */
export interface Revision {
  definition: string;
  compiled: CompiledStateMachine;
  roleArn: string;
  /** null for the state machine's first revision. */
  revisionId: string | null;
  /** When this revision was made (the creation date for the first). */
  updateDate: Date;
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: { enabled: boolean };
}

export interface VersionRecord {
  arn: string;
  number: number;
  machine: StateMachineRecord;
  revision: Revision;
  description?: string;
  creationDate: Date;
}

export interface RoutingEntry {
  stateMachineVersionArn: string;
  weight: number;
}

export interface AliasRecord {
  arn: string;
  name: string;
  machine: StateMachineRecord;
  description?: string;
  routing: RoutingEntry[];
  creationDate: Date;
  updateDate: Date;
}

export interface StateMachineRecord {
  name: string;
  arn: string;
  type: StateMachineType;
  creationDate: Date;
  /** The current revision (what an unqualified ARN runs). */
  current: Revision;
  /** Run options of this machine's executions over the registry's (a project workflow's functions). */
  runOptions: Partial<RunOptions>;
  tags: Map<string, string>;
  versions: Map<number, VersionRecord>;
  /** The number the next version gets. */
  nextVersion: number;
  aliases: Map<string, AliasRecord>;
}

export interface ExecutionRecord {
  arn: string;
  name: string;
  stateMachine: StateMachineRecord;
  /** The revision it runs (DescribeStateMachineForExecution). */
  revision: Revision;
  /** When it was started with a version or alias ARN: the version it ran. */
  version?: VersionRecord;
  /** When it was started with an alias ARN. */
  alias?: AliasRecord;
  /** The mock configuration's test case it runs (`<arn>#<TestCase>`). */
  testCase?: string;
  input: string;
  startDate: Date;
  /** The live history (the engine appends to it while the execution runs; a redrive appends its own). */
  readonly events: HistoryEvent[];
  result: ExecutionResult | null;
  /** Its end (the end of its last redrive once redriven). */
  done: Promise<ExecutionResult>;
  stop: (error?: string, cause?: string) => void;
  /** Its redrives (RedriveExecution). */
  redrive?: { count: number; date: Date; clientToken?: string };
}

export interface ActivityRecord {
  name: string;
  arn: string;
  creationDate: Date;
  tags: Map<string, string>;
}

export function statusOf(e: ExecutionRecord): ExecutionStatus | 'RUNNING' {
  return e.result === null ? 'RUNNING' : e.result.status;
}
