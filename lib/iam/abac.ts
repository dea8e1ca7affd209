/**
 * Attribute-based access control (ABAC): conditions that match a resource's tag (or a request's
 * tag) against the same tag of the calling principal, as in AWS's SQS ABAC announcement:
 * `"aws:ResourceTag/environment": "${aws:PrincipalTag/environment}"`.
 *
 * `${aws:...}` is an IAM policy variable, and `${...}` is also Terraform's interpolation syntax:
 * in a Terraform configuration the variable must be written `$${aws:PrincipalTag/environment}`
 * so that Terraform passes it through literally. `forTerraform` (the default) does that.
 */
import type { PolicyStatement } from './policy';
import { InvalidPropsError } from '../errors';

export interface AbacOptions {
  /** Escape policy variables for Terraform (`$${aws:...}`). Default true. */
  forTerraform?: boolean;
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** An IAM policy variable, `${aws:<name>}`, escaped for Terraform unless told otherwise. */
export function policyVariable(name: string, options: AbacOptions = {}): string {
  if (!/^aws:[A-Za-z]+(\/[\p{L}\p{Z}\p{N}_.:/=+\-@]+)?$/u.test(name)) throw new InvalidPropsError(`policy variable "${name}" is not of the form aws:Name or aws:Name/key`);
  return `${options.forTerraform === false ? '' : '$'}\${${name}}`;
}

/**
 * A condition matching the tags `keys` of the resource (or, with `on: 'request'`, of the request)
 * against the same tags of the principal: `{ StringEquals: { "aws:ResourceTag/k": "${aws:PrincipalTag/k}" } }`.
 */
export function sameTagCondition(keys: string[], options: AbacOptions & { on?: 'resource' | 'request' } = {}): NonNullable<PolicyStatement['Condition']> {
  if (!keys.length) throw new InvalidPropsError('sameTagCondition: at least one tag key is needed');
  const prefix = options.on === 'request' ? 'aws:RequestTag' : 'aws:ResourceTag';
  const equals: Record<string, string> = {};
  for (const key of keys) {
    if (!TAG_KEY.test(key)) throw new InvalidPropsError(`sameTagCondition: "${key}" is not a valid tag key`);
    equals[`${prefix}/${key}`] = policyVariable(`aws:PrincipalTag/${key}`, options);
  }
  return { StringEquals: equals };
}

/**
 * An Allow statement for `actions` on `resources`, only when the resource carries the same values
 * of the tags `keys` as the principal (the SQS ABAC pattern). `resources` default to "*" scoped by
 * service in the caller's hands: pass ARNs (or ARN patterns) whenever they are known.
 */
export function abacStatement(props: { sid?: string; actions: string[]; resources: string[]; tagKeys: string[]; on?: 'resource' | 'request' } & AbacOptions): PolicyStatement {
  if (!props.actions.length || props.actions.some((a) => a === '*' || a.endsWith(':*'))) throw new InvalidPropsError('abacStatement: name each action; no wildcard actions');
  if (!props.resources.length) throw new InvalidPropsError('abacStatement: resources must not be empty');
  return {
    ...(props.sid ? { Sid: props.sid } : {}),
    Effect: 'Allow',
    Action: props.actions,
    Resource: props.resources,
    Condition: sameTagCondition(props.tagKeys, props),
  };
}
