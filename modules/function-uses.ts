/**
 * What a function's `uses` (lib/workflow/declaration.ts) gives it: for each variable, the used
 * resource's value in its kind's default form (a table's name, a queue's URL, ...) and the role
 * statements for exactly the declared actions on that resource, plus the KMS actions its
 * encryption needs through its service. S3 actions go to the bucket ARN or its objects (`ARN/*`).
 */
import { s3ActionTarget } from '../lib/asl/permissions';
import type { PolicyStatement } from '../lib/iam/policy';
import { RESOURCE_KINDS } from '../lib/workflow/kinds';
import type { ResourceReference } from './resource-reference';

/** A `uses` entry that cannot be granted: `what` names the workflow, function and variable. */
export class UsesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsesError';
  }
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** The statements granting `actions` on `ref` to a function that finds it in `variable`. */
export function usesStatements(ref: ResourceReference, variable: string, actions: readonly string[], region: string, what: string): PolicyStatement[] {
  const bad = actions.find((a) => !ACTION.test(a));
  if (!actions.length || bad !== undefined) throw new UsesError(`${what}: actions must be one or more "service:Action" names without wildcards${bad !== undefined ? `, not "${bad}"` : ''}`);
  const sid = `Use${variable.replace(/[^A-Za-z0-9]/g, '')}`;
  const statements: PolicyStatement[] = [];
  let needsKey = true;
  if (ref.kind === 'bucket') {
    const unknown = actions.filter((a) => !s3ActionTarget(a));
    if (unknown.length) throw new UsesError(`${what}: cannot tell whether ${unknown.join(', ')} applies to the bucket or to its objects: name S3 actions such as s3:ListBucket or s3:GetObject`);
    const onBucket = actions.filter((a) => s3ActionTarget(a) === 'bucket');
    const onObjects = actions.filter((a) => s3ActionTarget(a) === 'objects');
    if (onBucket.length) statements.push({ Sid: `${sid}Bucket`, Effect: 'Allow', Action: onBucket, Resource: ref.attributes.arn });
    if (onObjects.length) statements.push({ Sid: `${sid}Objects`, Effect: 'Allow', Action: onObjects, Resource: `${ref.attributes.arn}/*` });
    needsKey = onObjects.length > 0;
  } else statements.push({ Sid: sid, Effect: 'Allow', Action: [...actions], Resource: ref.attributes.arn });
  const spec = RESOURCE_KINDS[ref.kind];
  if (ref.attributes.kmsKeyArn && spec.encrypted && needsKey) {
    statements.push({
      Sid: `${sid}Key`,
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: ref.attributes.kmsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': `${spec.iamService}.${region}.amazonaws.com` } },
    });
  }
  return statements;
}
