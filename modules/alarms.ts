import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';

/**
 * CloudWatch alarms for what would otherwise be lost silently: executions of a state machine that
 * fail or time out, and events a trigger could not deliver (its dead-letter queue is not empty).
 * Each notifies `actions` (the environment's `alarms.topicArn`, when configured) on ALARM and OK.
 */
export interface AlarmProps {
  /** Alarm name. */
  readonly name: string;
  /** SNS topic ARNs to notify. @default none (the environment configures no topic) */
  readonly actions?: string[];
}

const notify = (actions?: string[]) => (actions?.length ? { alarmActions: actions, okActions: actions } : {});

/** ExecutionsFailed + ExecutionsTimedOut of the state machine (namespace AWS/States) in 5 minutes, alarmed from one. */
export function failedExecutionsAlarm(scope: Construct, id: string, props: AlarmProps & { stateMachineArn: string }): CloudwatchMetricAlarm {
  const metric = (metricName: string) => ({
    namespace: 'AWS/States',
    metricName,
    dimensions: { StateMachineArn: props.stateMachineArn },
    period: 300,
    stat: 'Sum',
  });
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: props.name,
    alarmDescription: 'Executions failed or timed out: see the execution history, then redrive or restart them (README, Deploying)',
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    evaluationPeriods: 1,
    treatMissingData: 'notBreaching',
    metricQuery: [
      { id: 'failed', metric: metric('ExecutionsFailed'), returnData: false },
      { id: 'timedout', metric: metric('ExecutionsTimedOut'), returnData: false },
      { id: 'lost', expression: 'failed + timedout', label: 'Executions failed or timed out', returnData: true },
    ],
    ...notify(props.actions),
  });
}

/** Messages visible in a dead-letter queue (namespace AWS/SQS), alarmed from one. */
export function deadLetterAlarm(scope: Construct, id: string, props: AlarmProps & { queueName: string }): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: props.name,
    alarmDescription: 'Events EventBridge could not deliver to the state machine are in the dead-letter queue: replay them (README, Deploying)',
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: props.queueName },
    statistic: 'Maximum',
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    threshold: 1,
    treatMissingData: 'notBreaching',
    ...notify(props.actions),
  });
}
