/**
 * RunOptions.redrive: an execution that did not succeed continues from its result's redrivePoint
 * (API reference, RedriveExecution: "it continues the failed execution from the unsuccessful step
 * and uses the same input ... For workflows that include an Inline Map or Parallel state,
 * RedriveExecution API action reschedules and redrives only the iterations and branches that failed
 * or aborted"; developer guide, "Accessing execution data from the Context object": RedriveCount is
 * 0 until the execution is redriven, RedriveTime "only available if you've redriven an execution").
 */
import { InvalidRunOptionsError, compileStateMachine } from '..';
import type { Json, RunOptions } from '../types';
import { appendRedriven } from '../redrive';
import { def, details, types } from './helpers';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/**
 * Handlers counting their calls; `failOnce` says which calls (by name and payload) fail the first
 * time, a few milliseconds later (so that the others succeed first, or are still running).
 */
function counting(failOnce: (name: string, payload: Json) => boolean) {
  const calls: Array<[string, Json]> = [];
  const failed = new Set<string>();
  const handler = (name: string) => (payload: unknown) => {
    calls.push([name, payload as Json]);
    const key = `${name}:${JSON.stringify(payload)}`;
    if (failOnce(name, payload as Json) && !failed.has(key)) {
      failed.add(key);
      return new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error(`${key} is down`), { name: 'Down' })), 5));
    }
    return { [name]: payload };
  };
  const functions = { a: handler('a'), b: handler('b'), c: handler('c'), d: handler('d') };
  return { calls, functions };
}

const parallel = def({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Assign: { tag: 'x' }, Next: 'Fan' },
    Fan: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Task', Resource: fn('a'), End: true } } },
        {
          StartAt: 'B',
          States: {
            B: { Type: 'Task', Resource: fn('b'), Next: 'Inner' },
            Inner: {
              Type: 'Parallel',
              Branches: [
                { StartAt: 'C', States: { C: { Type: 'Task', Resource: fn('c'), End: true } } },
                { StartAt: 'D', States: { D: { Type: 'Task', Resource: fn('d'), End: true } } },
              ],
              End: true,
            },
          },
        },
      ],
      Next: 'Count',
    },
    Count: { Type: 'Pass', Parameters: { 'count.$': '$$.Execution.RedriveCount', 'tag.$': '$tag', 'results.$': '$' }, End: true },
  },
});

test('a redriven Parallel runs only what failed, recursively, and assembles its output in order', async () => {
  const { calls, functions } = counting((name) => name === 'd');
  const machine = compileStateMachine(parallel);
  const first = await machine.run({ n: 1 }, { functions });
  expect(first).toMatchObject({ status: 'FAILED', error: 'Down' });
  expect(first.redrivePoint).toMatchObject({ state: 'Fan', input: { n: 1 }, variables: { tag: 'x' } });
  const point = first.redrivePoint as NonNullable<typeof first.redrivePoint>;
  expect(point.children?.[0]).toEqual({ output: { a: { n: 1 } } });
  // The failed branch stopped in its inner Parallel, whose branch C succeeded and D failed.
  expect(point.children?.[1]).toMatchObject({ state: 'Inner', input: { b: { n: 1 } }, children: [{ output: { c: { b: { n: 1 } } } }, { state: 'D' }] });
  calls.length = 0;

  const second = await machine.run({ n: 1 }, { functions, redrive: { from: point, count: 1 } });
  expect(second.status).toBe('SUCCEEDED');
  expect(calls).toEqual([['d', { b: { n: 1 } }]]);
  expect(second.output).toEqual({ count: 1, tag: 'x', results: [{ a: { n: 1 } }, [{ c: { b: { n: 1 } } }, { d: { b: { n: 1 } } }]] });
  expect(types(second)).toEqual([
    'ExecutionRedriven',
    'ParallelStateEntered',
    'ParallelStateStarted',
    'ParallelStateEntered',
    'ParallelStateStarted',
    'TaskStateEntered',
    'LambdaFunctionScheduled',
    'LambdaFunctionStarted',
    'LambdaFunctionSucceeded',
    'TaskStateExited',
    'ParallelStateSucceeded',
    'ParallelStateExited',
    'ParallelStateSucceeded',
    'ParallelStateExited',
    'PassStateEntered',
    'PassStateExited',
    'ExecutionSucceeded',
  ]);
  expect(details(second.events[0])).toEqual({ redriveCount: 1 });
  expect(second.events[1]).toMatchObject({ previousEventId: 1, stateEnteredEventDetails: { name: 'Fan' } });
  expect(second.redrivePoint).toBeUndefined();

  // Appended to the earlier history: ids go on, ExecutionRedriven follows the earlier last event.
  const all = appendRedriven(first.events, second.events);
  expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
  expect(all[first.events.length]).toMatchObject({ type: 'ExecutionRedriven', previousEventId: first.events.length });
});

