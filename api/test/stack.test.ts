/**
 * The crm-api stack as synthesized by the app (dev deploys it): the REST API from the rendered
 * OpenAPI document with the real invoke ARNs, the stage's access logs, the API key bound to the
 * stage by a usage plan, scoped invoke permissions and secret access, and crm-lead wired to it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../main';
import { crmLeadSettings } from '../../workflows/crm-lead';
import { crmApiSettings } from '../settings';
import { evaluateTerraformString, find, only, parsePolicy, ref, resources, type Json } from '../../modules/test/helpers';

const repo = path.resolve(__dirname, '..', '..');
let outdir: string;
let stacks: Record<string, Json>;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-cdktf-crm-api-'));
  buildApp({ outdir, projectRoot: repo }).synth();
  stacks = Object.fromEntries(fs.readdirSync(path.join(outdir, 'stacks')).map((s) => [s, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'))]));
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const api = () => stacks['crm-api-dev'];
const ENDPOINTS = { '/create_client': 'crm-api-create-client', '/create_partner': 'crm-api-create-partner', '/create_benefit': 'crm-api-create-benefit' };
const fnRef = (functionName: string, attr: string) => ref('aws_lambda_function', find(api(), 'aws_lambda_function', (f) => f.function_name === functionName).name, attr);

test('only the environment that configures the CRM API (api/settings.ts) gets a crm-api stack', () => {
  expect(crmApiSettings.dev).toBeDefined();
  expect(crmApiSettings.prod).toBeUndefined();
  expect(Object.keys(stacks).filter((s) => s.startsWith('crm-api-'))).toEqual(['crm-api-dev']);
});

test('the REST API body is the OpenAPI file rendered with each integration URI naming its Lambda (Terraform references)', () => {
  const { r } = only(api(), 'aws_api_gateway_rest_api');
  expect(r.name).toBe('sfn-dev-crm-api');
  const refs: Record<string, string> = { 'data.aws_partition.partition.partition': 'aws' };
  for (const f of Object.values<Json>(resources(api(), 'aws_lambda_function'))) refs[fnRef(f.function_name, 'arn').slice(2, -1)] = `arn:aws:lambda:eu-west-1:123456789012:function:${f.function_name}`;
  const body = JSON.parse(evaluateTerraformString(r.body, refs));
  expect(body.info.title).toBe('sfn-dev-crm-api');
  expect(body['x-amazon-apigateway-api-key-source']).toBe('HEADER');
  for (const [p, fn] of Object.entries(ENDPOINTS)) {
    const op = body.paths[p].post;
    expect(op['x-amazon-apigateway-integration']).toEqual({
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:sfn-dev-${fn}/invocations`,
      passthroughBehavior: 'when_no_match',
    });
    expect(op.security).toEqual([{ api_key: [] }]);
  }
  // Every reference in the body is one of the Lambdas' ARNs or the partition: nothing left unresolved.
  expect(evaluateTerraformString(r.body, refs)).not.toContain('<ref:');
  // API Gateway's x-amazon-apigateway-gateway-responses.gatewayResponse object: statusCode is a string
  // (docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.gatewayResponse.html).
  const responses = Object.entries<Json>(body['x-amazon-apigateway-gateway-responses']);
  expect(responses.map(([type, g]) => [type, g.statusCode])).toEqual([
    ['INVALID_API_KEY', '403'],
    ['MISSING_AUTHENTICATION_TOKEN', '404'],
  ]);
  for (const [, g] of responses) expect(JSON.parse(g.responseTemplates['application/json'])).toMatchObject({ statusCode: Number(g.statusCode) });
});

test('the stage logs access to a KMS-encrypted log group of the stack; a new deployment follows every change of the body', () => {
  const stage = only(api(), 'aws_api_gateway_stage').r;
  expect(stage.stage_name).toBe('v1');
  const group = Object.entries<Json>(resources(api(), 'aws_cloudwatch_log_group')).find(([name]) => stage.access_log_settings.destination_arn === ref('aws_cloudwatch_log_group', name, 'arn'))!;
  expect(group[1]).toMatchObject({ name: '/aws/apigateway/sfn-dev-crm-api/access', retention_in_days: 14, kms_key_id: ref('aws_kms_key', only(api(), 'aws_kms_key').name, 'arn') });
  // Both request ids, as AWS's access logging guide recommends.
  expect(JSON.parse(stage.access_log_settings.format)).toMatchObject({ requestId: '$context.requestId', extendedRequestId: '$context.extendedRequestId', status: '$context.status' });
  const deployment = only(api(), 'aws_api_gateway_deployment');
  expect(stage.deployment_id).toBe(ref('aws_api_gateway_deployment', deployment.name, 'id'));
  expect(deployment.r.triggers.redeployment).toContain('sha1(');
});

test('method settings for every method of the stage: metrics, the plan\'s throttle, no full request logging', () => {
  const stage = only(api(), 'aws_api_gateway_stage').name;
  expect(only(api(), 'aws_api_gateway_method_settings').r).toMatchObject({
    rest_api_id: ref('aws_api_gateway_rest_api', 'api', 'id'),
    stage_name: ref('aws_api_gateway_stage', stage, 'stage_name'),
    method_path: '*/*',
    settings: { metrics_enabled: true, data_trace_enabled: false, throttling_rate_limit: 50, throttling_burst_limit: 100 },
  });
});

