/**
 * No JSONata expression can hold the process (lib/engine/jsonata-budget.ts): a recursion without
 * end fails the state with States.QueryEvaluationError (the error AWS gives a failed JSONata
 * evaluation: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html),
 * as does an expression that evaluates for longer than its budget; meanwhile timers and I/O go on,
 * the execution's TimeoutSeconds applies, and an evaluation whose execution or branch has ended
 * stops. The cause has the shape AWS gives an expression that throws ("The JSONata expression '...'
 * specified for the field '...' threw an error during evaluation. <code>: <message>") with
 * JSONata's own codes and messages for these guards (D1011, D1012): AWS documents no limit of its
 * own (lib/engine/README.md).
 */
import { runExecution } from '..';
import type { Json } from '../types';
import { eventsOf, run } from './helpers';

/** A JSONata Pass state whose Output is `expr`. */
function passing(expr: string, more: Record<string, Json> = {}): Json {
  return { QueryLanguage: 'JSONata', StartAt: 'P', ...more, States: { P: { Type: 'Pass', Output: `{% ${expr} %}`, End: true } } };
}

const ENDLESS_TAIL = '($f := function($x){ $f($x) }; $f(1))';
/** Endless, and calls Math.random at each step ($random): whether it still runs shows in Math.random's calls. */
const ENDLESS_RANDOM = '($f := function($x){ $f($random()) }; $f(1))';
const ENDLESS_DEEP = '($f := function($x){ 1 + $f($x) }; $f(1))';

/** Counts the turns of the event loop (a 1 ms interval) while `p` runs. */
async function loopTurnsDuring<T>(p: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  const interval = setInterval(() => turns++, 1);
  try {
    return { value: await p, turns };
  } finally {
    clearInterval(interval);
  }
}

/** Waits until `spy` has not been called for a while (it is called at each step of an evaluation that still runs). */
async function stoppedCalling(spy: jest.SpyInstance): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const before = spy.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (spy.mock.calls.length === before) return;
  }
  throw new Error(`still evaluating: ${spy.mock.calls.length} calls`);
}

describe('JSONata evaluation budget', () => {
  test('a recursion without end fails the state with States.QueryEvaluationError (D1011), which Catch catches', async () => {
    const r = await run(passing(ENDLESS_DEEP));
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). " +
        `The JSONata expression '${ENDLESS_DEEP}' specified for the field 'Output' threw an error during evaluation. ` +
        'D1011: Stack overflow. Check for non-terminating recursive function.  Consider rewriting as tail-recursive',
    );
    expect(eventsOf(r, 'EvaluationFailed')[0].evaluationFailedEventDetails).toMatchObject({ error: 'States.QueryEvaluationError', location: 'Output', state: 'P' });

    const caught = await run({
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'f', Payload: `{% ${ENDLESS_DEEP} %}` }, Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Handled' }], End: true },
        Handled: { Type: 'Pass', Output: '{% $states.input.Error %}', End: true },
      },
    });
    expect(caught.status).toBe('SUCCEEDED');
    expect(caught.output).toBe('States.QueryEvaluationError');
  });

  test('an endless evaluation fails after its time budget (D1012), and the event loop turns meanwhile', async () => {
    const { value: r, turns } = await loopTurnsDuring(run(passing(ENDLESS_TAIL), {}, { jsonataTimeoutMs: 300 }));
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toContain(`The JSONata expression '${ENDLESS_TAIL}' specified for the field 'Output' threw an error during evaluation. D1012: Evaluation timeout after 300 milliseconds. Check for infinite loop`);
    // Without hand-overs the loop would not turn at all before the run ends (turns 0); how often it
    // turns depends on the machine's load (a loaded CI machine saw 2), so only "it turned" is asserted.
    expect(turns).toBeGreaterThan(0);
  });

  test("the execution's TimeoutSeconds applies on the real clock while an expression evaluates without end", async () => {
    const r = await runExecution(passing(ENDLESS_TAIL, { TimeoutSeconds: 1 }), {}, { clock: 'real' });
    expect(r.status).toBe('TIMED_OUT');
    expect(r.error).toBe('States.Timeout');
  });

  test('an abort stops the execution while an expression evaluates without end, and the evaluation stops', async () => {
    const random = jest.spyOn(Math, 'random');
    try {
      const controller = new AbortController();
      const p = runExecution(passing(ENDLESS_RANDOM), {}, { signal: controller.signal });
      setTimeout(() => controller.abort({ error: 'Stop', cause: 'enough' }), 50);
      const r = await p;
      expect(r.status).toBe('ABORTED');
      expect(eventsOf(r, 'ExecutionAborted')[0].executionAbortedEventDetails).toEqual({ error: 'Stop', cause: 'enough' });
      await stoppedCalling(random);
    } finally {
      random.mockRestore();
    }
  });

  test('the evaluation of a branch stops when a sibling fails', async () => {
    const random = jest.spyOn(Math, 'random');
    const r = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Spin', States: { Spin: { Type: 'Pass', Output: `{% ${ENDLESS_RANDOM} %}`, End: true } } },
              { StartAt: 'Later', States: { Later: { Type: 'Wait', Seconds: 1, Next: 'Boom' }, Boom: { Type: 'Fail', Error: 'Boom', Cause: 'a branch failed' } } },
            ],
            End: true,
          },
        },
      },
      {},
      { clock: 'real', jsonataTimeoutMs: 120_000 },
    );
    try {
      expect(r.status).toBe('FAILED');
      expect(r.error).toBe('Boom');
      expect(eventsOf(r, 'EvaluationFailed')).toEqual([]);
      expect(random).toHaveBeenCalled();
      await stoppedCalling(random);
    } finally {
      random.mockRestore();
    }
  });

  test('evaluations that take turns give the results they give alone (a Map of 3,000 JSONata iterations, and one with a long evaluation among them)', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => i);
    const r = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Items: '{% $states.input.items %}',
            ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input = 7 ? $sum([1..200000]) : {"i": $states.input, "sq": $states.input * $states.input} %}', End: true } } },
            End: true,
          },
        },
      },
      { items },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual(items.map((i) => (i === 7 ? 20000100000 : { i, sq: i * i })));
  });
});
