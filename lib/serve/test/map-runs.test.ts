/**
 * The Map Runs of Distributed Map states through the real @aws-sdk/client-sfn, as the API
 * reference gives them:
 * - DescribeMapRun https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 *   (counts: API_MapRunItemCounts.html, API_MapRunExecutionCounts.html; errors InvalidArn, ResourceNotFound);
 * - ListMapRuns https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListMapRuns.html
 *   (ExecutionDoesNotExist, InvalidArn, InvalidToken; maxResults / nextToken);
 * - UpdateMapRun https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateMapRun.html
 *   ("Updates an in-progress Map Run's configuration"; ValidationException reason
 *   CANNOT_UPDATE_COMPLETED_MAP_RUN).
 * Shapes as AWS recorded them in LocalStack's test_sfn_api_map_run snapshot (ListMapRuns'
 * stateMachineArn `<state machine>/<label>`, tolerated failures 0 when the state gives none; a
 * RUNNING Map Run has no stopDate) and as measured on AWS in floci-io/floci#2694 (a failed run
 * leaves the items never started pending; a stopped execution's running child counts as aborted).
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateMapRunCommand,
  ValidationException,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { FN_ARN, until } from '../../engine/test/helpers';
import { apiError, localEndpoint } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/local';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
let sfn: SFNClient;

/** Calls of `work` waiting to be released, and the items it was called with. */
const held: Array<() => void> = [];
const calls: unknown[] = [];

beforeAll(async () => {
  const work = async (event: unknown) => {
    const item = event as { hold?: boolean; fail?: boolean };
    calls.push(item);
    if (item.hold) await new Promise<void>((r) => held.push(r));
    if (item.fail) throw Object.assign(new Error('bad item'), { name: 'BadItem' });
    return item;
  };
  endpoint = await localEndpoint({ runOptions: { functions: { work: { handler: work, timeout: 60 } } } });
  sfn = endpoint.sfn;
});

afterAll(() => endpoint.close());

const release = () => held.splice(0).forEach((r) => r());

/** A Distributed Map over the input's `items`, each item one child running `work`. */
function machine(map: Record<string, unknown>, next?: Record<string, unknown>): string {
  const states: Record<string, unknown> = {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: FN_ARN('work'), End: true } },
      },
      ...map,
      ...(next ? { ResultPath: null, Next: 'Again' } : { End: true }),
    },
  };
  if (next) states.Again = next;
  return JSON.stringify({ StartAt: 'Fan', States: states });
}

async function start(name: string, definition: string, items: unknown[]): Promise<string> {
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ items }) }));
  return executionArn as string;
}

async function onlyMapRun(executionArn: string): Promise<string> {
  for (;;) {
    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    if (mapRuns?.length) return mapRuns[0].mapRunArn as string;
    await sleep(5);
  }
}

async function ended(executionArn: string) {
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d;
    await sleep(5);
  }
}

const counts = (c: Record<string, number>) => ({ pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: 0, resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0, ...c });

test('UpdateMapRun raises and lowers the MaxConcurrency of a running Map Run; DescribeMapRun counts as children start and end', async () => {
  calls.length = 0;
  const items = [1, 2, 3, 4, 5, 6].map((n) => ({ n, hold: true }));
  const executionArn = await start('widen', machine({ Label: 'Widen', MaxConcurrency: 1 }), items);
  const mapRunArn = await onlyMapRun(executionArn);
  expect(mapRunArn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:widen\/Widen:[0-9a-f-]{36}$/);
  await until(() => (held.length === 1 ? true : undefined));
  const running = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  expect(running).toMatchObject({ mapRunArn, executionArn, status: 'RUNNING', maxConcurrency: 1, toleratedFailureCount: 0, toleratedFailurePercentage: 0, redriveCount: 0 });
  expect(running.stopDate).toBeUndefined();
  expect(running.startDate).toBeInstanceOf(Date);
  expect(running.itemCounts).toEqual(counts({ pending: 5, running: 1, total: 6 }));
  expect(running.executionCounts).toEqual(counts({ pending: 5, running: 1, total: 6 }));

  await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 3 }));
  await until(() => (held.length === 3 ? true : undefined));
  const wider = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  expect(wider).toMatchObject({ maxConcurrency: 3, itemCounts: counts({ pending: 3, running: 3, total: 6 }) });

  // Lowered to 1: the three running finish; then one child at a time.
  await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 1 }));
  release();
  await until(() => (held.length === 1 ? true : undefined));
  await sleep(50);
  expect(held).toHaveLength(1);
  expect((await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts).toEqual(counts({ pending: 2, running: 1, succeeded: 3, resultsWritten: 3, total: 6 }));
  while ((await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).status === 'RUNNING') {
    release();
    await sleep(5);
  }
  expect((await ended(executionArn)).status).toBe('SUCCEEDED');
  const done = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  expect(done).toMatchObject({ status: 'SUCCEEDED', maxConcurrency: 1 });
  expect(done.stopDate?.getTime()).toBeGreaterThanOrEqual(done.startDate?.getTime() as number);
  expect(done.itemCounts).toEqual(counts({ succeeded: 6, resultsWritten: 6, total: 6 }));
  expect(done.executionCounts).toEqual(counts({ succeeded: 6, resultsWritten: 6, total: 6 }));
  expect(calls).toHaveLength(6);

  const late = sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 5 }));
  await expect(late).rejects.toBeInstanceOf(ValidationException);
  await expect(late).rejects.toMatchObject({ reason: 'CANNOT_UPDATE_COMPLETED_MAP_RUN', $metadata: { httpStatusCode: 400 } });
  // The history's MapRunStarted names the same Map Run.
  const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
  expect(events.find((ev) => ev.type === 'MapRunStarted')?.mapRunStartedEventDetails).toEqual({ mapRunArn });
});