test('an API key bound to the stage through a throttled usage plan', () => {
  const plan = only(api(), 'aws_api_gateway_usage_plan');
  const stage = only(api(), 'aws_api_gateway_stage').name;
  expect(plan.r.api_stages).toEqual([{ api_id: ref('aws_api_gateway_rest_api', 'api', 'id'), stage: ref('aws_api_gateway_stage', stage, 'stage_name') }]);
  expect(plan.r.throttle_settings).toEqual({ rate_limit: 50, burst_limit: 100 });
  const key = only(api(), 'aws_api_gateway_api_key');
  expect(only(api(), 'aws_api_gateway_usage_plan_key').r).toMatchObject({ key_id: ref('aws_api_gateway_api_key', key.name, 'id'), key_type: 'API_KEY', usage_plan_id: ref('aws_api_gateway_usage_plan', plan.name, 'id') });
  // Where the crm-lead functions read it.
  expect(only(api(), 'aws_ssm_parameter').r).toMatchObject({ name: '/sfn-dev/crm/api-key', type: 'SecureString', value: ref('aws_api_gateway_api_key', key.name, 'value') });
});

test('each Lambda may be invoked by this API for its own method and path only', () => {
  const permissions = Object.values<Json>(resources(api(), 'aws_lambda_permission'));
  expect(permissions).toHaveLength(3);
  for (const [p, fn] of Object.entries(ENDPOINTS)) {
    expect(permissions).toContainEqual(
      expect.objectContaining({ action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', function_name: fnRef(`sfn-dev-${fn}`, 'function_name'), source_arn: `${ref('aws_api_gateway_rest_api', 'api', 'execution_arn')}/*/POST${p}` }),
    );
  }
});

test('the handlers read the connection from the secret, and may read that secret only; no wildcard action', () => {
  const secret = only({ resource: api().data }, 'aws_secretsmanager_secret');
  expect(secret.r.name).toBe('sfn-dev/crm/database');
  const secretArn = `\${data.aws_secretsmanager_secret.${secret.name}.arn}`;
  for (const f of Object.values<Json>(resources(api(), 'aws_lambda_function'))) {
    expect(f.environment.variables).toEqual({ NODE_OPTIONS: '--enable-source-maps', CRM_DB_SECRET_ARN: secretArn });
    const role = Object.keys(resources(api(), 'aws_iam_role')).find((n) => f.role === ref('aws_iam_role', n, 'arn'))!;
    const statements = Object.values<Json>(resources(api(), 'aws_iam_role_policy'))
      .filter((p) => p.role === ref('aws_iam_role', role, 'id'))
      .flatMap((p) => parsePolicy(p.policy).Statement);
    expect(statements.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ['WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.arn\}:\*$/)]],
      ['ReadDatabaseSecret', ['secretsmanager:GetSecretValue'], [secretArn]],
    ]);
  }
});

test('crm-lead-dev posts to the stack\'s URL (a cross-stack reference); crm-lead-prod to its configured on-premise CRM', () => {
  const lead = stacks['crm-lead-dev'];
  const fn = find(lead, 'aws_lambda_function', (f) => f.function_name === 'sfn-dev-crm-lead-create-client').r;
  expect(fn.environment.variables.CRM_API_URL).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]*invoke_url\}$/);
  const remote = Object.values<Json>(lead.data.terraform_remote_state)[0];
  expect(remote.config).toMatchObject({ bucket: 'sfn-cdktf-state-dev', key: 'sfn-cdktf/dev/crm-api-dev.tfstate' });
  const prod = find(stacks['crm-lead-prod'], 'aws_lambda_function', (f) => f.function_name === 'sfn-prod-crm-lead-create-client').r;
  expect(prod.environment.variables.CRM_API_URL).toBe(crmLeadSettings.prod.apiBaseUrl);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  expect(manifest.stacks['crm-lead-dev'].dependencies).toEqual(['crm-api-dev']);
});
