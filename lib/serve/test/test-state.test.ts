/**
 * TestState through the real @aws-sdk/client-sfn (API reference
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html): the
 * response shape (JSON documents as text, inspectionData at DEBUG / TRACE), a Task run by the
 * endpoint's functions, a mocked error caught, and AWS's error codes as HTTP 400s. The engine's
 * own tests (lib/engine/test/test-state.test.ts) cover the states, mocks and inspection data.
 */
import { TestStateCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { apiError, localEndpoint } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/local';
let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
let sfn: SFNClient;
const calls: unknown[] = [];

beforeAll(async () => {
  endpoint = await localEndpoint({ region: 'eu-west-1', accountId: '111122223333', runOptions: { functions: { score: (e: unknown) => (calls.push(e), { score: 7 }) } } });
  sfn = endpoint.sfn;
});

afterAll(() => endpoint.close());

test('a Pass state at DEBUG: output and inspectionData as JSON text, no nextState at the end', async () => {
  const definition = JSON.stringify({ Type: 'Pass', InputPath: '$.lead', Parameters: { 'id.$': '$.id' }, ResultPath: '$.picked', End: true });
  const r = await sfn.send(new TestStateCommand({ definition, input: '{"lead":{"id":"L-1"}}', inspectionLevel: 'DEBUG' }));
  expect(r.status).toBe('SUCCEEDED');
  expect(JSON.parse(r.output as string)).toEqual({ lead: { id: 'L-1' }, picked: { id: 'L-1' } });
  expect(r.inspectionData).toEqual({
    input: '{"lead":{"id":"L-1"}}',
    afterInputPath: '{"id":"L-1"}',
    afterParameters: '{"id":"L-1"}',
    afterResultSelector: '{"id":"L-1"}',
    afterResultPath: '{"lead":{"id":"L-1"},"picked":{"id":"L-1"}}',
  });
  expect(r.nextState).toBeUndefined();
  const info = await sfn.send(new TestStateCommand({ definition, input: '{"lead":{"id":"L-1"}}' }));
  expect(info.inspectionData).toBeUndefined();
});

test('a Task without a mock runs the endpoint\'s function; its Context Object is in the endpoint\'s region and account', async () => {
  const definition = JSON.stringify({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'score', 'Payload.$': '$', 'Execution.$': '$$.Execution.Id' },
    ResultSelector: { 'score.$': '$.Payload.score' },
    Next: 'Route',
  });
  const r = await sfn.send(new TestStateCommand({ definition, roleArn: ROLE, input: '{"lead":1}', inspectionLevel: 'TRACE' }));
  expect(r).toMatchObject({ status: 'SUCCEEDED', nextState: 'Route', output: '{"score":7}' });
  expect(JSON.parse(r.inspectionData?.result as string)).toMatchObject({ StatusCode: 200, Payload: { score: 7 } });
  expect(JSON.parse(r.inspectionData?.afterParameters as string).Execution).toMatch(/^arn:aws:states:eu-west-1:111122223333:express:/);
  expect(calls).toEqual([{ lead: 1 }]);
});

test('a mocked error, caught: CAUGHT_ERROR with the catcher\'s Next and errorDetails', async () => {
  const definition = JSON.stringify({
    Type: 'Task',
    Resource: 'arn:aws:states:::dynamodb:putItem',
    Parameters: { TableName: 't', Item: {} },
    Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.error', Next: 'AlreadyThere' }],
    End: true,
  });
  const r = await sfn.send(
    new TestStateCommand({ definition, input: '{"a":1}', inspectionLevel: 'DEBUG', mock: { errorOutput: { error: 'DynamoDB.ConditionalCheckFailedException', cause: 'exists' } } }),
  );
  expect(r).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'AlreadyThere', error: 'DynamoDB.ConditionalCheckFailedException', cause: 'exists' });
  expect(JSON.parse(r.output as string)).toEqual({ a: 1, error: { Error: 'DynamoDB.ConditionalCheckFailedException', Cause: 'exists' } });
  expect(r.inspectionData?.errorDetails).toEqual({ catchIndex: 0 });
});

test('what AWS refuses is an HTTP 400 with AWS\'s code and message', async () => {
  const map = JSON.stringify({ Type: 'Map', ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, End: true });
  expect(await apiError(sfn.send(new TestStateCommand({ definition: map })))).toEqual({
    name: 'InvalidDefinition',
    message: 'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
    status: 400,
  });
  const pass = JSON.stringify({ Type: 'Pass', End: true });
  expect(await apiError(sfn.send(new TestStateCommand({ definition: pass, mock: { result: '{}' } })))).toMatchObject({ name: 'ValidationException', status: 400 });
  expect(await apiError(sfn.send(new TestStateCommand({ definition: pass, input: 'not json' })))).toMatchObject({ name: 'InvalidExecutionInput', status: 400 });
  expect(await apiError(sfn.send(new TestStateCommand({ definition: '{"Type":"Pass"}' })))).toMatchObject({ name: 'InvalidDefinition', status: 400 });
});
