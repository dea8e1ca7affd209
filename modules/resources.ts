/**
 * The resources a workflow owns, one factory per kind of the table of kinds
 * (lib/workflow/kinds.ts): each creates its resource in the workflow's stack, hardened as the
 * declaration documents, and returns the typed reference placeholders and `uses` bind to. Adding
 * a kind is one factory here (plus its table entry and its service folder).
 *
 * Construct ids are `<kind>-<name>` (`table-orders`, `bucket-files-versioning`, ...): renaming one
 * makes Terraform destroy and recreate the resource.
 */
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SfnActivity } from '@cdktf/provider-aws/lib/sfn-activity';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { Construct } from 'constructs';
import { policyDocument } from '../lib/iam/policy';
import type { BucketDeclaration, QueueDeclaration, TableDeclaration, TopicDeclaration } from '../lib/workflow/declaration';
import { RESOURCE_KINDS, type NameParts } from '../lib/workflow/kinds';
import { ResourceReference } from './resource-reference';

/** Where a workflow's resources are created and how they are named and encrypted. */
export interface ResourceContext {
  /** `<namePrefix>-<workflow>`: the prefix of the workflow's resource names. */
  readonly prefix: string;
  /** The environment's name prefix (event buses are the environment's: `<namePrefix>-<bus>`). */
  readonly namePrefix: string;
  /** The account id (bucket names are unique per account: `<prefix>-<name>-<account>`). */
  readonly accountId: string;
  /** The workflow's customer managed key, for the kinds encrypted with it. */
  readonly keyArn?: string;
}

/** The parts of the deployed names of the workflow's resources (each kind builds its names from them: lib/workflow/kinds.ts). */
const parts = (ctx: ResourceContext): NameParts => ({ environment: ctx.namePrefix, workflow: ctx.prefix, accountId: ctx.accountId });

/** A DynamoDB table: on demand, encrypted with the workflow's key, point-in-time recovery and deletion protection on. */
export function createTable(scope: Construct, name: string, t: TableDeclaration, ctx: ResourceContext): ResourceReference {
  const table = new DynamodbTable(scope, `table-${name}`, {
    name: RESOURCE_KINDS.table.deployedName.of(parts(ctx), name),
    billingMode: 'PAY_PER_REQUEST',
    hashKey: t.partitionKey.name,
    rangeKey: t.sortKey?.name,
    attribute: [t.partitionKey, ...(t.sortKey ? [t.sortKey] : [])],
    serverSideEncryption: { enabled: true, kmsKeyArn: ctx.keyArn },
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
  });
  return ResourceReference.table(table, ctx.keyArn);
}

/** An SQS queue encrypted with the workflow's key (`.fifo` added to a FIFO queue's name). */
export function createQueue(scope: Construct, name: string, q: QueueDeclaration, ctx: ResourceContext): ResourceReference {
  const queue = new SqsQueue(scope, `queue-${name}`, {
    name: RESOURCE_KINDS.queue.deployedName.of(parts(ctx), name, q),
    fifoQueue: q.fifo ? true : undefined,
    visibilityTimeoutSeconds: q.visibilityTimeout,
    kmsMasterKeyId: ctx.keyArn,
  });
  return ResourceReference.queue(queue, ctx.keyArn);
}

/** An SNS topic encrypted with the workflow's key. */
export function createTopic(scope: Construct, name: string, t: TopicDeclaration, ctx: ResourceContext): ResourceReference {
  const topic = new SnsTopic(scope, `topic-${name}`, { name: RESOURCE_KINDS.topic.deployedName.of(parts(ctx), name, t), fifoTopic: t.fifo ? true : undefined, kmsMasterKeyId: ctx.keyArn });
  return ResourceReference.topic(topic, ctx.keyArn);
}

/** An S3 bucket: versioned, SSE-KMS with the workflow's key (and a bucket key), no public access, no ACLs, TLS only. */
export function createBucket(scope: Construct, name: string, _b: BucketDeclaration, ctx: ResourceContext): ResourceReference {
  const b = new S3Bucket(scope, `bucket-${name}`, { bucket: RESOURCE_KINDS.bucket.deployedName.of(parts(ctx), name), forceDestroy: false });
  new S3BucketVersioningA(scope, `bucket-${name}-versioning`, { bucket: b.id, versioningConfiguration: { status: 'Enabled' } });
  new S3BucketServerSideEncryptionConfigurationA(scope, `bucket-${name}-encryption`, {
    bucket: b.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: ctx.keyArn }, bucketKeyEnabled: true }],
  });
  const block = new S3BucketPublicAccessBlock(scope, `bucket-${name}-public-access-block`, {
    bucket: b.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, `bucket-${name}-ownership`, { bucket: b.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  new S3BucketPolicy(scope, `bucket-${name}-policy`, {
    bucket: b.id,
    policy: policyDocument([
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [b.arn, `${b.arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]),
    // S3 rejects a bucket policy written while the public access block changes: apply the block first.
    dependsOn: [block],
  });
  return ResourceReference.bucket(b, ctx.keyArn);
}

/** A custom event bus of the environment (`<namePrefix>-<name>`). */
export function createBus(scope: Construct, name: string, ctx: ResourceContext): ResourceReference {
  return ResourceReference.bus(new CloudwatchEventBus(scope, `bus-${name}`, { name: RESOURCE_KINDS.bus.deployedName.of(parts(ctx), name) }));
}

/** A Step Functions activity. Its ARN is the resource's `id` (the AWS provider 5.x has no `arn` attribute on it). */
export function createActivity(scope: Construct, name: string, ctx: ResourceContext): ResourceReference {
  const activity = new SfnActivity(scope, `activity-${name}`, { name: RESOURCE_KINDS.activity.deployedName.of(parts(ctx), name) });
  return ResourceReference.activity({ arn: activity.id });
}
