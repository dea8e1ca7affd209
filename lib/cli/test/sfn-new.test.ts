/**
 * `sfn new NAME [--from EXPORT]` in a project laid out as this repository: what it writes, and that
 * with no edit the project then synthesizes (names within AWS's limits: Lambda function names 1-64
 * characters, Lambda API Reference, CreateFunction), `sfn validate` is clean, `sfn run NAME`
 * SUCCEEDS, the TypeScript type-checks and the AWS Toolkit's language service (what the VS Code
 * preview underlines) finds nothing in the template. The exports are AWS's sample projects
 * (fixtures/exports/README.md says where each comes from).
 */
import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import { join } from 'node:path';
import { buildApp, projectApp } from '../../../modules/app';
import { readStacks, type Json } from '../../../modules/test/helpers';
import { toolkitDiagnostics } from '../../asl/toolkit/toolkit-diagnostics';
import { workflowPages } from '../../graph/docs';
import { loadProject } from '../../project/load';
import { main } from '../sfn';
import { newProject, type NewProject } from './new-project';

jest.setTimeout(120_000);
const EXPORTS = join(__dirname, 'fixtures', 'exports');
let project: NewProject;

async function sfn(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd: project.root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

/** Every file of the project except the links and what synth writes, with its text. */
function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(join(project.root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (['lib', 'node_modules', 'index.ts', '.build', 'out'].includes(rel)) continue;
      if (e.isDirectory()) walk(rel);
      else out[rel] = fs.readFileSync(join(project.root, rel), 'utf8');
    }
  };
  walk('');
  return out;
}

function synth(): Record<string, Json> {
  const outdir = fs.mkdtempSync(join(project.root, 'out-'));
  buildApp(projectApp(loadProject(project.root), { outdir })).synth();
  return Object.fromEntries(Object.entries(readStacks(outdir)).map(([k, v]) => [k, v.json]));
}

const functionNames = (stack: Json) => Object.values<Json>(stack.resource.aws_lambda_function ?? {}).map((f) => f.function_name as string).sort();

describe('sfn new NAME: one Lambda Task with Retry, its typed handler and tests', () => {
  beforeAll(() => {
    project = newProject();
  });
  afterAll(() => project.cleanup());

  test('writes the template, the declaration (registered), the handler with its test, a workflow test and the docs page', async () => {
    const r = await sfn('new', 'my-flow');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\$\{MyFlowFunctionArn\} +fn\('my-flow'\)$/m);
    const files = r.stdout.split('\n').filter((l) => /^ {2}\S/.test(l) && !l.includes('$')).map((l) => l.trim());
    expect(files).toEqual([
      'statemachine/my-flow.asl.json',
      'workflows/my-flow.ts',
      'functions/my-flow/src/index.ts',
      'functions/my-flow/test/index.test.ts',
      'workflows/test/my-flow.test.ts',
      'workflows/index.ts (updated)',
      'docs/workflows/my-flow.md',
      'docs/workflows/README.md (updated)',
    ]);
    expect(fs.readFileSync(join(project.root, 'workflows', 'index.ts'), 'utf8')).toContain("import { myFlow } from './my-flow';");
    expect(fs.readFileSync(join(project.root, 'workflows', 'index.ts'), 'utf8')).toContain('export const workflows: Workflow[] = [myFlow];');
  });

  test('the template is a lambda:invoke Task with the Retry Workflow Studio writes, clean in the AWS Toolkit', async () => {
    const text = fs.readFileSync(join(project.root, 'statemachine', 'my-flow.asl.json'), 'utf8');
    const task = JSON.parse(text).States['Lambda Invoke'];
    expect(task).toMatchObject({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', OutputPath: '$.Payload', Parameters: { 'Payload.$': '$', FunctionName: '${MyFlowFunctionArn}' }, End: true });
    expect(task.Retry).toEqual([
      { ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' },
    ]);
    expect(await toolkitDiagnostics(text)).toEqual([]);
  });

  test('with no edit: sfn validate is clean, sfn run SUCCEEDS with the sample input, synth makes my-flow-<env>, the TypeScript type-checks', async () => {
    expect(await sfn('validate')).toEqual({ code: 0, stdout: '', stderr: 'ok 1 template valid\n' });
    const run = await sfn('run', 'my-flow');
    expect({ code: run.code, output: JSON.parse(run.stdout) }).toEqual({ code: 0, output: { message: 'Hello, Ada!' } });
    const stacks = synth();
    expect(Object.keys(stacks).sort()).toEqual(['backend-dev', 'backend-prod', 'my-flow-dev', 'my-flow-prod']);
    expect(functionNames(stacks['my-flow-dev'])).toEqual(['fx-dev-my-flow-my-flow']);
    expect(project.typeErrors(['workflows/index.ts', 'functions/my-flow/src/index.ts', 'functions/my-flow/test/index.test.ts'])).toEqual([]);
    // The docs page is what `npm run docs` writes.
    const pages = workflowPages(loadProject(project.root).declarations(), project.root);
    for (const [file, text] of pages) expect({ file, text: fs.readFileSync(join(project.root, file), 'utf8') }).toEqual({ file, text });
  });

  test('refuses to overwrite: an existing workflow, or any file it would write (exit 2, nothing written)', async () => {
    const before = snapshot();
    const again = await sfn('new', 'my-flow');
    expect(again).toMatchObject({ code: 2, stdout: '', stderr: 'sfn: workflow "my-flow" exists already (workflows/index.ts): choose another NAME\n' });
    project.writeTemplate('other', '{}');
    const clash = await sfn('new', 'other');
    expect(clash.code).toBe(2);
    expect(clash.stderr).toBe('sfn: statemachine/other.asl.json exists already: sfn new overwrites nothing (choose another NAME, or --rename)\n');
    fs.rmSync(join(project.root, 'statemachine', 'other.asl.json'));
    expect(snapshot()).toEqual(before);
  });

  test('a function folder that exists is left alone: the new function gets the next free name', async () => {
    const r = await sfn('new', 'second', '--dry-run');
    expect(r.code).toBe(0);
    project.writeFunction('second', 'export const handler = async () => 1;\n');
    expect((await sfn('new', 'second', '--dry-run')).stdout).toContain("fn('second-2')");
    fs.rmSync(join(project.root, 'functions', 'second'), { recursive: true });
  });

  test('all or nothing: a write that fails half way takes back every file (exit 2), the registry as it was', async () => {
    const before = snapshot();
    const real = nodeFs.renameSync;
    let renames = 0;
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (++renames === 4) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      real(from, to);
    });
    try {
      const r = await sfn('new', 'third');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^sfn new: cannot write .*functions\/third\/test\/index\.test\.ts: no space left on the device \(nothing was written\)\n$/);
    } finally {
      spy.mockRestore();
    }
    expect(renames).toBe(4);
    expect(snapshot()).toEqual(before);
    expect(fs.existsSync(join(project.root, 'functions', 'third'))).toBe(false);
  });

  test('a name too long for AWS once the environment prefix is added, or not a workflow name: exit 2', async () => {
    expect(await sfn('new', 'w'.repeat(60))).toMatchObject({ code: 2, stderr: expect.stringContaining("functions' names would not fit Lambda's 64 characters") });
    expect(await sfn('new', 'My Flow')).toMatchObject({ code: 2, stderr: expect.stringContaining('a workflow name is lower-case letters and digits') });
  });
});

