import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { Construct } from 'constructs';
import type { Environment } from '../lib/environments/environments';

/** Where a stack deploys: what ARNs and policies are built from. */
export interface AwsContext {
  region: string;
  /** The configured account id, or a reference to the caller identity's. */
  accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`, read from the provider. */
  partition: string;
}

export function awsContext(scope: Construct, env: Environment): AwsContext {
  return {
    region: env.region,
    accountId: env.accountId ?? new DataAwsCallerIdentity(scope, 'caller').accountId,
    partition: new DataAwsPartition(scope, 'partition').partition,
  };
}
