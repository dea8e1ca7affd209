/**
 * What each Task resource of the States Language needs in IAM, as data: the integration, the
 * parameter that names its target, the kind of resource that target must be bound to, and the
 * actions, following the policies Step Functions documents for each integration
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html).
 *
 * No cdktf here: `derive.ts` applies the table to a rendered definition.
 */

import type { ResourceKind } from '../../workflow/kinds';

/** What a placeholder may be bound to: a resource of a kind of the table of kinds (lib/workflow/kinds.ts), or a plain value. */
export type BindingKind = ResourceKind | 'value';

/** The integration pattern: the suffix of `arn:aws:states:::<service>:<api>`. */
export type IntegrationPattern = '' | '.sync' | '.sync:2' | '.waitForTaskToken';

/**
 * A resource of a statement, before it is resolved to an ARN: the bound resource's ARN
 * (`suffix` appended, e.g. `:*` for a function's versions and aliases), the executions of a bound
 * state machine, the state machine being defined (`self`) or its executions, or an ARN of this
 * account and region (`arn:<partition>:<service>:<region>:<account>:<resource>`).
 */
export type ResourceRef =
  | { binding: string; suffix?: string }
  | { executionsOf: string }
  | { self: 'stateMachine' | 'stateMachineQualified' | 'mapRunExecutions' }
  | { service: string; resource: string };

/** Where an integration's target is named: a field of Parameters/Arguments, optionally inside each element of an array field. */
export interface TargetField {
  field: string;
  /** The target is in every element of this array field (PutEvents' `Entries`). */
  each?: string;
  kind: ResourceKind;
  /** When the field is absent: the resource AWS uses instead (PutEvents without EventBusName: the default bus). */
  whenAbsent?: ResourceRef;
}

export interface ExtraStatement {
  actions: string[];
  resources: ResourceRef[];
}

export interface Integration {
  /** `<service>:<api>` of `arn:aws:states:::<service>:<api>`. */
  id: string;
  patterns: IntegrationPattern[];
  target: TargetField;
  /** Actions on the target. */
  actions: (pattern: IntegrationPattern) => string[];
  /** Further statements (the `.sync` monitoring permissions). */
  extra?: (pattern: IntegrationPattern, target: string) => ExtraStatement[];
  /** KMS actions on the target's customer managed key, when it has one. */
  kms?: { actions: string[]; viaService: string };
  /** AWS's page documenting the policy. */
  doc: string;
}

const DOC = 'https://docs.aws.amazon.com/step-functions/latest/dg';

const dynamo = (api: string, action: string): Integration => ({
  id: `dynamodb:${api}`,
  patterns: [''],
  target: { field: 'TableName', kind: 'table' },
  actions: () => [`dynamodb:${action}`],
  kms: { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], viaService: 'dynamodb' },
  doc: `${DOC}/dynamo-iam.html`,
});

/** The optimized integrations of Step Functions. */
export const INTEGRATIONS: Integration[] = [
  {
    id: 'lambda:invoke',
    patterns: ['', '.waitForTaskToken'],
    target: { field: 'FunctionName', kind: 'function' },
    actions: () => ['lambda:InvokeFunction'],
    doc: `${DOC}/lambda-iam.html`,
  },
  dynamo('getItem', 'GetItem'),
  dynamo('putItem', 'PutItem'),
  dynamo('updateItem', 'UpdateItem'),
  dynamo('deleteItem', 'DeleteItem'),
  {
    id: 'sqs:sendMessage',
    patterns: ['', '.waitForTaskToken'],
    target: { field: 'QueueUrl', kind: 'queue' },
    actions: () => ['sqs:SendMessage'],
    // SSE-KMS: a producer needs kms:GenerateDataKey and kms:Decrypt on the queue's key.
    kms: { actions: ['kms:GenerateDataKey', 'kms:Decrypt'], viaService: 'sqs' },
    doc: `${DOC}/sqs-iam.html`,
  },
  {
    id: 'sns:publish',
    patterns: ['', '.waitForTaskToken'],
    target: { field: 'TopicArn', kind: 'topic' },
    actions: () => ['sns:Publish'],
    kms: { actions: ['kms:GenerateDataKey', 'kms:Decrypt'], viaService: 'sns' },
    doc: `${DOC}/sns-iam.html`,
  },
  {
    id: 'events:putEvents',
    patterns: ['', '.waitForTaskToken'],
    target: { field: 'EventBusName', each: 'Entries', kind: 'bus', whenAbsent: { service: 'events', resource: 'event-bus/default' } },
    actions: () => ['events:PutEvents'],
    doc: `${DOC}/eventbridge-iam.html`,
  },
  {
    id: 'states:startExecution',
    patterns: ['', '.sync', '.sync:2', '.waitForTaskToken'],
    target: { field: 'StateMachineArn', kind: 'stateMachine' },
    actions: () => ['states:StartExecution'],
    extra: (pattern, target) =>
      pattern === '.sync' || pattern === '.sync:2'
        ? [
            { actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [{ executionsOf: target }] },
            {
              actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
              resources: [{ service: 'events', resource: 'rule/StepFunctionsGetEventsForStepFunctionsExecutionRule' }],
            },
          ]
        : [],
    doc: `${DOC}/stepfunctions-iam.html`,
  },
];

