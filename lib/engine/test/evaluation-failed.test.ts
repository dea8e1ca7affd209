/**
 * EvaluationFailed (API reference, EvaluationFailedEventDetails: "an evaluation failure that
 * occurred while processing a state, for example, when a JSONata expression throws an error ...
 * only present in state machines that have QueryLanguage set to JSONata, or individual states set
 * to JSONata"), and Map ItemSelector evaluated per iteration.
 */
import { details, eventsOf, run, types } from './helpers';

const jsonata = (states: Record<string, unknown>, startAt = Object.keys(states)[0]) => ({ QueryLanguage: 'JSONata', StartAt: startAt, States: states });
const QEE = 'States.QueryEvaluationError';
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

function evaluationDetails(r: Parameters<typeof eventsOf>[0]) {
  return eventsOf(r, 'EvaluationFailed').map(details);
}

describe('EvaluationFailed', () => {
  test('a Pass whose Output fails: PassStateEntered, EvaluationFailed {error, cause, location, state}, ExecutionFailed', async () => {
    const r = await run(jsonata({ P: { Type: 'Pass', Output: '{% $number("x") %}', End: true } }));
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe(QEE);
    expect(types(r)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    const [d] = evaluationDetails(r);
    expect(d).toMatchObject({ error: QEE, location: 'Output', state: 'P' });
    expect(String(d.cause)).toContain("The JSONata expression '$number(\"x\")' specified for the field 'Output'");
    // As AWS recorded it (LocalStack's AWS-validated test_math_random_seeded and
    // test_assign_reference_variables BASE_UNDEFINED_*, JSONata): the event's cause is the
    // execution's, with the state prefix; a first state's follows event 0, the next follows it.
    expect(r.cause).toContain("An error occurred while executing the state 'P'");
    expect(d.cause).toBe(r.cause);
    const ev = eventsOf(r, 'EvaluationFailed')[0];
    const failed = eventsOf(r, 'ExecutionFailed')[0];
    expect(ev.previousEventId).toBe(0);
    expect(failed.previousEventId).toBe(ev.id);
  });

  test('a Task whose Arguments fail: location the field the cause names ("Arguments/a"), no TaskScheduled', async () => {
    const r = await run(jsonata({ T: { Type: 'Task', Resource: FN, Arguments: { a: '{% $states.input.missing %}' }, End: true } }), {}, { functions: { f: (e: unknown) => e } });
    expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expect(evaluationDetails(r)[0]).toMatchObject({ error: QEE, location: 'Arguments/a', state: 'T' });
  });

  test('an Assign that fails: location names the variable (Assign/x)', async () => {
    const r = await run(jsonata({ P: { Type: 'Pass', Assign: { ok: 1, x: '{% $error("boom") %}' }, End: true } }));
    expect(r.status).toBe('FAILED');
    expect(evaluationDetails(r)[0]).toMatchObject({ error: QEE, location: 'Assign/x', state: 'P' });
  });

  test('a caught failure: EvaluationFailed, then the catcher (TaskStateExited to its Next)', async () => {
    const r = await run(
      jsonata({
        T: { Type: 'Task', Resource: FN, Output: '{% $states.result.nope %}', Catch: [{ ErrorEquals: [QEE], Next: 'C' }], End: true },
        C: { Type: 'Pass', End: true },
      }),
      {},
      { functions: { f: () => ({ a: 1 }) } },
    );
    expect(r.status).toBe('SUCCEEDED');
    const ts = types(r);
    const i = ts.indexOf('EvaluationFailed');
    expect(i).toBeGreaterThan(ts.indexOf('TaskSucceeded'));
    expect(ts[i + 1]).toBe('TaskStateExited');
    expect(evaluationDetails(r)[0]).toMatchObject({ location: 'Output', state: 'T' });
    expect((r.output as { Error: string }).Error).toBe(QEE);
  });

  test('retried: one EvaluationFailed, after the last attempt', async () => {
    const r = await run(jsonata({ T: { Type: 'Task', Resource: FN, Arguments: '{% $states.input.missing %}', Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2, IntervalSeconds: 1 }], End: true } }), {}, { functions: { f: (e: unknown) => e } });
    expect(r.status).toBe('FAILED');
    expect(eventsOf(r, 'EvaluationFailed')).toHaveLength(1);
    expect(types(r).slice(-2)).toEqual(['EvaluationFailed', 'ExecutionFailed']);
  });

  test('a Map whose Items fails: EvaluationFailed (location Items) before MapStateFailed', async () => {
    const r = await run(jsonata({ M: { Type: 'Map', Items: '{% $states.input.n %}', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } }), { n: 3 });
    expect(types(r)).toEqual(['ExecutionStarted', 'MapStateEntered', 'EvaluationFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(evaluationDetails(r)[0]).toMatchObject({ error: QEE, location: 'Items', state: 'M' });
  });

  test('a Choice whose Condition fails: location Choices[0]/Condition', async () => {
    const r = await run(jsonata({ C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.nope %}', Next: 'E' }], Default: 'E' }, E: { Type: 'Succeed' } }));
    expect(r.status).toBe('FAILED');
    expect(evaluationDetails(r)[0]).toMatchObject({ location: 'Choices[0]/Condition', state: 'C' });
  });

  test('a state in a Map iteration: the event is in the iteration, before MapIterationFailed', async () => {
    const r = await run(jsonata({ M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input.v.w %}', End: true } } }, End: true } }), [{ v: 1 }]);
    expect(types(r)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'PassStateEntered', 'EvaluationFailed', 'MapIterationFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(evaluationDetails(r)[0]).toMatchObject({ state: 'P', location: 'Output' });
  });

  test('JSONPath states write none (the event is JSONata only)', async () => {
    const r = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'a.$': '$.missing' }, End: true } } });
    expect(r.status).toBe('FAILED');
    expect(eventsOf(r, 'EvaluationFailed')).toHaveLength(0);
  });
});

describe('Map ItemSelector: evaluated when each iteration starts', () => {
  const map = (itemSelector: unknown, extra: Record<string, unknown> = {}) =>
    jsonata({ M: { Type: 'Map', ItemSelector: itemSelector, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true, ...extra } });

  test('a failing item fails its iteration: the iterations before it ran; EvaluationFailed after its MapIterationStarted', async () => {
    const r = await run(map({ v: '{% $states.context.Map.Item.Value.a.b %}' }, { MaxConcurrency: 1 }), [{ a: { b: 1 } }, { a: { b: 2 } }, { a: 5 }, { a: { b: 4 } }]);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe(QEE);
    const ts = types(r);
    expect(eventsOf(r, 'MapIterationSucceeded').map((e) => details(e).index)).toEqual([0, 1]);
    expect(eventsOf(r, 'MapIterationStarted').map((e) => details(e).index)).toEqual([0, 1, 2]);
    expect(ts.slice(-5)).toEqual(['MapIterationStarted', 'EvaluationFailed', 'MapIterationFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(evaluationDetails(r)[0]).toMatchObject({ location: 'ItemSelector/v', state: 'M', error: QEE });
    expect(details(eventsOf(r, 'MapIterationFailed')[0]).index).toBe(2);
  });

  test('the selector sees each item (Index, Value), the input and the variables', async () => {
    const r = await run(
      jsonata({
        A: { Type: 'Pass', Assign: { k: 10 }, Next: 'M' },
        M: { Type: 'Map', Items: '{% $states.input.xs %}', ItemSelector: { i: '{% $states.context.Map.Item.Index %}', v: '{% $states.context.Map.Item.Value * $k %}', tag: '{% $states.input.tag %}' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      }),
      { xs: [1, 2, 3], tag: 't' },
    );
    expect(r.output).toEqual([
      { i: 0, v: 10, tag: 't' },
      { i: 1, v: 20, tag: 't' },
      { i: 2, v: 30, tag: 't' },
    ]);
  });

  test('a caught ItemSelector failure goes to the catcher', async () => {
    const r = await run(
      jsonata({
        M: { Type: 'Map', ItemSelector: '{% $states.context.Map.Item.Value.x.y %}', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true },
        C: { Type: 'Pass', End: true },
      }),
      [{ x: 1 }],
    );
    expect(r.status).toBe('SUCCEEDED');
    expect((r.output as { Error: string }).Error).toBe(QEE);
  });

  test('JSONPath: a failing ItemSelector fails (States.Runtime, terminal) when its iteration starts, after the earlier ones ran', async () => {
    const r = await run(
      { StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrency: 1, ItemSelector: { 'v.$': '$$.Map.Item.Value.a' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } },
      [{ a: 1 }, { b: 2 }],
    );
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(eventsOf(r, 'MapIterationSucceeded').map((e) => details(e).index)).toEqual([0]);
    expect(eventsOf(r, 'MapIterationStarted').map((e) => details(e).index)).toEqual([0, 1]);
  });
});

describe("a catcher's own Output failing (AWS's behaviour not determined: kept as is)", () => {
  test('the state fails with States.QueryEvaluationError, not caught again; an EvaluationFailed for each failure', async () => {
    const r = await run(
      jsonata({
        T: {
          Type: 'Task',
          Resource: FN,
          Catch: [
            { ErrorEquals: ['Boom'], Output: '{% $states.errorOutput.nope %}', Next: 'C' },
            { ErrorEquals: ['States.ALL'], Next: 'C' },
          ],
          End: true,
        },
        C: { Type: 'Pass', End: true },
      }),
      {},
      {
        functions: {
          f: () => {
            const e = new Error('x');
            e.name = 'Boom';
            throw e;
          },
        },
      },
    );
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe(QEE);
    expect(evaluationDetails(r).map((d) => d.location)).toEqual(['Output']);
    expect(types(r).slice(-2)).toEqual(['EvaluationFailed', 'ExecutionFailed']);
  });
});

// Recorded on AWS: LocalStack's AWS-validated tests/aws/services/stepfunctions/v2/assign/
// test_assign_reference_variables.py::test_undefined_reference (recorded 21-11-2024). A reference to
// a variable never assigned returns nothing: the whole history, ids and previous ids as AWS wrote
// them (the EvaluationFailed event follows the event the state's Entered event followed).
describe('EvaluationFailed as recorded on AWS (undefined references)', () => {
  const undefinedCause = (state: string, entered: number, field: string) =>
    `An error occurred while executing the state '${state}' (entered at the event id #${entered}). The JSONata expression '$doesNotExist' specified for the field '${field}' returned nothing (undefined).`;
  const pass = { Type: 'Pass', Next: 'State1' };
  test.each<[string, Record<string, unknown>, string, Array<[string, number, number]>]>([
    ['BASE_UNDEFINED_OUTPUT', { State0: { Type: 'Pass', Output: '{% $doesNotExist %}', End: true } }, 'Output', [['PassStateEntered', 2, 0], ['EvaluationFailed', 3, 0], ['ExecutionFailed', 4, 3]]],
    ['BASE_UNDEFINED_OUTPUT_FIELD', { State0: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true } }, 'Output/result', [['PassStateEntered', 2, 0], ['EvaluationFailed', 3, 0], ['ExecutionFailed', 4, 3]]],
    ['BASE_UNDEFINED_ASSIGN', { State0: { Type: 'Pass', Assign: { result: '{% $doesNotExist %}' }, End: true } }, 'Assign/result', [['PassStateEntered', 2, 0], ['EvaluationFailed', 3, 0], ['ExecutionFailed', 4, 3]]],
    ['BASE_UNDEFINED_ARGUMENTS', { State0: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: '{% $doesNotExist %}', End: true } }, 'Arguments', [['TaskStateEntered', 2, 0], ['EvaluationFailed', 3, 0], ['ExecutionFailed', 4, 3]]],
    ['BASE_UNDEFINED_ARGUMENTS_FIELD', { State0: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: '{% $doesNotExist %}' }, End: true } }, 'Arguments/FunctionName', [['TaskStateEntered', 2, 0], ['EvaluationFailed', 3, 0], ['ExecutionFailed', 4, 3]]],
  ])('%s: location %s', async (_name, states, field, events) => {
    const r = await run(jsonata(states));
    const cause = undefinedCause('State0', 2, field);
    expect([r.status, r.error, r.cause]).toEqual(['FAILED', QEE, cause]);
    expect(r.events.slice(1).map((e) => [e.type, e.id, e.previousEventId])).toEqual(events);
    expect(evaluationDetails(r)).toEqual([{ cause, error: QEE, location: field, state: 'State0' }]);
    expect(details(r.events[r.events.length - 1])).toEqual({ error: QEE, cause });
  });

  test('BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES: the third state fails; its EvaluationFailed follows event 5', async () => {
    const r = await run(jsonata({ State0: pass, State1: { ...pass, Next: 'State2' }, State2: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true } }));
    const cause = undefinedCause('State2', 6, 'Output/result');
    expect(r.events.map((e) => [e.type, e.id, e.previousEventId])).toEqual([
      ['ExecutionStarted', 1, 0],
      ['PassStateEntered', 2, 0],
      ['PassStateExited', 3, 2],
      ['PassStateEntered', 4, 3],
      ['PassStateExited', 5, 4],
      ['PassStateEntered', 6, 5],
      ['EvaluationFailed', 7, 5],
      ['ExecutionFailed', 8, 7],
    ]);
    expect(evaluationDetails(r)).toEqual([{ cause, error: QEE, location: 'Output/result', state: 'State2' }]);
  });
});
