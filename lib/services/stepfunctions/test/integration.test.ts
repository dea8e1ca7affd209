/**
 * `states:startExecution` (request-response, `.sync`, `.sync:2`, AWS SDK form) starting another
 * workflow of a project on the same engine, with its own function: the outputs AWS documents and
 * the errors of the StartExecution API.
 */
import { runExecution } from '../../../engine';
import type { Json } from '../../../engine/types';
import { prepareLocalWorkflow } from '../../../local/project-workflow';
import { localStateMachines } from '../../../local/nested-executions';
import { startLocalServices } from '../../../local/services';
import type { LocalServices } from '../../provider';
import { stateMachine, type WorkflowDeclaration } from '../../../workflow/declaration';
import { tempProject } from '../../../../modules/test/helpers';

const project = tempProject('sfn-start-execution-');
const CHILD_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:child';
const child: WorkflowDeclaration = { name: 'child', description: 'doubles x', functions: { double: {} }, bindings: { Double: { kind: 'function', name: 'double' } }, sampleInput: {} };
const parent: WorkflowDeclaration = { name: 'parent', description: 'starts child', functions: {}, bindings: { Child: stateMachine('child') }, sampleInput: {} };

const task = (resource: string, parameters: Record<string, Json>) =>
  JSON.stringify({ StartAt: 'Start', States: { Start: { Type: 'Task', Resource: resource, Parameters: { StateMachineArn: '${Child}', ...parameters }, End: true } } });

let services: LocalServices;
beforeAll(async () => {
  project.writeFunction('double', "export const handler = async (e: { x: number }) => { if (e.x < 0) throw Object.assign(new Error('negative'), { name: 'Negative' }); return { x: e.x * 2 }; };\n");
  project.writeTemplate(
    'child',
    JSON.stringify({ StartAt: 'Double', States: { Double: { Type: 'Task', Resource: '${Double}', End: true } } }),
  );
  services = await startLocalServices([parent], { projectRoot: project.root, catalog: [parent, child] });
});
afterAll(async () => {
  await services.close();
  project.cleanup();
});

async function run(template: string, input: Json = {}) {
  project.writeTemplate('parent', template);
  const workflow = prepareLocalWorkflow(parent, { projectRoot: project.root });
  return runExecution(workflow.definition, input, { ...services.runOptions, functions: workflow.functions, stateMachineName: 'parent' });
}

