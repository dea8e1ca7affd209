/**
 * The local EventBridge API with the real `@aws-sdk/client-eventbridge` (AWS JSON 1.1): buses
 * created and described, events put through the API and by a Task of the engine on the same
 * buses, failed entries and errors as the EventBridge API Reference gives them (PutEvents,
 * PutEventsResultEntry, CreateEventBus, DescribeEventBus).
 */
import { CreateEventBusCommand, DeleteEventBusCommand, DescribeEventBusCommand, EventBridgeClient, ListEventBusesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { runExecution } from '../../../engine';
import { LOCAL_CREDENTIALS } from '../../credentials';
import { LocalEventBuses } from '../buses';
import { eventBridgeInvoker } from '../integration';
import { startEventBridgeServer } from '../server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const buses = new LocalEventBuses();
let events: EventBridgeClient;
let close: () => Promise<void>;

beforeAll(async () => {
  const server = await startEventBridgeServer(buses);
  close = server.close;
  events = new EventBridgeClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  events.destroy();
  await close();
});

test('CreateEventBus, DescribeEventBus, ListEventBuses, DeleteEventBus', async () => {
  const { EventBusArn } = await events.send(new CreateEventBusCommand({ Name: 'orders', Description: 'Order events' }));
  expect(EventBusArn).toBe('arn:aws:events:us-east-1:123456789012:event-bus/orders');
  expect(await events.send(new DescribeEventBusCommand({ Name: 'orders' }))).toMatchObject({ Name: 'orders', Arn: EventBusArn, Description: 'Order events', CreationTime: expect.any(Date) });
  expect((await events.send(new DescribeEventBusCommand({}))).Name).toBe('default');
  expect((await events.send(new ListEventBusesCommand({}))).EventBuses?.map((b) => b.Name)).toEqual(['default', 'orders']);
  await expect(events.send(new CreateEventBusCommand({ Name: 'orders' }))).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException' });
  await events.send(new DeleteEventBusCommand({ Name: 'orders' }));
  await expect(events.send(new DescribeEventBusCommand({ Name: 'orders' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Event bus orders does not exist.' });
});

test('PutEvents through the API and from a Task land on the same bus; failed entries are reported per entry', async () => {
  buses.add('crm');
  const r = await events.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: 'crm', Source: 'crm.lead', DetailType: 'Lead', Detail: '{"rut":"1-9"}' },
        { EventBusName: 'nope', Source: 's', DetailType: 'd', Detail: '{}' },
        { EventBusName: 'crm', Source: 's', DetailType: 'd', Detail: 'not json' },
      ],
    }),
  );
  expect(r.FailedEntryCount).toBe(2);
  expect(r.Entries).toEqual([
    { EventId: buses.get('crm')!.events[0].EventId },
    { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus nope does not exist.' },
    { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
  ]);
  const run = await runExecution(
    { StartAt: 'Put', States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { Entries: [{ EventBusName: 'crm', Source: 'crm.lead', DetailType: 'Lead', Detail: { rut: '2-7' } }] }, End: true } } },
    {},
    { resources: [eventBridgeInvoker(buses)] },
  );
  expect(run.status).toBe('SUCCEEDED');
  expect(buses.get('crm')!.events.map((e) => [e.Detail, e.stateName])).toEqual([
    ['{"rut":"1-9"}', undefined],
    ['{"rut":"2-7"}', 'Put'],
  ]);
  await expect(events.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
});
