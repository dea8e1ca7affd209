import { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { ApiGatewayUsagePlan } from '@cdktf/provider-aws/lib/api-gateway-usage-plan';
import { ApiGatewayUsagePlanKey } from '@cdktf/provider-aws/lib/api-gateway-usage-plan-key';
import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRM_API, integrationRoutes } from './crm-api';
import { crmApiKeyParameter, type CrmApiSettings } from './settings';
import { useRemoteState } from '../backend/remote-state';
import { SourceError } from '../lib/asl/problem';
import { Expression, Template, type TemplateValue } from '../lib/asl/template';
import type { Environment } from '../lib/environments/environments';
import { awsContext, type AwsContext } from '../modules/aws-context';
import { awsProvider } from '../backend/aws-provider';
import { EncryptedLogging } from '../modules/encrypted-logging';
import { TypeScriptFunction } from '../modules/typescript-function';

export interface CrmApiStackProps {
  /** The environment it deploys to. */
  readonly env: Environment;
  /** Its settings in that environment (api/settings.ts). */
  readonly settings: CrmApiSettings;
  /** Project root holding `api/` and `functions/`. @default the current directory */
  readonly projectRoot?: string;
}

/**
 * API Gateway's access log line (JSON), with the fields its documentation lists for REST APIs. The
 * format must hold $context.requestId or $context.extendedRequestId; AWS's best practice is both
 * (developer guide, "Set up CloudWatch logging for REST APIs in API Gateway").
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  apiKeyId: '$context.identity.apiKeyId',
  integrationError: '$context.integration.error',
  integrationLatency: '$context.integration.latency',
});

/**
 * The CRM API of an environment (`crm-api-<env>`): an API Gateway REST API created from
 * `api/crm-api.openapi.json`, rendered by the ASL's template renderer with each integration URI's
 * `${...FunctionArn}` bound to its handler (a Terraform reference), a stage whose access logs go to
 * a KMS-encrypted log group, an API key bound to the stage through a usage plan (throttled), and
 * the handler Lambdas, which read the database connection from a Secrets Manager secret (the
 * database is the existing one, possibly on premise, and is not created here). Each Lambda may be
 * invoked by this API only for its own method and path, and may read only that secret.
 */
