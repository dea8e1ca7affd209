/**
 * The member order of objects built from JSONPath payload templates, as AWS wrote them in recorded
 * executions: LocalStack's AWS-validated snapshots (tests/aws/services/stepfunctions/v2/...). The
 * snapshot library sorts the keys of the API response but parses the JSON texts of the history
 * (input, output, parameters) afterwards, so the members of those texts are in AWS's order.
 * AWS writes the static members first (definition order), then the ".$" members in
 * java.util.HashMap order of their names (member-order.ts). The definition's order fits 5 of these
 * 18 recordings. Values are those recorded, some shortened (they do not change the order).
 */
import type { Json } from '../../types';
import { hashMapOrder, javaStringHash } from '../java-hash-order';
import { compilePayload } from '../payload';
import { ctxOf } from './helpers';

const SNAP = 'tests/aws/services/stepfunctions/v2';
const ARN = 'arn:aws:states:us-east-1:111111111111';
const LAMBDA_RESULT = { ExecutedVersion: '$LATEST', Payload: { ok: true }, StatusCode: 200 };
const EXECUTION = { Id: `${ARN}:execution:sm:exec`, Input: { message: 'TestMessage' }, StartTime: '2024-07-15T13:00:19.000Z', Name: 'exec', RoleArn: 'snf_role_arn', RedriveCount: 0 };
const STATE_MACHINE = { Id: `${ARN}:stateMachine:sm`, Name: 'sm' };
const STATE = { Name: 'QueryValues1', EnteredTime: '2024-07-15T13:00:19.100Z' };
const CONTEXT = { Execution: EXECUTION, StateMachine: STATE_MACHINE, State: STATE };
const DETAIL = { 'delivery-partner': 'UQS', shipped: [{ prod: 'R31', 'dest-code': 9511, quantity: 1344 }] };
const DDB = { TableName: 'table-name', Key: { id: { S: 'id1' } }, UpdateExpression: 'set S=:r', ExpressionAttributeValues: { ':r': { S: 'HelloWorldUpdated' } } };
const API = { ApiEndpoint: '<api-endpoint>', Method: 'POST', Path: 'id_func', Stage: 'sfn-apigw-api', RequestBody: { message: ['Hello', 'World!'] }, QueryParameters: { param1: ['Hello'], param2: ['World'] }, AllowNullValues: true };
const byPath = (keys: string[]) => Object.fromEntries(keys.map((k) => [`${k}.$`, `$.${k}`]));

type Case = [source: string, field: string, template: Json, input: Json, context: Json, recorded: Json];