test('a redriven inline Map runs only the iterations that failed; RedriveCount, RedriveTime and StartTime', async () => {
  const { calls, functions } = counting((_name, payload) => payload === 1 || payload === 3);
  const machine = compileStateMachine(
    def({
      QueryLanguage: 'JSONata',
      StartAt: 'Each',
      States: {
        Each: { Type: 'Map', Items: '{% $states.input.items %}', ItemProcessor: { StartAt: 'A', States: { A: { Type: 'Task', Resource: fn('a'), Output: '{% $states.result.a * 10 %}', End: true } } }, Next: 'Ctx' },
        Ctx: { Type: 'Pass', Output: { results: '{% $states.input %}', execution: '{% $states.context.Execution %}' }, End: true },
      },
    }),
  );
  const start = new Date('2024-01-01T00:00:00.000Z');
  const first = await machine.run({ items: [0, 1, 2, 3, 4] }, { functions, startTime: start });
  expect(first.status).toBe('FAILED');
  expect(calls.map(([, p]) => p)).toEqual([0, 1, 2, 3, 4]);
  calls.length = 0;
  const later = new Date('2024-01-02T00:00:00.000Z');
  const second = await machine.run({ items: [0, 1, 2, 3, 4] }, { functions, startTime: later, redrive: { from: first.redrivePoint as never, count: 2, startDate: start } });
  expect(second.status).toBe('SUCCEEDED');
  // Item 1 failed and item 3 was stopped by it (MapIterationAborted): both run now, the others are kept.
  expect(first.events.filter((e) => e.type === 'MapIterationAborted').map((e) => details(e).index)).toEqual([3]);
  expect(calls.map(([, p]) => p).sort()).toEqual([1, 3]);
  const out = second.output as { results: Json[]; execution: Record<string, Json> };
  expect(out.results).toEqual([0, 10, 20, 30, 40]);
  expect(out.execution).toMatchObject({ RedriveCount: 2, RedriveTime: later.toISOString(), StartTime: start.toISOString() });
  expect(second.events.filter((e) => e.type === 'MapIterationStarted').map((e) => details(e).index)).toEqual([1, 3]);
  const once = await machine.run({ items: [] }, { functions });
  expect((once.output as { execution: Record<string, Json> }).execution.RedriveCount).toBe(0);
  expect((once.output as { execution: Record<string, Json> }).execution).not.toHaveProperty('RedriveTime');
});

test('a redrive point that is not one of the state machine is an InvalidRunOptionsError', async () => {
  const machine = compileStateMachine(parallel);
  const bad: Array<[RunOptions['redrive'], RegExp]> = [
    [{ from: { state: 'Nowhere', input: {} }, count: 1 }, /redrive\.from\.state: "Nowhere" is not a state/],
    [{ from: { state: 'Fan', input: {}, children: [null] }, count: 1 }, /"Fan" has 2 branches, not 1/],
    [{ from: { state: 'Prepare', input: {}, children: [] }, count: 1 }, /"Prepare" is not a Parallel or inline Map state/],
    [{ from: { state: 'Fan', input: {}, children: [null, { state: 'A', input: {} }] }, count: 1 }, /children\[1\]\.state: "A" is not a state/],
    [{ from: { state: 'Fan', input: {} }, count: 0 }, /must be \{from: an earlier result's redrivePoint, count: a positive integer/],
  ];
  for (const [redrive, message] of bad) {
    const e = await machine.run({}, { redrive }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidRunOptionsError);
    expect((e as Error).message).toMatch(message);
  }
});

test('an execution stopped from outside keeps the branches that had ended; those still running continue in the redrive', async () => {
  const machine = compileStateMachine(
    def({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Quick', States: { Quick: { Type: 'Task', Resource: fn('quick'), End: true } } },
            { StartAt: 'First', States: { First: { Type: 'Pass', Result: 'first', Next: 'Slow' }, Slow: { Type: 'Task', Resource: fn('slow'), End: true } } },
          ],
          End: true,
        },
      },
    }),
  );
  let quick = 0;
  let hang = true;
  const functions = {
    quick: () => ({ quick: ++quick }),
    slow: (e: unknown) => (hang ? new Promise(() => undefined) : { slow: e }),
  };
  const controller = new AbortController();
  const running = machine.run({}, { functions, signal: controller.signal });
  setTimeout(() => controller.abort({ error: 'Stop', cause: 'stopped by the test' }), 10);
  const first = await running;
  expect(first.status).toBe('ABORTED');
  expect(first.redrivePoint).toEqual({ state: 'Fan', input: {}, children: [{ output: { quick: 1 } }, { state: 'Slow', input: 'first' }] });
  hang = false;
  const second = await machine.run({}, { functions, redrive: { from: first.redrivePoint as never, count: 1 } });
  expect(second.output).toEqual([{ quick: 1 }, { slow: 'first' }]);
  expect(quick).toBe(1);
  expect(second.events.filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails?.name)).toEqual(['Fan', 'Slow']);
});
