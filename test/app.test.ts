/**
 * The whole app of main.ts: every stack of every environment, synthesized into a temporary
 * outdir, and the built CLI (`dist/main.js`) run as a child process.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../main';
import { environments } from '../config/environments';
import { crmApiKeyParameter } from '../api/settings';
import { crmLeadSettings } from '../workflows/crm-lead';
import type { EnvironmentInput } from '../lib/config/environments';
import { fn, type Workflow } from '../lib/workflow/declaration';
import {
  ECHO_HANDLER,
  Json,
  allowedActions,
  evaluateTerraformString,
  find,
  only,
  parsePolicy,
  ref,
  resources,
  tempProject,
  type Statement,
  type TempProject,
} from '../modules/test/helpers';

const repo = path.resolve(__dirname, '..');
const ENV_NAMES = Object.keys(environments);
const WORKFLOWS = ['hello', 'crm-lead', 'message-pipeline', 'csv-fanout', 'file-transfer'];
const STACKS = ['backend-dev', 'backend-prod', ...WORKFLOWS.flatMap((w) => [`${w}-dev`, `${w}-prod`]), 'crm-api-dev'];
const CRM_FUNCTIONS = ['receive-lead', 'create-client', 'create-partner', 'create-benefit', 'catch-errors'];
const CRM_API_FUNCTIONS = ['create-client', 'create-partner', 'create-benefit'];

const scratch: string[] = [];
const mkdtemp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

function readStacks(outdir: string): Record<string, { text: string; json: Json }> {
  const out: Record<string, { text: string; json: Json }> = {};
  for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) {
    const text = fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');
    out[name] = { text, json: JSON.parse(text) };
  }
  return out;
}

const envOf = (stack: string): string => stack.slice(stack.lastIndexOf('-') + 1);
const config = (stack: string): EnvironmentInput => environments[envOf(stack)];
const appStacks = () => STACKS.filter((s) => !s.startsWith('backend-'));

const fnByName = (json: Json, functionName: string) => find(json, 'aws_lambda_function', (r) => r.function_name === functionName);
function roleStatements(json: Json, roleArnRef: string): Statement[] {
  const roleName = Object.keys(resources(json, 'aws_iam_role')).find((n) => roleArnRef === ref('aws_iam_role', n, 'arn'));
  expect(roleName).toBeDefined();
  return Object.values(resources(json, 'aws_iam_role_policy'))
    .filter((p) => p.role === ref('aws_iam_role', roleName!, 'id'))
    .flatMap((p) => parsePolicy(p.policy).Statement);
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lambdaActionsOnly = (statements: Statement[]) => statements.filter((s) => s.Action.some((a) => a.startsWith('lambda:')));

describe('buildApp(): the synthesized app', () => {
  let stacks: Record<string, { text: string; json: Json }>;
  beforeAll(() => {
    const outdir = mkdtemp('sfn-cdktf-app-');
    buildApp({ outdir, projectRoot: repo }).synth();
    stacks = readStacks(outdir);
  });
  const json = (stack: string): Json => stacks[stack].json;

  test('one backend stack and one stack per workflow for each environment', () => {
    expect([...ENV_NAMES].sort()).toEqual(['dev', 'prod']);
    expect(Object.keys(stacks).sort()).toEqual([...STACKS].sort());
  });

  test('every log group of every stack is KMS-encrypted with a key of its stack and kept for its environment retention', () => {
    let count = 0;
    for (const stack of STACKS) {
      const keys = Object.keys(resources(json(stack), 'aws_kms_key')).map((k) => ref('aws_kms_key', k, 'arn'));
      for (const group of Object.values(resources(json(stack), 'aws_cloudwatch_log_group'))) {
        count++;
        expect(keys).toContain(group.kms_key_id);
        expect(group.retention_in_days).toBe(config(stack).logRetentionDays);
      }
    }
    // Functions + state machine: hello 1 + 1, crm-lead 5 + 1, message-pipeline 0 + 1, csv-fanout 1 + 1,
    // file-transfer 2 + 1, in 2 environments; crm-api-dev: 3 functions + the stage's access logs.
    expect(count).toBe(2 * (2 + 6 + 1 + 2 + 3) + 4);
  });

  test('every Lambda logs to a log group of its own stack (so none is created unencrypted by Lambda)', () => {
    for (const stack of appStacks()) {
      const groups = Object.values(resources(json(stack), 'aws_cloudwatch_log_group')).map((g) => g.name);
      for (const f of Object.values(resources(json(stack), 'aws_lambda_function'))) {
        expect(groups).toContain(f.logging_config.log_group);
        expect(f.runtime).toBe('nodejs22.x');
      }
    }
  });

  test('no managed IAM policy anywhere (no AWSLambdaBasicExecutionRole): every permission is an inline least-privilege policy', () => {
    for (const stack of STACKS) {
      expect(stacks[stack].text).not.toMatch(/AWSLambdaBasicExecutionRole|:iam::aws:policy\//);
      for (const type of ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_policy']) expect(resources(json(stack), type)).toEqual({});
      for (const role of Object.values(resources(json(stack), 'aws_iam_role'))) expect(role.managed_policy_arns).toBeUndefined();
    }
  });

  test('names fit AWS limits and do not collide across the stacks of an account', () => {
    for (const env of ENV_NAMES) {
      const of = (type: string, attr = 'name') =>
        STACKS.filter((s) => envOf(s) === env).flatMap((s) => Object.values(resources(json(s), type)).map((r) => r[attr] as string));
      const unique = (list: string[]) => expect(new Set(list).size).toBe(list.length);
      const roles = of('aws_iam_role');
      unique(roles);
      for (const n of roles) expect(n).toMatch(/^[\w+=,.@-]{1,64}$/);
      const functions = of('aws_lambda_function', 'function_name');
      unique(functions);
      for (const n of functions) expect(n).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      for (const n of of('aws_sfn_state_machine')) expect(n.length).toBeLessThanOrEqual(80);
      for (const n of of('aws_cloudwatch_event_rule')) expect(n).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
      unique(of('aws_kms_alias'));
      unique(of('aws_cloudwatch_log_group'));
    }
  });

  test('application stacks keep their state in the S3 backend of their environment', () => {
    for (const stack of appStacks()) {
      const env = config(stack);
      expect(json(stack).terraform.backend).toEqual({
        s3: {
          bucket: env.backend.bucket,
          key: `${env.backend.keyPrefix}/${envOf(stack)}/${stack}.tfstate`,
          region: env.region,
          dynamodb_table: env.backend.lockTable,
          use_lockfile: true,
          encrypt: true,
        },
      });
    }
  });

  test('backend stacks create the bucket and lock table the application stacks use, with local state', () => {
    for (const name of ENV_NAMES) {
      const j = json(`backend-${name}`);
      expect(Object.keys(j.terraform.backend)).toEqual(['local']);
      expect(only(j, 'aws_s3_bucket').r.bucket).toBe(environments[name].backend.bucket);
      expect(only(j, 'aws_dynamodb_table').r.name).toBe(environments[name].backend.lockTable);
    }
  });

  test('every stack uses its environment region and tags', () => {
    for (const stack of STACKS) {
      const provider = json(stack).provider.aws;
      expect(provider).toHaveLength(1);
      expect(provider[0].region).toBe(config(stack).region);
      expect(provider[0].default_tags).toEqual([{ tags: config(stack).tags }]);
    }
  });

  test('tracing follows the environment: X-Ray on and permitted only where it is enabled', () => {
    for (const stack of appStacks().filter((s) => !s.startsWith('crm-api-'))) {
      const enabled = config(stack).tracing === true;
      const m = only(json(stack), 'aws_sfn_state_machine').r;
      expect(m.tracing_configuration).toEqual({ enabled });
      const xray = allowedActions(roleStatements(json(stack), m.role_arn)).filter((a) => a.startsWith('xray:'));
      expect(xray.length > 0).toBe(enabled);
    }
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

describe('buildApp(): bad input', () => {
  const withEnv = (name: string, patch: (env: Json) => void): Record<string, Json> => {
    const copy: Record<string, Json> = structuredClone(environments);
    patch(copy[name]);
    return copy;
  };
  const outdir = () => mkdtemp('sfn-cdktf-app-');

  test('a retention CloudWatch Logs does not accept names the environment and the field', () => {
    const attempt = () => buildApp({ outdir: outdir(), projectRoot: repo, environments: withEnv('prod', (e) => (e.logRetentionDays = 10)) });
    expect(attempt).toThrow(/environment "prod", field "logRetentionDays"/);
  });

  test('an unknown field names the environment and the field', () => {
    const attempt = () => buildApp({ outdir: outdir(), projectRoot: repo, environments: withEnv('dev', (e) => (e.logRetentionDayz = 14)) });
    expect(attempt).toThrow(/environment "dev", field "logRetentionDayz"/);
  });

  test('a nested bad field names its path', () => {
    const attempt = () => buildApp({ outdir: outdir(), projectRoot: repo, environments: withEnv('dev', (e) => (e.backend.bucket = 'Not_A_Bucket')) });
    expect(attempt).toThrow(/environment "dev", field "backend\.bucket"/);
  });

  describe('in a project of its own', () => {
    // Created in beforeAll, so that a run filtered to other tests leaves no directory behind.
    let project: TempProject;
    beforeAll(() => {
      project = tempProject();
      project.writeFunction('worker', ECHO_HANDLER);
    });
    afterAll(() => project?.cleanup());
    const tiny =
      (extra: Partial<ReturnType<Workflow>> = {}): Workflow =>
      () => ({
        name: 'tiny',
        description: 'a tiny workflow',
        functions: { worker: {} },
        bindings: { Worker: fn('worker') },
        sampleInput: {},
        ...extra,
      });

    test('a broken template fails with a SourceError at file:line:column', () => {
      project.writeTemplate('tiny', '{\n  "StartAt": "W",\n  "States": {\n    "W": { "Type": "Task", "Resource": "${Worker}", "End": true },\n  }\n}\n');
      let error: Error | undefined;
      try {
        buildApp({ outdir: outdir(), projectRoot: project.root, workflows: [tiny()], components: [] });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).toBe('SourceError');
      expect(error?.message).toMatch(/^statemachine\/tiny\.asl\.json:4:66: invalid JSON: trailing comma before "}"/);
    });

    test('a placeholder bound to a function the workflow does not declare is named', () => {
      project.writeTemplate('tiny', '{ "StartAt": "W", "States": { "W": { "Type": "Task", "Resource": "${Worker}", "End": true } } }\n');
      const attempt = () => buildApp({ outdir: outdir(), projectRoot: project.root, workflows: [tiny({ bindings: { Worker: fn('nobody') } })], components: [] });
      expect(attempt).toThrow(/Worker.*"nobody"/);
    });

    test('a trigger on a bus the workflow does not own is named', () => {
      project.writeTemplate('tiny', '{ "StartAt": "W", "States": { "W": { "Type": "Task", "Resource": "${Worker}", "End": true } } }\n');
      const attempt = () =>
        buildApp({ outdir: outdir(), projectRoot: project.root, workflows: [tiny({ triggers: [{ kind: 'event', bus: 'orders', pattern: { source: ['x'] } }] })], components: [] });
      expect(attempt).toThrow(/"orders"/);
    });
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
