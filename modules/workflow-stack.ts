import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { awsProvider } from '../backend/aws-provider';
import { useRemoteState } from '../backend/remote-state';
import type { TemplateValue } from '../lib/asl/template';
import type { Environment } from '../lib/environments/environments';
import { policyDocument } from '../lib/iam/policy';
import { declaredNames } from '../lib/workflow/check';
import { isComponentOutput, isExisting, type ComponentOutput, type FunctionBinding, type FunctionDeclaration, type ResourceBinding, type WorkflowDeclaration } from '../lib/workflow/declaration';
import { RESOURCE_KINDS, type ResourceKind } from '../lib/workflow/kinds';
import { failedExecutionsAlarm } from './alarms';
import { awsContext, type AwsContext } from './aws-context';
import { EncryptedLogging } from './encrypted-logging';
import { usesStatements } from './function-uses';
import { createActivity, createBucket, createBus, createQueue, createTable, createTopic, type ResourceContext } from './resources';
import { ResourceReference } from './resource-reference';
import { TemplatedStateMachine, type StateMachineBinding } from './templated-state-machine';
import { EventTrigger, ScheduleTrigger } from './triggers';
import { TypeScriptFunction } from './typescript-function';

export interface WorkflowStackProps {
  /** The environment it deploys to. */
  readonly env: Environment;
  /** The workflow's declaration for that environment. */
  readonly workflow: WorkflowDeclaration;
  /** Project root holding `functions/` and `statemachine/`. @default the current directory */
  readonly projectRoot?: string;
  /** The outputs of the project's components deployed in this environment, by component name (for `output(...)` values). @default none */
  readonly componentOutputs?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** A declaration that cannot be deployed as written; the message names the workflow and what to change. */
export class WorkflowDeclarationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowDeclarationError';
  }
}

/**
 * Everything one workflow needs in one environment: its KMS-encrypted logging, the resources it
 * owns (tables, queues, topics, buckets, event buses, activities: modules/resources.ts, encrypted
 * with its own key where their kind is), its Lambdas with what they use, the state machine
 * rendered from its template and its triggers, with state in the environment's S3 backend.
 */
