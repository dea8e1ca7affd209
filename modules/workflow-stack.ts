import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SfnActivity } from '@cdktf/provider-aws/lib/sfn-activity';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { useRemoteState } from '../backend/remote-state';
import type { Environment } from '../lib/config/environments';
import type { TemplateValue } from '../lib/asl/template';
import type { ResourceBinding, WorkflowDeclaration } from '../lib/workflow/declaration';
import { awsContext } from './aws-context';
import { failedExecutionsAlarm } from './alarms';
import { awsProvider } from './aws-provider';
import { EncryptedLogging } from './encrypted-logging';
import { TemplatedStateMachine, type StateMachineBinding } from './templated-state-machine';
import { EventTrigger, ScheduleTrigger } from './triggers';
import { policyDocument, type PolicyStatement } from '../lib/iam/policy';
import { s3ActionTarget } from '../lib/asl/permissions';
import { ResourceReference } from './resource-reference';
import { TypeScriptFunction } from './typescript-function';

export interface WorkflowStackProps {
  env: Environment;
  workflow: WorkflowDeclaration;
  /** Project root holding `functions/` and `statemachine/`. Default: the current directory. */
  projectRoot?: string;
}

/**
 * Everything one workflow needs in one environment: its KMS-encrypted logging, its Lambdas, its
 * event buses, the state machine and its triggers, with state in the environment's S3 backend.
 */
