/**
 * DescribeStateMachine and DescribeStateMachineForExecution answer `variableReferences` (API
 * reference: "A map of state name to a list of variables referenced by that state. States that
 * do not use variable references will not be shown in the response"), through the real
 * @aws-sdk/client-sfn, as AWS answered them: LocalStack's AWS-validated
 * tests/aws/services/stepfunctions/v2/test_sfn_api_variable_references (recorded 20-11-2024; its
 * lists sorted by the test, so the order of the names is not AWS's). Definitions are ours,
 * equivalent to the templates.
 */
import { CreateStateMachineCommand, DescribeStateMachineCommand, DescribeStateMachineForExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { localEndpoint } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/local';
let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
let sfn: SFNClient;

beforeAll(async () => {
  endpoint = await localEndpoint({ clock: 'virtual' });
  sfn = endpoint.sfn;
});
afterAll(() => endpoint.close());

const processor = (states: Record<string, unknown>) => ({ ProcessorConfig: { Mode: 'INLINE' }, StartAt: Object.keys(states)[0], States: states });
const end = { Type: 'Pass', End: true };

let n = 0;
async function described(definition: unknown) {
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: `refs-${++n}`, definition: JSON.stringify(definition), roleArn: ROLE }));
  return sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
}

test.each<[string, Record<string, unknown>, Record<string, string[]> | undefined]>([
  ['BASE_REFERENCE_IN_PARAMETERS ("$result" without .$ is no reference)', { State0: { Type: 'Pass', Parameters: { result: '$result' }, Assign: { result: 'foobar' }, Next: 'State1' }, State1: { Type: 'Pass', ResultPath: '$.result', Parameters: { 'result.$': '$result' }, End: true } }, { State1: ['result'] }],
  ['BASE_REFERENCE_IN_CHOICE (Variable, *Path, Assign)', { Setup: { Type: 'Pass', Assign: { guess: 'g', answer: 'a' }, Next: 'CheckAnswer' }, CheckAnswer: { Type: 'Choice', Choices: [{ Variable: '$guess', StringEqualsPath: '$answer', Next: 'CorrectAnswer' }], Default: 'WrongAnswer' }, CorrectAnswer: end, WrongAnswer: { Type: 'Pass', Assign: { 'guess.$': '$answer' }, Next: 'CheckAnswer' } }, { CheckAnswer: ['answer', 'guess'], WrongAnswer: ['answer'] }],
  ['BASE_REFERENCE_IN_WAIT', { Start: { Type: 'Pass', Assign: { waitTime: 0, startAt: '2024-11-06T09:42:03Z' }, Next: 'W1' }, W1: { Type: 'Wait', SecondsPath: '$waitTime', Next: 'W2' }, W2: { Type: 'Wait', TimestampPath: '$startAt', End: true } }, { W1: ['waitTime'], W2: ['startAt'] }],
  ['BASE_REFERENCE_IN_FAIL', { Pass: { Type: 'Pass', Assign: { errorVar: 'E', causeVar: 'C' }, Next: 'Fail' }, Fail: { Type: 'Fail', CausePath: '$causeVar', ErrorPath: '$errorVar' } }, { Fail: ['causeVar', 'errorVar'] }],
  ['BASE_EVALUATION_ORDER_PASS_STATE (InputPath, OutputPath; ResultPath is no reference)', { State0: { Type: 'Pass', Result: { q: 'Q' }, Assign: { 'question.$': '$.q', answer: 42 }, Next: 'State1' }, State1: { Type: 'Pass', InputPath: '$answer', ResultPath: '$.theAnswer', OutputPath: '$answer', Assign: { answer: '<omitted>' }, End: true } }, { State1: ['answer'] }],
  ['BASE_REFERENCE_IN_INTRINSIC_FUNCTION', { State0: { Type: 'Pass', Assign: { s: 'x', v1: 1, v2: 2, name: 'n' }, Next: 'State1' }, State1: { Type: 'Pass', Parameters: { 'h.$': "States.Hash($s, 'SHA-256')", 'sum.$': 'States.MathAdd($v1, $v2)', 'f.$': "States.Format('Hello {}!', $name)", 'u.$': 'States.UUID()' }, End: true } }, { State1: ['name', 's', 'v1', 'v2'] }],
  ['BASE_ASSIGN_FROM_PARAMETERS (no variable read: no variableReferences)', { State0: { Type: 'Pass', Parameters: { input: 'PENDING' }, Assign: { 'result.$': '$.input' }, Next: 'State1' }, State1: { Type: 'Pass', Assign: { result: 'SUCCESS', 'originalResult.$': '$.input' }, End: true } }, undefined],
  ['BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE (states of nested Maps by their names)', { Input: { Type: 'Pass', Result: [[1, 2, 3]], Assign: { bias: 4.3 }, Next: 'Levels' }, Levels: { Type: 'Map', ItemProcessor: processor({ Vector: { Type: 'Pass', Assign: { 'x.$': '$[0]', 'y.$': '$[1]' }, Next: 'Calculate' }, Calculate: { Type: 'Map', ItemProcessor: processor({ Summate: { Type: 'Pass', Assign: { 'Sum.$': 'States.MathAdd(States.MathAdd($y, $x), $bias)' }, End: true } }), End: true } }), End: true } }, { Summate: ['bias', 'x', 'y'] }],
  ['MAP_STATE_REFERENCE_IN_INTRINSIC_FUNCTION (ItemSelector, the processor)', { Start: { Type: 'Pass', Assign: { T: '{}', Q: 'q' }, Next: 'M' }, M: { Type: 'Map', ItemSelector: { 'a.$': 'States.Format($T, $$.Map.Item.Value)' }, ItemProcessor: processor({ Pass: { Type: 'Pass', Parameters: { 'Question.$': '$Q' }, End: true } }), End: true } }, { M: ['T'], Pass: ['Q'] }],
  ['MAP_STATE_REFERENCE_IN_ITEMS_PATH and MAX_CONCURRENCY_PATH', { Start: { Type: 'Pass', Assign: { list: [1], mc: '1' }, Next: 'M' }, M: { Type: 'Map', ItemsPath: '$list', MaxConcurrencyPath: '$mc', ItemProcessor: processor({ H: end }), End: true } }, { M: ['list', 'mc'] }],
  ['MAP_STATE_REFERENCE_IN_ITEM_SELECTOR ("$bucket" without .$ is no reference)', { Start: { Type: 'Pass', Assign: { bucket: 'b' }, Result: { Values: [1] }, Next: 'M' }, M: { Type: 'Map', ItemsPath: '$.Values', ItemSelector: { 'value.$': '$$.Map.Item.Value', bucketName: '$bucket' }, ItemProcessor: processor({ H: end }), End: true } }, undefined],
  ['MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH and TOLERATED_FAILURE_PATH (Distributed)', { Start: { Type: 'Pass', Assign: { maxItems: '2', p: '1', c: '1' }, Next: 'M' }, M: { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON', MaxItemsPath: '$maxItems' }, Parameters: { 'Bucket.$': '$.Bucket', 'Key.$': '$.Key' } }, ToleratedFailurePercentagePath: '$p', ToleratedFailureCountPath: '$c', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'H', States: { H: end } }, End: true } }, { M: ['c', 'maxItems', 'p'] }],
])('%s', async (_name, states, expected) => {
  const d = await described({ StartAt: Object.keys(states)[0], States: states });
  expect(d.variableReferences).toEqual(expected);
  expect(Object.prototype.hasOwnProperty.call(d, 'variableReferences')).toBe(expected !== undefined);
});

test.each([
  ['CHOICE_CONDITION_CONSTANT_JSONATA', { StartAt: 'C', States: { C: { Type: 'Choice', QueryLanguage: 'JSONata', Choices: [{ Condition: true, Next: 'T' }], Default: 'F' }, T: end, F: { Type: 'Fail', Cause: 'Condition is false' } } }],
  ['CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS_JSONATA', { StartAt: 'C', States: { C: { Type: 'Choice', QueryLanguage: 'JSONata', Choices: [{ Condition: '{% $states.input.result.done %}', Next: 'T' }, { Condition: '{% $not($states.input.result.done) %}', Next: 'T' }] }, T: end } }],
  ['a JSONata state reading a variable', { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' }, B: { Type: 'Pass', Output: '{% $x %}', End: true } } }],
])('%s: JSONata states are not listed', async (_name, definition) => {
  expect((await described(definition)).variableReferences).toBeUndefined();
});

test('DescribeStateMachineForExecution answers them too', async () => {
  const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' }, B: { Type: 'Pass', InputPath: '$x', End: true } } };
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'refs-for-execution', definition: JSON.stringify(definition), roleArn: ROLE }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
  const d = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
  expect(d.variableReferences).toEqual({ B: ['x'] });
});
