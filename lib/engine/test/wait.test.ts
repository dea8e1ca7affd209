import { T0, at, eventsOf, run, snapshotEvents, types } from './helpers';

function waited(r: Awaited<ReturnType<typeof run>>): number {
  return at(eventsOf(r, 'WaitStateExited')[0]) - at(eventsOf(r, 'WaitStateEntered')[0]);
}

describe('Wait', () => {
  test('Seconds: the virtual clock moves at once, and the history shows the wait', async () => {
    const t0 = Date.now();
    const r = await run({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } }, { a: 1 });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(r.output).toEqual({ a: 1 });
    expect(waited(r)).toBe(3_600_000);
    expect(r.stopDate.getTime() - r.startDate.getTime()).toBe(3_600_000);
    expect(types(r)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
  });

  test('Timestamp: until that time; a time in the past does not wait', async () => {
    const until = new Date(T0 + 90_500).toISOString();
    expect(waited(await run({ StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: until, End: true } } }))).toBe(90_500);
    expect(waited(await run({ StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: '2020-01-01T00:00:00Z', End: true } } }))).toBe(0);
  });

  test('SecondsPath and TimestampPath read the effective input (after InputPath); OutputPath shapes the output', async () => {
    const r = await run({ StartAt: 'W', States: { W: { Type: 'Wait', InputPath: '$.w', SecondsPath: '$.s', OutputPath: '$.s', End: true } } }, { w: { s: 42 } });
    expect(waited(r)).toBe(42_000);
    expect(r.output).toBe(42);
    const ts = await run({ StartAt: 'W', States: { W: { Type: 'Wait', TimestampPath: '$.at', End: true } } }, { at: '2024-01-01T00:01:00+00:00' });
    expect(waited(ts)).toBe(60_000);
  });

  test('a SecondsPath that is not a non-negative integer, or a TimestampPath that is no timestamp, fails with States.Runtime', async () => {
    for (const v of [-1, 1.5, 'ten']) {
      const r = await run({ StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } }, { s: v });
      expect(r.error).toBe('States.Runtime');
    }
    const missing = await run({ StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } }, {});
    expect(missing.error).toBe('States.Runtime');
    expect(missing.cause).toContain('The SecondsPath parameter does not reference an input value: $.s');
    const bad = await run({ StartAt: 'W', States: { W: { Type: 'Wait', TimestampPath: '$.t', End: true } } }, { t: 'tomorrow' });
    expect(bad.error).toBe('States.Runtime');
  });

  test('real clock: the wait takes wall-clock time and timestamps are real', async () => {
    const until = new Date(Date.now() + 300).toISOString();
    const t0 = Date.now();
    const r = await run({ StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: until, End: true } } }, {}, { clock: 'real', startTime: undefined });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(waited(r)).toBeGreaterThanOrEqual(250);
  });
});

// Recorded on AWS: LocalStack's tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json,
// test_wait_timestamppath[<suffix>] (recorded 2023-12-06 and 2023-12-11) and test_timestamp_in_past
// (2023-12-11): a Wait state {"TimestampPath": "$.start_at"} given the time of the run written as
// "YYYY-MM-DDTHH:MM:SS" and a suffix. With "Z" and any number of fraction digits it waits (a time
// already past does not wait); without the "Z" the execution fails at once.
describe('Wait TimestampPath formats, as recorded on AWS', () => {
  const machine = { StartAt: 'State_1', States: { State_1: { Type: 'Wait', TimestampPath: '$.start_at', End: true } } };
  const started = (input: unknown) => [
    { id: 1, previousEventId: 0, type: 'ExecutionStarted', executionStartedEventDetails: expect.objectContaining({ input, inputDetails: { truncated: false } }) },
    { id: 2, previousEventId: 0, type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'State_1', input, inputDetails: { truncated: false } } },
  ];
  test.each(['Z', '.000000Z', '.000Z', '.0000000Z', '.00Z'])('"%s": waits, then the state exits with its input', async (suffix) => {
    const input = { start_at: `2024-01-01T00:00:00${suffix}` };
    expect(snapshotEvents(await run(machine, input))).toEqual([
      ...started(input),
      { id: 3, previousEventId: 2, type: 'WaitStateExited', stateExitedEventDetails: { name: 'State_1', output: input, outputDetails: { truncated: false } } },
      { id: 4, previousEventId: 3, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: input, outputDetails: { truncated: false } } },
    ]);
  });
  test('a time in the past: the same history', async () => {
    const input = { start_at: '2023-12-11T22:35:58Z' };
    expect(types(await run(machine, input))).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
  });
  test.each(['', '.000000', '.000'])('"%s" (no "Z"): States.Runtime, the value named in the cause', async (suffix) => {
    const input = { start_at: `2024-01-01T00:00:00${suffix}` };
    const cause =
      "An error occurred while executing the state 'State_1' (entered at the event id #2). The TimestampPath parameter does not reference a valid " +
      `ISO-8601 extended offset date-time format string: $.start_at == 2024-01-01T00:00:00${suffix}`;
    expect(snapshotEvents(await run(machine, input))).toEqual([
      ...started(input),
      { id: 3, previousEventId: 2, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.Runtime', cause } },
    ]);
  });
});
