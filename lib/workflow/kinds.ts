/**
 * The one table of resource kinds: what a placeholder of a template can be bound to, and what
 * each kind means everywhere the toolkit meets it. The declaration helpers (`fn()`, `table()`,
 * ...), the permissions derived from the ASL, the constructs of a workflow stack, the local runs,
 * `sfn import` and the generated docs all read this table; adding a kind is one entry here, its
 * helper in `declaration.ts`, its construct in `modules/resources.ts` and its service folder in
 * `lib/services/`.
 *
 * Nothing here imports anything: every room of the toolkit may read it.
 */

/** The kinds of resources a placeholder can be bound to (besides a plain value). */
export const RESOURCE_KIND_NAMES = ['function', 'table', 'queue', 'topic', 'bus', 'bucket', 'stateMachine', 'activity'] as const;
export type ResourceKind = (typeof RESOURCE_KIND_NAMES)[number];

/** How a resource is named in a field: its ARN, its name or its URL. */
export type Form = 'arn' | 'name' | 'url';

/** Where a resource is: the region and account of its ARN (locally, the engine's). */
export interface Whereabouts {
  region: string;
  accountId: string;
}

/** The default region and account of local runs (as the engine's). */
export const LOCAL_WHEREABOUTS: Readonly<Whereabouts> = Object.freeze({ region: 'us-east-1', accountId: '123456789012' });

export interface ResourceKindSpec {
  /** The declaration helper that binds a placeholder to a resource of this kind (lib/workflow/declaration.ts). */
  readonly helper: string;
  /** What people call it, in messages and docs. */
  readonly noun: string;
  /** The declaration field listing the workflow's own resources of this kind; undefined for another workflow's state machine. */
  readonly declaredIn?: 'functions' | 'tables' | 'queues' | 'topics' | 'eventBuses' | 'buckets' | 'activities';
  /** The form a value takes where its field does not say (a placeholder inside a longer string, a variable of `uses`). */
  readonly defaultForm: Form;
  /** The forms a reference to it carries. */
  readonly forms: readonly Form[];
  /** The IAM service prefix of actions on it (`uses` actions, `kms:ViaService`). */
  readonly iamService: string;
  /** ARN suffixes a grant on it covers besides the ARN itself: a function's versions and aliases (`:*`). */
  readonly grantSuffixes: readonly string[];
  /** Created by the workflow's stack encrypted with its customer managed key (tasks using it get KMS actions through its service). */
  readonly encrypted: boolean;
  /** Its value in `form` on this machine, for the name it is declared under (the local render of a binding). */
  local(name: string, form: Form, at: Whereabouts): string;
  /** What stands in for it locally (a provider of lib/services or lib/local). */
  readonly standIn: string;
  /** How `sfn import` recognises its ARN: the ARN's service and a pattern of its resource part, capturing the name. */
  readonly arn: { service: string; resource: RegExp; global?: boolean };
  /** The word naming it in an imported placeholder (`OrdersTable...`), and the endings a name may already have. */
  readonly word: string;
  readonly tails: readonly string[];
  /**
   * How the workflow declares one (its `declaredIn` field): a list of names, or names with options
   * (the schema of lib/workflow/schema.ts and the README's reference are built from this). Absent
   * for functions (their declaration has a schema of its own) and state machines (another workflow).
   */
  readonly declaration?: { readonly shape: 'names' | 'record'; readonly options: Readonly<Record<string, OptionSpec>>; readonly doc: string };
  /** Its name once deployed, what that name may hold, and AWS's limit on its length. */
  readonly deployedName: DeployedNameSpec;
}

/** An option of a resource's declaration (`{ fifo: true }`, a table's `partitionKey`). */
export type OptionSpec = { readonly doc: string; readonly required?: boolean } & (
  | { readonly type: 'boolean' }
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  /** A DynamoDB key attribute: `{ name, type: 'S' | 'N' | 'B' }`. */
  | { readonly type: 'keyAttribute' }
);

/** What a deployed name is built from: the environment's `namePrefix`, `<namePrefix>-<workflow>`, the account id. */
export interface NameParts {
  environment: string;
  workflow: string;
  accountId: string;
}

export interface DeployedNameSpec {
  /** The deployed name of the resource declared as `name` (options: its declaration, e.g. `fifo`). */
  of(parts: NameParts, name: string, options?: { fifo?: boolean }): string;
  /** AWS's limit on the deployed name's length. */
  readonly max: number;
  /** What a declared name may hold (the rest of the deployed name is the project's). */
  readonly pattern: RegExp;
  /** `pattern` in words, for messages. */
  readonly allowed: string;
}

/** A twelve-digit stand-in for the account id in a name, to measure its length before the account is known. */
export const ACCOUNT_ID_WIDTH = '123456789012';

