import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, Lazy, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { bundleLambda, type LambdaBundle } from '../lib/bundle/lambda-bundle';
import { policyDocument, roleName, serviceTrustPolicy, type PolicyStatement } from '../lib/iam/policy';
import type { AwsContext } from './aws-context';
import type { EncryptedLogging } from './encrypted-logging';
import { InvalidPropsError } from '../lib/errors';

export interface TypeScriptFunctionProps {
  /** Where the stack deploys (region, account, partition): what ARNs and policies are built from. */
  readonly aws: AwsContext;
  /** The stack's encrypted logging: its log groups are created through it. */
  readonly logging: EncryptedLogging;
  /** Folder under `functions/`: the handler is `functions/<source>/src/index.ts`, export `handler`. */
  readonly source: string;
  /** The Lambda function name. */
  readonly functionName: string;
  /** A description shown in the AWS console. @default none */
  readonly description?: string;
  /** Memory in MB (128-10240). @default 256 */
  readonly memorySize?: number;
  /** Timeout in seconds (1-900). @default 10 */
  readonly timeout?: number;
  /** @default `arm64` (Graviton: cheaper per GB-second) */
  readonly architecture?: 'arm64' | 'x86_64';
  /** Environment variables of the function (besides `NODE_OPTIONS=--enable-source-maps`). @default none */
  readonly environment?: Record<string, string>;
  /** SSM parameters (names starting with "/") the function may read, decrypting SecureStrings. */
  readonly readsParameters?: string[];
  /** Secrets Manager secrets (names) the function may read (GetSecretValue). */
  readonly readsSecrets?: string[];
  /** Project root holding `functions/`. @default the current directory */
  readonly projectRoot?: string;
}

/**
 * A Lambda function written in TypeScript: bundled by esbuild into a deterministic zip (rebuilt
 * only when its inputs change), running on `nodejs22.x` with source maps, with its own role whose
 * policy may write logs only to the function's own KMS-encrypted log group, created first.
 */
export class TypeScriptFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly bundle: LambdaBundle;
  readonly functionName: string;
  readonly logGroupName: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: TypeScriptFunctionProps) {
    super(scope, id);
    checkProps(props);
    const { region, accountId, partition } = props.aws;
    this.functionName = props.functionName;
    this.logGroupName = `/aws/lambda/${props.functionName}`;
    const logGroup = props.logging.logGroup(this, 'logs', this.logGroupName);

    this.role = new IamRole(this, 'role', {
      name: roleName(props.functionName, '-fn'),
      description: `Execution role of the Lambda function ${props.functionName}`,
      // Confused-deputy protection: only Lambda acting for this account may assume it.
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', { StringEquals: { 'aws:SourceAccount': accountId } }),
    });
    this.statements.push({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${logGroup.arn}:*`,
    });
    if (props.readsParameters?.length) {
      this.statements.push({
        Sid: 'ReadParameters',
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: props.readsParameters.map((p) => `arn:${partition}:ssm:${region}:${accountId}:parameter${p}`),
      });
    }
    if (props.readsSecrets?.length) {
      // A secret's ARN ends with "-" and 6 random characters (AWS Secrets Manager User Guide, "Permissions policy examples": `secret:Name-??????`).
      this.statements.push({
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: props.readsSecrets.map((name) => `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${name}-??????`),
      });
    }
    const policy = new IamRolePolicy(this, 'policy', {
      name: 'least-privilege',
      role: this.role.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });

    this.bundle = bundleLambda({ name: props.source, projectRoot: props.projectRoot ?? process.cwd() });
    const asset = new TerraformAsset(this, 'code', { path: this.bundle.zipPath, type: AssetType.FILE });

    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: this.bundle.sha256,
      architectures: [props.architecture ?? 'arm64'],
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? 10,
      environment: {
        variables: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroupName },
      dependsOn: [logGroup, policy],
    });
  }

  get arn(): string {
    return this.function.arn;
  }

  /** Adds a statement to the function role's inline policy. */
  addToRolePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
}

function checkProps(props: TypeScriptFunctionProps): void {
  const where = `TypeScriptFunction "${props.source}"`;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(props.functionName))
    throw new InvalidPropsError(`${where}: functionName "${props.functionName}" must be 1-64 letters, digits, "-" or "_"`);
  if (props.memorySize !== undefined && !(Number.isInteger(props.memorySize) && props.memorySize >= 128 && props.memorySize <= 10240))
    throw new InvalidPropsError(`${where}: memorySize must be an integer from 128 to 10240 MB, got ${props.memorySize}`);
  if (props.timeout !== undefined && !(Number.isInteger(props.timeout) && props.timeout >= 1 && props.timeout <= 900))
    throw new InvalidPropsError(`${where}: timeout must be an integer from 1 to 900 seconds, got ${props.timeout}`);
  for (const p of props.readsParameters ?? [])
    if (!p.startsWith('/')) throw new InvalidPropsError(`${where}: readsParameters entry "${p}" must be a parameter name starting with "/"`);
  for (const name of props.readsSecrets ?? [])
    if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) throw new InvalidPropsError(`${where}: readsSecrets entry "${name}" must be a secret name (letters, digits and /_+=.@-)`);
}
