/**
 * Definitions AWS refuses, in AWS's formats, through the real @aws-sdk/client-sfn:
 * - InvalidDefinition "Invalid State Machine Definition: '<CODE>: <message> at <pointer>'" (one
 *   problem) or "''<d1>', '<d2>''" (several), as AWS prints them (CloudFormation's relay of
 *   CreateStateMachine's error, "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET:
 *   Missing 'Next' target: ...'"; AWS's Step Functions Local's list form);
 * - ValidateStateMachineDefinition's diagnostics for an EXPRESS type, an empty definition and text
 *   that is not JSON (AWS-recorded in LocalStack's test_sfn_api_validation snapshot).
 */
import { CreateStateMachineCommand, UpdateStateMachineCommand, ValidateStateMachineDefinitionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { apiError, localEndpoint } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/local';
let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
let sfn: SFNClient;

beforeAll(async () => {
  endpoint = await localEndpoint();
  sfn = endpoint.sfn;
});

afterAll(() => endpoint.close());

const waitForToken = { StartAt: 'SendMessageWithWait', States: { SendMessageWithWait: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } }, End: true } } };

test('InvalidDefinition: one problem as \'<CODE>: <message> at <pointer>\', several as a quoted list', async () => {
  const one = await apiError(sfn.send(new CreateStateMachineCommand({ name: 'bad-next', roleArn: ROLE, definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'Nowhere' }, C: { Type: 'Succeed' } } }) })));
  expect(one.name).toBe('InvalidDefinition');
  expect(one.message).toMatch(/^Invalid State Machine Definition: ''MISSING_TRANSITION_TARGET: .* at \/States\/B\/Next', '.* at \/States\/C''$/);
  const single = await apiError(sfn.send(new CreateStateMachineCommand({ name: 'bad-type', roleArn: ROLE, definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true, Bogus: 1 } } }) })));
  expect(single.message).toMatch(/^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: .* at \/States\/A\/Bogus'$/);
});

test('an EXPRESS state machine cannot wait for a task token: refused at creation and update, and diagnosed', async () => {
  const created = await apiError(sfn.send(new CreateStateMachineCommand({ name: 'express-wait', roleArn: ROLE, type: 'EXPRESS', definition: JSON.stringify(waitForToken) })));
  expect(created).toMatchObject({
    name: 'InvalidDefinition',
    message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/SendMessageWithWait/Resource'",
  });
  const ok = await sfn.send(new CreateStateMachineCommand({ name: 'express-ok', roleArn: ROLE, type: 'EXPRESS', definition: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}' }));
  expect((await apiError(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: ok.stateMachineArn, definition: JSON.stringify(waitForToken) })))).name).toBe('InvalidDefinition');
  expect(await sfn.send(new CreateStateMachineCommand({ name: 'standard-wait', roleArn: ROLE, definition: JSON.stringify(waitForToken) }))).toHaveProperty('stateMachineArn');
  const v = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(waitForToken), type: 'EXPRESS' }));
  expect(v).toMatchObject({
    result: 'FAIL',
    truncated: false,
    diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', location: '/States/SendMessageWithWait/Resource', message: "Express state machine does not support '.waitForTaskToken' service integration ", severity: 'ERROR' }],
  });
});

test('ValidateStateMachineDefinition of what is not a definition: AWS\'s codes, locations and shapes', async () => {
  const empty = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: ' ' }));
  expect(empty).toMatchObject({ result: 'FAIL', diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object', severity: 'ERROR' }] });
  expect(empty.diagnostics?.[0].location).toBeUndefined();
  const text = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: 'not a definition' }));
  // As recorded (test_sfn_api_validation, NOT_A_DEF, 09-10-2024): Jackson's words, located after the token.
  expect(text.diagnostics).toEqual([
    {
      code: 'INVALID_JSON_DESCRIPTION',
      location: '[Source: (String)"not a definition"; line: 1, column: 4]',
      message: 'Unrecognized token \'not\': was expecting (JSON String, Number, Array, Object or token \'null\', \'true\' or \'false\')\n at [Source: (String)"not a definition"; line: 1, column: 4]',
      severity: 'ERROR',
    },
  ]);
  // EMPTY_DICT and INVALID_BASE_NO_STARTAT (09-10-2024): the missing fields together, States first.
  const missing = async (definition: object) => (await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(definition) }))).diagnostics;
  expect(await missing({})).toEqual([{ code: 'SCHEMA_VALIDATION_FAILED', location: '/', message: 'These fields are required: [States, StartAt]', severity: 'ERROR' }]);
  expect(await missing({ States: { P: { Type: 'Pass', End: true } } })).toEqual([{ code: 'SCHEMA_VALIDATION_FAILED', location: '/', message: 'These fields are required: [StartAt]', severity: 'ERROR' }]);
});