const inWorkflow = (max: number, pattern: RegExp, allowed: string, fifo = false): DeployedNameSpec => ({
  of: (parts, name, options) => `${parts.workflow}-${name}${fifo && options?.fifo ? '.fifo' : ''}`,
  max,
  pattern,
  allowed,
});
const WORDS = /^[A-Za-z0-9_-]+$/;
const WORDS_ALLOWED = 'letters, digits, "-" and "_"';

const arnOf = (service: string, resource: string, at: Whereabouts) => `arn:aws:${service}:${at.region}:${at.accountId}:${resource}`;

export const RESOURCE_KINDS: Readonly<Record<ResourceKind, ResourceKindSpec>> = {
  function: {
    helper: 'fn',
    noun: 'Lambda function',
    declaredIn: 'functions',
    defaultForm: 'arn',
    forms: ['arn', 'name'],
    iamService: 'lambda',
    grantSuffixes: ['', ':*'],
    encrypted: false,
    local: (name, form, at) => (form === 'name' ? name : arnOf('lambda', `function:${name}`, at)),
    standIn: 'the function handler, in-process',
    arn: { service: 'lambda', resource: /^function:([A-Za-z0-9_-]+)(?::\$LATEST$|(?=$|:))/ },
    word: 'Function',
    tails: ['Function'],
    deployedName: inWorkflow(64, WORDS, WORDS_ALLOWED),
  },
  table: {
    helper: 'table',
    noun: 'DynamoDB table',
    declaredIn: 'tables',
    defaultForm: 'name',
    forms: ['arn', 'name'],
    iamService: 'dynamodb',
    grantSuffixes: [''],
    encrypted: true,
    local: (name, form, at) => (form === 'arn' ? arnOf('dynamodb', `table/${name}`, at) : name),
    standIn: 'dynamodb',
    arn: { service: 'dynamodb', resource: /^table\/([A-Za-z0-9_.-]{3,255})(?=$|\/)/ },
    word: 'Table',
    tails: ['Table'],
    declaration: {
      shape: 'record',
      doc: 'DynamoDB tables: on demand, encrypted with the workflow\'s customer managed key, point-in-time recovery and deletion protection on',
      options: {
        partitionKey: { type: 'keyAttribute', required: true, doc: 'the partition key: `{ name, type: \'S\' | \'N\' | \'B\' }`' },
        sortKey: { type: 'keyAttribute', doc: 'the sort key, if any' },
      },
    },
    deployedName: inWorkflow(255, /^[A-Za-z0-9_.-]+$/, 'letters, digits, "-", "_" and "."'),
  },
  queue: {
    helper: 'queue',
    noun: 'SQS queue',
    declaredIn: 'queues',
    defaultForm: 'url',
    forms: ['arn', 'url'],
    iamService: 'sqs',
    grantSuffixes: [''],
    encrypted: true,
    local: (name, form, at) => (form === 'arn' ? arnOf('sqs', name, at) : `https://sqs.${at.region}.amazonaws.com/${at.accountId}/${name}`),
    standIn: 'sqs',
    arn: { service: 'sqs', resource: /^([A-Za-z0-9_-]+(?:\.fifo)?)$/ },
    word: 'Queue',
    tails: ['Queue'],
    declaration: {
      shape: 'record',
      doc: 'SQS queues, encrypted with the workflow\'s customer managed key',
      options: {
        fifo: { type: 'boolean', doc: 'a FIFO queue (its name gets `.fifo`)' },
        visibilityTimeout: { type: 'integer', min: 0, max: 43200, doc: 'seconds, default 30' },
      },
    },
    deployedName: inWorkflow(80, WORDS, WORDS_ALLOWED, true),
  },
  topic: {
    helper: 'topic',
    noun: 'SNS topic',
    declaredIn: 'topics',
    defaultForm: 'arn',
    forms: ['arn'],
    iamService: 'sns',
    grantSuffixes: [''],
    encrypted: true,
    local: (name, _form, at) => arnOf('sns', name, at),
    standIn: 'sns',
    arn: { service: 'sns', resource: /^([A-Za-z0-9_-]+(?:\.fifo)?)$/ },
    word: 'Topic',
    tails: ['Topic'],
    declaration: {
      shape: 'record',
      doc: 'SNS topics, encrypted with the workflow\'s customer managed key',
      options: { fifo: { type: 'boolean', doc: 'a FIFO topic (its name gets `.fifo`)' } },
    },
    deployedName: inWorkflow(256, WORDS, WORDS_ALLOWED, true),
  },
  bus: {
    helper: 'bus',
    noun: 'EventBridge bus',
    declaredIn: 'eventBuses',
    defaultForm: 'name',
    forms: ['arn', 'name'],
    iamService: 'events',
    grantSuffixes: [''],
    encrypted: false,
    local: (name, form, at) => (form === 'arn' ? arnOf('events', `event-bus/${name}`, at) : name),
    standIn: 'eventbridge',
    arn: { service: 'events', resource: /^event-bus\/([A-Za-z0-9._-]+)$/ },
    word: 'EventBus',
    tails: ['EventBus', 'Bus'],
    declaration: { shape: 'names', doc: 'custom EventBridge buses of the environment, named `<namePrefix>-<name>`', options: {} },
    deployedName: { of: (parts, name) => `${parts.environment}-${name}`, max: 256, pattern: /^[A-Za-z0-9._-]+$/, allowed: 'letters, digits, ".", "-" and "_"' },
  },
  bucket: {
    helper: 'bucket',
    noun: 'S3 bucket',
    declaredIn: 'buckets',
    defaultForm: 'name',
    forms: ['arn', 'name'],
    iamService: 's3',
    grantSuffixes: [''],
    encrypted: true,
    local: (name, form) => (form === 'arn' ? `arn:aws:s3:::${name}` : name),
    standIn: 's3',
    arn: { service: 's3', resource: /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?=$|\/)/, global: true },
    word: 'Bucket',
    tails: ['Bucket'],
    declaration: {
      shape: 'record',
      doc: 'S3 buckets: versioned, SSE-KMS with the workflow\'s key, public access blocked, ACLs disabled, TLS only; named `<namePrefix>-<workflow>-<name>-<account id>`',
      options: {},
    },
    deployedName: {
      of: (parts, name) => `${parts.workflow}-${name}-${parts.accountId}`,
      max: 63,
      pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/,
      allowed: 'lower-case letters and digits in words joined by "-"',
    },
  },
  stateMachine: {
    helper: 'stateMachine',
    noun: 'state machine of workflow',
    defaultForm: 'arn',
    forms: ['arn', 'name'],
    iamService: 'states',
    grantSuffixes: [''],
    encrypted: false,
    local: (name, form, at) => (form === 'name' ? name : arnOf('states', `stateMachine:${name}`, at)),
    standIn: 'state-machines',
    arn: { service: 'states', resource: /^stateMachine:([A-Za-z0-9_-]+)(?=$|:)/ },
    word: 'StateMachine',
    tails: ['StateMachine'],
    deployedName: { of: (parts, name) => `${parts.environment}-${name}`, max: 80, pattern: WORDS, allowed: WORDS_ALLOWED },
  },
  activity: {
    helper: 'activity',
    noun: 'activity',
    declaredIn: 'activities',
    defaultForm: 'arn',
    forms: ['arn', 'name'],
    iamService: 'states',
    grantSuffixes: [''],
    encrypted: false,
    local: (name, form, at) => (form === 'name' ? name : arnOf('states', `activity:${name}`, at)),
    standIn: 'activity-workers',
    arn: { service: 'states', resource: /^activity:([A-Za-z0-9_-]+)$/ },
    word: 'Activity',
    tails: ['Activity'],
    declaration: { shape: 'names', doc: 'Step Functions activities (their workers poll them)', options: {} },
    deployedName: inWorkflow(80, WORDS, WORDS_ALLOWED),
  },
};

