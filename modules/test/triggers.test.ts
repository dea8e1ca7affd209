import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { TerraformStack } from 'cdktf';
import { EncryptedLogging } from '../encrypted-logging';
import { TemplatedStateMachine } from '../templated-state-machine';
import { EventTrigger, ScheduleTrigger, type ScheduleTriggerProps } from '../triggers';
import { AWS, Json, allowedActions, newStack, only, parsePolicy, ref, resources, synth, tempProject } from './helpers';

const project = tempProject();
beforeAll(() => project.writeTemplate('noop', '{ "StartAt": "P", "States": { "P": { "Type": "Pass", "End": true } } }\n'));
afterAll(() => project.cleanup());

/** A stack with a state machine `sm-test` (published behind alias `live` when `alias`). */
function withStateMachine(alias = false): { stack: TerraformStack; sm: TemplatedStateMachine } {
  const stack = newStack();
  const logging = new EncryptedLogging(stack, 'logging', { aws: AWS, namePrefix: 'test', retentionDays: 7 });
  const sm = new TemplatedStateMachine(stack, 'workflow', {
    aws: AWS,
    logging,
    template: 'noop',
    stateMachineName: 'sm-test',
    bindings: {},
    projectRoot: project.root,
    publish: alias ? { alias: 'live' } : undefined,
  });
  return { stack, sm };
}

const stateMachineArn = (json: Json) => ref('aws_sfn_state_machine', only(json, 'aws_sfn_state_machine').name, 'arn');
const aliasArn = (json: Json) => ref('aws_sfn_alias', only(json, 'aws_sfn_alias').name, 'arn');

/** The role of the trigger's target, and its one inline policy. */
function targetRole(json: Json): { trust: ReturnType<typeof parsePolicy>; policy: ReturnType<typeof parsePolicy> } {
  const target = only(json, 'aws_cloudwatch_event_target').r;
  const roleName = Object.keys(resources(json, 'aws_iam_role')).find((n) => target.role_arn === ref('aws_iam_role', n, 'arn'));
  expect(roleName).toBeDefined();
  const policies = Object.values(resources(json, 'aws_iam_role_policy')).filter((p) => p.role === ref('aws_iam_role', roleName!, 'id'));
  expect(policies).toHaveLength(1);
  return { trust: parsePolicy(resources(json, 'aws_iam_role')[roleName!].assume_role_policy), policy: parsePolicy(policies[0].policy) };
}

/** The role may start only the state machine `arn`, and only through `qualifier` when given (its alias). */
function expectStartOnly(json: Json, arn: string, qualifier?: string): void {
  const { trust, policy } = targetRole(json);
  expect(trust.Statement).toHaveLength(1);
  expect(trust.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['sts:AssumeRole'] });
  if (trust.Statement[0].Condition) expect(trust.Statement[0].Condition.StringEquals?.['aws:SourceAccount']).toBe('123456789012');
  expect(policy.Statement).toHaveLength(1);
  expect(policy.Statement[0].Effect).toBe('Allow');
  expect(allowedActions(policy.Statement)).toEqual(['states:StartExecution']);
  expect(policy.Statement[0].Resource).toEqual([arn]);
  if (qualifier) expect(policy.Statement[0].Condition).toEqual({ 'ForAnyValue:StringEquals': { 'states:StateMachineQualifier': [qualifier] } });
  else expect(policy.Statement[0].Condition).toBeUndefined();
}

describe('EventTrigger', () => {
  const pattern = { source: ['crm.lead'], 'detail-type': ['Lead registration'], detail: { store: [{ prefix: 'EST' }] } };

  function eventStack(alias = false): Json {
    const { stack, sm } = withStateMachine(alias);
    const bus = new CloudwatchEventBus(stack, 'bus', { name: 'test-crm' });
    new EventTrigger(stack, 'trigger', { aws: AWS, name: 'sm-test-event-1', target: sm, eventBusName: bus.name, eventPattern: pattern, description: 'leads' });
    return synth(stack);
  }

  test('a rule on the custom bus with the event pattern', () => {
    const json = eventStack();
    const bus = only(json, 'aws_cloudwatch_event_bus');
    const rule = only(json, 'aws_cloudwatch_event_rule').r;
    expect(rule.name).toBe('sm-test-event-1');
    expect(rule.description).toBe('leads');
    expect(rule.event_bus_name).toBe(ref('aws_cloudwatch_event_bus', bus.name, 'name'));
    expect(JSON.parse(rule.event_pattern)).toEqual(pattern);
    expect(rule.schedule_expression).toBeUndefined();
    expect(rule.state ?? 'ENABLED').toBe('ENABLED');
  });

  test('its target, on the same bus, is the state machine, started through the role', () => {
    const json = eventStack();
    const rule = only(json, 'aws_cloudwatch_event_rule');
    const target = only(json, 'aws_cloudwatch_event_target').r;
    expect(target.rule).toBe(ref('aws_cloudwatch_event_rule', rule.name, 'name'));
    // A target of a rule on a custom bus must name that bus.
    expect(target.event_bus_name).toBe(rule.r.event_bus_name);
    expect(target.arn).toBe(stateMachineArn(json));
    expect(target.role_arn).toMatch(/^\$\{aws_iam_role\.[^.]+\.arn\}$/);
  });

  test('the role is trusted by EventBridge and may only start that state machine', () => {
    const json = eventStack();
    expectStartOnly(json, stateMachineArn(json));
  });

  test('with an alias, the alias is the target and the only startable qualifier (authorized on the state machine ARN)', () => {
    const json = eventStack(true);
    expect(only(json, 'aws_cloudwatch_event_target').r.arn).toBe(aliasArn(json));
    expectStartOnly(json, stateMachineArn(json), 'live');
  });

  test('no event is lost silently: retry policy, an encrypted dead-letter queue only the rule may send to, an alarm on it', () => {
    const json = eventStack();
    const rule = only(json, 'aws_cloudwatch_event_rule');
    const target = only(json, 'aws_cloudwatch_event_target').r;
    const dlq = only(json, 'aws_sqs_queue');
    expect(dlq.r).toMatchObject({ name: 'sm-test-event-1-dlq', sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
    expect(target.dead_letter_config).toEqual({ arn: ref('aws_sqs_queue', dlq.name, 'arn') });
    expect(target.retry_policy).toEqual({ maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 });
    const policy = parsePolicy(only(json, 'aws_sqs_queue_policy').r.policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Action: ['sqs:SendMessage'], Condition: { ArnEquals: { 'aws:SourceArn': ref('aws_cloudwatch_event_rule', rule.name, 'arn') } } }),
    ]);
    const alarm = only(json, 'aws_cloudwatch_metric_alarm').r;
    expect(alarm).toMatchObject({ namespace: 'AWS/SQS', metric_name: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: ref('aws_sqs_queue', dlq.name, 'name') }, threshold: 1 });
  });

  test('an empty pattern is rejected, naming the trigger', () => {
    const { stack, sm } = withStateMachine();
    expect(() => new EventTrigger(stack, 'trigger', { aws: AWS, name: 'sm-test-event-1', target: sm, eventBusName: 'test-crm', eventPattern: {} })).toThrow(
      /sm-test-event-1.*eventPattern/,
    );
  });
});