export class WorkflowStack extends TerraformStack {
  readonly functions: Record<string, TypeScriptFunction> = {};
  readonly stateMachine: TemplatedStateMachine;
  readonly logging: EncryptedLogging;
  /** The customer managed key of the workflow's tables, queues, topics and buckets (only when it declares some). */
  readonly dataKey?: KmsKey;
  /** The resources the workflow owns, by kind and name. */
  readonly resources: { readonly [K in ResourceKind]?: Readonly<Record<string, ResourceReference>> };
  private readonly aws: AwsContext;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, private readonly props: WorkflowStackProps) {
    super(scope, id);
    const { env, workflow } = props;
    awsProvider(this, env);
    useRemoteState(this, env, id);
    this.aws = awsContext(this, env);
    this.prefix = `${env.namePrefix}-${workflow.name}`;
    this.logging = new EncryptedLogging(this, 'logging', { aws: this.aws, namePrefix: this.prefix, retentionDays: env.logRetentionDays });
    this.dataKey = this.createDataKey();
    this.resources = this.createResources();
    for (const [name, decl] of Object.entries(workflow.functions)) this.functions[name] = this.createFunction(name, decl);
    this.stateMachine = new TemplatedStateMachine(this, 'workflow', {
      aws: this.aws,
      logging: this.logging,
      template: workflow.name,
      stateMachineName: this.prefix,
      bindings: this.stateMachineBindings(),
      type: workflow.type,
      tracing: env.tracing,
      publish: workflow.alias ? { alias: workflow.alias } : undefined,
      projectRoot: props.projectRoot,
      logLevel: workflow.logging?.level,
      includeExecutionData: workflow.logging?.includeExecutionData,
      grants: workflow.grants,
    });
    // Failed or timed-out executions raise an alarm (notifying the environment's alarms.topicArn, when set).
    failedExecutionsAlarm(this, 'executions-failed-alarm', { name: `${this.prefix}-executions-failed`, stateMachineArn: this.stateMachine.arn, actions: this.alarmActions });
    this.createTriggers();
    new TerraformOutput(this, 'state_machine_arn', { value: this.stateMachine.arn });
    new TerraformOutput(this, 'start_arn', { value: this.stateMachine.startArn });
    for (const [name, bus] of Object.entries(this.resources.bus ?? {})) new TerraformOutput(this, `event_bus_${name.replace(/-/g, '_')}`, { value: bus.render('name', name) });
  }

  /** Where the alarms of the stack notify: the environment's `alarms.topicArn`, when set. */
  private get alarmActions(): string[] | undefined {
    const topic = this.props.env.alarms?.topicArn;
    return topic ? [topic] : undefined;
  }

  private fail(message: string): never {
    throw new WorkflowDeclarationError(`workflow "${this.props.workflow.name}": ${message}`);
  }

  /** The workflow's customer managed key (rotated yearly), when it owns resources of a kind encrypted with it. */
  private createDataKey(): KmsKey | undefined {
    const w = this.props.workflow;
    const encrypted = (Object.keys(RESOURCE_KINDS) as ResourceKind[]).filter((k) => RESOURCE_KINDS[k].encrypted);
    if (!encrypted.some((k) => declaredNames(w, k).length)) return undefined;
    const key = new KmsKey(this, 'data-key', {
      description: `${this.prefix}: encrypts the workflow's tables, queues, topics and buckets`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // The account administers the key, so IAM policies govern its use (each role gets only what its tasks need).
      policy: policyDocument([
        { Sid: 'EnableRootAdministration', Effect: 'Allow', Principal: { AWS: `arn:${this.aws.partition}:iam::${this.aws.accountId}:root` }, Action: 'kms:*', Resource: '*' },
      ]),
    });
    new KmsAlias(this, 'data-key-alias', { name: `alias/${this.prefix}-data`, targetKeyId: key.keyId });
    return key;
  }

  /** The resources the workflow declares, each created by its kind's factory (event buses first, as before). */
  private createResources(): WorkflowStack['resources'] {
    const w = this.props.workflow;
    const ctx: ResourceContext = { prefix: this.prefix, namePrefix: this.props.env.namePrefix, accountId: this.aws.accountId, keyArn: this.dataKey?.arn };
    const each = <T>(entries: Record<string, T> | undefined, create: (name: string, decl: T) => ResourceReference) =>
      Object.fromEntries(Object.entries(entries ?? {}).map(([name, decl]) => [name, create(name, decl)]));
    const names = (list: string[] | undefined) => Object.fromEntries((list ?? []).map((n) => [n, n]));
    const bus = each(names(w.eventBuses), (name) => createBus(this, name, ctx));
    const table = each(w.tables, (name, t) => createTable(this, name, t, ctx));
    const queue = each(w.queues, (name, q) => createQueue(this, name, q, ctx));
    const topic = each(w.topics, (name, t) => createTopic(this, name, t, ctx));
    const bucket = each(w.buckets, (name, b) => createBucket(this, name, b, ctx));
    const activity = each(names(w.activities), (name) => createActivity(this, name, ctx));
    return { bus, table, queue, topic, bucket, activity };
  }

  /** The reference a typed binding stands for; `what` names who asks, for the error message. */
  private referenceOf(binding: ResourceBinding | FunctionBinding, what: string): ResourceReference {
    // An existing resource: exactly its ARN, and only the actions its declaration allows.
    if (isExisting(binding)) return ResourceReference.existing(binding.kind, binding.existing.arn, binding.existing.actions);
    if (binding.kind === 'function') return ResourceReference.function(this.functions[binding.name].arn);
    if (binding.kind === 'stateMachine') {
      // Another workflow's state machine in this environment: its name is `<namePrefix>-<workflow>`.
      const name = `${this.props.env.namePrefix}-${binding.name}`;
      const { partition, region, accountId } = this.aws;
      return ResourceReference.stateMachine({ arn: `arn:${partition}:states:${region}:${accountId}:stateMachine:${name}`, name });
    }
    const ref = this.resources[binding.kind]?.[binding.name];
    if (!ref) {
      const owned = Object.keys(this.resources[binding.kind] ?? {});
      this.fail(`${what} is bound to ${binding.kind} "${binding.name}", which is not in its ${RESOURCE_KINDS[binding.kind].declaredIn} (${owned.join(', ') || 'none'})`);
    }
    return ref;
  }

  /** A value of the declaration: literal, or the output of a component of the project deployed in this environment. */
  private resolveOutput(value: string | ComponentOutput, what: string): string {
    if (!isComponentOutput(value)) return value;
    const outputs = this.props.componentOutputs?.get(value.component);
    const found = outputs?.[value.output];
    if (found !== undefined) return found;
    const where = `${what} output "${value.output}" of component "${value.component}"`;
    const env = this.props.env.name;
    if (outputs) this.fail(`(environment "${env}"): ${where}, which has no such output (its outputs: ${Object.keys(outputs).join(', ')})`);
    this.fail(`(environment "${env}"): ${where}, which is not deployed in "${env}" (see its settings, or register it in workflows/index.ts)`);
  }

  private createFunction(name: string, decl: FunctionDeclaration): TypeScriptFunction {
    const { uses, environment: declared, readsParameters, readsSecrets, ...rest } = decl;
    const environment = Object.fromEntries(Object.entries(declared ?? {}).map(([k, v]) => [k, this.resolveOutput(v, `function "${name}" reads ${k} from`)]));
    const statements = Object.entries(uses ?? {}).flatMap(([variable, use]) => {
      const what = `function "${name}" (uses ${variable})`;
      const ref = this.referenceOf(use.binding, what);
      environment[variable] = ref.render(RESOURCE_KINDS[ref.kind].defaultForm, variable);
      return usesStatements(ref, variable, use.actions, this.aws.region, `workflow "${this.props.workflow.name}": ${what}`);
    });
    const fn = new TypeScriptFunction(this, `fn-${name}`, {
      aws: this.aws,
      logging: this.logging,
      source: name,
      functionName: RESOURCE_KINDS.function.deployedName.of({ environment: this.props.env.namePrefix, workflow: this.prefix, accountId: this.aws.accountId }, name),
      projectRoot: this.props.projectRoot,
      ...rest,
      readsParameters: readsParameters?.map((p) => this.resolveOutput(p, `function "${name}" reads the parameter named by`)),
      readsSecrets: readsSecrets?.map((p) => this.resolveOutput(p, `function "${name}" reads the secret named by`)),
      environment: Object.keys(environment).length ? environment : undefined,
    });
    for (const statement of statements) fn.addToRolePolicy(statement);
    return fn;
  }

  /** What each placeholder of the template stands for: a plain value, a function of the workflow, a resource reference. */
  private stateMachineBindings(): Record<string, StateMachineBinding> {
    const w = this.props.workflow;
    const bindings: Record<string, StateMachineBinding> = {};
    for (const [placeholder, binding] of Object.entries(w.bindings)) {
      if (binding.kind === 'value') bindings[placeholder] = binding.value as TemplateValue;
      else if (binding.kind !== 'function' || isExisting(binding)) bindings[placeholder] = this.referenceOf(binding, `placeholder ${placeholder}`);
      else if (this.functions[binding.name]) bindings[placeholder] = this.functions[binding.name];
      else this.fail(`placeholder ${placeholder} is bound to function "${binding.name}", which is not among its functions (${Object.keys(w.functions).join(', ') || 'none'})`);
    }
    return bindings;
  }

  private createTriggers(): void {
    (this.props.workflow.triggers ?? []).forEach((trigger, i) => {
      const common = { aws: this.aws, name: `${this.prefix}-${trigger.kind}-${i + 1}`, target: this.stateMachine, description: trigger.description, alarmActions: this.alarmActions };
      if (trigger.kind === 'schedule') {
        const { schedule, input, enabled } = trigger;
        new ScheduleTrigger(this, `trigger-${i + 1}`, { ...common, schedule, input, enabled });
        return;
      }
      const bus = this.resources.bus?.[trigger.bus];
      if (!bus) this.fail(`trigger ${i + 1} listens on bus "${trigger.bus}", which is not in eventBuses`);
      new EventTrigger(this, `trigger-${i + 1}`, { ...common, eventBusName: bus.render('name', trigger.bus), eventPattern: trigger.pattern });
    });
  }
}