export const isResourceKind = (kind: string): kind is ResourceKind => Object.prototype.hasOwnProperty.call(RESOURCE_KINDS, kind);

/**
 * The form a field takes: `Resource`, `FunctionName` and `...Arn` an ARN, `QueueUrl` a URL,
 * `...Name` a name; any other field the kind's default form.
 */
export function formOfField(field: string, kind: ResourceKind): Form {
  if (field === 'Resource' || field === 'FunctionName' || /Arn$/.test(field)) return 'arn';
  if (/Url$/.test(field)) return 'url';
  if (/Name$/.test(field)) return 'name';
  return RESOURCE_KINDS[kind].defaultForm;
}

/** The parts of an ARN (`arn:partition:service:region:account-id:resource`), or undefined when it is not one. */
export function parseArn(arn: string): { partition: string; service: string; region: string; accountId: string; resource: string } | undefined {
  const m = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1], service: m[2], region: m[3], accountId: m[4] ?? '', resource: m[5] };
}

/**
 * The resource an ARN names, by the table's `arn` patterns: its kind and its name. Only the
 * resource itself: a function's version or alias, a table's index or stream, an S3 object key are
 * not resources a placeholder binds to (undefined).
 */
export function resourceOfArn(arn: string): { kind: ResourceKind; name: string; region: string; accountId: string } | undefined {
  const parts = parseArn(arn);
  if (!parts) return undefined;
  for (const kind of RESOURCE_KIND_NAMES) {
    const spec = RESOURCE_KINDS[kind].arn;
    if (spec.service !== parts.service || Boolean(spec.global) !== (parts.region === '' && parts.accountId === '')) continue;
    const m = spec.resource.exec(parts.resource);
    if (m && m[0] === parts.resource) return { kind, name: m[1], region: parts.region, accountId: parts.accountId };
  }
  return undefined;
}

/** The value of an existing resource (known by its ARN) in `form`: the ARN, its name, or a queue's URL. */
export function existingValue(arn: string, form: Form): string {
  const r = resourceOfArn(arn);
  if (!r || form === 'arn') return arn;
  if (form === 'url') return `https://sqs.${r.region}.amazonaws.com/${r.accountId}/${r.name}`;
  return r.name;
}
