/**
 * The S3 remote state of an application stack, in the bucket and lock table that the
 * environment's BackendBootstrapStack creates.
 */
import { S3Backend, TerraformStack, type TerraformRemoteState } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../lib/environments/environments';
import { InvalidPropsError } from '../lib/errors';

/**
 * The S3 backend, except that the `terraform_remote_state` through which another stack reads this
 * one's outputs (cdktf's cross-stack references) carries no `dynamodb_table`: reading a state takes
 * no lock, and Terraform 1.11 warns that the parameter is deprecated wherever it appears.
 */
class S3BackendReadWithoutLockTable extends S3Backend {
  getRemoteStateDataSource(scope: Construct, name: string, fromStack: string): TerraformRemoteState {
    const remote = super.getRemoteStateDataSource(scope, name, fromStack);
    remote.addOverride('config.dynamodb_table', undefined);
    return remote;
  }
}

/** Characters of an S3 key segment safe without encoding (same set as `backend.keyPrefix`). */
const STACK_ID = /^[A-Za-z0-9!_.*'()-]+$/;

/** The key of a stack's state object: `<keyPrefix>/<env>/<stackId>.tfstate`. */
export function remoteStateKey(env: Environment, stackId: string): string {
  return `${env.backend.keyPrefix}/${env.name}/${stackId}.tfstate`;
}

/**
 * Configures the S3 backend of `stack`: `env.backend.bucket`, key
 * `<env.backend.keyPrefix>/<env.name>/<stackId>.tfstate`, `env.region`, `encrypt = true`, locked
 * with the DynamoDB table (`backend.dynamodbLock`) and/or an S3 lock file (`backend.useLockfile`,
 * Terraform >= 1.10). Both locks may be on at once, as while migrating from one to the other.
 *
 * Throws when neither lock is enabled: a shared state without a lock can be corrupted by two
 * concurrent runs.
 */
export function useRemoteState(stack: TerraformStack, env: Environment, stackId: string): S3Backend {
  const { backend } = env;
  if (!backend.dynamodbLock && !backend.useLockfile) {
    throw new InvalidPropsError(
      `Environment "${env.name}": remote state of stack "${stackId}" would have no state lock; ` +
        'enable backend.dynamodbLock and/or backend.useLockfile in the environment configuration',
    );
  }
  if (!STACK_ID.test(stackId)) {
    throw new InvalidPropsError(
      `Environment "${env.name}": stack id "${stackId}" cannot be used in a state key (letters, digits and !_.*'()- only)`,
    );
  }

  const s3 = new S3BackendReadWithoutLockTable(stack, {
    bucket: backend.bucket,
    key: remoteStateKey(env, stackId),
    region: env.region,
    encrypt: true,
    dynamodbTable: backend.dynamodbLock ? backend.lockTable : undefined,
  });
  // cdktf 0.21's S3BackendConfig has no `useLockfile`; an override on the backend element is
  // merged into `terraform.backend.s3` of the synthesized JSON. The lock file needs Terraform 1.10.
  if (backend.useLockfile) {
    s3.addOverride('use_lockfile', true);
    stack.addOverride('terraform.required_version', '>= 1.10');
  }
  return s3;
}
