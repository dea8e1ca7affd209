/** Placeholder names: from the resource name, kind and form; deterministic on collisions. */
import { baseName, kebabCase, NameAllocator, pascalCase, resourceName } from '../naming';

test('names derive from the resource, its kind and its form', () => {
  expect(baseName('function', 'arn', 'ReceiveLead')).toBe('ReceiveLeadFunctionArn');
  expect(baseName('function', 'name', 'receive-lead')).toBe('ReceiveLeadFunctionName');
  expect(baseName('queue', 'url', 'orders')).toBe('OrdersQueueUrl');
  expect(baseName('table', 'name', 'OrdersTable')).toBe('OrdersTableName');
  expect(baseName('bus', 'name', 'crm-bus')).toBe('CrmEventBusName');
  expect(baseName('bucket', 'name', 'my.data_bucket')).toBe('MyDataBucketName');
  expect(baseName('stateMachine', 'arn', 'Shipping')).toBe('ShippingStateMachineArn');
  expect(baseName('topic', 'arn', '2024-alerts')).toBe('_2024AlertsTopicArn');
  expect(baseName('region', 'id', 'us-east-1')).toBe('Region');
  expect(baseName('account', 'id', '123456789012')).toBe('AccountId');
});

test('case conversions', () => {
  expect(pascalCase('receive-lead')).toBe('ReceiveLead');
  expect(pascalCase('HTTPHandler_v2')).toBe('HTTPHandlerV2');
  expect(kebabCase('ReceiveLead')).toBe('receive-lead');
  expect(kebabCase('process_object')).toBe('process-object');
  expect(kebabCase('HTTPHandler')).toBe('http-handler');
});

test("this project's deployment prefixes, .fifo and the account id of bucket names are not part of the name", () => {
  expect(resourceName('function', 'sfn-dev-orders-take-order', ['sfn-dev-', 'sfn-dev-orders-'])).toBe('take-order');
  expect(resourceName('queue', 'ledger.fifo')).toBe('ledger');
  expect(resourceName('bucket', 'sfn-dev-orders-archive-123456789012', ['sfn-dev-orders-'])).toBe('archive');
  expect(resourceName('function', 'sfn-dev-', ['sfn-dev-'])).toBe('sfn-dev-');
});

test('the same key keeps its name; collisions get numbers in order, never a taken name', () => {
  const names = new NameAllocator(['OrdersQueueUrl2']);
  expect(names.nameFor('a', 'OrdersQueueUrl')).toBe('OrdersQueueUrl');
  expect(names.nameFor('b', 'OrdersQueueUrl')).toBe('OrdersQueueUrl3');
  expect(names.nameFor('a', 'Other')).toBe('OrdersQueueUrl');
  names.assign('c', 'Kept');
  expect(names.nameFor('c', 'X')).toBe('Kept');
  expect(names.nameFor('d', 'Kept')).toBe('Kept2');
});
