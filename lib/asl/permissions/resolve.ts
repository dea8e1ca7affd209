/** Turns derived statements into IAM policy statements, given where the stack deploys and what each placeholder is bound to. */
import type { PolicyStatement } from '../../iam/policy';
import type { DerivedStatement } from './derive';
import type { ResourceRef } from './table';

export interface ResolveContext {
  partition: string;
  region: string;
  accountId: string;
  /** Name of the state machine being defined (`self` references). */
  stateMachineName: string;
  /** The bound resource of a placeholder: its ARN, its KMS key's ARN, and for a state machine its name. */
  binding(name: string): { arn: string; kmsKeyArn?: string; stateMachineName?: string };
}

/** A derived statement naming a resource the stack cannot give (a KMS key of an unencrypted resource, the name of an unknown state machine). */
export class PermissionResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermissionResolutionError';
  }
}

export function resolveStatements(statements: DerivedStatement[], ctx: ResolveContext): PolicyStatement[] {
  const { partition, region, accountId, stateMachineName } = ctx;
  const states = (resource: string) => `arn:${partition}:states:${region}:${accountId}:${resource}`;
  const resolve = (r: ResourceRef | { kmsKeyOf: string }): string => {
    if ('kmsKeyOf' in r) {
      const key = ctx.binding(r.kmsKeyOf).kmsKeyArn;
      if (!key) throw new PermissionResolutionError(`placeholder ${r.kmsKeyOf}: its resource has no KMS key to grant on`);
      return key;
    }
    if ('binding' in r) return `${ctx.binding(r.binding).arn}${r.suffix ?? ''}`;
    if ('executionsOf' in r) {
      const name = ctx.binding(r.executionsOf).stateMachineName;
      if (!name) throw new PermissionResolutionError(`placeholder ${r.executionsOf}: the name of the state machine it is bound to is unknown`);
      return states(`execution:${name}:*`);
    }
    if ('self' in r) {
      if (r.self === 'stateMachine') return states(`stateMachine:${stateMachineName}`);
      if (r.self === 'stateMachineQualified') return states(`stateMachine:${stateMachineName}:*`);
      return states(`execution:${stateMachineName}/*`);
    }
    return `arn:${partition}:${r.service}:${region}:${accountId}:${r.resource}`;
  };
  return statements.map((s) => ({
    Sid: s.sid,
    Effect: 'Allow',
    Action: s.actions.length === 1 ? s.actions[0] : s.actions,
    Resource: s.resources.map(resolve),
    ...(s.viaService ? { Condition: { StringEquals: { 'kms:ViaService': `${s.viaService}.${region}.amazonaws.com` } } } : {}),
    ...(s.condition ? { Condition: s.condition } : {}),
  }));
}
