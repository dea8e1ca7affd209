import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SfnAlias } from '@cdktf/provider-aws/lib/sfn-alias';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyDocument, roleName, serviceTrustPolicy, type PolicyStatement } from '../lib/iam/policy';
import { checkDefinition, errorsOf, standIns } from '../lib/asl/check';
import { derivePermissions, LOG_DELIVERY_ACTIONS, resolveStatements, XRAY_ACTIONS, type BindingInfo, type DerivedStatement, type Grant } from '../lib/asl/permissions';
import { templatePath } from '../lib/workflow/template';
import { SourceError } from '../lib/asl/problem';
import { Expression, Template, type TemplateValue } from '../lib/asl/template';
import type { AwsContext } from './aws-context';
import type { EncryptedLogging } from './encrypted-logging';
import { ResourceReference } from './resource-reference';
import { TypeScriptFunction } from './typescript-function';
import { InvalidPropsError } from '../lib/errors';

/**
 * What a placeholder stands for: a Lambda of the project, a typed reference to a table, queue,
 * topic, event bus, state machine or activity (rendered in the form its field needs, with the
 * permission its task needs derived), or a plain value (plain or a Terraform reference).
 */
export type StateMachineBinding = TypeScriptFunction | ResourceReference | TemplateValue;

export type { Grant } from '../lib/asl/permissions';

export interface TemplatedStateMachineProps {
  /** Where the stack deploys (region, account, partition): what ARNs and policies are built from. */
  readonly aws: AwsContext;
  /** The stack's encrypted logging: its log groups are created through it. */
  readonly logging: EncryptedLogging;
  /** Template name: the definition is `statemachine/<template>.asl.json`. */
  readonly template: string;
  /** The state machine's name (1-80 characters). */
  readonly stateMachineName: string;
  /** A value for every `${Placeholder}` of the template, and no other. */
  readonly bindings: Record<string, StateMachineBinding>;
  /** @default STANDARD */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /** X-Ray tracing. @default false */
  readonly tracing?: boolean;
  /** Log level. @default ALL */
  readonly logLevel?: 'ALL' | 'ERROR' | 'FATAL';
  /**
   * Whether the logs hold execution data (each state's input and output). Default true; false for a
   * workflow whose data is personal (the history in Step Functions keeps it, CloudWatch Logs does not).
   */
  readonly includeExecutionData?: boolean;
  /** Publish a version on every change and point this alias at it (versions and aliases). */
  readonly publish?: { alias: string; description?: string };
  /** Project root holding `statemachine/`. @default the current directory */
  readonly projectRoot?: string;
  /**
   * Explicit statements, for tasks whose target is only known at run time: a grant naming such a
   * state in `states` (with the actions its integration needs) lets it synthesize. Validated: no
   * wildcard action, Resource "*" only for actions without resource-level permissions.
   */
  readonly grants?: Grant[];
}

/**
 * A state machine whose definition is an ASL template of `statemachine/`, rendered at synth time.
 *
 * Every placeholder must have a value and every value a placeholder, or synth fails at the
 * template's line and column. Literal `${` and `%{` of the ASL reach AWS unchanged (they are
 * escaped for Terraform), while references such as a function's ARN resolve at apply time. The
 * role may invoke exactly the Lambdas the template references and deliver logs; logs go, level
 * ALL with execution data, to a KMS-encrypted log group.
 */
