/**
 * EventBridge putEvents Tasks as recorded on AWS (LocalStack's AWS-validated snapshot
 * tests/aws/services/stepfunctions/v2/services/test_events_task_service.snapshot.json): the
 * response without SDK metadata, a Detail given as text or as JSON, and failed entries
 * (EventBridge.FailedEntry, the response as its cause).
 */
import { runExecution } from '../../../engine';
import type { Json } from '../../../engine/types';
import { eventBridgeInvoker, LocalEventBuses } from '../integration';

const SNAP = 'localstack tests/aws/services/stepfunctions/v2/services/test_events_task_service';
const buses = new LocalEventBuses();
const bus = buses.get('default')!;
/** The EVENTS_PUT_EVENTS template: the entries from the input. */
const PUT = { StartAt: 'PutEvents', States: { PutEvents: { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { 'Entries.$': '$.Entries' }, End: true } } };
const run = (input: Json) => runExecution(PUT, input, { resources: [eventBridgeInvoker(buses)] });
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const DETAIL_TYPE = 'detail-type';

test(`${SNAP}: test_put_events_base (12-09-2023)`, async () => {
  const queueUrl = 'https://sqs.us-east-1.amazonaws.com/111111111111/q';
  const r = await run({
    Entries: [
      { Detail: '{"Message": "HelloWorld0"}', DetailType: DETAIL_TYPE, Source: 'some.source' },
      { Detail: { Message: 'HelloWorld1' }, DetailType: DETAIL_TYPE, Source: 'some.source' },
      { Detail: { Message: 'HelloWorld2' }, DetailType: DETAIL_TYPE, Source: 'some.source', Resources: [queueUrl] },
    ],
  });
  expect(r.output).toEqual({ Entries: [{ EventId: UUID }, { EventId: UUID }, { EventId: UUID }], FailedEntryCount: 0 });
  expect(bus.events.slice(-3).map((e) => JSON.parse(e.Detail!) as Json)).toEqual([{ Message: 'HelloWorld0' }, { Message: 'HelloWorld1' }, { Message: 'HelloWorld2' }]);
  expect(r.events.find((e) => e.type === 'TaskSucceeded')?.taskSucceededEventDetails).toMatchObject({ resource: 'putEvents', resourceType: 'events' });
});

test(`${SNAP}: test_put_events_malformed_detail (12-09-2023)`, async () => {
  const before = bus.events.length;
  const r = await run({ Entries: [{ Detail: '"jsonstring"', DetailType: DETAIL_TYPE, Source: 'some.source' }] });
  expect([r.error, r.cause]).toEqual(['EventBridge.FailedEntry', JSON.stringify({ Entries: [{ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }], FailedEntryCount: 1 })]);
  expect(bus.events.length).toBe(before);
});

test(`${SNAP}: test_put_events_no_source (12-09-2023)`, async () => {
  const r = await run({ Entries: [{ Detail: { Message: 'HelloWorld1' }, DetailType: DETAIL_TYPE, Source: 'some.source' }, { Detail: { Message: 'HelloWorld' }, DetailType: DETAIL_TYPE }] });
  expect(r.error).toBe('EventBridge.FailedEntry');
  // The entry that had its Source was put (the recorded events show it delivered).
  const id = bus.events.at(-1)!.EventId;
  expect(r.cause).toBe(JSON.stringify({ Entries: [{ EventId: id }, { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' }], FailedEntryCount: 1 }));
  expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
});
