/**
 * The history is recorded cheaply and made into HistoryEvent objects when it is read
 * (lib/engine/history.ts): what is read later is what the run was, whatever the caller did with
 * its objects meanwhile; `result.events` behaves as a plain property; the history of a running
 * execution grows as it runs. And runExecution compiles a definition once, but never runs a
 * definition object as it was before the caller changed it.
 */
import { inspect } from 'node:util';
import { Execution, compileStateMachine, runExecution } from '..';
import type { Json, RunOptions } from '../types';
import { data, details, eventsOf, run, types } from './helpers';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('reading the history later', () => {
  test('the caller changing its input, an override answer and the output before reading the history changes nothing in it', async () => {
    const input = { order: { id: 1, lines: ['a'] } };
    const answer = { ok: true, tags: ['x'] };
    let seen: Json = null;
    const r = await run(
      {
        StartAt: 'Keep',
        States: {
          Keep: { Type: 'Pass', ResultPath: '$.kept', Parameters: { 'lines.$': '$.order.lines' }, Next: 'Call' },
          Call: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { 'MessageBody.$': '$.order' }, ResultPath: '$.sent', End: true },
        },
      },
      input,
      {
        overrides: {
          Call: (effective) => {
            seen = effective;
            // An override that changes what it was given and answers with an object it keeps.
            (effective as { MessageBody: { id: number } }).MessageBody.id = 99;
            return answer;
          },
        },
      },
    );
    expect(r.status).toBe('SUCCEEDED');
    input.order.id = 2;
    input.order.lines.push('b');
    answer.tags.push('y');
    (r.output as { order: { lines: string[] } }).order.lines.push('c');
    expect(seen).toEqual({ MessageBody: { id: 99, lines: ['a'] } });
    const original = { order: { id: 1, lines: ['a'] } };
    expect(data(eventsOf(r, 'ExecutionStarted')[0], 'input')).toEqual(original);
    expect(data(eventsOf(r, 'PassStateEntered')[0], 'input')).toEqual(original);
    expect(data(eventsOf(r, 'TaskScheduled')[0], 'parameters')).toEqual({ MessageBody: { id: 1, lines: ['a'] } });
    expect(data(eventsOf(r, 'TaskSucceeded')[0])).toEqual({ ok: true, tags: ['x'] });
    const output = { ...original, kept: { lines: ['a'] }, sent: { ok: true, tags: ['x'] } };
    expect(data(eventsOf(r, 'ExecutionSucceeded')[0])).toEqual(output);
    expect(r.output).toEqual({ ...output, order: { id: 1, lines: ['a', 'c'] } });
  });

  test('result.events is a plain property once read: the same array each time, replaceable, shown by JSON.stringify and util.inspect', async () => {
    const r = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { n: 1 }, End: true } } });
    expect(Object.keys(r)).toEqual(['status', 'events', 'executionArn', 'startDate', 'stopDate', 'transitions', 'output']);
    expect(JSON.parse(JSON.stringify(r)).events.map((e: { type: string }) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(inspect(r, { depth: 4 })).toContain("type: 'PassStateExited'");
    expect(inspect(r)).not.toContain('Getter');
    const first = r.events;
    expect(r.events).toBe(first);
    expect({ ...r }.events).toBe(first);
    r.events = [];
    expect(r.events).toEqual([]);
    // Without a history: an empty array, as before.
    const none = await run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, {}, { history: false });
    expect(none.events).toEqual([]);
    expect(Object.keys(none)).toEqual(['status', 'events', 'executionArn', 'startDate', 'stopDate', 'transitions', 'output']);
  });

  test('the history of a running execution grows as it runs (the same array), as GetExecutionHistory reads it', async () => {
    let release!: (v: unknown) => void;
    const gate = new Promise((resolve) => (release = resolve));
    const machine = compileStateMachine({ StartAt: 'Wait', States: { Wait: { Type: 'Task', Resource: FN, Next: 'Done' }, Done: { Type: 'Pass', End: true } } });
    const options: RunOptions = { functions: { f: () => gate } };
    const ex = new Execution(machine, { a: 1 }, options);
    const done = ex.run();
    const early = ex.history();
    expect(types(early)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted']);
    release({ b: 2 });
    const r = await done;
    expect(ex.history()).toBe(early);
    expect(types(early)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(r.events).toEqual(early);
    expect(details(early[4])).toEqual({ output: '{"b":2}', outputDetails: { truncated: false } });
  });

  test('thousands of events: ids, previous ids and times as recorded', async () => {
    const r = await run({
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } }, End: true } },
    }, { items: Array.from({ length: 1500 }, (_, i) => i) });
    expect(r.events).toHaveLength(3 + 1500 * 4 + 3);
    expect(r.events.map((e) => e.id)).toEqual(Array.from({ length: r.events.length }, (_, i) => i + 1));
    const iteration = eventsOf(r, 'WaitStateExited')[1499];
    expect((iteration.timestamp as Date).getTime() - (r.events[0].timestamp as Date).getTime()).toBe(1000);
    expect(eventsOf(r, 'MapIterationStarted')[1499].mapIterationStartedEventDetails).toEqual({ name: 'M', index: 1499 });
  });
});

