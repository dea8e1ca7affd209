/**
 * A workflow, declared once as plain data: its template, the Lambdas it needs, what each
 * placeholder stands for, how it is triggered and a sample input. `main.ts` turns declarations
 * into stacks; tools that need no cdktf (the local engine, documentation) read the same data.
 */
import type { Environment } from '../environments/environments';
import type { Grant } from '../asl/permissions/statements';
import type { TemplateValue } from '../asl/template';
import { resourceOfArn, type ResourceKind } from './kinds';

export type { Grant } from '../asl/permissions/statements';

export interface FunctionDeclaration {
  description?: string;
  /** MB, default 256. */
  memorySize?: number;
  /** Seconds, default 10. */
  timeout?: number;
  /** Environment variables: literal values, or outputs of a component of the project (`output('crm-api', 'url')`). */
  environment?: Record<string, string | ComponentOutput>;
  /** SSM parameter names the function may read (`ssm:GetParameter`), literal or a component's output. */
  readsParameters?: Array<string | ComponentOutput>;
  /**
   * Secrets Manager secret names the function may read (`secretsmanager:GetSecretValue`), literal
   * or a component's output. Locally they are read from the local Secrets Manager, with the values
   * of the workflow's `localValues.secrets`.
   */
  readsSecrets?: Array<string | ComponentOutput>;
  /**
   * Resources the handler uses, by the environment variable that tells it where they are: the
   * variable holds the resource's name, URL or ARN (a table's or bus's name, a queue's URL,
   * a bucket's name, otherwise the ARN) and the function's role gets exactly `actions` on that resource (plus the
   * KMS actions its encryption needs). Example: `{ ORDERS_TABLE: uses(table('orders'), ['dynamodb:PutItem']) }`.
   */
  uses?: Record<string, FunctionUse>;
}

/**
 * A value another part of the project produces: an output of a component (a stack of its own,
 * such as an API the workflow's functions call). Deployed, it is a cross-stack reference to that
 * stack's output (cdktf orders the stacks); locally, the component's local service gives it.
 */
export interface ComponentOutput {
  kind: 'output';
  component: string;
  output: string;
}

/** The output `name` of the project component `component` (see ComponentOutput). */
export const output = (component: string, name: string): ComponentOutput => ({ kind: 'output', component, output: name });

export const isComponentOutput = (v: unknown): v is ComponentOutput =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'output';

/** A resource a function's handler uses, and the IAM actions it needs on it. */
export interface FunctionUse {
  binding: ResourceBinding;
  actions: string[];
}

/** Declares that a handler uses a resource with these IAM actions (see FunctionDeclaration.uses). */
export const uses = (binding: ResourceBinding, actions: string[]): FunctionUse => ({ binding, actions });

/** A placeholder bound to a function of `functions/`, rendered as its ARN (or an existing function, with `existing`). */
export interface FunctionBinding {
  kind: 'function';
  name: string;
  existing?: ExistingResource;
}

/**
 * A resource the workflow does not create (another stack's or account's), known by its ARN: what
 * the state machine may do on it. Synth fails when its template needs an action not listed here;
 * the role gets what the template's tasks need on exactly that ARN. Locally it gets a stand-in
 * like a declared resource of its kind (a table with `local`'s keys, an echo for a function).
 */
export interface ExistingResource {
  arn: string;
  actions: string[];
  /** A table's keys for its local stand-in (default `{ partitionKey: { name: 'id', type: 'S' } }`). */
  local?: TableDeclaration;
}

/** A placeholder bound to a plain value. */
export interface ValueBinding {
  kind: 'value';
  value: TemplateValue;
}

/**
 * A placeholder bound to a resource of the workflow (declared under `tables`, `queues`, `topics`,
 * `eventBuses`, `activities`) or to another workflow's state machine in the same environment. The
 * state machine renders it in the form its field needs (table name, queue URL, topic ARN, bus
 * name, state machine or activity ARN) and grants what the task using it needs, on it alone.
 */
export interface ResourceBinding {
  kind: Exclude<ResourceKind, 'function'>;
  name: string;
  /** An existing resource, not one of the workflow's (see `existing()`). */
  existing?: ExistingResource;
}

export type Binding = FunctionBinding | ValueBinding | ResourceBinding;

/** A DynamoDB table (on demand, encrypted with the workflow's customer managed key, point-in-time recovery on). */
export interface TableDeclaration {
  partitionKey: { name: string; type: 'S' | 'N' | 'B' };
  sortKey?: { name: string; type: 'S' | 'N' | 'B' };
}

/** An SQS queue (encrypted with the workflow's customer managed key). */
export interface QueueDeclaration {
  fifo?: boolean;
  /** Seconds, default 30. */
  visibilityTimeout?: number;
}

/** An SNS topic (encrypted with the workflow's customer managed key). */
export interface TopicDeclaration {
  fifo?: boolean;
}

/**
 * An S3 bucket (versioned, SSE-KMS with the workflow's customer managed key and a bucket key,
 * every public access blocked, ACLs disabled, requests without TLS denied).
 */
export type BucketDeclaration = Record<string, never>;

export type TriggerDeclaration =
  | { kind: 'event'; bus: string; pattern: Record<string, unknown>; description?: string }
  | { kind: 'schedule'; schedule: string; input?: unknown; enabled?: boolean; description?: string };

