/**
 * A local function sees the variables the Lambda runtime sets (AWS_REGION above all, where the
 * AWS SDK clients of a handler find their region), with the run's region, while it runs only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareLocalWorkflow } from '../../../local/project-workflow';
import type { WorkflowDeclaration } from '../../../workflow/declaration';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-lambda-env-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
beforeAll(() => {
  fs.mkdirSync(path.join(root, 'functions', 'probe', 'src'), { recursive: true });
  const names = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_EXECUTION_ENV'];
  fs.writeFileSync(path.join(root, 'functions', 'probe', 'src', 'index.ts'), `export const handler = async () => Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n]]));\n`);
  fs.mkdirSync(path.join(root, 'statemachine'));
  fs.writeFileSync(path.join(root, 'statemachine', 'probe.asl.json'), JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Task', Resource: '${Probe}', End: true } } }));
});

const declaration: WorkflowDeclaration = {
  name: 'probe',
  description: 'reads its environment',
  functions: { probe: { memorySize: 512 } },
  bindings: { Probe: { kind: 'function', name: 'probe' } },
  sampleInput: {},
};

test('the runtime variables, with the run region; the caller may override them; process.env is restored after', async () => {
  const before = process.env.AWS_REGION;
  const w = prepareLocalWorkflow(declaration, { projectRoot: root, region: 'eu-west-1' });
  expect(await w.functions.probe.handler({}, {} as never)).toEqual({
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: 'probe',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/probe',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  });
  expect(process.env.AWS_REGION).toBe(before);
  const over = prepareLocalWorkflow(declaration, { projectRoot: root, functionEnvironment: { AWS_REGION: 'sa-east-1' } });
  expect(await over.functions.probe.handler({}, {} as never)).toMatchObject({ AWS_REGION: 'sa-east-1', AWS_DEFAULT_REGION: 'us-east-1' });
});
