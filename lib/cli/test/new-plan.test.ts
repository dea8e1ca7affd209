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

  test('a Choice passes its input on: the value it compares with; a Map over the input: an item read by its states', () => {
    const definition = {
      StartAt: 'Route',
      States: {
        Route: { Type: 'Choice', Choices: [{ Variable: '$.order.kind', StringEquals: 'express', Next: 'Each' }, { Variable: '$.order.total', NumericGreaterThan: 100, Next: 'Each' }], Default: 'Each' },
        Each: { Type: 'Map', ItemsPath: '$.order.lines', ItemProcessor: { StartAt: 'Line', States: { Line: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'Payload.$': '$.sku' }, End: true } } }, End: true },
      },
    };
    expect(sampleInputOf(definition)).toEqual({ order: { kind: 'express', total: 100, lines: [{ sku: 'example' }] } });
  });

  test("AWS's Map sample reads nothing of the input it can follow (its first function takes no payload)", () => {
    expect(sampleInputOf(parse(readFileSync(join(__dirname, 'fixtures', 'exports', 'process-with-map.yaml'), 'utf8')))).toEqual({});
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