export interface WorkflowDeclaration {
  /** Template `statemachine/<name>.asl.json`; stacks are `<name>-<env>`. */
  name: string;
  description: string;
  type?: 'STANDARD' | 'EXPRESS';
  /** Lambdas by folder name under `functions/`. */
  functions: Record<string, FunctionDeclaration>;
  /** A binding for every placeholder of the template. */
  bindings: Record<string, Binding>;
  /** Custom event buses the workflow owns (created in its stack). */
  eventBuses?: string[];
  /** DynamoDB tables, SQS queues, SNS topics and activities the workflow owns, by name (created in its stack). */
  tables?: Record<string, TableDeclaration>;
  queues?: Record<string, QueueDeclaration>;
  topics?: Record<string, TopicDeclaration>;
  activities?: string[];
  /** S3 buckets the workflow owns, by name (created in its stack). */
  buckets?: Record<string, BucketDeclaration>;
  triggers?: TriggerDeclaration[];
  /** Publish versions and route this alias to the latest. */
  alias?: string;
  /**
   * The state machine's CloudWatch Logs: level (default ALL) and whether execution data (each state's
   * input and output) is logged (default true; false where it is personal data, as crm-lead's).
   */
  logging?: { level?: 'ALL' | 'ERROR' | 'FATAL'; includeExecutionData?: boolean };
  /**
   * Explicit statements of the state machine's role, for tasks whose target is only known at run
   * time (a JSONPath, a literal ARN): `{ states: ['Notify'], actions: ['sns:Publish'], resources: ['arn:...'] }`.
   * No wildcard action; Resource "*" only for actions without resource-level permissions.
   */
  grants?: Grant[];
  /** An input that runs the workflow end to end. */
  sampleInput: unknown;
  /** Further example runs, each with the outcome it must have: `npm start` runs and checks them after the sample input. */
  examples?: ExampleRun[];
  /** The local values of the parameters and secrets its functions read (see LocalValues). */
  localValues?: LocalValues;
}

/** A run of the workflow on the local engine with a known outcome (e.g. the error path when a service is down). */
export interface ExampleRun {
  name: string;
  /** Default: the workflow's sample input. */
  input?: unknown;
  /** Environment variables for every function of the run, over the declared and local ones. */
  functionEnvironment?: Record<string, string>;
  expect: {
    status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
    /** The execution's error, when it fails. */
    error?: string;
    /** States the run must enter. */
    visits?: string[];
  };
}

/**
 * What the parameters and secrets the functions read (`readsParameters`, `readsSecrets`) hold on
 * this machine: local runs create them in the local SSM Parameter Store and Secrets Manager, by
 * name, with these values (a literal, or a component's output such as the key of its stand-in).
 * A parameter is a SecureString unless `type` says otherwise. Deployed, they are not used.
 */
export interface LocalValues {
  parameters?: Record<string, string | ComponentOutput | { value: string | ComponentOutput; type?: 'String' | 'StringList' | 'SecureString' }>;
  secrets?: Record<string, string | ComponentOutput>;
}

/** A workflow's declaration, given the environment it deploys to. */
export type Workflow = (env: Environment) => WorkflowDeclaration;

/** A helper binding placeholders to resources of one kind (lib/workflow/kinds.ts), by name. */
const bindingTo =
  <K extends ResourceBinding['kind']>(kind: K) =>
  (name: string): ResourceBinding & { kind: K } => ({ kind, name });

/** Binds a placeholder to a function of `functions/<name>` (rendered as its ARN, or its name in a `...Name` field). */
export const fn = (name: string): FunctionBinding => ({ kind: 'function', name });

/** Binds a placeholder to a plain value. */
export const value = (v: TemplateValue): ValueBinding => ({ kind: 'value', value: v });

/** Binds a placeholder to a table of the workflow's `tables` (rendered as its name in TableName, its ARN in ARN fields). */
export const table = bindingTo('table');

/** Binds a placeholder to a queue of the workflow's `queues` (rendered as its URL in QueueUrl, its ARN in ARN fields). */
export const queue = bindingTo('queue');

/** Binds a placeholder to a topic of the workflow's `topics` (rendered as its ARN). */
export const topic = bindingTo('topic');

/** Binds a placeholder to an event bus of the workflow's `eventBuses` (rendered as its name in EventBusName, its ARN in ARN fields). */
export const bus = bindingTo('bus');

/** Binds a placeholder to the state machine of another workflow (its `name`) in the same environment. */
export const stateMachine = bindingTo('stateMachine');

/** Binds a placeholder to an activity of the workflow's `activities` (rendered as its ARN). */
export const activity = bindingTo('activity');

/** Binds a placeholder to a bucket of the workflow's `buckets` (rendered as its name in Bucket, its ARN in ARN fields). */
export const bucket = bindingTo('bucket');

/**
 * Binds a placeholder to an existing resource (of another stack or account), by its ARN, with the
 * actions the state machine may perform on it: `existing('arn:aws:sns:eu-west-1:111122223333:alerts', { actions: ['sns:Publish'] })`.
 * Its kind comes from the ARN (lib/workflow/kinds.ts), its name, URL or ARN is rendered as its field
 * needs. `local`: a table's keys for its local stand-in.
 */
export function existing(arn: string, options: { actions: string[]; local?: TableDeclaration }): Binding {
  const found = resourceOfArn(arn);
  const binding = { kind: found?.kind ?? 'unknown', name: found?.name ?? arn, existing: { arn, ...options } };
  return binding as Binding;
}

/** Whether a binding names an existing resource rather than one of the workflow's. */
export const isExisting = (b: Binding): b is (FunctionBinding | ResourceBinding) & { existing: ExistingResource } =>
  b.kind !== 'value' && (b as { existing?: unknown }).existing !== undefined;
