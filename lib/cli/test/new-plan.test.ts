/**
 * What `sfn new --from` derives: the sample input from the paths a definition reads of the
 * execution input, and the names it declares resources under. The definitions are AWS's samples
 * (aws-samples/step-functions-workflows-collection: checkout-processing-workflow, and the Map sample
 * of fixtures/exports/); CloudFormation names a stack's resources `<stack>-<logical id>-<random>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { commonPrefix, declaredName, nameBudget, shorten, uniqueName, withoutRandomSuffix } from '../new/names';
import { sampleInputOf } from '../new/sample-input';
import { sampleResultOf } from '../new/sample-result';

/** The first states of AWS's "Checkout processing" sample: a PutItem reading the input, then a callback that replaces it. */
const CHECKOUT = {
  StartAt: 'Set Order, Payment and Shipping Status',
  States: {
    'Set Order, Payment and Shipping Status': {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: { TableName: 'orders', Item: { cart_id: { 'S.$': '$.CartId' }, email: { 'S.$': '$.Email' }, total_cost: { 'N.$': '$.total_cost' }, order_status: { S: 'pending' } } },
      Next: 'Third Party Payment Service HTTPS Endpoint',
      ResultPath: '$.taskresult',
    },
    'Third Party Payment Service HTTPS Endpoint': {
      Type: 'Task',
      Resource: 'arn:aws:states:::apigateway:invoke.waitForTaskToken',
      Parameters: { ApiEndpoint: 'x', Method: 'POST', RequestBody: { 'Payload.$': '$' } },
      Next: 'Payment Validation',
    },
    'Payment Validation': { Type: 'Choice', Choices: [{ Variable: '$.Status', StringEquals: 'PaymentFailed', Next: 'Done' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

describe('the sample input', () => {
  test('the fields the first states read of the input, until a state replaces it; a DynamoDB N as a number string', () => {
    expect(sampleInputOf(CHECKOUT)).toEqual({ CartId: 'example', Email: 'example', total_cost: '1' });
  });

  test('a Choice passes its input on: values for which its rules hold; a Map over the input: an item read by its states', () => {
    const definition = {
      StartAt: 'Route',
      States: {
        Route: { Type: 'Choice', Choices: [{ Variable: '$.order.kind', StringEquals: 'express', Next: 'Each' }, { Variable: '$.order.total', NumericGreaterThan: 100, Next: 'Each' }], Default: 'Each' },
        Each: { Type: 'Map', ItemsPath: '$.order.lines', ItemProcessor: { StartAt: 'Line', States: { Line: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'Payload.$': '$.sku' }, End: true } } }, End: true },
      },
    };
    // NumericGreaterThan 100: 101 (AWS: "Choice workflow state", comparison operators).
    expect(sampleInputOf(definition)).toEqual({ order: { kind: 'express', total: 101, lines: [{ sku: 'example' }] } });
  });

  test("AWS's Map sample reads nothing of the input it can follow (its first function takes no payload)", () => {
    expect(sampleInputOf(parse(readFileSync(join(__dirname, 'fixtures', 'exports', 'process-with-map.yaml'), 'utf8')))).toEqual({});
  });
});

describe('the sample result: what the workflow reads of a function result', () => {
  const MAP_SAMPLE = parse(readFileSync(join(__dirname, 'fixtures', 'exports', 'process-with-map.yaml'), 'utf8'));
  const invoke = (extra: object, next: object) => ({
    StartAt: 'Call',
    States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' }, Next: 'Then', ...extra }, Then: next, Done: { Type: 'Succeed' } },
  });
  const use = { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 't', 'Message.$': '$.order.id' }, Next: 'Done' };

  test("AWS's Map sample: lambda:invoke with OutputPath $.Payload, a Choice on the whole output, a Map over $ reading each item's fields", () => {
    // lambda:invoke gives { Payload: <result>, StatusCode, ... } ("Invoke an AWS Lambda function with Step Functions");
    // the Choice's StringEquals holds for the string "No messages" only: an array takes the Default, the Map, which runs more of the workflow.
    expect(sampleResultOf(MAP_SAMPLE, ['Read messages from SQS queue'])).toEqual([{ MessageId: 'example', Body: 'example', ReceiptHandle: 'example' }]);
    // ResultPath null discards the result: nothing of it is read.
    expect(sampleResultOf(MAP_SAMPLE, ['Remove message from SQS queue'])).toBeUndefined();
  });

  test('ResultPath $.x puts the result under x (lambda:invoke: under x.Payload); without OutputPath the wrapper stays', () => {
    expect(sampleResultOf(invoke({ ResultPath: '$.x', OutputPath: '$.x.Payload' }, use), ['Call'])).toEqual({ order: { id: 'example' } });
    expect(sampleResultOf(invoke({ ResultPath: '$.x' }, { ...use, Parameters: { TopicArn: 't', 'Message.$': '$.x.Payload.order.id' } }), ['Call'])).toEqual({ order: { id: 'example' } });
    // What is read of the state's input beside the result is not the result's.
    expect(sampleResultOf(invoke({ ResultPath: '$.x' }, use), ['Call'])).toBeUndefined();
    // ResultPath null: the output is the input ("Specifying state output using ResultPath in Step Functions").
    expect(sampleResultOf(invoke({ ResultPath: null, OutputPath: '$.Payload' }, use), ['Call'])).toBeUndefined();
  });

  test('ResultSelector builds the result from paths of the raw result: those it reads, and those read of what it builds', () => {
    const selector = { ResultSelector: { 'order.$': '$.Payload.detail', 'code.$': '$.StatusCode', 'total.$': '$.Payload.sum' } };
    expect(sampleResultOf(invoke(selector, use), ['Call'])).toEqual({ detail: { id: 'example' }, sum: 'example' });
  });

  test("a function ARN as Resource gives the result as is; a Choice's rules get values that run the most of the workflow", () => {
    const definition = {
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f', Next: 'Check' },
        Check: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.status', StringEquals: 'FAILED', Next: 'Failed' },
            { And: [{ Variable: '$.count', NumericGreaterThanEquals: 10 }, { Variable: '$.ready', BooleanEquals: true }], Next: 'Process' },
          ],
          Default: 'Done',
        },
        Process: { Type: 'Pass', Next: 'Done' },
        Failed: { Type: 'Fail', Error: 'Failed' },
        Done: { Type: 'Succeed' },
      },
    };
    // The first rule that holds is taken: "FAILED" must not be the status; the And holds with 10 and true.
    expect(sampleResultOf(definition, ['Call'])).toEqual({ status: 'example', count: 10, ready: true });
  });

  test('a function invoked by several tasks: the reads after each, merged; a JSONata state is not followed', () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f', ResultPath: '$.a', Next: 'ReadA' },
        ReadA: { Type: 'Pass', Parameters: { 'first.$': '$.a.first' }, Next: 'B' },
        B: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f', Next: 'ReadB' },
        ReadB: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Each', States: { Each: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, End: true } } }, End: true },
      },
    };
    expect(sampleResultOf(definition, ['A', 'B'])).toEqual({ first: 'example', items: [{ n: 'example' }] });
    expect(sampleResultOf({ StartAt: 'A', States: { A: { ...definition.States.A, QueryLanguage: 'JSONata' } } }, ['A'])).toBeUndefined();
  });
});