/**
 * The `aws-sdk:<service>:<api>` integrations whose target this project can bind: the field naming
 * it and its kind. The IAM action is `<iam prefix>:<Api>` (the API name, first letter upper case).
 */
export const SDK_TARGETS: Record<string, { prefix: string; target: TargetField; kms?: Integration['kms'] }> = {
  dynamodb: { prefix: 'dynamodb', target: { field: 'TableName', kind: 'table' }, kms: { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], viaService: 'dynamodb' } },
  sqs: { prefix: 'sqs', target: { field: 'QueueUrl', kind: 'queue' }, kms: { actions: ['kms:GenerateDataKey', 'kms:Decrypt'], viaService: 'sqs' } },
  sns: { prefix: 'sns', target: { field: 'TopicArn', kind: 'topic' }, kms: { actions: ['kms:GenerateDataKey', 'kms:Decrypt'], viaService: 'sns' } },
  eventbridge: { prefix: 'events', target: { field: 'EventBusName', each: 'Entries', kind: 'bus', whenAbsent: { service: 'events', resource: 'event-bus/default' } } },
  sfn: { prefix: 'states', target: { field: 'StateMachineArn', kind: 'stateMachine' } },
  lambda: { prefix: 'lambda', target: { field: 'FunctionName', kind: 'function' } },
};

/** SDK API names whose IAM action is not the API name (Service Authorization Reference). */
export const SDK_ACTION_EXCEPTIONS: Record<string, string> = {
  'lambda:invoke': 'lambda:InvokeFunction',
  'lambda:invokeAsync': 'lambda:InvokeFunction',
};

/**
 * Statements the state machine needs whatever its tasks: log delivery (CloudWatch Logs' vended
 * log delivery APIs take no resource-level permissions: AWS documents Resource "*"), and X-Ray
 * when tracing is on (X-Ray's APIs take no resource-level permissions either).
 */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];
export const LOG_DELIVERY_DOC = `${DOC}/cw-logs.html`;
export const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];
export const XRAY_DOC = `${DOC}/xray-iam.html`;
export const DISTRIBUTED_MAP_DOC = `${DOC}/iam-policies-eg-dist-map.html`;
export const S3_SDK_DOC = `${DOC}/supported-services-awssdk.html`;

/**
 * What an S3 call needs, on a bucket bound to a placeholder: actions on the bucket itself
 * (`on: 'bucket'`, e.g. s3:ListBucket, narrowed by an `s3:prefix` condition when the prefix is a
 * literal) or on its objects (`on: 'objects'`: the object ARN `<bucket>/<Key>` when the key is a
 * literal, `<bucket>/<Prefix>*` for a literal prefix, else `<bucket>/*`). `kms`: the actions on the
 * bucket's customer managed key, through S3, when it has one.
 */
