/**
 * The state a failed run names, from real executions of the engine, and the readable cause of a
 * function that throws (its error document as Lambda records it: errorType, errorMessage, trace).
 */
import { runExecution } from '../../engine';
import type { Json, RunOptions } from '../../engine/types';
import { describeFailure, failingState, handlerFrames } from '../failure';

const task = (fn: string, extra: Record<string, Json> = {}): Json => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: fn, 'Payload.$': '$' }, ...extra });
const functions: RunOptions['functions'] = {
  ok: async (e: unknown) => e,
  boom: async () => {
    throw new TypeError('no lines');
  },
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const failedAt = async (definition: any, input: Json = {}) => failingState((await runExecution(definition, input, { functions })).events)?.name;

test('a Task whose failure nothing catches', async () => {
  expect(await failedAt({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Call' }, Call: task('boom', { End: true }) } })).toBe('Call');
});

test('a Task retried until its retries run out', async () => {
  expect(await failedAt({ StartAt: 'Call', States: { Call: task('boom', { Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2, IntervalSeconds: 1 }], End: true }) } })).toBe('Call');
});

test('a caught failure that leads to a Fail state: the Fail state', async () => {
  const definition = { StartAt: 'Call', States: { Call: task('boom', { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Give up' }], End: true }), 'Give up': { Type: 'Fail', Error: 'Gave.Up' } } };
  expect(await failedAt(definition)).toBe('Give up');
});

test('a caught failure, then a state whose path fails later (no task event): that state', async () => {
  const definition = {
    StartAt: 'Call',
    States: { Call: task('boom', { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Read' }], End: true }), Read: { Type: 'Pass', InputPath: '$.missing.field', End: true } },
  };
  expect(await failedAt(definition)).toBe('Read');
});

test('a state inside a Parallel branch: the inner state, not the Parallel', async () => {
  const definition = {
    StartAt: 'Both',
    States: { Both: { Type: 'Parallel', Branches: [{ StartAt: 'Fine', States: { Fine: task('ok', { End: true }) } }, { StartAt: 'Inner', States: { Inner: task('boom', { End: true }) } }], End: true } },
  };
  expect(await failedAt(definition)).toBe('Inner');
});

test('a Map iteration: the state of the iteration', async () => {
  const definition = { StartAt: 'Each', States: { Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Work', States: { Work: task('boom', { End: true }) } }, End: true } } };
  expect(await failedAt(definition, { items: [1, 2] })).toBe('Work');
});

test('a succeeded execution fails nowhere', async () => {
  expect(await failedAt({ StartAt: 'Call', States: { Call: task('ok', { End: true }) } })).toBeUndefined();
});

test("describeFailure: the state, the error, the function's message and only its own frames (relative paths)", async () => {
  const result = await runExecution({ StartAt: 'Call', States: { Call: task('boom', { End: true }) } }, {}, { functions });
  const text = describeFailure(result, { cwd: __dirname, toolkitRoots: ['/node_modules/', '/lib/engine/', '/lib/services/'] });
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('FAILED at state "Call" (Task): TypeError');
  expect(lines[1]).toBe('  no lines');
  // The handler above is this file's: its frame, relative to the folder given.
  expect(lines[2]).toMatch(/^ {4}at .*failure\.test\.ts:\d+:\d+/);
  expect(lines.slice(2).every((l) => !/node_modules|lib\/engine|node:/.test(l))).toBe(true);
});

test('describeFailure: a cause that is not an error document is shown as it is', async () => {
  const result = await runExecution({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Custom.Error', Cause: 'it broke\non two lines' } } }, {});
  expect(describeFailure(result, { cwd: '/', toolkitRoots: [] })).toBe('FAILED at state "F" (Fail): Custom.Error\n  it broke\n  on two lines\n');
});

test('handlerFrames: node internals and the toolkit left out, paths made relative', () => {
  const trace = [
    'Error: x',
    '    at check (/p/functions/orders/src/index.ts:4:9)',
    '    at handler (/p/functions/orders/src/index.ts:8:3)',
    '    at callPlain (/p/dist/lib/cli/sfn.js:10202:13)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    '    at /p/node_modules/x/index.js:1:1',
  ];
  expect(handlerFrames(trace, '/p', ['/node_modules/', '/p/dist/', '/p/lib/'])).toEqual(['    at check (functions/orders/src/index.ts:4:9)', '    at handler (functions/orders/src/index.ts:8:3)']);
});