export class WorkflowStack extends TerraformStack {
  readonly functions: Record<string, TypeScriptFunction> = {};
  readonly stateMachine: TemplatedStateMachine;
  readonly logging: EncryptedLogging;
  /** The customer managed key of the workflow's tables, queues and topics (only when it declares some). */
  readonly dataKey?: KmsKey;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id);
    const { env, workflow } = props;
    awsProvider(this, env);
    useRemoteState(this, env, id);
    const aws = awsContext(this, env);
    const prefix = `${env.namePrefix}-${workflow.name}`;

    this.logging = new EncryptedLogging(this, 'logging', { aws, namePrefix: prefix, retentionDays: env.logRetentionDays });

    const { region, accountId, partition } = aws;
    const buses: Record<string, CloudwatchEventBus> = {};
    for (const bus of workflow.eventBuses ?? []) buses[bus] = new CloudwatchEventBus(this, `bus-${bus}`, { name: `${env.namePrefix}-${bus}` });

    // Tables, queues and topics are encrypted with a customer managed key of the workflow (rotated yearly).
    const refs: Record<string, Record<string, ResourceReference>> = { table: {}, queue: {}, topic: {}, bus: {}, activity: {}, bucket: {} };
    const declaresData = [workflow.tables, workflow.queues, workflow.topics, workflow.buckets].some((d) => d && Object.keys(d).length);
    if (declaresData) {
      this.dataKey = new KmsKey(this, 'data-key', {
        description: `${prefix}: encrypts the workflow's tables, queues, topics and buckets`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        // The account administers the key, so IAM policies govern its use (each role gets only what its tasks need).
        policy: policyDocument([
          { Sid: 'EnableRootAdministration', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
        ]),
      });
      new KmsAlias(this, 'data-key-alias', { name: `alias/${prefix}-data`, targetKeyId: this.dataKey.keyId });
    }
    const keyArn = this.dataKey?.arn;
    for (const [name, t] of Object.entries(workflow.tables ?? {})) {
      const table = new DynamodbTable(this, `table-${name}`, {
        name: `${prefix}-${name}`,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: t.partitionKey.name,
        rangeKey: t.sortKey?.name,
        attribute: [t.partitionKey, ...(t.sortKey ? [t.sortKey] : [])],
        serverSideEncryption: { enabled: true, kmsKeyArn: keyArn },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: true,
      });
      refs.table[name] = ResourceReference.table(table, keyArn);
    }
    for (const [name, q] of Object.entries(workflow.queues ?? {})) {
      const queue = new SqsQueue(this, `queue-${name}`, {
        name: `${prefix}-${name}${q.fifo ? '.fifo' : ''}`,
        fifoQueue: q.fifo ? true : undefined,
        visibilityTimeoutSeconds: q.visibilityTimeout,
        kmsMasterKeyId: keyArn,
      });
      refs.queue[name] = ResourceReference.queue(queue, keyArn);
    }
    for (const [name, t] of Object.entries(workflow.topics ?? {})) {
      const topic = new SnsTopic(this, `topic-${name}`, { name: `${prefix}-${name}${t.fifo ? '.fifo' : ''}`, fifoTopic: t.fifo ? true : undefined, kmsMasterKeyId: keyArn });
      refs.topic[name] = ResourceReference.topic(topic, keyArn);
    }
    for (const name of Object.keys(workflow.buckets ?? {})) {
      // Hardened: versioned, SSE-KMS with the data key (and a bucket key), no public access, no ACLs, TLS only.
      const b = new S3Bucket(this, `bucket-${name}`, { bucket: `${prefix}-${name}-${accountId}`, forceDestroy: false });
      new S3BucketVersioningA(this, `bucket-${name}-versioning`, { bucket: b.id, versioningConfiguration: { status: 'Enabled' } });
      new S3BucketServerSideEncryptionConfigurationA(this, `bucket-${name}-encryption`, {
        bucket: b.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
      });
      const block = new S3BucketPublicAccessBlock(this, `bucket-${name}-public-access-block`, {
        bucket: b.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      new S3BucketOwnershipControls(this, `bucket-${name}-ownership`, { bucket: b.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
      new S3BucketPolicy(this, `bucket-${name}-policy`, {
        bucket: b.id,
        policy: policyDocument([
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [b.arn, `${b.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
        // S3 rejects a bucket policy written while the public access block changes: apply the block first.
        dependsOn: [block],
      });
      refs.bucket[name] = ResourceReference.bucket(b, keyArn);
    }
    for (const [name, bus] of Object.entries(buses)) refs.bus[name] = ResourceReference.bus(bus);
    // An activity's ARN is its `id`: hashicorp/aws 5.x has no `arn` attribute on aws_sfn_activity (6.x has both).
    for (const name of workflow.activities ?? []) refs.activity[name] = ResourceReference.activity({ arn: new SfnActivity(this, `activity-${name}`, { name: `${prefix}-${name}` }).id });

    /** The reference a typed binding stands for; `what` names who asks, for the error message. */
    const referenceOf = (binding: ResourceBinding, what: string): ResourceReference => {
      if (binding.kind === 'stateMachine') {
        // Another workflow's state machine in this environment: its name is `<namePrefix>-<workflow>`.
        const name = `${env.namePrefix}-${binding.name}`;
        return ResourceReference.stateMachine({ arn: `arn:${partition}:states:${region}:${accountId}:stateMachine:${name}`, name });
      }
      const ref = refs[binding.kind][binding.name];
      if (!ref) {
        const field = binding.kind === 'bus' ? 'eventBuses' : binding.kind === 'activity' ? 'activities' : `${binding.kind}s`;
        throw new Error(
          `workflow "${workflow.name}": ${what} is bound to ${binding.kind} "${binding.name}", which is not in its ${field} (${Object.keys(refs[binding.kind]).join(', ') || 'none'})`,
        );
      }
      return ref;
    };

    for (const [name, decl] of Object.entries(workflow.functions)) {
      const { uses, ...rest } = decl;
      const environment: Record<string, string> = { ...decl.environment };
      const statements: PolicyStatement[] = [];
      for (const [variable, use] of Object.entries(uses ?? {})) {
        const what = `function "${name}" (uses ${variable})`;
        const ref = referenceOf(use.binding, what);
        const bad = use.actions.find((a) => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a));
        if (!use.actions.length || bad !== undefined)
          throw new Error(`workflow "${workflow.name}": ${what}: actions must be one or more "service:Action" names without wildcards${bad !== undefined ? `, not "${bad}"` : ''}`);
        environment[variable] = ref.render(ref.kind === 'table' || ref.kind === 'bus' || ref.kind === 'bucket' ? 'name' : ref.kind === 'queue' ? 'url' : 'arn', variable);
        const sid = `Use${variable.replace(/[^A-Za-z0-9]/g, '')}`;
        let needsKey = true;
        if (ref.kind === 'bucket') {
          // Bucket actions (s3:ListBucket) on the bucket ARN, object actions (s3:GetObject) on its objects.
          const unknown = use.actions.filter((a) => !s3ActionTarget(a));
          if (unknown.length)
            throw new Error(`workflow "${workflow.name}": ${what}: cannot tell whether ${unknown.join(', ')} applies to the bucket or to its objects: name S3 actions such as s3:ListBucket or s3:GetObject`);
          const onBucket = use.actions.filter((a) => s3ActionTarget(a) === 'bucket');
          const onObjects = use.actions.filter((a) => s3ActionTarget(a) === 'objects');
          if (onBucket.length) statements.push({ Sid: `${sid}Bucket`, Effect: 'Allow', Action: onBucket, Resource: ref.attributes.arn });
          if (onObjects.length) statements.push({ Sid: `${sid}Objects`, Effect: 'Allow', Action: onObjects, Resource: `${ref.attributes.arn}/*` });
          needsKey = onObjects.length > 0;
        } else statements.push({ Sid: sid, Effect: 'Allow', Action: use.actions, Resource: ref.attributes.arn });
        const service = ref.kind === 'table' ? 'dynamodb' : ref.kind === 'queue' ? 'sqs' : ref.kind === 'topic' ? 'sns' : ref.kind === 'bucket' ? 's3' : undefined;
        if (ref.attributes.kmsKeyArn && service && needsKey) {
          statements.push({
            Sid: `Use${variable.replace(/[^A-Za-z0-9]/g, '')}Key`,
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: ref.attributes.kmsKeyArn,
            Condition: { StringEquals: { 'kms:ViaService': `${service}.${region}.amazonaws.com` } },
          });
        }
      }
      const fn = new TypeScriptFunction(this, `fn-${name}`, {
        aws,
        logging: this.logging,
        source: name,
        functionName: `${prefix}-${name}`,
        projectRoot: props.projectRoot,
        ...rest,
        environment: Object.keys(environment).length ? environment : undefined,
      });
      for (const statement of statements) fn.addToRolePolicy(statement);
      this.functions[name] = fn;
    }

    const bindings: Record<string, StateMachineBinding> = {};
    for (const [placeholder, binding] of Object.entries(workflow.bindings)) {
      if (binding.kind === 'value') bindings[placeholder] = binding.value as TemplateValue;
      else if (binding.kind !== 'function') bindings[placeholder] = referenceOf(binding, `placeholder ${placeholder}`);
      else {
        const fn = this.functions[binding.name];
        if (!fn) {
          throw new Error(
            `workflow "${workflow.name}": placeholder ${placeholder} is bound to function "${binding.name}", which is not among its functions (${Object.keys(workflow.functions).join(', ') || 'none'})`,
          );
        }
        bindings[placeholder] = fn;
      }
    }

    this.stateMachine = new TemplatedStateMachine(this, 'workflow', {
      aws,
      logging: this.logging,
      template: workflow.name,
      stateMachineName: prefix,
      bindings,
      type: workflow.type,
      tracing: env.tracing,
      publish: workflow.alias ? { alias: workflow.alias } : undefined,
      projectRoot: props.projectRoot,
      logLevel: workflow.logging?.level,
      includeExecutionData: workflow.logging?.includeExecutionData,
    });
    // Failed or timed-out executions raise an alarm (notifying the environment's alarms.topicArn, when set).
    const alarmActions = env.alarms?.topicArn ? [env.alarms.topicArn] : undefined;
    failedExecutionsAlarm(this, 'executions-failed-alarm', { name: `${prefix}-executions-failed`, stateMachineArn: this.stateMachine.arn, actions: alarmActions });

    (workflow.triggers ?? []).forEach((trigger, i) => {
      const name = `${prefix}-${trigger.kind}-${i + 1}`;
      if (trigger.kind === 'schedule') {
        const { schedule, input, enabled, description } = trigger;
        new ScheduleTrigger(this, `trigger-${i + 1}`, { aws, name, target: this.stateMachine, schedule, input, enabled, description, alarmActions });
        return;
      }
      const bus = buses[trigger.bus];
      if (!bus) throw new Error(`workflow "${workflow.name}": trigger ${i + 1} listens on bus "${trigger.bus}", which is not in eventBuses`);
      new EventTrigger(this, `trigger-${i + 1}`, {
        aws,
        name,
        target: this.stateMachine,
        eventBusName: bus.name,
        eventPattern: trigger.pattern,
        description: trigger.description,
        alarmActions,
      });
    });

    new TerraformOutput(this, 'state_machine_arn', { value: this.stateMachine.arn });
    new TerraformOutput(this, 'start_arn', { value: this.stateMachine.startArn });
    for (const [name, bus] of Object.entries(buses)) new TerraformOutput(this, `event_bus_${name.replace(/-/g, '_')}`, { value: bus.name });
  }
}
