import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { Environment } from '../lib/environments/environments';

/**
 * The hashicorp/aws versions a stack admits. cdktf would pin exactly the version the TypeScript
 * bindings (@cdktf/provider-aws 21.x) were generated from, 6.25.0, which no test runs; the deploy
 * proof (lib/test/deploy-proof.terraform.test.ts) validates and plans every stack with 5.100.0, and the
 * project uses only attributes both majors have (e.g. an activity's ARN is its `id`: 5.x has no `arn`).
 */
export const AWS_PROVIDER_VERSION = '>= 5.100, < 7';

/**
 * The AWS provider of a stack: the environment's region, its account pinned when the config
 * names one, and the environment's tags on every taggable resource.
 */
export function awsProvider(scope: Construct, env: Environment): AwsProvider {
  TerraformStack.of(scope).addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_VERSION);
  return new AwsProvider(scope, 'aws', {
    region: env.region,
    allowedAccountIds: env.accountId ? [env.accountId] : undefined,
    defaultTags: Object.keys(env.tags).length ? [{ tags: env.tags }] : undefined,
  });
}
