/**
 * Waits longer than a Node timer can take (2^31 - 1 ms, about 24.8 days) on the real clock: a
 * Wait state and an execution's TimeoutSeconds are reached in steps, not by a timer Node would
 * set to 1 ms (with a TimeoutOverflowWarning each time: the warnings are checked where the
 * command runs in a process of its own, lib/cli/test/signals.test.ts). A Wait may last up to a
 * year on AWS (an execution of a Standard workflow can run for a year: Step Functions quotas,
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
 */
import { runExecution } from '..';
import type { Json } from '../types';

const DAY = 24 * 3600 * 1000;

function waiting(seconds: number, timeoutSeconds?: number): Json {
  return { StartAt: 'W', ...(timeoutSeconds !== undefined ? { TimeoutSeconds: timeoutSeconds } : {}), States: { W: { Type: 'Wait', Seconds: seconds, End: true } } };
}

describe('waits longer than a Node timer on the real clock', () => {
  test('a Wait of 30 days is still waiting until it is aborted', async () => {
    const controller = new AbortController();
    let settled = false;
    const p = runExecution(waiting(30 * 86_400), {}, { clock: 'real', signal: controller.signal }).then((r) => ((settled = true), r));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    controller.abort();
    const r = await p;
    expect(r.status).toBe('ABORTED');
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted']);
  });

  test('an execution TimeoutSeconds of 40 days does not end it at once', async () => {
    const r = await runExecution(waiting(0, 40 * 86_400), {}, { clock: 'real' });
    expect(r.status).toBe('SUCCEEDED');
  });

  describe('with the clock moved on (fake timers)', () => {
    beforeEach(() => jest.useFakeTimers({ now: new Date('2024-01-01T00:00:00Z'), doNotFake: ['queueMicrotask', 'nextTick'] }));
    afterEach(() => jest.useRealTimers());

    test('a Wait of 30 days ends 30 days later, in steps', async () => {
      let settled = false;
      const p = runExecution(waiting(30 * 86_400), {}, { clock: 'real' }).then((r) => ((settled = true), r));
      await jest.advanceTimersByTimeAsync(29 * DAY);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(DAY + 1000);
      expect(settled).toBe(true);
      const r = await p;
      expect(r.status).toBe('SUCCEEDED');
      const [entered, exited] = r.events.filter((e) => e.type?.startsWith('WaitState'));
      expect((exited.timestamp as Date).getTime() - (entered.timestamp as Date).getTime()).toBeGreaterThanOrEqual(30 * DAY);
    });

    test('an execution TimeoutSeconds of 40 days times it out 40 days later', async () => {
      let settled = false;
      const p = runExecution(waiting(60 * 86_400, 40 * 86_400), {}, { clock: 'real' }).then((r) => ((settled = true), r));
      await jest.advanceTimersByTimeAsync(39 * DAY);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(DAY + 1000);
      const r = await p;
      expect(r.status).toBe('TIMED_OUT');
    });
  });
});