// [snapshot file and test name (recorded date), field, template, input, context, what AWS wrote]
const CASES: Case[] = [
  [`${SNAP}/context_object/test_context_object: test_result_selector (11-09-2024)`, 'ResultSelector',
    { 'LambdaOutput.$': '$', 'ContextObjectValue.$': '$$.Execution.Input' }, LAMBDA_RESULT, { Execution: { Input: { FunctionName: 'fn', Payload: { 'input-value': 0 } } } },
    { ContextObjectValue: { FunctionName: 'fn', Payload: { 'input-value': 0 } }, LambdaOutput: LAMBDA_RESULT }],
  [`${SNAP}/context_object/test_context_object: test_result_selector (11-09-2024), TaskScheduled parameters`, 'Parameters',
    { 'FunctionName.$': '$.FunctionName', Payload: { 'Input.$': '$' } }, { FunctionName: 'fn', Payload: { 'input-value': 0 } }, {},
    { Payload: { Input: { FunctionName: 'fn', Payload: { 'input-value': 0 } } }, FunctionName: 'fn' }],
  [`${SNAP}/base/test_base: test_query_context_object_values (15-07-2024), 13 members`, 'Parameters',
    {
      'context_object.$': '$$', 'execution.$': '$$.Execution', 'execution_id.$': '$$.Execution.Id', 'execution_input.$': '$$.Execution.Input',
      'execution_name.$': '$$.Execution.Name', 'execution_rolearn.$': '$$.Execution.RoleArn', 'execution_starttime.$': '$$.Execution.StartTime',
      'state.$': '$$.State', 'state_enteredtime.$': '$$.State.EnteredTime', 'state_name.$': '$$.State.Name',
      'statemachine.$': '$$.StateMachine', 'statemachine_id.$': '$$.StateMachine.Id', 'statemachine_name.$': '$$.StateMachine.Name',
    }, { message: 'TestMessage' }, CONTEXT,
    {
      execution: EXECUTION, execution_rolearn: EXECUTION.RoleArn, execution_name: EXECUTION.Name, statemachine_id: STATE_MACHINE.Id,
      execution_id: EXECUTION.Id, execution_input: EXECUTION.Input, execution_starttime: EXECUTION.StartTime, state_name: STATE.Name,
      state_enteredtime: STATE.EnteredTime, statemachine: STATE_MACHINE, state: STATE, context_object: CONTEXT, statemachine_name: STATE_MACHINE.Name,
    }],
  [`${SNAP}/scenarios/test_base_scenarios: test_map_state_item_selector (19-07-2023), an iteration's input`, 'ItemSelector',
    { 'original_input.$': '$', 'iteration_input_value.$': '$$.Map.Item.Value', 'iteration_index.$': '$$.Map.Item.Index', 'from_input_constant.$': '$.delivery-partner', constant_value: 'HelloWorld' },
    DETAIL, { Map: { Item: { Index: 0, Value: DETAIL.shipped[0] } } },
    { constant_value: 'HelloWorld', iteration_input_value: DETAIL.shipped[0], from_input_constant: 'UQS', iteration_index: 0, original_input: DETAIL }],
  ['developer guide, Context object, Map example (docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html)', 'ItemSelector',
    { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' }, {}, { Map: { Item: { Index: 0, Value: { who: 'bob' } } } },
    { ContextValue: { who: 'bob' }, ContextIndex: 0 }],
  [`${SNAP}/services/test_sns_task_service: test_publish_message_attributes[message_value3] (01-02-2024)`, 'Parameters',
    {
      'TopicArn.$': '$.TopicArn', 'Message.$': '$.Message',
      MessageAttributes: { my_attribute_no_1: { DataType: 'String', 'StringValue.$': '$.MessageAttributeValue1' }, my_attribute_no_2: { DataType: 'String', 'StringValue.$': '$.MessageAttributeValue2' } },
    }, { TopicArn: 'arn:aws:sns:us-east-1:111111111111:topic', Message: {}, MessageAttributeValue1: 'Hello', MessageAttributeValue2: 'World!' }, {},
    { MessageAttributes: { my_attribute_no_1: { DataType: 'String', StringValue: 'Hello' }, my_attribute_no_2: { DataType: 'String', StringValue: 'World!' } }, TopicArn: 'arn:aws:sns:us-east-1:111111111111:topic', Message: {} }],
  [`${SNAP}/services/test_sns_task_service: test_fifo_message_attribute (07-02-2024)`, 'Parameters',
    byPath(['TopicArn', 'Message', 'MessageGroupId', 'MessageDeduplicationId']), { TopicArn: 't', Message: { Message: 'HelloWorld!' }, MessageGroupId: 'a-group', MessageDeduplicationId: 'dedup-1' }, {},
    { TopicArn: 't', Message: { Message: 'HelloWorld!' }, MessageGroupId: 'a-group', MessageDeduplicationId: 'dedup-1' }],
  [`${SNAP}/services/test_sns_task_service: test_publish_base[HelloWorld] (03-09-2023)`, 'Parameters',
    byPath(['TopicArn', 'Message']), { TopicArn: 't', Message: 'HelloWorld' }, {}, { TopicArn: 't', Message: 'HelloWorld' }],
  [`${SNAP}/services/test_dynamodb_task_service: test_base_integrations[DYNAMODB_PUT_UPDATE_GET_ITEM] (03-02-2025), UpdateItem`, 'Parameters',
    { ...byPath(['TableName', 'Key', 'UpdateExpression', 'ExpressionAttributeValues']), ReturnValues: 'UPDATED_NEW' }, DDB, {},
    { ReturnValues: 'UPDATED_NEW', TableName: DDB.TableName, UpdateExpression: DDB.UpdateExpression, Key: DDB.Key, ExpressionAttributeValues: DDB.ExpressionAttributeValues }],
  [`${SNAP}/services/test_dynamodb_task_service: test_base_integrations[DYNAMODB_PUT_GET_ITEM] (03-02-2025), PutItem`, 'Parameters',
    byPath(['TableName', 'Item']), { TableName: 'table-name', Item: { data: { S: 'HelloWorld' } } }, {}, { TableName: 'table-name', Item: { data: { S: 'HelloWorld' } } }],
  [`${SNAP}/services/test_dynamodb_task_service: test_base_integrations[DYNAMODB_PUT_GET_ITEM] (03-02-2025), GetItem`, 'Parameters',
    byPath(['TableName', 'Key']), DDB, {}, { TableName: DDB.TableName, Key: DDB.Key }],
  [`${SNAP}/services/test_apigetway_task_service: test_invoke_with_query_parameters (20-08-2023)`, 'Parameters',
    byPath(['ApiEndpoint', 'Method', 'Path', 'Stage', 'RequestBody', 'QueryParameters', 'AllowNullValues']), API, {},
    { Path: API.Path, AllowNullValues: true, Stage: API.Stage, ApiEndpoint: API.ApiEndpoint, Method: 'POST', QueryParameters: API.QueryParameters, RequestBody: API.RequestBody }],
  [`${SNAP}/services/test_apigetway_task_service: test_invoke_base (20-08-2023)`, 'Parameters',
    byPath(['ApiEndpoint', 'Method', 'Path', 'Stage']), API, {}, { Path: API.Path, Stage: API.Stage, ApiEndpoint: API.ApiEndpoint, Method: 'POST' }],
  [`${SNAP}/services/test_apigetway_task_service: test_invoke_with_body_post[HelloWorld] (20-08-2023)`, 'Parameters',
    byPath(['ApiEndpoint', 'Method', 'Path', 'Stage', 'RequestBody']), { ...API, RequestBody: 'HelloWorld' }, {},
    { Path: API.Path, Stage: API.Stage, ApiEndpoint: API.ApiEndpoint, Method: 'POST', RequestBody: 'HelloWorld' }],
  [`${SNAP}/services/test_sfn_task_service: test_start_execution_input_json (28-06-2023)`, 'Parameters',
    byPath(['StateMachineArn', 'Input', 'Name']), { StateMachineArn: `${ARN}:stateMachine:target`, Input: { Hello: 'World' }, Name: 'TestStartTarget' }, {},
    { Input: { Hello: 'World' }, StateMachineArn: `${ARN}:stateMachine:target`, Name: 'TestStartTarget' }],
  [`${SNAP}/services/test_lambda_task_service: test_invoke (06-11-2025)`, 'Parameters',
    byPath(['FunctionName', 'Payload']), { FunctionName: 'fn', Payload: null }, {}, { FunctionName: 'fn', Payload: null }],
  [`${SNAP}/services/test_lambda_task_service: test_invoke_unsupported_param (06-11-2025)`, 'Parameters',
    byPath(['FunctionName', 'Payload', 'LogType']), { FunctionName: 'fn', Payload: null, LogType: 'Tail' }, {}, { FunctionName: 'fn', LogType: 'Tail', Payload: null }],
  [`${SNAP}/callback/test_callback: test_sqs_wait_for_task_token (25-06-2023)`, 'Parameters',
    { 'QueueUrl.$': '$.QueueUrl', MessageBody: { 'Message.$': '$.Message', 'TaskToken.$': '$$.Task.Token' } }, { QueueUrl: 'q', Message: 'test_message_txt' }, { Task: { Token: 'tok' } },
    { MessageBody: { Message: 'test_message_txt', TaskToken: 'tok' }, QueueUrl: 'q' }],
];

describe('payload templates write their members in the order AWS recorded', () => {
  test.each(CASES)('%s (%s)', (_source, field, template, input, context, recorded) => {
    const out = compilePayload(template, field)(ctxOf(input, context));
    expect(JSON.stringify(out)).toBe(JSON.stringify(recorded));
  });

  test('a template without any ".$" member keeps the definition\'s order, nested objects included', () => {
    const template = { z: 1, a: { y: 2, b: 3 }, m: [{ q: 1, c: 2 }] };
    expect(JSON.stringify(compilePayload(template, 'Parameters')(ctxOf({})))).toBe(JSON.stringify(template));
  });

  test('static members keep the definition\'s order before the ".$" ones, whose hash decides (test_publish_message_attributes: my_attribute_no_1 before no_2)', () => {
    // Hashed, my_attribute_no_2 (bucket 12) would come before my_attribute_no_1 (bucket 15).
    const out = compilePayload({ 'b.$': '$.v', my_attribute_no_1: 1, 'a.$': '$.v', my_attribute_no_2: 2 }, 'Parameters')(ctxOf({ v: 0 }));
    expect(Object.keys(out as object)).toEqual(['my_attribute_no_1', 'my_attribute_no_2', 'a', 'b']);
  });
});

describe('java.util.HashMap iteration order (java-hash-order.ts)', () => {
  test("Java's String.hashCode, 32-bit, over UTF-16 code units", () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('Aa')).toBe(javaStringHash('BB'));
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(javaStringHash('🙂')).toBe(0xd83d * 31 + 0xde42);
  });

  // Orders printed by OpenJDK 17's java.util.HashMap for the same names put in the same order.
  test.each([
    [
      'Bucket Key Body ContentType Metadata ACL CacheControl ContentDisposition ContentEncoding ContentLanguage Expires StorageClass Tagging ServerSideEncryption SSEKMSKeyId ObjectLockMode ObjectLockRetainUntilDate ChecksumAlgorithm RequestPayer ExpectedBucketOwner',
      '3 11 17 4 5 9 8 7 0 12 13 6 10 16 18 14 15 2 1 19',
    ],
    [
      'a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z é ü 日本 🙂 $ - _ 0 1 2 3 4 5 6 7 8 9 10',
      '69 56 57 59 60 61 62 63 64 65 66 67 68 55 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 58 0 1 2 3 4 5 6 7 8 52 9 10 54 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 53',
    ],
    ['Aa BB AaAa BBBB C# Db', '0 1 4 5 2 3'],
  ])('%s', (names, order) => {
    expect(hashMapOrder(names.split(' ')).join(' ')).toBe(order);
  });
});
