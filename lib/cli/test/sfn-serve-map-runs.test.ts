/**
 * `sfn serve` of the fixture project: the Map Run of `fanout` (a Distributed Map over a CSV in S3,
 * batches of 2, MaxConcurrency 2, ToleratedFailurePercentage 50, results written to S3; the batch
 * with record 3 fails) through DescribeMapRun and ListMapRuns with the real @aws-sdk/client-sfn
 * (API reference, https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 * and API_ListMapRuns.html; items and child executions counted apart, API_MapRunItemCounts.html and
 * API_MapRunExecutionCounts.html; shapes as AWS recorded them in LocalStack's test_sfn_api_map_run
 * snapshot: ListMapRuns' stateMachineArn `<state machine>/<label>`, a tolerated failure count 0
 * when the state gives none).
 */
import { DescribeExecutionCommand, DescribeMapRunCommand, GetExecutionHistoryCommand, ListMapRunsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { localSfnClient } from '../../local/activity-workers';
import { FIXTURE_PROJECT } from '../../test/fixture-project';
import { startServe } from '../serve-command';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const counts = (c: Record<string, number>) => ({ pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: 0, resultsWritten: 0, failuresNotRedrivable: 0, pendingRedrive: 0, ...c });

test('the Map Run of the fanout workflow: its counts after the run, listed by its execution, named in MapRunStarted', async () => {
  const server = await startServe({ cwd: FIXTURE_PROJECT, stdout: () => undefined, stderr: () => undefined, color: false }, { port: '0', virtualTime: true });
  const sfn = localSfnClient(server.url, 'eu-west-1');
  try {
    const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:fanout';
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"key":"records.csv"}' }));
    let d;
    for (let i = 0; i < 1000 && (d = await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(d?.status).toBe('SUCCEEDED');

    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    const [listed] = mapRuns ?? [];
    expect(listed).toMatchObject({ executionArn, stateMachineArn: `${stateMachineArn}/SumRecords` });
    expect(listed.mapRunArn).toMatch(/^arn:aws:states:eu-west-1:123456789012:mapRun:fanout\/SumRecords:[0-9a-f-]{36}$/);
    const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    expect(events.find((e) => e.type === 'MapRunStarted')?.mapRunStartedEventDetails?.mapRunArn).toBe(listed.mapRunArn);

    const run = await sfn.send(new DescribeMapRunCommand({ mapRunArn: listed.mapRunArn }));
    expect(run).toMatchObject({ mapRunArn: listed.mapRunArn, executionArn, status: 'SUCCEEDED', maxConcurrency: 2, toleratedFailurePercentage: 50, toleratedFailureCount: 0, redriveCount: 0 });
    expect(run.startDate).toEqual(listed.startDate);
    expect(run.stopDate).toEqual(listed.stopDate);
    // Six records in three batches; the batch of records 3 and 4 fails (2 of 6 items, within 50 %).
    expect(run.itemCounts).toEqual(counts({ succeeded: 4, failed: 2, total: 6, resultsWritten: 4 }));
    expect(run.executionCounts).toEqual(counts({ succeeded: 2, failed: 1, total: 3, resultsWritten: 2 }));
  } finally {
    sfn.destroy();
    await server.close();
  }
});