test('UpdateMapRun tolerates failures in a running Map Run that would otherwise fail; without it the run fails and the items never started stay pending', async () => {
  const items = [{ hold: true }, { fail: true }, { fail: true }];
  const failing = await start('strict', machine({ MaxConcurrency: 1 }), items);
  const failingRun = await onlyMapRun(failing);
  await until(() => (held.length === 1 ? true : undefined));
  release();
  expect(await ended(failing)).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  const failed = await sfn.send(new DescribeMapRunCommand({ mapRunArn: failingRun }));
  expect(failed).toMatchObject({ status: 'FAILED', toleratedFailureCount: 0 });
  expect(failed.itemCounts).toEqual(counts({ pending: 1, succeeded: 1, resultsWritten: 1, failed: 1, total: 3 }));

  const tolerant = await start('tolerant', machine({ MaxConcurrency: 1 }), items);
  const mapRunArn = await onlyMapRun(tolerant);
  await until(() => (held.length === 1 ? true : undefined));
  await sfn.send(new UpdateMapRunCommand({ mapRunArn, toleratedFailureCount: 2, toleratedFailurePercentage: 70.5 }));
  expect(await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({ toleratedFailureCount: 2, toleratedFailurePercentage: 70.5, maxConcurrency: 1 });
  release();
  expect((await ended(tolerant)).status).toBe('SUCCEEDED');
  const ok = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  expect(ok.status).toBe('SUCCEEDED');
  expect(ok.itemCounts).toEqual(counts({ succeeded: 1, resultsWritten: 1, failed: 2, total: 3 }));
});

test('StopExecution aborts the Map Run: its running child counts as aborted, the rest stays pending', async () => {
  const executionArn = await start('stopped', machine({ MaxConcurrency: 1 }), [{ hold: true }, { n: 2 }, { n: 3 }]);
  const mapRunArn = await onlyMapRun(executionArn);
  await until(() => (held.length === 1 ? true : undefined));
  await sfn.send(new StopExecutionCommand({ executionArn }));
  release();
  expect((await ended(executionArn)).status).toBe('ABORTED');
  const r = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  expect(r.status).toBe('ABORTED');
  expect(r.stopDate).toBeInstanceOf(Date);
  expect(r.executionCounts).toEqual(counts({ pending: 2, aborted: 1, total: 3 }));
});

test('ListMapRuns lists every Map Run of an execution in the order they started, a page at a time; AWS error codes', async () => {
  const again = { Type: 'Map', ItemsPath: '$.items', Label: 'Again', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true };
  const executionArn = await start('twice', machine({}, again), [{ n: 1 }, { n: 2 }]);
  expect((await ended(executionArn)).status).toBe('SUCCEEDED');
  const all = (await sfn.send(new ListMapRunsCommand({ executionArn }))).mapRuns ?? [];
  expect(all.map((r) => r.stateMachineArn)).toEqual(['arn:aws:states:us-east-1:123456789012:stateMachine:twice/Fan', 'arn:aws:states:us-east-1:123456789012:stateMachine:twice/Again']);
  for (const r of all) {
    expect(r.executionArn).toBe(executionArn);
    expect(r.startDate).toBeInstanceOf(Date);
    expect(r.stopDate).toBeInstanceOf(Date);
  }
  const first = await sfn.send(new ListMapRunsCommand({ executionArn, maxResults: 1 }));
  expect(first.mapRuns?.map((r) => r.mapRunArn)).toEqual([all[0].mapRunArn]);
  const second = await sfn.send(new ListMapRunsCommand({ executionArn, maxResults: 1, nextToken: first.nextToken }));
  expect(second.mapRuns?.map((r) => r.mapRunArn)).toEqual([all[1].mapRunArn]);
  expect(second.nextToken).toBeUndefined();

  const unknownRun = 'arn:aws:states:us-east-1:123456789012:mapRun:twice/Fan:00000000-0000-0000-0000-000000000000';
  expect(await apiError(sfn.send(new DescribeMapRunCommand({ mapRunArn: unknownRun })))).toMatchObject({ name: 'ResourceNotFound', status: 400 });
  await expect(sfn.send(new DescribeMapRunCommand({ mapRunArn: unknownRun }))).rejects.toMatchObject({ resourceName: unknownRun });
  expect((await apiError(sfn.send(new UpdateMapRunCommand({ mapRunArn: unknownRun, maxConcurrency: 2 })))).name).toBe('ResourceNotFound');
  expect((await apiError(sfn.send(new DescribeMapRunCommand({ mapRunArn: executionArn })))).name).toBe('InvalidArn');
  expect((await apiError(sfn.send(new UpdateMapRunCommand({ mapRunArn: 'not-an-arn' })))).name).toBe('InvalidArn');
  expect((await apiError(sfn.send(new UpdateMapRunCommand({ mapRunArn: all[0].mapRunArn, toleratedFailurePercentage: 101 })))).name).toBe('ValidationException');
  expect((await apiError(sfn.send(new ListMapRunsCommand({ executionArn: `${executionArn}-missing` })))).name).toBe('ExecutionDoesNotExist');
  expect((await apiError(sfn.send(new ListMapRunsCommand({ executionArn: all[0].mapRunArn })))).name).toBe('InvalidArn');
  expect((await apiError(sfn.send(new ListMapRunsCommand({ executionArn, nextToken: 'bogus' })))).name).toBe('InvalidToken');
});