describe('sfn new NAME --from EXPORT: AWS samples', () => {
  beforeAll(() => {
    project = newProject();
  });
  afterAll(() => project.cleanup());

  test('the saga pattern: a resource per ARN, named after it within the limits, a handler per function; it runs with no edit', async () => {
    const r = await sfn('new', 'travel-booking-saga', '--from', join(EXPORTS, 'saga-pattern.json'), '--rename', 'confirm-rental=confirm-car');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\$\{ReserveFlightFunctionArn\} +fn\('reserve-flight'\)$/m);
    expect(r.stdout).toMatch(/^ {2}\$\{ConfirmCarFunctionArn\} +fn\('confirm-car'\)$/m);
    expect(r.stdout).toMatch(/^ {2}\$\{TopicArn\} +topic\('topic'\)$/m);
    expect(r.stdout).toContain('a local run with the sample input and the generated handlers: SUCCEEDED');
    const template = fs.readFileSync(join(project.root, 'statemachine', 'travel-booking-saga.asl.json'), 'utf8');
    expect(template).not.toMatch(/arn:aws:(lambda|sns):/);
    expect(await toolkitDiagnostics(template)).toEqual([]);
    expect(await sfn('validate')).toMatchObject({ code: 0, stderr: 'ok 1 template valid\n' });
    const run = await sfn('run', 'travel-booking-saga', '--history');
    expect(JSON.parse(run.stdout).status).toBe('SUCCEEDED');
    const stack = synth()['travel-booking-saga-prod'];
    const names = functionNames(stack);
    expect(names).toEqual(
      ['cancel-flight', 'cancel-rental', 'confirm-car', 'confirm-flight', 'process-payment', 'refund-payment', 'reserve-flight', 'reserve-rental'].map((n) => `fx-prod-travel-booking-saga-${n}`).sort(),
    );
    for (const n of names) expect(n.length).toBeLessThanOrEqual(64);
    expect(Object.values<Json>(stack.resource.aws_sns_topic).map((t) => t.name)).toEqual(['fx-prod-travel-booking-saga-topic']);
    const handlers = fs.readdirSync(join(project.root, 'functions')).sort();
    expect(handlers).toHaveLength(8);
    expect(project.typeErrors(['workflows/index.ts', ...handlers.flatMap((h) => [`functions/${h}/src/index.ts`, `functions/${h}/test/index.test.ts`])])).toEqual([]);
  });

  test('process data with a Map (YAML): a topic bound as existing, a table keyed as PutItem writes it; the first handler returns the messages the Map reads, so it runs with no edit', async () => {
    const r = await sfn('new', 'messages', '--from', join(EXPORTS, 'process-with-map.yaml'), '--existing', 'topic');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\$\{SnsTopicArn\} +existing\('arn:aws:sns:us-east-1:111122223333:process-with-map-SNSTopic-7YQ0VN2R5WJ3K', \{ actions: \['sns:Publish'\] \}\)$/m);
    expect(r.stdout).toMatch(/^ {2}\$\{MessagesTableName\} +table\('messages'\)$/m);
    expect(r.stdout).toContain('partition key MessageId guessed from the first attribute PutItem writes');
    expect(r.stdout).toContain('a local run with the sample input and the generated handlers: SUCCEEDED');
    expect(fs.readFileSync(join(project.root, 'workflows', 'messages.ts'), 'utf8')).toContain("messages: { partitionKey: { name: 'MessageId', type: 'S' } },");
    // The function "Read messages from SQS queue" invokes returns the messages the Choice and the Map read (OutputPath $.Payload, ItemsPath $);
    // the one "Remove message from SQS queue" invokes (ResultPath null) returns its event.
    const read = fs.readFileSync(join(project.root, 'functions', 'read-from-sqs', 'src', 'index.ts'), 'utf8');
    expect(read).toContain('export type ReadFromSqsResult = Array<{ MessageId: string; Body: string; ReceiptHandle: string }>;');
    expect(read).toContain("return [{ MessageId: 'example', Body: 'example', ReceiptHandle: 'example' }];");
    expect(fs.readFileSync(join(project.root, 'functions', 'delete-from-sqs', 'src', 'index.ts'), 'utf8')).toContain('  return event;');
    expect(await toolkitDiagnostics(fs.readFileSync(join(project.root, 'statemachine', 'messages.asl.json'), 'utf8'))).toEqual([]);
    expect((await sfn('validate')).code).toBe(0);
    // sfn run with the generated handlers: the Map runs over the one message; it reaches the DynamoDB and SNS stand-ins.
    const run = await sfn('run', 'messages', '--history');
    expect(run.stderr).toBe('');
    const { status, output, events } = JSON.parse(run.stdout) as { status: string; output: Json; events: Json[] };
    expect({ code: run.code, status }).toEqual({ code: 0, status: 'SUCCEEDED' });
    expect(events.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(1);
    const task = (type: string, resource: string) => events.filter((e) => e.type === type && e.taskScheduledEventDetails?.resource === resource).map((e) => JSON.parse(e.taskScheduledEventDetails.parameters));
    expect(task('TaskScheduled', 'putItem')).toEqual([expect.objectContaining({ Item: { MessageId: { S: 'example' }, Body: { S: 'example' } } })]);
    expect(task('TaskScheduled', 'publish')).toEqual([expect.objectContaining({ Message: 'example', Subject: 'Message from Step Functions!' })]);
    expect(events.filter((e) => e.type === 'TaskSucceeded').map((e) => `${e.taskSucceededEventDetails.resourceType}:${e.taskSucceededEventDetails.resource}`)).toEqual(['lambda:invoke', 'dynamodb:putItem', 'lambda:invoke', 'sns:publish']);
    expect(output).toEqual([expect.objectContaining({ MessageId: expect.any(String) })]);
    const stack = synth()['messages-dev'];
    expect(stack.resource.aws_sns_topic).toBeUndefined();
    const policy = Object.entries<Json>(stack.resource.aws_iam_role_policy).find(([id]) => id.startsWith('workflow_'))![1];
    expect(JSON.parse(policy.policy).Statement).toContainEqual({ Sid: 'SnsPublish', Effect: 'Allow', Action: 'sns:Publish', Resource: ['arn:aws:sns:us-east-1:111122223333:process-with-map-SNSTopic-7YQ0VN2R5WJ3K'] });
    const handlers = ['read-from-sqs', 'delete-from-sqs'];
    expect(project.typeErrors(handlers.flatMap((h) => [`functions/${h}/src/index.ts`, `functions/${h}/test/index.test.ts`]))).toEqual([]);
  });

  test('an export that is not a valid definition: exit 1, located, nothing written', async () => {
    const before = snapshot();
    project.writeFile('broken.json', JSON.stringify({ StartAt: 'Missing', States: { A: { Type: 'Pass', End: true } } }, null, 2));
    const r = await sfn('new', 'broken', '--from', 'broken.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^broken\.json:2:\d+: .*Missing/m);
    expect(r.stderr).toContain('sfn new: broken.json cannot be imported (nothing written)');
    fs.rmSync(join(project.root, 'broken.json'));
    expect(snapshot()).toEqual(before);
  });
});