export class TemplatedStateMachine extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly role: IamRole;
  readonly alias?: SfnAlias;
  readonly template: Template;
  readonly logGroupName: string;
  /** The Lambdas bound to placeholders. */
  readonly functions: TypeScriptFunction[];
  /** The statements of the role's policy. */
  readonly statements: PolicyStatement[];
  private readonly publishedAlias?: string;

  constructor(scope: Construct, id: string, props: TemplatedStateMachineProps) {
    super(scope, id);
    this.template = readTemplate(props);
    this.functions = Object.values(props.bindings).filter((b): b is TypeScriptFunction => b instanceof TypeScriptFunction);
    const { definition, typed, derived } = this.render(props);
    this.logGroupName = `/aws/vendedlogs/states/${props.stateMachineName}`;
    const logGroup = props.logging.logGroup(this, 'logs', this.logGroupName);
    this.statements = this.policyStatements(props, typed, derived.statements);
    const spawnsChildren = derived.statements.some((st) => st.resources.some((r) => 'self' in r && r.self === 'mapRunExecutions'));
    this.role = this.createRole(props, spawnsChildren);
    const policy = new IamRolePolicy(this, 'policy', { name: 'least-privilege', role: this.role.id, policy: policyDocument(this.statements) });

    this.stateMachine = new SfnStateMachine(this, 'state-machine', {
      name: props.stateMachineName,
      type: props.type ?? 'STANDARD',
      roleArn: this.role.arn,
      definition,
      publish: props.publish ? true : undefined,
      loggingConfiguration: { logDestination: `${logGroup.arn}:*`, includeExecutionData: props.includeExecutionData ?? true, level: props.logLevel ?? 'ALL' },
      tracingConfiguration: { enabled: props.tracing ?? false },
      dependsOn: [policy],
    });
    if (props.publish) {
      this.publishedAlias = props.publish.alias;
      this.alias = new SfnAlias(this, 'alias', {
        name: props.publish.alias,
        description: props.publish.description,
        routingConfiguration: [{ stateMachineVersionArn: this.stateMachine.stateMachineVersionArn, weight: 100 }],
      });
    }
  }

  /**
   * The definition for Terraform: values checked against the template, the definition checked as
   * AWS would (typed stand-ins where values are only known at apply time), permissions derived,
   * then typed references rendered in the form each field needs.
   */
  private render(props: TemplatedStateMachineProps) {
    // Typed references first stand in as opaque values; they are rendered once the field each fills is known.
    const typed: Record<string, ResourceReference> = {};
    const infos: Record<string, BindingInfo> = {};
    const values: Record<string, TemplateValue> = {};
    for (const [name, binding] of Object.entries(props.bindings)) {
      const ref = binding instanceof TypeScriptFunction ? ResourceReference.function(binding.arn) : binding instanceof ResourceReference ? binding : undefined;
      if (ref) {
        typed[name] = ref;
        infos[name] = { kind: ref.kind, encrypted: ref.attributes.kmsKeyArn !== undefined, allowed: ref.existing?.actions };
        values[name] = new Expression(ref.attributes.arn);
      } else {
        infos[name] = { kind: 'value' };
        values[name] = toTemplateValue(binding as TemplateValue);
      }
    }
    const valueProblems = this.template.check(values);
    if (valueProblems.length) throw new SourceError(valueProblems);
    const checkValues = { ...standIns(this.template), ...Object.fromEntries(Object.entries(values).filter(([, v]) => !(v instanceof Expression))) };
    const checked = checkDefinition(this.template, checkValues);
    const errors = errorsOf(checked.problems);
    if (errors.length) throw new SourceError(errors);
    // Least privilege, derived from the definition: what every Task needs, on exactly its bound resources.
    const derived = derivePermissions({ template: this.template, definition: checked.definition, bindings: infos, grants: props.grants });
    if (derived.grantErrors.length) throw new InvalidPropsError(`state machine "${props.stateMachineName}": invalid grants:\n  - ${derived.grantErrors.join('\n  - ')}`);
    if (derived.problems.length) throw new SourceError(derived.problems);
    for (const [name, ref] of Object.entries(typed)) values[name] = new Expression(ref.render(derived.forms[name] ?? 'arn', name));
    return { definition: this.template.render(values, { terraform: true }), typed, derived };
  }

  /** The role's statements: the derived ones resolved to ARNs, the explicit grants, log delivery and X-Ray. */
  private policyStatements(props: TemplatedStateMachineProps, typed: Record<string, ResourceReference>, derived: DerivedStatement[]): PolicyStatement[] {
    const { region, accountId, partition } = props.aws;
    const statements: PolicyStatement[] = resolveStatements(derived, {
      partition,
      region,
      accountId,
      stateMachineName: props.stateMachineName,
      binding: (name) => ({ ...typed[name].attributes, stateMachineName: typed[name].kind === 'stateMachine' ? typed[name].attributes.name : undefined }),
    });
    for (const g of props.grants ?? [])
      statements.push({ ...(g.sid ? { Sid: g.sid } : {}), Effect: 'Allow', Action: g.actions.length === 1 ? g.actions[0] : g.actions, Resource: g.resources });
    // CloudWatch Logs delivery APIs take no resource-level permissions (AWS documents "*").
    statements.push({ Sid: 'DeliverLogs', Effect: 'Allow', Action: LOG_DELIVERY_ACTIONS, Resource: '*' });
    // X-Ray's APIs take no resource-level permissions either.
    if (props.tracing) statements.push({ Sid: 'Tracing', Effect: 'Allow', Action: XRAY_ACTIONS, Resource: '*' });
    return statements;
  }

  /** The execution role, which only this account's state machine of this name may assume. */
  private createRole(props: TemplatedStateMachineProps, spawnsChildren: boolean): IamRole {
    const { region, accountId, partition } = props.aws;
    const machine = `arn:${partition}:states:${region}:${accountId}:stateMachine:${props.stateMachineName}`;
    return new IamRole(this, 'role', {
      name: roleName(props.stateMachineName, '-sfn'),
      description: `Execution role of the state machine ${props.stateMachineName}`,
      // Confused-deputy protection: only this account's state machine of this name may assume it.
      assumeRolePolicy: serviceTrustPolicy('states.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': accountId },
        // The state machine itself, or one of its versions or aliases (`<arn>:<qualifier>`), and the
        // child workflows of its Distributed Maps, which run as `stateMachine:<name>/<map run label>`
        // (test/iam-simulation.test.ts shows the first two forms deny them).
        ArnLike: { 'aws:SourceArn': [machine, `${machine}:*`, ...(spawnsChildren ? [`${machine}/*`] : [])] },
      }),
    });
  }

  get arn(): string {
    return this.stateMachine.arn;
  }

  /** What callers start: the alias when one is published, else the state machine. */
  get startArn(): string {
    return this.alias ? this.alias.arn : this.stateMachine.arn;
  }

  /** The alias `startArn` names, when one is published (what `states:StateMachineQualifier` holds on StartExecution). */
  get qualifier(): string | undefined {
    return this.publishedAlias;
  }
}

/** The template's text, parsed; a SourceError at 1:1 when it cannot be read. */
function readTemplate(props: TemplatedStateMachineProps): Template {
  const file = templatePath(props.template);
  let text: string;
  try {
    text = readFileSync(join(props.projectRoot ?? process.cwd(), file), 'utf8');
  } catch {
    throw new SourceError([{ file, line: 1, column: 1, message: `cannot read the template of state machine "${props.stateMachineName}"` }]);
  }
  return Template.parse(text, file);
}

/** Marks cdktf tokens as expressions, so that they are inserted unescaped and resolve at apply time. */
function toTemplateValue(value: TemplateValue): TemplateValue {
  if (typeof value === 'string' && Token.isUnresolved(value)) return new Expression(value);
  if (typeof value === 'number' && Token.isUnresolved(value)) return new Expression(Token.asString(value), 'json');
  return value;
}
