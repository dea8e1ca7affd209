/**
 * The security controls of SECURITY.md (modules/test/security-controls.ts) on every stack of every
 * environment of the example app, and the CRM API's own (API Gateway).
 */
import * as path from 'path';
import { buildApp } from '../main';
import { Json, resources, stackJson, synthesizeStacks } from '../modules/test/helpers';
import { resourcesOfStacks, securityControls } from '../modules/test/security-controls';
import { ENV_NAMES, STACKS, WORKFLOW_STACKS } from './example-stacks';

const repo = path.resolve(__dirname, '..');
let stacks: Record<string, Json> = {};
beforeAll(() => {
  stacks = stackJson(synthesizeStacks((outdir) => buildApp({ outdir, projectRoot: repo })));
});
const all = (type: string) => resourcesOfStacks(stacks, type);

test('the lint sees every environment, every workflow and every deployed component', () => {
  expect(Object.keys(stacks).sort()).toEqual([...STACKS].sort());
});

// crm-lead handles personal data (RUT, mail, phone): its state machine logs no execution data.
securityControls(() => stacks, { environments: ENV_NAMES, stateMachines: WORKFLOW_STACKS.length, personalData: (stack) => stack.startsWith('crm-lead-') });

test('APIGateway.1 / API keys: every REST API stage logs access to a KMS-encrypted log group, and every method requires the API key', () => {
  const stages = all('aws_api_gateway_stage');
  expect(stages.length).toBeGreaterThan(0);
  for (const { stack, r } of stages) {
    const group = Object.entries<Json>(resources(stacks[stack], 'aws_cloudwatch_log_group')).find(([name]) => r.access_log_settings?.destination_arn === `\${aws_cloudwatch_log_group.${name}.arn}`);
    expect(group?.[1].kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(Object.values<Json>(resources(stacks[stack], 'aws_api_gateway_usage_plan')).map((p) => p.api_stages[0].api_id)).toContain(r.rest_api_id);
  }
  for (const { r } of all('aws_api_gateway_rest_api')) {
    const body = JSON.parse(r.body.replace(/\$\{[^}]*\}/g, 'x'));
    for (const methods of Object.values<Json>(body.paths)) for (const op of Object.values<Json>(methods)) expect(op.security).toEqual([{ api_key: [] }]);
  }
  // Lambda may be invoked by API Gateway only from its own API's method and path.
  for (const { r } of all('aws_lambda_permission')) expect(r.source_arn).toMatch(/^\$\{aws_api_gateway_rest_api\.[^.]+\.execution_arn\}\/\*\/[A-Z]+\/\w+$/);
});
