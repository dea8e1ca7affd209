import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { policyDocument } from '../lib/iam/policy';
import type { AwsContext } from './aws-context';
import { InvalidPropsError } from '../lib/errors';

export interface EncryptedLoggingProps {
  /** Where the stack deploys (region, account, partition): what ARNs and policies are built from. */
  readonly aws: AwsContext;
  /** Prefix of the key alias: `alias/<namePrefix>-logs`. */
  readonly namePrefix: string;
  /** Retention of every log group created through `logGroup`, in days. */
  readonly retentionDays: number;
  /** Days before a deleted key is destroyed (7-30). @default 30 */
  readonly keyDeletionWindowDays?: number;
}

/**
 * A customer-managed KMS key for CloudWatch Logs, and the factory of every log group that uses it.
 *
 * The key rotates yearly. Its policy gives the account root administration (so IAM policies
 * govern its use) and lets the CloudWatch Logs service of this region use it only for this
 * account's log groups, through the `kms:EncryptionContext:aws:logs:arn` condition AWS documents.
 */
export class EncryptedLogging extends Construct {
  readonly key: KmsKey;
  private readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: EncryptedLoggingProps) {
    super(scope, id);
    const window = props.keyDeletionWindowDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30)
      throw new InvalidPropsError(`EncryptedLogging "${props.namePrefix}": keyDeletionWindowDays must be an integer from 7 to 30, got ${window}`);
    const { region, accountId, partition } = props.aws;
    this.retentionDays = props.retentionDays;
    this.key = new KmsKey(this, 'key', {
      description: `${props.namePrefix}: encrypts CloudWatch Logs log groups`,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: policyDocument([
        {
          Sid: 'EnableRootAdministration',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
          Effect: 'Allow',
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${accountId}:log-group:*` },
          },
        },
      ]),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.namePrefix}-logs`, targetKeyId: this.key.keyId });
  }

  /** A log group encrypted with this key and kept for the configured retention. */
  logGroup(scope: Construct, id: string, name: string): CloudwatchLogGroup {
    return new CloudwatchLogGroup(scope, id, {
      name,
      kmsKeyId: this.key.arn,
      retentionInDays: this.retentionDays,
    });
  }
}
