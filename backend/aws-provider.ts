import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { Environment } from '../lib/config/environments';

/**
 * The AWS provider of a stack: the environment's region, its account pinned when the config
 * names one, and the environment's tags on every taggable resource.
 */
export function awsProvider(scope: Construct, env: Environment): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: env.region,
    allowedAccountIds: env.accountId ? [env.accountId] : undefined,
    defaultTags: Object.keys(env.tags).length ? [{ tags: env.tags }] : undefined,
  });
}