describe('names', () => {
  const saga = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'exports', 'saga-pattern.json'), 'utf8'));
  const exported = Object.values<{ Parameters?: { FunctionName?: string; TopicArn?: string } }>(saga.States)
    .map((s) => s.Parameters?.FunctionName ?? s.Parameters?.TopicArn)
    .filter((a): a is string => a !== undefined)
    .map((arn) => arn.slice(arn.lastIndexOf(':') + 1));

  test("CloudFormation's random suffix goes; a word that merely ends like one stays", () => {
    expect(withoutRandomSuffix('saga-pattern-sam-StateMachineTopic-1N3GHMZGV4JTW')).toBe('saga-pattern-sam-StateMachineTopic');
    expect(withoutRandomSuffix('orders-NotificationsTopic')).toBe('orders-NotificationsTopic');
  });

  test('what every resource of a stack shares goes, cut where a word starts; the kind\'s word and a cut "Handler" go', () => {
    const prefix = commonPrefix(exported);
    expect(prefix).toBe('saga-pattern-sam-StateMachine');
    expect(declaredName('function', 'saga-pattern-sam-StateMachinereserveFlightLambdaHan-4kQ2mZ8pLx1C', prefix)).toBe('reserve-flight');
    expect(declaredName('function', 'saga-pattern-sam-StateMachinecancelRentalLambdaHand-8TzRb5Nv2CyH', prefix)).toBe('cancel-rental');
    expect(declaredName('topic', 'saga-pattern-sam-StateMachineTopic-1N3GHMZGV4JTW', prefix)).toBe('topic');
    expect(commonPrefix(['orders-processor', 'orders-printer'])).toBe('orders-');
    expect(commonPrefix(['orders-processor'])).toBe('');
  });

  test('shortened to fit AWS limits in every environment, whole words first, then unique', () => {
    // fx-prod-<workflow>-<name> <= 64 characters for a Lambda function.
    expect(nameBudget('function', 'travel', ['fx-dev', 'fx-prod'])).toBe(64 - 'fx-prod-travel-'.length);
    expect(nameBudget('bucket', 'travel', ['fx-dev'])).toBe(63 - 'fx-dev-travel--123456789012'.length);
    expect(shorten('reserve-flight-for-the-customer', 20)).toBe('reserve-flight-for');
    expect(shorten('supercalifragilistic', 5)).toBe('super');
    expect(uniqueName('reserve', new Set(['reserve', 'reserve-2']), 64)).toBe('reserve-3');
  });
});
