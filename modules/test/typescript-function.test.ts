import { createHash } from 'crypto';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { EncryptedLogging } from '../encrypted-logging';
import { TypeScriptFunction, type TypeScriptFunctionProps } from '../typescript-function';
import { AWS, ECHO_HANDLER, Json, find, names, newStack, only, parsePolicy, ref, resources, synth, tempProject, zipEntryNames } from './helpers';

const project = tempProject();
const { root } = project;

// alpha throws on `{ fail: true }` from line 3 of its source, so that source maps can be checked.
const ALPHA = [
  'import { shout } from "./shout";',
  'export const handler = async (event: { name?: string; fail?: boolean }) => {',
  '  if (event.fail) throw new Error("alpha failed on purpose");',
  '  return { greeting: shout(`hello ${event.name ?? "world"}`) };',
  '};',
  '',
].join('\n');
const SHOUT = 'export const shout = (s: string): string => s.toUpperCase();\n';

beforeAll(() => {
  project.writeFunction('alpha', ALPHA);
  project.writeFunction('alpha', SHOUT, 'shout.ts');
  project.writeFunction('beta', ECHO_HANDLER);
  // The ';' of line 2 is at column 21.
  project.writeFunction('broken', 'export const handler = async () => {\n  const x: number = ;\n  return x;\n};\n');
});
afterAll(() => project.cleanup());

type Props = Omit<TypeScriptFunctionProps, 'aws' | 'logging'>;

/** Adds the functions to `stack` with one shared EncryptedLogging. */
function addFunctions(stack: TerraformStack, ...all: Props[]): TypeScriptFunction[] {
  const logging = new EncryptedLogging(stack, 'logging', { aws: AWS, namePrefix: 'test', retentionDays: 30 });
  return all.map((p) => new TypeScriptFunction(stack, `fn-${p.functionName}`, { aws: AWS, logging, projectRoot: root, ...p }));
}

function synthFunctions(...all: Props[]): Json {
  const stack = newStack();
  addFunctions(stack, ...all);
  return synth(stack);
}

const lambdaNamed = (json: Json, functionName: string) => find(json, 'aws_lambda_function', (r) => r.function_name === functionName);
const logGroupNamed = (json: Json, name: string) => find(json, 'aws_cloudwatch_log_group', (r) => r.name === name);
/** The role of a function, and its inline policies. */
function roleOf(json: Json, functionName: string): { name: string; r: Json; policies: Json[] } {
  const fn = lambdaNamed(json, functionName).r;
  const roleName = Object.keys(resources(json, 'aws_iam_role')).find((n) => fn.role === ref('aws_iam_role', n, 'arn'));
  if (!roleName) throw new Error(`no role for ${functionName}`);
  const policies = Object.values(resources(json, 'aws_iam_role_policy')).filter((p) => p.role === ref('aws_iam_role', roleName, 'id'));
  return { name: roleName, r: resources(json, 'aws_iam_role')[roleName], policies };
}

