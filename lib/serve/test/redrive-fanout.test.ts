/**
 * RedriveExecution of Parallel, inline Map and Distributed Map states through the real
 * @aws-sdk/client-sfn. AWS (API reference, RedriveExecution): "For workflows that include an
 * Inline Map or Parallel state, RedriveExecution API action reschedules and redrives only the
 * iterations and branches that failed or aborted." Developer guide, "Redriving Map Runs": a
 * redriven parent workflow redrives its Map Run, running only the unsuccessful child workflow
 * executions; DescribeMapRun shows redriveCount and redriveDate (API reference, DescribeMapRun;
 * MapRunItemCounts: pendingRedrive "the number of unsuccessful items in child workflow executions
 * currently waiting to be redriven"). Context object (developer guide): "The value of the
 * RedriveCount context object is 0, if you've not yet redriven an execution".
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListMapRunsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { localEndpoint } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/local';
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
let sfn: SFNClient;

/** Calls of each function, by name; `failing` the payloads (JSON text) that fail on their first call. */
const calls: Record<string, unknown[]> = {};
const failing = new Set<string>();
const failedOnce = new Set<string>();

/** A function that answers `{<name>: payload}`; a failing payload fails the first time, a few milliseconds later. */
function counted(name: string) {
  return (payload: unknown) => {
    (calls[name] ??= []).push(payload);
    const key = `${name}:${JSON.stringify(payload)}`;
    if (failing.has(key) && !failedOnce.has(key)) {
      failedOnce.add(key);
      return new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error(`${key} is down`), { name: 'Down' })), 20));
    }
    return { [name]: payload };
  };
}

beforeAll(async () => {
  const functions = Object.fromEntries(['a', 'b', 'c', 'item', 'child', 'flaky'].map((n) => [n, counted(n)]));
  endpoint = await localEndpoint({ clock: 'virtual', runOptions: { functions } });
  sfn = endpoint.sfn;
});

afterAll(() => endpoint.close());

beforeEach(() => {
  for (const k of Object.keys(calls)) delete calls[k];
});

async function ended(executionArn: string) {
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

/** Starts an execution that fails, redrives it; its events before and after the redrive and its end. */
async function failThenRedrive(name: string, definition: object, input: unknown, failedCheck?: (executionArn: string) => Promise<void>) {
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  const arn = executionArn as string;
  const failed = await ended(arn);
  expect(failed).toMatchObject({ status: 'FAILED', redriveStatus: 'REDRIVABLE' });
  await failedCheck?.(arn);
  const before = await history(arn);
  const firstCalls = JSON.parse(JSON.stringify(calls)) as Record<string, unknown[]>;
  for (const k of Object.keys(calls)) delete calls[k];
  await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
  const after = await ended(arn);
  const events = await history(arn);
  expect(events.slice(0, before.length)).toEqual(before);
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  return { arn, before, firstCalls, after, rest: events.slice(before.length) };
}

test('a redriven Parallel runs only its failed branch; the output holds the three results in order', async () => {
  failing.add('b:{"n":1}');
  const definition = {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Parallel',
        Branches: ['a', 'b', 'c'].map((f) => ({ StartAt: f.toUpperCase(), States: { [f.toUpperCase()]: { Type: 'Task', Resource: fn(f), End: true } } })),
        End: true,
      },
    },
  };
  const { firstCalls, after, rest } = await failThenRedrive('parallel-redrive', definition, { n: 1 });
  expect(firstCalls).toEqual({ a: [{ n: 1 }], b: [{ n: 1 }], c: [{ n: 1 }] });
  expect(calls).toEqual({ b: [{ n: 1 }] });
  expect(after).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  expect(JSON.parse(after.output as string)).toEqual([{ a: { n: 1 } }, { b: { n: 1 } }, { c: { n: 1 } }]);
  expect(rest.map((e) => e.type)).toEqual([
    'ExecutionRedriven',
    'ParallelStateEntered',
    'ParallelStateStarted',
    'TaskStateEntered',
    'LambdaFunctionScheduled',
    'LambdaFunctionStarted',
    'LambdaFunctionSucceeded',
    'TaskStateExited',
    'ParallelStateSucceeded',
    'ParallelStateExited',
    'ExecutionSucceeded',
  ]);
  expect(rest.filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails?.name)).toEqual(['Fan', 'B']);
});