export interface S3Access {
  actions: string[];
  on: 'bucket' | 'objects';
  /** The field naming the bucket (default `Bucket`); `CopySource` is `<bucket>/<key>`. */
  bucketField?: 'Bucket' | 'CopySource';
  /** The field naming the key or prefix, when it narrows the resource. */
  keyField?: 'Key' | 'Prefix';
  kms?: string[];
}

const S3_READ_KMS = ['kms:Decrypt'];
const S3_WRITE_KMS = ['kms:GenerateDataKey', 'kms:Decrypt'];

/**
 * `aws-sdk:s3:<api>` tasks, by API: the IAM action of each S3 API (Service Authorization
 * Reference: HeadObject is authorized by s3:GetObject, ListObjectsV2 by s3:ListBucket, CopyObject
 * by s3:GetObject on the source and s3:PutObject on the target).
 */
export const S3_SDK_APIS: Record<string, S3Access[]> = {
  getObject: [{ actions: ['s3:GetObject'], on: 'objects', keyField: 'Key', kms: S3_READ_KMS }],
  headObject: [{ actions: ['s3:GetObject'], on: 'objects', keyField: 'Key', kms: S3_READ_KMS }],
  putObject: [{ actions: ['s3:PutObject'], on: 'objects', keyField: 'Key', kms: S3_WRITE_KMS }],
  deleteObject: [{ actions: ['s3:DeleteObject'], on: 'objects', keyField: 'Key' }],
  listObjectsV2: [{ actions: ['s3:ListBucket'], on: 'bucket', keyField: 'Prefix' }],
  copyObject: [
    { actions: ['s3:GetObject'], on: 'objects', bucketField: 'CopySource', kms: S3_READ_KMS },
    { actions: ['s3:PutObject'], on: 'objects', keyField: 'Key', kms: S3_WRITE_KMS },
  ],
};

/**
 * A Distributed Map's `ItemReader` and `ResultWriter` (DISTRIBUTED_MAP_DOC): `s3:getObject` reads
 * one object (a CSV, JSON, JSONL or Parquet file, or a manifest: for an S3 inventory manifest also
 * its `data/` files), `s3:listObjectsV2` lists a prefix (s3:ListBucket on the bucket, and AWS's
 * generated policy also grants s3:GetObject under the prefix); `s3:putObject` writes the results
 * under the prefix with multipart uploads (AWS documents s3:PutObject, s3:GetObject,
 * s3:ListMultipartUploadParts, s3:AbortMultipartUpload on `<bucket>/<prefix>/*`, and
 * kms:Decrypt, kms:Encrypt, kms:GenerateDataKey on an encrypted bucket's key).
 */
export const ITEM_READER_APIS: Record<string, S3Access[]> = {
  getObject: [{ actions: ['s3:GetObject'], on: 'objects', keyField: 'Key', kms: S3_READ_KMS }],
  listObjectsV2: [
    { actions: ['s3:ListBucket'], on: 'bucket', keyField: 'Prefix' },
    { actions: ['s3:GetObject'], on: 'objects', keyField: 'Prefix', kms: S3_READ_KMS },
  ],
};
export const RESULT_WRITER_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'];
export const RESULT_WRITER_KMS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];

/** Whether an S3 action applies to objects (`<bucket ARN>/...`) or to the bucket (its ARN); undefined when unknown. */
export function s3ActionTarget(action: string): 'bucket' | 'objects' | undefined {
  const name = action.replace(/^s3:/, '');
  if (!action.startsWith('s3:')) return undefined;
  if (/Object/.test(name) || name === 'AbortMultipartUpload' || name === 'ListMultipartUploadParts') return 'objects';
  if (/Bucket/.test(name) || /^(Get|Put)(Encryption|Lifecycle|Replication|Inventory|Analytics|Metrics|IntelligentTiering)Configuration$/.test(name)) return 'bucket';
  return undefined;
}

/** The only actions a statement may grant on Resource "*": AWS offers no resource-level permission for them. */
export const STAR_RESOURCE_ACTIONS: ReadonlySet<string> = new Set([...LOG_DELIVERY_ACTIONS, ...XRAY_ACTIONS]);
