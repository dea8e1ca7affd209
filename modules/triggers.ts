import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { policyDocument, roleName, serviceTrustPolicy, type PolicyStatement } from '../lib/iam/policy';
import { deadLetterAlarm } from './alarms';
import type { AwsContext } from './aws-context';
import { InvalidPropsError } from '../lib/errors';

/** Something executions can be started on: a state machine or its alias. */
export interface Startable {
  /** What the trigger targets: the alias when one is published, else the state machine. */
  startArn: string;
  /** The unqualified state machine ARN. */
  arn: string;
  /** The alias (or version) `startArn` names, if any. */
  qualifier?: string;
}

/** EventBridge's retry policy of a target (its defaults: 24 hours, 185 attempts). */
export interface TriggerRetry {
  maximumEventAgeSeconds?: number;
  maximumRetryAttempts?: number;
}

/** Days an undelivered event is kept in the dead-letter queue: SQS's maximum, 14. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

interface TriggerBase {
  /** Where the stack deploys (region, account, partition): what ARNs and policies are built from. */
  readonly aws: AwsContext;
  /** Name of the rule and prefix of its role's name. */
  readonly name: string;
  /** What the rule starts executions of: a state machine or its alias (`startArn`). */
  readonly target: Startable;
  /** A description shown in the AWS console. @default none */
  readonly description?: string;
  /** Retries of a failed delivery before the event goes to the dead-letter queue. @default 24 hours, 185 attempts (EventBridge's maximum) */
  readonly retry?: TriggerRetry;
  /** SNS topics the dead-letter alarm notifies. @default none (the alarm is still raised) */
  readonly alarmActions?: string[];
}

export interface EventTriggerProps extends TriggerBase {
  /** Name of the custom event bus the rule listens on. */
  readonly eventBusName: string;
  /** EventBridge event pattern, e.g. `{ source: ['crm.lead'] }`. */
  readonly eventPattern: Record<string, unknown>;
}

export interface ScheduleTriggerProps extends TriggerBase {
  /** `rate(...)` or `cron(...)`. */
  readonly schedule: string;
  /** The execution input. @default `{}` */
  readonly input?: unknown;
  /** @default true */
  readonly enabled?: boolean;
}

/** The role EventBridge assumes to start executions: it may start only the target. */
function startRole(scope: Construct, props: TriggerBase): IamRole {
  const role = new IamRole(scope, 'role', {
    name: roleName(props.name, '-start'),
    description: `Lets EventBridge rule ${props.name} start its state machine`,
    assumeRolePolicy: serviceTrustPolicy('events.amazonaws.com', { StringEquals: { 'aws:SourceAccount': props.aws.accountId } }),
  });
  // Step Functions authorizes StartExecution of a version or alias on the unqualified state machine ARN,
  // narrowed by the states:StateMachineQualifier condition key (Step Functions developer guide,
  // "Authorization for versions and aliases"); a policy on the alias ARN alone matches no request.
  const start: PolicyStatement = { Sid: 'StartTarget', Effect: 'Allow', Action: 'states:StartExecution', Resource: props.target.arn };
  if (props.target.qualifier) start.Condition = { 'ForAnyValue:StringEquals': { 'states:StateMachineQualifier': [props.target.qualifier] } };
  new IamRolePolicy(scope, 'policy', { name: 'start-execution', role: role.id, policy: policyDocument([start]) });
  return role;
}

/**
 * What a target needs so that no event is lost silently: a dead-letter queue (SQS-managed
 * encryption, 14 days) that only this rule may send to (EventBridge user guide, "Granting permissions
 * to the dead-letter queue"), an alarm as soon as it holds a message, and the target's retry policy.
 */
function deliveryGuarantees(scope: Construct, props: TriggerBase, rule: CloudwatchEventRule) {
  const dlq = new SqsQueue(scope, 'dlq', { name: `${props.name}-dlq`, sqsManagedSseEnabled: true, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS });
  new SqsQueuePolicy(scope, 'dlq-policy', {
    queueUrl: dlq.url,
    policy: policyDocument([
      {
        Sid: 'DeadLettersOfTheRule',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: dlq.arn,
        Condition: { ArnEquals: { 'aws:SourceArn': rule.arn } },
      },
    ]),
  });
  deadLetterAlarm(scope, 'dlq-alarm', { name: `${props.name}-dead-letters`, queueName: dlq.name, actions: props.alarmActions });
  return {
    deadLetterConfig: { arn: dlq.arn },
    retryPolicy: { maximumEventAgeInSeconds: props.retry?.maximumEventAgeSeconds ?? 86400, maximumRetryAttempts: props.retry?.maximumRetryAttempts ?? 185 },
  };
}

/** Starts the target for every event on a custom bus that matches a pattern. */
export class EventTrigger extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: EventTriggerProps) {
    super(scope, id);
    if (!Object.keys(props.eventPattern).length) throw new InvalidPropsError(`EventTrigger "${props.name}": eventPattern must not be empty`);
    const role = startRole(this, props);
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: props.name,
      description: props.description,
      eventBusName: props.eventBusName,
      eventPattern: JSON.stringify(props.eventPattern),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      eventBusName: props.eventBusName,
      arn: props.target.startArn,
      roleArn: role.arn,
      ...deliveryGuarantees(this, props, this.rule),
    });
  }
}

/** Starts the target on a schedule (default event bus). */
export class ScheduleTrigger extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: ScheduleTriggerProps) {
    super(scope, id);
    const problem = scheduleProblem(props.schedule);
    if (problem) throw new InvalidPropsError(`ScheduleTrigger "${props.name}": schedule "${props.schedule}" ${problem}`);
    const role = startRole(this, props);
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: props.name,
      description: props.description,
      scheduleExpression: props.schedule,
      state: props.enabled === false ? 'DISABLED' : 'ENABLED',
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      arn: props.target.startArn,
      roleArn: role.arn,
      input: JSON.stringify(props.input ?? {}),
      ...deliveryGuarantees(this, props, this.rule),
    });
  }
}

/**
 * Why EventBridge would reject a schedule expression, or undefined. Rate: a positive integer and a
 * unit, singular for 1 (`rate(1 hour)`), plural otherwise (`rate(5 hours)`). Cron: six fields
 * (minutes hours day-of-month month day-of-week year), one of day-of-month and day-of-week `?`.
 */
export function scheduleProblem(schedule: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1) return 'must have a positive rate';
    const singular = !rate[2].endsWith('s');
    if (n === 1 && !singular) return `must use the singular unit for 1: rate(1 ${rate[2].slice(0, -1)})`;
    if (n > 1 && singular) return `must use the plural unit: rate(${n} ${rate[2]}s)`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(schedule);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) return `must have 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
    if ((fields[2] === '?') === (fields[4] === '?')) return 'must have "?" in exactly one of day-of-month and day-of-week';
    return undefined;
  }
  return 'must be rate(N unit) or cron(minutes hours day-of-month month day-of-week year)';
}