test('a redriven inline Map runs only the iterations that failed or were aborted', async () => {
  failing.add('item:1').add('item:3');
  const definition = { StartAt: 'Each', States: { Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Task', Resource: fn('item'), End: true } } }, End: true } } };
  const { firstCalls, after, rest } = await failThenRedrive('map-redrive', definition, { items: [0, 1, 2, 3, 4] });
  expect(firstCalls.item).toEqual([0, 1, 2, 3, 4]);
  expect((calls.item ?? []).slice().sort()).toEqual([1, 3]);
  expect(after.status).toBe('SUCCEEDED');
  expect(JSON.parse(after.output as string)).toEqual([0, 1, 2, 3, 4].map((i) => ({ item: i })));
  expect(rest.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails?.index)).toEqual([1, 3]);
  expect(rest.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(2);
});

test('a redriven Distributed Map redrives its Map Run: the same ARN, only the failed children run again', async () => {
  failing.add('child:11').add('child:13');
  const definition = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ToleratedFailureCount: 0,
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Child', States: { Child: { Type: 'Task', Resource: fn('child'), End: true } } },
        End: true,
      },
    },
  };
  const failedRun = async (executionArn: string) => {
    const [run] = (await sfn.send(new ListMapRunsCommand({ executionArn }))).mapRuns ?? [];
    const d = await sfn.send(new DescribeMapRunCommand({ mapRunArn: run.mapRunArn }));
    expect(d).toMatchObject({ status: 'FAILED', redriveCount: 0, itemCounts: { succeeded: 3, failed: 2, total: 5, pendingRedrive: 0 } });
    expect(d.redriveDate).toBeUndefined();
  };
  const { arn, before, firstCalls, after, rest } = await failThenRedrive('distributed-redrive', definition, { items: [10, 11, 12, 13, 14] }, failedRun);
  expect(firstCalls.child.slice().sort()).toEqual([10, 11, 12, 13, 14]);
  expect((calls.child ?? []).slice().sort()).toEqual([11, 13]);
  expect(after.status).toBe('SUCCEEDED');
  expect(JSON.parse(after.output as string)).toEqual([10, 11, 12, 13, 14].map((i) => ({ child: i })));
  const runs = (await sfn.send(new ListMapRunsCommand({ executionArn: arn }))).mapRuns ?? [];
  expect(runs).toHaveLength(1);
  const mapRunArn = runs[0].mapRunArn as string;
  expect(before.find((e) => e.type === 'MapRunStarted')?.mapRunStartedEventDetails?.mapRunArn).toBe(mapRunArn);
  expect(rest.find((e) => e.type === 'MapRunRedriven')?.mapRunRedrivenEventDetails).toEqual({ mapRunArn, redriveCount: 1 });
  const d = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  expect(d).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  expect(d.redriveDate).toBeInstanceOf(Date);
  const counts = { pending: 0, running: 0, succeeded: 5, failed: 0, timedOut: 0, aborted: 0, total: 5, failuresNotRedrivable: 0, pendingRedrive: 0 };
  expect(d.itemCounts).toMatchObject(counts);
  expect(d.executionCounts).toMatchObject(counts);
});

test('$$.Execution.RedriveCount is 0 in the first attempt and 1 in the redriven one', async () => {
  failing.add('flaky:{"before":0}');
  const definition = {
    StartAt: 'Before',
    States: {
      Before: { Type: 'Pass', Parameters: { 'before.$': '$$.Execution.RedriveCount' }, Next: 'Call' },
      Call: { Type: 'Task', Resource: fn('flaky'), ResultPath: null, Next: 'After' },
      After: { Type: 'Pass', Parameters: { 'before.$': '$.before', 'after.$': '$$.Execution.RedriveCount', 'time.$': '$$.Execution.RedriveTime' }, End: true },
    },
  };
  const { after } = await failThenRedrive('redrive-count', definition, {});
  expect(JSON.parse(after.output as string)).toEqual({ before: 0, after: 1, time: (after.redriveDate as Date).toISOString() });
});