test('request-response: StartExecution\'s response, the child running on', async () => {
  const r = await run(task('arn:aws:states:::states:startExecution', { Input: { x: 2 }, Name: 'rr' }));
  expect(r.status).toBe('SUCCEEDED');
  // The optimized form adds the SDK's HTTP metadata (recorded on AWS: ./recorded.test.ts).
  expect(r.output).toEqual({ ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:child:rr', SdkHttpMetadata: expect.any(Object), SdkResponseMetadata: expect.any(Object), StartDate: expect.any(Number) });
  const started = localStateMachines(services)!.executions.find((e) => e.executionArn.endsWith(':rr'))!;
  expect(started).toMatchObject({ stateMachine: 'child', input: { x: 2 }, parentStateName: 'Start' });
  expect(await started.done).toMatchObject({ status: 'SUCCEEDED', output: { x: 4 } });
});

test('.sync: DescribeExecution\'s response, Input and Output as JSON text', async () => {
  const r = await run(task('arn:aws:states:::states:startExecution.sync', { 'Input.$': '$', Name: 'sync' }), { x: 5 });
  expect(r.status).toBe('SUCCEEDED');
  expect(r.output).toEqual({
    ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:child:sync',
    Input: '{"x":5}',
    InputDetails: { Included: true },
    Name: 'sync',
    Output: '{"x":10}',
    OutputDetails: { Included: true },
    StartDate: expect.any(Number),
    StateMachineArn: CHILD_ARN,
    Status: 'SUCCEEDED',
    StopDate: expect.any(Number),
  });
});

test('.sync:2: Input and Output as JSON; Input given as text is parsed', async () => {
  const r = await run(task('arn:aws:states:::states:startExecution.sync:2', { Input: '{"x":1}' }));
  expect(r.output).toMatchObject({ Input: { x: 1 }, Output: { x: 2 }, Status: 'SUCCEEDED', Name: expect.stringMatching(/^[0-9a-f-]{36}$/) });
});

test('a child that fails: States.TaskFailed, the cause is its DescribeExecution response', async () => {
  const r = await run(task('arn:aws:states:::states:startExecution.sync:2', { Input: { x: -1 }, Name: 'fails' }));
  expect(r).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
  const cause = JSON.parse(r.cause!);
  expect(cause).toMatchObject({ ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:child:fails', Status: 'FAILED', Error: 'Negative', Input: { x: -1 } });
  expect(JSON.parse(cause.Cause)).toMatchObject({ errorType: 'Negative', errorMessage: 'negative' });
  expect(cause.Output).toBeUndefined();
});

test('the StartExecution API errors, as each form names them', async () => {
  const missing = await run(JSON.stringify({ StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution', Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope', Dummy: '${Child}' }, End: true } } }));
  expect(missing.error).toBe('StepFunctions.StateMachineDoesNotExistException');
  expect(missing.cause).toMatch(
    /^State Machine Does Not Exist: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope' \(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: [\w-]+; Proxy: null\)$/,
  );
  await run(task('arn:aws:states:::states:startExecution', { Input: { x: 1 }, Name: 'twice' }));
  const twice = await run(task('arn:aws:states:::aws-sdk:sfn:startExecution', { Input: '{"x":1}', Name: 'twice' }));
  expect(twice.error).toBe('Sfn.ExecutionAlreadyExistsException');
  expect(twice.cause).toMatch(/^Execution Already Exists: 'arn:aws:states:us-east-1:123456789012:execution:child:twice' \(Service: Sfn, Status Code: 400, Request ID: [\w-]+\)$/);
  const badName = await run(task('arn:aws:states:::states:startExecution', { Name: 'a b' }));
  expect(badName.error).toBe('StepFunctions.InvalidNameException');
  const badInput = await run(task('arn:aws:states:::states:startExecution', { Input: '{not json' }));
  expect(badInput.error).toBe('StepFunctions.InvalidExecutionInputException');
});

// LocalStack's tests/aws/services/stepfunctions/v2/services/test_sfn_task_service.snapshot.json,
// test_start_execution (Input null) and test_start_execution_input_json (recorded on AWS 28-06-2023):
// the optimized StartExecution answers with the SDK's HTTP metadata (AWS JSON 1.0), members in
// alphabetical order; the parameters as AWS wrote them (Input first).
test.each([
  ['test_start_execution', null],
  ['test_start_execution_input_json', { Hello: 'World' }],
])('as recorded on AWS: %s', async (_name, input) => {
  const template = JSON.stringify({
    StartAt: 'StartExecution',
    States: { StartExecution: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution', Parameters: { 'StateMachineArn.$': '$.StateMachineArn', 'Input.$': '$.Input', 'Name.$': '$.Name' }, End: true, Comment: '${Child}' } },
  });
  const name = `TestStartTarget${input === null ? '' : '2'}`;
  const r = await run(template, { StateMachineArn: CHILD_ARN, Input: input, Name: name });
  const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
  const length = expect.stringMatching(/^\d{3}$/);
  expect(r.output).toEqual({
    ExecutionArn: `arn:aws:states:us-east-1:123456789012:execution:child:${name}`,
    SdkHttpMetadata: {
      AllHttpHeaders: { 'x-amzn-RequestId': [UUID], connection: ['keep-alive'], 'Content-Length': [length], Date: [expect.any(String)], 'Content-Type': ['application/x-amz-json-1.0'] },
      HttpHeaders: { connection: 'keep-alive', 'Content-Length': length, 'Content-Type': 'application/x-amz-json-1.0', Date: expect.any(String), 'x-amzn-RequestId': UUID },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: UUID },
    StartDate: expect.any(Number),
  });
  expect(Object.keys(r.output as object)).toEqual(['ExecutionArn', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StartDate']);
  const scheduled = r.events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
  expect([scheduled.resourceType, scheduled.resource, scheduled.parameters]).toEqual(['states', 'startExecution', JSON.stringify({ Input: input, StateMachineArn: CHILD_ARN, Name: name })]);
});
