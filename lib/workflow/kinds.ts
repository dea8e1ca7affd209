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
}

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