describe('runExecution and the definitions it has compiled', () => {
  test('a definition object changed after it ran runs as changed (values, members added or removed, member order)', async () => {
    const P: { [k: string]: Json } = { Type: 'Pass', Result: { v: 1 }, End: true };
    const definition = { StartAt: 'P', States: { P } };
    expect((await runExecution(definition)).output).toEqual({ v: 1 });
    expect((await runExecution(definition)).output).toEqual({ v: 1 });
    P.Result = { v: 2 };
    expect((await runExecution(definition)).output).toEqual({ v: 2 });
    P.ResultPath = '$.r';
    expect((await runExecution(definition, { a: 0 })).output).toEqual({ a: 0, r: { v: 2 } });
    delete P.ResultPath;
    expect((await runExecution(definition, { a: 0 })).output).toEqual({ v: 2 });
    P.Result = { y: 1, x: 2 };
    expect(JSON.stringify((await runExecution(definition)).output)).toBe('{"y":1,"x":2}');
    P.Result = { x: 2, y: 1 };
    expect(JSON.stringify((await runExecution(definition)).output)).toBe('{"x":2,"y":1}');
    // A change that makes it invalid is refused, as the first time.
    P.Type = 'Nope';
    await expect(runExecution(definition)).rejects.toThrow('The state machine definition is invalid');
  });

  test('the same definition as JSON text or as an object, and a definition with members JSON leaves out', async () => {
    const text = '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":[1,2],"End":true}}}';
    expect((await runExecution(text)).output).toEqual([1, 2]);
    expect((await runExecution(JSON.parse(text) as Json)).output).toEqual([1, 2]);
    const withUndefined = { StartAt: 'P', Comment: undefined, States: { P: { Type: 'Pass', Result: [1, undefined], End: true } } };
    expect((await runExecution(withUndefined as unknown as Json)).output).toEqual([1, null]);
    expect((await runExecution(withUndefined as unknown as Json)).output).toEqual([1, null]);
  });

  test('many executions of one machine at once, with their histories', async () => {
    const definition: Json = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } };
    const f = async (e: unknown) => ({ n: (e as { n: number }).n * 2 });
    const rs = await Promise.all(Array.from({ length: 200 }, (_, n) => runExecution(definition, { n }, { functions: { f } })));
    rs.forEach((r, n) => {
      expect(r.output).toEqual({ n: n * 2 });
      expect(data(eventsOf(r, 'LambdaFunctionSucceeded')[0])).toEqual({ n: n * 2 });
      expect(data(eventsOf(r, 'ExecutionStarted')[0], 'input')).toEqual({ n });
    });
  });
});
