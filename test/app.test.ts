/**
 * The example app of main.ts: every stack of every environment, synthesized into a temporary
 * outdir (the invariants of every app: modules/test/app-checks.ts; then the examples' own), and
 * the built CLI (`dist/main.js`) run as a child process. What is expected comes from the
 * declarations (example-stacks.ts), never from a list of today's examples.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildApp } from '../main';
import { environments } from '../config/environments';
import { CRM_API } from '../api/crm-api';
import { crmApiKeyParameter } from '../api/settings';
import { crmLeadSettings } from '../workflows/crm-lead';
import { appChecks, workflowLogGroups } from '../modules/test/app-checks';
import { Json, allowedActions, evaluateTerraformString, find, only, readStacks, ref, resources, roleStatements, scratchFolders, synthesizeStacks, type Statement, type SynthesizedStack } from '../modules/test/helpers';
import { COMPONENT_STACKS, ENV_NAMES, STACKS, WORKFLOW_STACKS, declarationsIn } from './example-stacks';

const repo = path.resolve(__dirname, '..');
const CRM_FUNCTIONS = ['receive-lead', 'create-client', 'create-partner', 'create-benefit', 'catch-errors'];
const CRM_API_FUNCTIONS = ['create-client', 'create-partner', 'create-benefit'];

const mkdtemp = scratchFolders();

const fnByName = (json: Json, functionName: string) => find(json, 'aws_lambda_function', (r) => r.function_name === functionName);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lambdaActionsOnly = (statements: Statement[]) => statements.filter((s) => s.Action.some((a) => a.startsWith('lambda:')));

describe('buildApp(): the synthesized app', () => {
  let stacks: Record<string, SynthesizedStack>;
  beforeAll(() => {
    stacks = synthesizeStacks((outdir) => buildApp({ outdir, projectRoot: repo }));
  });
  const json = (stack: string): Json => stacks[stack].json;

  appChecks(() => stacks, {
    environments,
    stacks: STACKS,
    workflowStacks: WORKFLOW_STACKS,
    // One per function and one per state machine; the CRM API's stack: one per handler and the stage's access logs.
    logGroups: ENV_NAMES.reduce((n, env) => n + workflowLogGroups(declarationsIn(env)), 0) + COMPONENT_STACKS.filter((s) => s.startsWith(`${CRM_API.name}-`)).length * (Object.keys(CRM_API.functions).length + 1),
  });

  describe.each(ENV_NAMES)('crm-lead-%s', (envName) => {
    const stack = `crm-lead-${envName}`;
    const env = environments[envName];
    const prefix = `${env.namePrefix}-crm-lead`;
    // crm-lead's settings: dev posts to the project's CRM API (its key in the parameter that stack writes), prod to the configured CRM.
    const settings = (crmLeadSettings as Record<string, { apiBaseUrl?: string; apiKeyParameter?: string }>)[envName];
    const crm = { apiBaseUrl: settings.apiBaseUrl, apiKeyParameter: settings.apiKeyParameter ?? crmApiKeyParameter(env) };

    test('the event rule listens on the crm bus for source crm.lead and starts the live alias', () => {
      const j = json(stack);
      const bus = only(j, 'aws_cloudwatch_event_bus');
      expect(bus.r.name).toBe(`${env.namePrefix}-crm`);
      const rule = only(j, 'aws_cloudwatch_event_rule').r;
      expect(rule.event_bus_name).toBe(ref('aws_cloudwatch_event_bus', bus.name, 'name'));
      expect(JSON.parse(rule.event_pattern)).toEqual({ source: ['crm.lead'] });
      const target = only(j, 'aws_cloudwatch_event_target').r;
      const alias = only(j, 'aws_sfn_alias');
      expect(alias.r.name).toBe('live');
      expect(target.arn).toBe(ref('aws_sfn_alias', alias.name, 'arn'));
      expect(target.event_bus_name).toBe(rule.event_bus_name);
      const start = roleStatements(j, target.role_arn);
      expect(allowedActions(start)).toEqual(['states:StartExecution']);
      // Authorized on the unqualified state machine ARN, narrowed to the alias (Step Functions: "Authorization for versions and aliases").
      expect(start.flatMap((s) => s.Resource)).toEqual([ref('aws_sfn_state_machine', only(j, 'aws_sfn_state_machine').name, 'arn')]);
      expect(start.map((s) => s.Condition)).toEqual([{ 'ForAnyValue:StringEquals': { 'states:StateMachineQualifier': ['live'] } }]);
    });

    test('the five functions; the CRM API ones get the API URL and may read exactly the API key parameter', () => {
      const j = json(stack);
      expect(Object.values(resources(j, 'aws_lambda_function')).map((f) => f.function_name).sort()).toEqual(
        CRM_FUNCTIONS.map((f) => `${prefix}-${f}`).sort(),
      );
      for (const f of CRM_FUNCTIONS) {
        const lambda = fnByName(j, `${prefix}-${f}`).r;
        const ssm = roleStatements(j, lambda.role).filter((s) => s.Action.some((a) => a.startsWith('ssm:')));
        if (CRM_API_FUNCTIONS.includes(f)) {
          expect(lambda.environment.variables).toMatchObject({
            NODE_OPTIONS: '--enable-source-maps',
            // dev: the crm-api stack's URL (cross-stack reference); prod: the configured on-premise CRM.
            CRM_API_URL: crm.apiBaseUrl ?? expect.stringMatching(/^\$\{data\.terraform_remote_state\./),
            CRM_API_KEY_PARAMETER: crm.apiKeyParameter,
          });
          expect(ssm.flatMap((s) => s.Action)).toEqual(['ssm:GetParameter']);
          const resource = ssm.flatMap((s) => s.Resource);
          expect(resource).toHaveLength(1);
          expect(resource[0]).toMatch(new RegExp(`^arn:[^:]+:ssm:${escapeRe(env.region)}:[^:]+:parameter${escapeRe(crm.apiKeyParameter)}$`));
        } else {
          expect(lambda.environment.variables).toEqual({ NODE_OPTIONS: '--enable-source-maps' });
          expect(ssm).toEqual([]);
        }
      }
    });

    test('the state machine invokes exactly those five functions', () => {
      const j = json(stack);
      const m = only(j, 'aws_sfn_state_machine').r;
      expect(m.name).toBe(prefix);
      const arns = CRM_FUNCTIONS.map((f) => ref('aws_lambda_function', fnByName(j, `${prefix}-${f}`).name, 'arn'));
      const lambda = lambdaActionsOnly(roleStatements(j, m.role_arn));
      expect([...new Set(lambda.flatMap((s) => s.Action))]).toEqual(['lambda:InvokeFunction']);
      expect(lambda.flatMap((s) => s.Resource).sort()).toEqual(arns.flatMap((a) => [a, `${a}:*`]).sort());
      // And the definition names exactly those functions.
      const refs: Record<string, string> = {};
      for (const [name, f] of Object.entries(resources(j, 'aws_lambda_function')))
        refs[`aws_lambda_function.${name}.arn`] = `arn:aws:lambda:${env.region}:123456789012:function:${f.function_name}`;
      const definition = JSON.parse(evaluateTerraformString(m.definition, refs));
      const invoked = Object.values<Json>(definition.States)
        .map((s) => s.Parameters?.FunctionName)
        .filter(Boolean)
        .sort();
      expect(invoked).toEqual(CRM_FUNCTIONS.map((f) => `arn:aws:lambda:${env.region}:123456789012:function:${prefix}-${f}`).sort());
    });
  });

  test.each(ENV_NAMES)('hello-%s: a daily schedule starts the state machine, which invokes only hello', (envName) => {
    const j = json(`hello-${envName}`);
    const rule = only(j, 'aws_cloudwatch_event_rule').r;
    expect(rule.schedule_expression).toBe('rate(1 day)');
    expect(rule.state).toBe('ENABLED');
    const target = only(j, 'aws_cloudwatch_event_target').r;
    expect(JSON.parse(target.input)).toEqual({ name: 'scheduler' });
    const m = only(j, 'aws_sfn_state_machine');
    expect(target.arn).toBe(ref('aws_sfn_state_machine', m.name, 'arn'));
    const hello = ref('aws_lambda_function', fnByName(j, `${environments[envName].namePrefix}-hello-hello`).name, 'arn');
    expect(lambdaActionsOnly(roleStatements(j, m.r.role_arn)).flatMap((s) => s.Resource).sort()).toEqual([hello, `${hello}:*`].sort());
  });
});

describe('the built CLI (node dist/main.js)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'pipe' });
  });
  const run = (cwd: string, outdir: string) =>
    spawnSync(process.execPath, [path.join(repo, 'dist', 'main.js')], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', SFN_DEBUG: '' },
    });

  test('synthesizes every stack of the project and exits 0, with the same JSON as buildApp()', () => {
    const outdir = mkdtemp('sfn-cdktf-cli-');
    const r = run(repo, outdir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const cli = readStacks(outdir);
    expect(Object.keys(cli).sort()).toEqual([...STACKS].sort());
    const inProcess = mkdtemp('sfn-cdktf-app-');
    buildApp({ outdir: inProcess, projectRoot: repo }).synth();
    const expected = readStacks(inProcess);
    for (const stack of STACKS) expect(cli[stack].text).toBe(expected[stack].text);
  });

  test('a broken template: exit code 1 and file:line:column on stderr, without a stack trace', () => {
    const root = mkdtemp('sfn-cdktf-cli-project-');
    fs.cpSync(path.join(repo, 'functions'), path.join(root, 'functions'), { recursive: true });
    fs.cpSync(path.join(repo, 'statemachine'), path.join(root, 'statemachine'), { recursive: true });
    fs.cpSync(path.join(repo, 'api'), path.join(root, 'api'), { recursive: true });
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    const file = path.join(root, 'statemachine', 'hello.asl.json');
    // Drop the comma after "StartAt": the next member, on line 4, is where the parser stops.
    const text = fs.readFileSync(file, 'utf8');
    const broken = text.replace('"StartAt": "Lambda Invoke",', '"StartAt": "Lambda Invoke"');
    expect(broken).not.toBe(text);
    fs.writeFileSync(file, broken);
    const lines = broken.split('\n');
    const line = lines.findIndex((l) => l.includes('"States"')) + 1;
    const column = lines[line - 1].indexOf('"States"') + 1;

    const r = run(root, path.join(root, 'cdktf.out'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^synth failed: statemachine/hello\\.asl\\.json:${line}:${column}: `));
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