export class CrmApiStack extends TerraformStack {
  readonly functions: Record<string, TypeScriptFunction> = {};
  readonly restApi: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;
  readonly apiKey: ApiGatewayApiKey;
  /** The invoke URL of the stage, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/v1`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: CrmApiStackProps) {
    super(scope, id);
    const { env, settings: api } = props;
    awsProvider(this, env);
    useRemoteState(this, env, id);
    const aws = awsContext(this, env);
    const prefix = `${env.namePrefix}-${CRM_API.name}`;
    const root = props.projectRoot ?? process.cwd();
    const logging = new EncryptedLogging(this, 'logging', { aws, namePrefix: prefix, retentionDays: env.logRetentionDays });

    const secret = new DataAwsSecretsmanagerSecret(this, 'database-secret', api.databaseSecret.startsWith('arn:') ? { arn: api.databaseSecret } : { name: api.databaseSecret });

    const values: Record<string, TemplateValue> = { ApiName: prefix, Partition: new Expression(aws.partition), Region: env.region };
    for (const [placeholder, source] of Object.entries(CRM_API.functions)) {
      this.functions[placeholder] = this.createHandler(placeholder, source, { aws, logging, secretArn: secret.arn, props });
      values[placeholder] = new Expression(this.functions[placeholder].arn);
    }

    // The OpenAPI document, checked and rendered like an ASL template: every placeholder bound, every value used.
    let text: string;
    try {
      text = readFileSync(join(root, CRM_API.document), 'utf8');
    } catch {
      throw new SourceError([{ file: CRM_API.document, line: 1, column: 1, message: `cannot read the OpenAPI document of ${CRM_API.name}` }]);
    }
    const template = Template.parse(text, CRM_API.document);
    const body = template.render(values, { terraform: true });

    this.restApi = new ApiGatewayRestApi(this, 'api', {
      name: prefix,
      description: 'CRM API: client, partner and benefit of a lead (idempotent on rut)',
      body,
      endpointConfiguration: { types: ['REGIONAL'] },
    });
    // Each Lambda may be invoked by this API for its own method and path only.
    for (const { placeholder, method, path } of integrationRoutes(template.placeholders)) {
      const fn = this.functions[placeholder];
      if (!fn) continue;
      new LambdaPermission(this, `invoke-${fn.functionName}`, {
        statementId: 'AllowApiGatewayInvoke',
        action: 'lambda:InvokeFunction',
        functionName: fn.function.functionName,
        principal: 'apigateway.amazonaws.com',
        sourceArn: `${this.restApi.executionArn}/*/${method}${path}`,
      });
    }

    ({ stage: this.stage, apiKey: this.apiKey } = this.createStage(prefix, logging, props));
    this.url = this.stage.invokeUrl;

    // The key, where the crm-lead functions read it.
    new SsmParameter(this, 'api-key-parameter', {
      name: crmApiKeyParameter(env),
      type: 'SecureString',
      value: this.apiKey.value,
      description: `API key of ${prefix} for the crm-lead workflow`,
    });

    new TerraformOutput(this, 'url', { value: this.url });
    new TerraformOutput(this, 'rest_api_id', { value: this.restApi.id });
    new TerraformOutput(this, 'api_key_id', { value: this.apiKey.id });
  }

  /** The Lambda behind one integration: reads the database secret (and decrypts it through Secrets Manager when its key is customer managed). */
  private createHandler(placeholder: string, source: string, ctx: { aws: AwsContext; logging: EncryptedLogging; secretArn: string; props: CrmApiStackProps }): TypeScriptFunction {
    const { env, settings: api } = ctx.props;
    const fn = new TypeScriptFunction(this, `fn-${source}`, {
      aws: ctx.aws,
      logging: ctx.logging,
      source,
      functionName: `${env.namePrefix}-${source}`,
      description: `${CRM_API.name}: ${placeholder.replace(/FunctionArn$/, '')} (API Gateway proxy integration)`,
      timeout: 10,
      environment: { CRM_DB_SECRET_ARN: ctx.secretArn },
      projectRoot: ctx.props.projectRoot,
    });
    fn.addToRolePolicy({ Sid: 'ReadDatabaseSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ctx.secretArn });
    if (api.databaseSecretKmsKeyArn)
      fn.addToRolePolicy({
        Sid: 'DecryptDatabaseSecret',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: api.databaseSecretKmsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${env.region}.amazonaws.com` } },
      });
    return fn;
  }

  /** The deployment (new on every change of the document), the stage with its access logs and method settings, the API key and its usage plan. */
  private createStage(prefix: string, logging: EncryptedLogging, props: CrmApiStackProps): { stage: ApiGatewayStage; apiKey: ApiGatewayApiKey } {
    const { env, settings: api } = props;
    const deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.restApi.id,
      // A new deployment whenever the document changes.
      triggers: { redeployment: Fn.sha1(this.restApi.body) },
      lifecycle: { createBeforeDestroy: true },
    });
    const accessLogs = logging.logGroup(this, 'access-logs', `/aws/apigateway/${prefix}/access`);
    const stage = new ApiGatewayStage(this, 'stage', {
      restApiId: this.restApi.id,
      deploymentId: deployment.id,
      stageName: api.stageName,
      xrayTracingEnabled: env.tracing,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
    });
    // Every method of the stage: per-method CloudWatch metrics, the plan's throttle as the stage's
    // default, and never full request/response logging (the bodies hold RUTs, mails and phones).
    new ApiGatewayMethodSettings(this, 'method-settings', {
      restApiId: this.restApi.id,
      stageName: stage.stageName,
      methodPath: '*/*',
      settings: { metricsEnabled: true, dataTraceEnabled: false, throttlingRateLimit: api.throttle.rateLimit, throttlingBurstLimit: api.throttle.burstLimit },
    });
    const apiKey = new ApiGatewayApiKey(this, 'api-key', { name: `${prefix}-crm-lead`, description: 'The crm-lead workflow', enabled: true });
    const plan = new ApiGatewayUsagePlan(this, 'usage-plan', {
      name: prefix,
      apiStages: [{ apiId: this.restApi.id, stage: stage.stageName }],
      throttleSettings: { rateLimit: api.throttle.rateLimit, burstLimit: api.throttle.burstLimit },
    });
    new ApiGatewayUsagePlanKey(this, 'usage-plan-key', { keyId: apiKey.id, keyType: 'API_KEY', usagePlanId: plan.id });
    return { stage, apiKey };
  }
}