describe('TypeScriptFunction: the Lambda function', () => {
  let json: Json;
  beforeAll(() => {
    json = synthFunctions({ source: 'alpha', functionName: 'test-alpha' });
  });

  test('nodejs22.x, index.handler, arm64, 256 MB and 10 s by default', () => {
    const fn = lambdaNamed(json, 'test-alpha').r;
    expect(fn.runtime).toBe('nodejs22.x');
    expect(fn.handler).toBe('index.handler');
    expect(fn.architectures).toEqual(['arm64']);
    expect(fn.memory_size).toBe(256);
    expect(fn.timeout).toBe(10);
    expect(fn.package_type ?? 'Zip').toBe('Zip');
  });

  test('source maps are enabled through NODE_OPTIONS', () => {
    expect(lambdaNamed(json, 'test-alpha').r.environment).toEqual({ variables: { NODE_OPTIONS: '--enable-source-maps' } });
  });

  test('logs go to its own log group /aws/lambda/<name>, encrypted and with the retention', () => {
    const fn = lambdaNamed(json, 'test-alpha').r;
    expect(fn.logging_config.log_group).toBe('/aws/lambda/test-alpha');
    const group = logGroupNamed(json, '/aws/lambda/test-alpha').r;
    expect(group.kms_key_id).toBe(ref('aws_kms_key', only(json, 'aws_kms_key').name, 'arn'));
    expect(group.retention_in_days).toBe(30);
  });

  test('depends on its log group (so Lambda does not create an unencrypted one) and on its role policy', () => {
    const fn = lambdaNamed(json, 'test-alpha').r;
    const group = logGroupNamed(json, '/aws/lambda/test-alpha').name;
    expect(fn.depends_on).toEqual(expect.arrayContaining([`aws_cloudwatch_log_group.${group}`]));
    const role = roleOf(json, 'test-alpha');
    const policyName = Object.keys(resources(json, 'aws_iam_role_policy')).find(
      (n) => resources(json, 'aws_iam_role_policy')[n].role === ref('aws_iam_role', role.name, 'id'),
    );
    expect(fn.depends_on).toEqual(expect.arrayContaining([`aws_iam_role_policy.${policyName}`]));
  });

  test('the code is the bundle asset, with its base64 SHA-256 as source_code_hash', () => {
    const fn = lambdaNamed(json, 'test-alpha').r;
    expect(fn.filename).toMatch(/^assets\/.+\.zip$/);
    expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  test('overrides: memory, timeout, architecture, environment (NODE_OPTIONS kept)', () => {
    const j = synthFunctions({
      source: 'beta',
      functionName: 'test-beta',
      memorySize: 1024,
      timeout: 900,
      architecture: 'x86_64',
      environment: { API_URL: 'https://example.com', MODE: 'strict' },
      description: 'beta function',
    });
    const fn = lambdaNamed(j, 'test-beta').r;
    expect(fn.memory_size).toBe(1024);
    expect(fn.timeout).toBe(900);
    expect(fn.architectures).toEqual(['x86_64']);
    expect(fn.description).toBe('beta function');
    expect(fn.environment.variables).toEqual({ NODE_OPTIONS: '--enable-source-maps', API_URL: 'https://example.com', MODE: 'strict' });
  });

  test.each([
    ['memorySize', { memorySize: 128 }],
    ['memorySize', { memorySize: 10240 }],
    ['timeout', { timeout: 1 }],
    ['timeout', { timeout: 900 }],
    ['functionName', { functionName: 'a'.repeat(64) }],
    ['functionName', { functionName: 'Mixed_Case-09' }],
  ] as const)('accepts the AWS limit %s %j', (_, override) => {
    expect(() => synthFunctions({ source: 'beta', functionName: 'test-beta', ...override })).not.toThrow();
  });
});

describe('TypeScriptFunction: least-privilege role', () => {
  let json: Json;
  beforeAll(() => {
    json = synthFunctions(
      { source: 'alpha', functionName: 'test-alpha' },
      { source: 'beta', functionName: 'test-beta', readsParameters: ['/app/api-key', '/app/nested/token'] },
    );
  });

  test('trusted by lambda.amazonaws.com for sts:AssumeRole, only on behalf of this account', () => {
    for (const fn of ['test-alpha', 'test-beta']) {
      const trust = parsePolicy(roleOf(json, fn).r.assume_role_policy);
      expect(trust.Version).toBe('2012-10-17');
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole'] });
      expect(trust.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': AWS.accountId } });
    }
  });

  test('no managed policy anywhere (no AWSLambdaBasicExecutionRole)', () => {
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/AWSLambdaBasicExecutionRole/);
    expect(text).not.toMatch(/:iam::aws:policy\//);
    expect(resources(json, 'aws_iam_role_policy_attachment')).toEqual({});
    expect(resources(json, 'aws_iam_policy_attachment')).toEqual({});
    expect(resources(json, 'aws_iam_role_policy_attachments_exclusive')).toEqual({});
    expect(resources(json, 'aws_iam_policy')).toEqual({});
    for (const role of Object.values(resources(json, 'aws_iam_role'))) {
      expect(role.managed_policy_arns).toBeUndefined();
      expect(role.inline_policy).toBeUndefined();
    }
  });

  test('its one inline policy allows only CreateLogStream/PutLogEvents on its own log group', () => {
    const { policies } = roleOf(json, 'test-alpha');
    expect(policies).toHaveLength(1);
    const { Statement } = parsePolicy(policies[0].policy);
    expect(Statement).toHaveLength(1);
    const own = logGroupNamed(json, '/aws/lambda/test-alpha').name;
    expect(Statement[0].Effect).toBe('Allow');
    expect([...Statement[0].Action].sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(Statement[0].Resource).toEqual([`${ref('aws_cloudwatch_log_group', own, 'arn')}:*`]);
    expect(Statement[0].Condition).toBeUndefined();
  });

  test("a function's policy does not reach the other function's log group", () => {
    const other = logGroupNamed(json, '/aws/lambda/test-beta').name;
    expect(roleOf(json, 'test-alpha').policies[0].policy).not.toContain(other);
  });

  test('readsParameters: ssm:GetParameter on exactly the listed parameter ARNs', () => {
    const { policies } = roleOf(json, 'test-beta');
    expect(policies).toHaveLength(1);
    const { Statement } = parsePolicy(policies[0].policy);
    const own = logGroupNamed(json, '/aws/lambda/test-beta').name;
    const logs = Statement.filter((s) => s.Action.some((a) => a.startsWith('logs:')));
    expect(logs).toHaveLength(1);
    expect(logs[0].Resource).toEqual([`${ref('aws_cloudwatch_log_group', own, 'arn')}:*`]);
    const ssm = Statement.filter((s) => s.Action.some((a) => a.startsWith('ssm:')));
    expect(ssm).toHaveLength(1);
    expect(ssm[0].Effect).toBe('Allow');
    expect(ssm[0].Action).toEqual(['ssm:GetParameter']);
    expect(ssm[0].Resource).toEqual([
      'arn:aws:ssm:eu-west-1:123456789012:parameter/app/api-key',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/app/nested/token',
    ]);
    // Nothing else.
    expect(Statement).toHaveLength(2);
  });

  test('readsSecrets: secretsmanager:GetSecretValue on exactly the listed secrets (their ARNs end with 6 random characters)', () => {
    const { policies } = roleOf(synthFunctions({ source: 'beta', functionName: 'test-secrets', readsSecrets: ['app/db', 'app/token'] }), 'test-secrets');
    const secrets = parsePolicy(policies[0].policy).Statement.filter((s) => s.Action.some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toEqual([
      {
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-??????', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/token-??????'],
      },
    ]);
  });

  test('no readsParameters, no ssm permission at all', () => {
    expect(roleOf(json, 'test-alpha').policies[0].policy).not.toContain('ssm:');
  });
});

describe('TypeScriptFunction: invalid props', () => {
  const attempt = (override: Partial<Props>) => () => {
    const stack = newStack();
    addFunctions(stack, { source: 'beta', functionName: 'test-beta', ...override });
  };

  test.each([
    ['functionName', { functionName: 'has space' }],
    ['functionName', { functionName: 'a'.repeat(65) }],
    ['functionName', { functionName: '' }],
    ['functionName', { functionName: 'dots.are.invalid' }],
    ['memorySize', { memorySize: 127 }],
    ['memorySize', { memorySize: 10241 }],
    ['memorySize', { memorySize: 256.5 }],
    ['timeout', { timeout: 0 }],
    ['timeout', { timeout: 901 }],
    ['timeout', { timeout: 2.5 }],
    ['readsParameters', { readsParameters: ['no-leading-slash'] }],
    ['readsSecrets', { readsSecrets: ['has space'] }],
  ] as Array<[string, Partial<Props>]>)('%s %j is rejected with a message naming it', (prop, override) => {
    expect(attempt(override)).toThrow(new RegExp(`\\b${prop}\\b`));
  });

  test('a missing handler names functions/<name>/src/index.ts', () => {
    expect(attempt({ source: 'missing' })).toThrow(/functions\/missing\/src\/index\.ts/);
  });

  test('a handler that does not compile fails with file:line:column', () => {
    expect(attempt({ source: 'broken' })).toThrow(/functions\/broken\/src\/index\.ts:2:21\b/);
  });
});

describe('TypeScriptFunction: deterministic bundles', () => {
  /** Synthesizes a real app (assets copied) into `outdir`; returns the stack's JSON and each function's zip bytes. */
  function synthApp(outdir: string, functions: Props[]): { text: string; json: Json; zips: Record<string, Buffer> } {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'fns');
    new AwsProvider(stack, 'aws', { region: AWS.region });
    addFunctions(stack, ...functions);
    app.synth();
    const stackDir = path.join(outdir, 'stacks', 'fns');
    const text = fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8');
    const json = JSON.parse(text);
    const zips: Record<string, Buffer> = {};
    for (const fn of Object.values(resources(json, 'aws_lambda_function'))) zips[fn.function_name] = fs.readFileSync(path.join(stackDir, fn.filename));
    return { text, json, zips };
  }
  const hashOf = (json: Json, functionName: string): string => lambdaNamed(json, functionName).r.source_code_hash;
  const outdir = () => fs.mkdtempSync(path.join(root, 'out-'));

  test('same inputs, two apps, two outdirs, with and without the bundle cache: identical zips, hashes and JSON', () => {
    const fns: Props[] = [{ source: 'alpha', functionName: 'test-alpha' }];
    const first = synthApp(outdir(), fns);
    const second = synthApp(outdir(), fns); // from the cache
    fs.rmSync(path.join(root, '.build'), { recursive: true, force: true });
    const third = synthApp(outdir(), fns); // rebuilt from scratch
    for (const other of [second, third]) {
      expect(other.zips['test-alpha'].equals(first.zips['test-alpha'])).toBe(true);
      expect(hashOf(other.json, 'test-alpha')).toBe(hashOf(first.json, 'test-alpha'));
      expect(other.text).toBe(first.text);
    }
  });

  test('source_code_hash is filebase64sha256 of the archive Terraform uploads', () => {
    const { json, zips } = synthApp(outdir(), [{ source: 'alpha', functionName: 'test-alpha' }]);
    expect(hashOf(json, 'test-alpha')).toBe(createHash('sha256').update(zips['test-alpha']).digest('base64'));
  });

  test('changing one handler (or a file it imports) changes only that function', () => {
    const p = tempProject();
    try {
      p.writeFunction('one', 'import { n } from "./n";\nexport const handler = async () => n;\n');
      p.writeFunction('one', 'export const n = 1;\n', 'n.ts');
      p.writeFunction('two', ECHO_HANDLER);
      const fns: Props[] = [
        { source: 'one', functionName: 'f-one', projectRoot: p.root },
        { source: 'two', functionName: 'f-two', projectRoot: p.root },
      ];
      const out = () => fs.mkdtempSync(path.join(p.root, 'out-'));
      const before = synthApp(out(), fns).json;

      p.writeFunction('one', 'import { n } from "./n";\nexport const handler = async () => n + 1;\n');
      const afterHandler = synthApp(out(), fns).json;
      expect(hashOf(afterHandler, 'f-one')).not.toBe(hashOf(before, 'f-one'));
      expect(lambdaNamed(afterHandler, 'f-one').r.filename).not.toBe(lambdaNamed(before, 'f-one').r.filename);
      expect(hashOf(afterHandler, 'f-two')).toBe(hashOf(before, 'f-two'));
      expect(lambdaNamed(afterHandler, 'f-two').r.filename).toBe(lambdaNamed(before, 'f-two').r.filename);

      // The imported module, not the entry, changes: the (cached) bundle must still be rebuilt.
      p.writeFunction('one', 'export const n = 2;\n', 'n.ts');
      const afterImport = synthApp(out(), fns).json;
      expect(hashOf(afterImport, 'f-one')).not.toBe(hashOf(afterHandler, 'f-one'));
      expect(hashOf(afterImport, 'f-two')).toBe(hashOf(before, 'f-two'));
    } finally {
      p.cleanup();
    }
  });
});

describe('TypeScriptFunction: the deployment package', () => {
  let zip: Buffer;
  let zipPath: string;
  let extracted: string;
  beforeAll(() => {
    const stack = newStack();
    const [fn] = addFunctions(stack, { source: 'alpha', functionName: 'test-alpha' });
    zipPath = fn.bundle.zipPath;
    zip = fs.readFileSync(zipPath);
    expect(createHash('sha256').update(zip).digest('base64')).toBe(lambdaNamed(synth(stack), 'test-alpha').r.source_code_hash);
    extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-cdktf-unzip-'));
    execFileSync('unzip', ['-q', zipPath, '-d', extracted]);
  });
  afterAll(() => fs.rmSync(extracted, { recursive: true, force: true }));

  test('holds index.js and index.js.map at its root', () => {
    expect(zipEntryNames(zip).sort()).toEqual(['index.js', 'index.js.map']);
    expect(fs.readdirSync(extracted).sort()).toEqual(['index.js', 'index.js.map']);
  });

  test('is a valid archive whose files are world-readable (Lambda needs 644)', () => {
    execFileSync('unzip', ['-tq', zipPath]);
    const listing = execFileSync('zipinfo', [zipPath], { encoding: 'utf8' });
    const modes = listing.split('\n').filter((l) => / index\.js(\.map)?$/.test(l)).map((l) => l.slice(0, 10));
    expect(modes).toEqual(['-rw-r--r--', '-rw-r--r--']);
  });

  test('index.js links its source map, which maps to the TypeScript sources', () => {
    expect(fs.readFileSync(path.join(extracted, 'index.js'), 'utf8')).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    const map = JSON.parse(fs.readFileSync(path.join(extracted, 'index.js.map'), 'utf8'));
    expect(map.version).toBe(3);
    expect(map.sources.some((s: string) => s.endsWith('functions/alpha/src/index.ts'))).toBe(true);
    expect(map.sources.some((s: string) => s.endsWith('functions/alpha/src/shout.ts'))).toBe(true);
    // No absolute path of the build machine in the package.
    expect(map.sources.every((s: string) => !path.isAbsolute(s))).toBe(true);
    expect(zip.includes(Buffer.from(root))).toBe(false);
  });

  /** Runs the extracted index.js in a separate Node process, as the Lambda runtime would load it. */
  function invoke(event: unknown): { status: number | null; stdout: string; stderr: string } {
    const script = `require(${JSON.stringify(path.join(extracted, 'index.js'))}).handler(${JSON.stringify(event)}).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e.stack); process.exit(3); });`;
    const r = spawnSync(process.execPath, ['--enable-source-maps', '-e', script], { cwd: extracted, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('require()-ing the extracted index.js gives a working handler', () => {
    const r = invoke({ name: 'ada' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ greeting: 'HELLO ADA' });
  });

  test('with --enable-source-maps, errors point at the TypeScript line', () => {
    const r = invoke({ fail: true });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('alpha failed on purpose');
    expect(r.stderr).toMatch(/functions\/alpha\/src\/index\.ts:3:\d+/);
  });

  test('dependencies are bundled: a handler importing zod and a shared module runs with no node_modules around', () => {
    const p = tempProject();
    const unzipped = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-cdktf-unzip-'));
    try {
      p.writeFunction(
        'hello',
        [
          "import { z } from 'zod';",
          "import { greeting } from '../../_shared/greeting';",
          'const Input = z.object({ name: z.string().min(1) });',
          'export const handler = async (event: unknown) => ({ greeting: greeting(Input.parse(event).name) });',
          '',
        ].join('\n'),
      );
      p.writeFile('functions/_shared/greeting.ts', 'export const greeting = (name: string): string => `Hello, ${name}!`;\n');
      p.linkNodeModules();
      const stack = newStack();
      const [fn] = addFunctions(stack, { source: 'hello', functionName: 'test-hello', projectRoot: p.root });
      execFileSync('unzip', ['-q', fn.bundle.zipPath, '-d', unzipped]);
      const script = `require(${JSON.stringify(path.join(unzipped, 'index.js'))}).handler({ name: 'Ada' }).then((r) => console.log(JSON.stringify(r)));`;
      const r = spawnSync(process.execPath, ['-e', script], { cwd: unzipped, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ greeting: 'Hello, Ada!' });
      expect(fs.readdirSync(unzipped).sort()).toEqual(['index.js', 'index.js.map']);
    } finally {
      p.cleanup();
      fs.rmSync(unzipped, { recursive: true, force: true });
    }
  });

  test('one archive per function: the two functions of a stack get their own code', () => {
    const j = synthFunctions({ source: 'alpha', functionName: 'test-alpha' }, { source: 'beta', functionName: 'test-beta' });
    expect(names(j, 'aws_lambda_function')).toHaveLength(2);
    expect(lambdaNamed(j, 'test-alpha').r.source_code_hash).not.toBe(lambdaNamed(j, 'test-beta').r.source_code_hash);
  });
});