describe('ScheduleTrigger', () => {
  function scheduleStack(props: Partial<ScheduleTriggerProps> = {}, alias = false): Json {
    const { stack, sm } = withStateMachine(alias);
    new ScheduleTrigger(stack, 'trigger', { aws: AWS, name: 'sm-test-schedule-1', target: sm, schedule: 'rate(1 day)', ...props });
    return synth(stack);
  }

  test('a rule on the default bus with the schedule expression, enabled by default', () => {
    const rule = only(scheduleStack({ description: 'daily' }), 'aws_cloudwatch_event_rule').r;
    expect(rule.name).toBe('sm-test-schedule-1');
    expect(rule.description).toBe('daily');
    expect(rule.schedule_expression).toBe('rate(1 day)');
    expect(rule.state).toBe('ENABLED');
    expect(rule.event_pattern).toBeUndefined();
    // Scheduled rules only run on the default event bus.
    expect(rule.event_bus_name ?? 'default').toBe('default');
  });

  test('enabled: false disables the rule', () => {
    expect(only(scheduleStack({ enabled: false }), 'aws_cloudwatch_event_rule').r.state).toBe('DISABLED');
  });

  test('the target starts the state machine with the input as JSON text', () => {
    const json = scheduleStack({ input: { name: 'scheduler', n: 2, nested: { ok: true } } });
    const target = only(json, 'aws_cloudwatch_event_target').r;
    expect(target.rule).toBe(ref('aws_cloudwatch_event_rule', only(json, 'aws_cloudwatch_event_rule').name, 'name'));
    expect(target.arn).toBe(stateMachineArn(json));
    expect(JSON.parse(target.input)).toEqual({ name: 'scheduler', n: 2, nested: { ok: true } });
    expect(target.event_bus_name ?? 'default').toBe('default');
  });

  test('without input, the execution input is {}', () => {
    expect(JSON.parse(only(scheduleStack(), 'aws_cloudwatch_event_target').r.input)).toEqual({});
  });

  test('the role may only start that state machine (or its alias)', () => {
    const json = scheduleStack();
    expectStartOnly(json, stateMachineArn(json));
    const withAlias = scheduleStack({}, true);
    expect(only(withAlias, 'aws_cloudwatch_event_target').r.arn).toBe(aliasArn(withAlias));
    expectStartOnly(withAlias, stateMachineArn(withAlias), 'live');
  });

  test.each(['rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(7 days)', 'cron(0 12 * * ? *)', 'cron(0/15 8-17 ? * MON-FRI *)'])(
    'accepts the valid expression %s',
    (schedule) => {
      expect(only(scheduleStack({ schedule }), 'aws_cloudwatch_event_rule').r.schedule_expression).toBe(schedule);
    },
  );

  test.each(['every day', 'rate(5 minutes', 'rate(five minutes)', 'rate(2 weeks)', 'rate(-1 days)', 'cron()', 'at(2026-01-01T00:00:00)', ' rate(1 day)'])(
    'rejects %j, naming the trigger and the expression',
    (schedule) => {
      const { stack, sm } = withStateMachine();
      expect(() => new ScheduleTrigger(stack, 'trigger', { aws: AWS, name: 'sm-test-schedule-1', target: sm, schedule })).toThrow(
        new RegExp(`sm-test-schedule-1.*${schedule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    },
  );

  // BUG (modules/triggers.ts:82): the check accepts rate expressions EventBridge rejects. AWS
  // (eb-rate-expressions): the value is a positive number, the unit is singular when the value is 1
  // and plural otherwise ("rate(1 hours) and rate(5 hour) aren't valid"); a cron expression has six
  // fields. These pass synth and only fail at `terraform apply`.
  test.each(['rate(1 hours)', 'rate(5 hour)', 'rate(0 minutes)', 'cron(0 12 * * *)'])('rejects %j, which EventBridge rejects', (schedule) => {
    const { stack, sm } = withStateMachine();
    expect(() => new ScheduleTrigger(stack, 'trigger', { aws: AWS, name: 'sm-test-schedule-1', target: sm, schedule })).toThrow(/sm-test-schedule-1/);
  });
});
