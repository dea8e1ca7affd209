/**
 * The stack that creates the remote-state storage of one environment: the S3 bucket the state
 * objects live in and the DynamoDB table Terraform locks them with.
 *
 * It cannot keep its own state in the bucket it creates, so it uses a local backend whose state
 * file lives outside `cdktf.out` (which is wiped by every synth): `backend/state/<stackId>.tfstate`.
 * See backend/README.md for the bootstrap order and how to migrate this state into the bucket.
 */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { Environment } from '../lib/environments/environments';
import { awsProvider } from './aws-provider';
import { useRemoteState } from './remote-state';
import { InvalidPropsError } from '../lib/errors';

export interface BackendBootstrapStackProps {
  /** The environment whose state bucket and lock table this stack creates. */
  readonly env: Environment;
  /**
   * Path of the local state file of this stack, absolute or relative to the stack's Terraform
   * working directory `cdktf.out/stacks/<stackId>/`.
   * @default `../../../backend/state/<stackId>.tfstate` (i.e. `<project root>/backend/state/<stackId>.tfstate`)
   */
  readonly stateFile?: string;
  /**
   * Days after which noncurrent (overwritten) versions of state objects are deleted.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Keep this stack's own state in the bucket it creates (`useRemoteState(this, env, id)`)
   * instead of the local file: set it only to migrate the state there once the bucket exists
   * (see backend/README.md). Cannot be combined with `stateFile`.
   * @default false
   */
  readonly remoteState?: boolean;
}

/** Default days noncurrent state versions are kept (the window to roll a state back). */
export const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;
/** Days after which incomplete multipart uploads are aborted. */
export const ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;

/**
 * The default local state file of a bootstrap stack, relative to its working directory
 * `cdktf.out/stacks/<stackId>/`: `<project root>/backend/state/<stackId>.tfstate`.
 */
export function defaultBootstrapStateFile(stackId: string): string {
  return `../../../backend/state/${stackId}.tfstate`;
}

export class BackendBootstrapStack extends TerraformStack {
  /** The state bucket (`env.backend.bucket`). */
  readonly bucket: S3Bucket;
  /** The lock table (`env.backend.lockTable`). */
  readonly lockTable: DynamodbTable;

  constructor(scope: Construct, id: string, props: BackendBootstrapStackProps) {
    super(scope, id);
    const { env } = props;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS;
    if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1) {
      throw new InvalidPropsError(
        `BackendBootstrapStack "${id}" (environment "${env.name}"): noncurrentVersionExpirationDays must be a positive integer, got ${noncurrentDays}`,
      );
    }

    if (props.remoteState) {
      if (props.stateFile !== undefined) {
        throw new InvalidPropsError(`BackendBootstrapStack "${id}" (environment "${env.name}"): stateFile and remoteState are mutually exclusive`);
      }
      useRemoteState(this, env, id);
    } else {
      // Local state: this stack creates the bucket remote state would live in.
      new LocalBackend(this, { path: props.stateFile ?? defaultBootstrapStateFile(id) });
    }
    awsProvider(this, env);
    this.bucket = this.createStateBucket(env, noncurrentDays);
    this.lockTable = new DynamodbTable(this, 'lock_table', {
      name: env.backend.lockTable,
      // The key the S3 backend locks with: partition key LockID of type String.
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
    });

    new TerraformOutput(this, 'state_bucket_name', { value: this.bucket.bucket, description: 'Remote state S3 bucket' });
    new TerraformOutput(this, 'state_bucket_arn', { value: this.bucket.arn });
    new TerraformOutput(this, 'lock_table_name', { value: this.lockTable.name, description: 'Remote state DynamoDB lock table' });
    new TerraformOutput(this, 'lock_table_arn', { value: this.lockTable.arn });
  }

  /** The state bucket: versioned, encrypted by default, no public access, no ACLs, TLS only, old versions expired. */
  private createStateBucket(env: Environment, noncurrentDays: number): S3Bucket {
    const bucket = new S3Bucket(this, 'state_bucket', {
      bucket: env.backend.bucket,
      // Never delete a bucket that still holds state (and its versions) on destroy.
      forceDestroy: false,
    });
    this.hardenStateBucket(bucket, noncurrentDays);
    return bucket;
  }

  private hardenStateBucket(bucket: S3Bucket, noncurrentDays: number): void {
    const versioning = new S3BucketVersioningA(this, 'state_bucket_versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    // SSE-S3 (AES256) rather than aws:kms: the S3 backend with `encrypt = true` and no
    // `kms_key_id` (see remote-state.ts) writes every state object with an explicit
    // `x-amz-server-side-encryption: AES256` header, which overrides a KMS bucket default anyway;
    // AES256 as the default keeps objects written by any other client consistent with that,
    // without a key policy to manage or per-request KMS costs. Switch to aws:kms with a
    // customer-managed key (and set `kmsKeyId` on the backend) if decrypts must be audited or
    // access to the state must be restricted by key policy.
    new S3BucketServerSideEncryptionConfigurationA(this, 'state_bucket_encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'state_bucket_public_access_block', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, 'state_bucket_ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    const tlsOnly = new DataAwsIamPolicyDocument(this, 'state_bucket_tls_only', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });

    new S3BucketPolicy(this, 'state_bucket_policy', {
      bucket: bucket.id,
      policy: tlsOnly.json,
      // S3 rejects a bucket policy written while the public access block is being changed
      // (409 OperationAborted / AccessDenied): apply the block first.
      dependsOn: [publicAccessBlock],
    });

    new S3BucketLifecycleConfiguration(this, 'state_bucket_lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-noncurrent-state-versions',
          status: 'Enabled',
          // Empty prefix: the rule applies to every object.
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS }],
        },
      ],
      // Noncurrent-version rules need versioning in place (as the provider documentation advises).
      dependsOn: [versioning],
    });
  }
}
