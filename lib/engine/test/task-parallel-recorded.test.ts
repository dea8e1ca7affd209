/**
 * Lambda retries, States.Runtime, Parallel failures and the legacy Map forms as recorded on AWS:
 * LocalStack's AWS-validated snapshots in
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json (test name and
 * recorded date at each case). The definitions are ours, equivalent to the recorded ones; the
 * Lambda functions are local handlers that behave as LocalStack's test functions (one returns its
 * input, one raises an `Exception` "Some exception was raised."). AWS's function ran on Python;
 * ours on the Node.js runtime, so the Lambda error document's requestId and stack trace are the
 * runtime's own: the tests compare its errorType and errorMessage.
 */
import type { ExecutionResult, Json } from '../types';
import { FN_ARN, def, prevIds, run, types } from './helpers';

const pairs = (r: ExecutionResult) => types(r).map((t, i) => [t, prevIds(r)[i]]);

const raises = () => {
  const e = new Error('Some exception was raised.');
  e.name = 'Exception';
  throw e;
};
const functions = { raise: raises, id: (event: unknown) => event };

/** A one-Task machine on the function `fn`, with `fields`, and `more` states. */
const task = (fn: string, fields: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  def({ StartAt: 'LambdaTask', States: { LambdaTask: { Type: 'Task', Resource: FN_ARN(fn), ...fields }, ...more } });

/** One attempt of a function ARN Task whose LambdaFunctionScheduled is event `id`, failing. */
const failedAttempt = (id: number) => [
  ['LambdaFunctionScheduled', id - 1],
  ['LambdaFunctionStarted', id],
  ['LambdaFunctionFailed', id + 1],
];

const errorDocument = (cause: string | undefined) => {
  const doc = JSON.parse(cause as string) as { errorType: string; errorMessage: string };
  return [doc.errorType, doc.errorMessage];
};

describe('Lambda function ARN Tasks', () => {
  test('test_lambda_empty_retry (23-11-2023): an empty Retry retries nothing', async () => {
    const r = await run(task('raise', { End: true, Retry: [] }), {}, { functions });
    expect(r.error).toBe('Exception');
    expect(errorDocument(r.cause)).toEqual(['Exception', 'Some exception was raised.']);
    expect(pairs(r)).toEqual([['ExecutionStarted', 0], ['TaskStateEntered', 0], ...failedAttempt(3), ['ExecutionFailed', 5]]);
  });

  test('test_retry_interval_features (23-02-2024): MaxAttempts 2 with IntervalSeconds, BackoffRate, MaxDelaySeconds and JitterStrategy: three attempts', async () => {
    const retrier = { ErrorEquals: ['States.ALL'], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 2, MaxDelaySeconds: 5, JitterStrategy: 'FULL' };
    const r = await run(task('raise', { End: true, Retry: [retrier] }), {}, { functions });
    expect(r.error).toBe('Exception');
    expect(pairs(r)).toEqual([['ExecutionStarted', 0], ['TaskStateEntered', 0], ...failedAttempt(3), ...failedAttempt(6), ...failedAttempt(9), ['ExecutionFailed', 11]]);
  });

  test('test_lambda_invoke_with_retry_base (24-10-2023): four attempts, then the catcher gets {Error, Cause}', async () => {
    const r = await run(
      def({
        StartAt: 'InvokeLambdaWithRetry',
        States: {
          InvokeLambdaWithRetry: {
            Type: 'Task',
            Resource: FN_ARN('raise'),
            Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'HandleError' }],
            ResultSelector: { 'Retries.$': '$$.State.RetryCount' },
            End: true,
          },
          HandleError: { Type: 'Pass', End: true },
        },
      }),
      { Value1: 'HelloWorld!', Value2: null },
      { functions },
    );
    const out = r.output as { Error: string; Cause: string };
    expect(Object.keys(out).sort()).toEqual(['Cause', 'Error']);
    expect(out.Error).toBe('Exception');
    expect(errorDocument(out.Cause)).toEqual(['Exception', 'Some exception was raised.']);
    expect(pairs(r)).toEqual([
      ['ExecutionStarted', 0],
      ['TaskStateEntered', 0],
      ...[3, 6, 9, 12].flatMap(failedAttempt),
      ['TaskStateExited', 14],
      ['PassStateEntered', 15],
      ['PassStateExited', 16],
      ['ExecutionSucceeded', 17],
    ]);
    expect(r.events[2].lambdaFunctionScheduledEventDetails?.input).toBe('{"Value1":"HelloWorld!","Value2":null}');
  });

  test('test_catch_states_runtime (23-11-2023): States.Runtime from OutputPath is not caught by a catcher naming it', async () => {
    const r = await run(
      task(
        'id',
        { OutputPath: '$.no.such.result.path', Catch: [{ ErrorEquals: ['States.Runtime'], Next: 'CaughtRuntime' }], Next: 'Final' },
        { CaughtRuntime: { Type: 'Pass', End: true }, Final: { Type: 'Pass', End: true } },
      ),
      {},
      { functions },
    );
    expect([r.error, r.cause]).toEqual([
      'States.Runtime',
      "An error occurred while executing the state 'LambdaTask' (entered at the event id #2). Invalid path '$.no.such.result.path' : Missing property in path $['no']",
    ]);
    expect(pairs(r)).toEqual([
      ['ExecutionStarted', 0],
      ['TaskStateEntered', 0],
      ['LambdaFunctionScheduled', 2],
      ['LambdaFunctionStarted', 3],
      ['LambdaFunctionSucceeded', 4],
      ['ExecutionFailed', 5],
    ]);
  });
});

describe('Parallel with a failing branch (recorded 16-12-2023)', () => {
  const FAIL_BRANCH = { StartAt: 'Branch1', States: { Branch1: { Type: 'Fail', Error: 'FailureType', Cause: 'Cause description' } } };
  const parallel = (fields: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    def({ StartAt: 'ParallelState', States: { ParallelState: { Type: 'Parallel', Branches: [FAIL_BRANCH], ...fields }, ...more } });

  /** The branch fails once: the Parallel state fails. */
  const FAILED_ONCE = [
    ['ExecutionStarted', 0],
    ['ParallelStateEntered', 0],
    ['ParallelStateStarted', 2],
    ['FailStateEntered', 3],
    ['ParallelStateFailed', 4],
  ];

  test('test_parallel_state_fail: a Fail without Cause ends the execution with its error only', async () => {
    const r = await run(def({ StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'Branch1', States: { Branch1: { Type: 'Fail', Error: 'FailureType' } } }] } } }));
    expect(r.events[r.events.length - 1].executionFailedEventDetails).toEqual({ error: 'FailureType' });
    expect(pairs(r)).toEqual([
      ...FAILED_ONCE,
      ['ExecutionFailed', 5],
    ]);
  });

  test('test_parallel_state_catch: ParallelStateFailed, then ParallelStateExited with {Error, Cause}', async () => {
    const r = await run(parallel({ Catch: [{ ErrorEquals: ['FailureType'], Next: 'FinalCaught' }], Next: 'Final' }, { FinalCaught: { Type: 'Pass', End: true }, Final: { Type: 'Pass', End: true } }));
    expect(r.output).toEqual({ Error: 'FailureType', Cause: 'Cause description' });
    expect(pairs(r)).toEqual([
      ...FAILED_ONCE,
      ['ParallelStateExited', 5],
      ['PassStateEntered', 6],
      ['PassStateExited', 7],
      ['ExecutionSucceeded', 8],
    ]);
  });

  test('test_parallel_state_retry: each retry is a new ParallelStateStarted after the branch failed', async () => {
    const r = await run(parallel({ Retry: [{ ErrorEquals: ['FailureType'], IntervalSeconds: 1, MaxAttempts: 2 }], End: true }));
    expect([r.error, r.cause]).toEqual(['FailureType', 'Cause description']);
    expect(pairs(r)).toEqual([
      ['ExecutionStarted', 0],
      ['ParallelStateEntered', 0],
      ['ParallelStateStarted', 2],
      ['FailStateEntered', 3],
      ['ParallelStateStarted', 4],
      ['FailStateEntered', 5],
      ['ParallelStateStarted', 6],
      ['FailStateEntered', 7],
      ['ParallelStateFailed', 8],
      ['ExecutionFailed', 9],
    ]);
  });
});

test('test_parallel_state_order (15-12-2023): the outputs in branch order', async () => {
  const branch = (i: number) => ({ StartAt: `Branch${i}`, States: { [`Branch${i}`]: { Type: 'Pass', Result: { branch: i }, End: true } } });
  const r = await run(def({ StartAt: 'StartState', States: { StartState: { Type: 'Parallel', End: true, Branches: [0, 1, 2, 3].map(branch) } } }));
  expect(r.output).toEqual([0, 1, 2, 3].map((branch) => ({ branch })));
  expect(r.events).toHaveLength(14);
  expect(pairs(r).slice(-2)).toEqual([
    ['ParallelStateExited', 11],
    ['ExecutionSucceeded', 13],
  ]);
});

describe('legacy Map forms: Iterator, Parameters, no ProcessorConfig (recorded 24-07-2023, 15-12-2023, 08-02-2024)', () => {
  const ITEMS = ['Hello', 'World'];
  const selector = { constantValue: 'constant', 'mapValue.$': '$$.Map.Item.Value', 'fromInput.$': '$' };
  const selected = ITEMS.map((mapValue) => ({ constantValue: 'constant', mapValue, fromInput: ITEMS }));
  const inner = { StartAt: 'IteratorInner', States: { IteratorInner: { Type: 'Pass', End: true } } };
  const machine = (map: Record<string, unknown>) => def({ StartAt: 'MapState', States: { MapState: { Type: 'Map', MaxConcurrency: 1, Next: 'Finish', ...map }, Finish: { Type: 'Succeed' } } });

  test.each<[string, Record<string, unknown>, Json]>([
    ['test_map_state_legacy_config_inline: Iterator', { Iterator: inner }, ITEMS],
    ['test_map_state_legacy_config_inline_parameters: Iterator with Parameters', { Iterator: inner, Parameters: selector }, selected],
    ['test_map_state_legacy_config_inline_item_selector: Iterator with ItemSelector', { Iterator: inner, ItemSelector: selector }, selected],
    ['test_map_state_config_inline_parameters: ItemProcessor with Parameters', { ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...inner }, Parameters: selector }, selected],
    ['test_map_state_no_processor_config: ItemProcessor without ProcessorConfig is inline', { ItemProcessor: inner }, ITEMS],
  ])('%s', async (_name, map, expected) => {
    const r = await run(machine(map), ITEMS);
    expect(r.output).toEqual(expected);
    expect(types(r).slice(0, 4)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapIterationStarted']);
    expect(r.events).toHaveLength(16);
  });

  test.each<[string, Record<string, unknown>]>([
    ['test_map_state_legacy_config_distributed', {}],
    ['test_map_state_legacy_config_distributed_parameters', { Parameters: selector }],
    ['test_map_state_legacy_config_distributed_item_selector', { ItemSelector: selector }],
    ['test_map_state_config_distributed_parameters', { Parameters: selector }],
  ])('%s: a Distributed Map, one Map Run', async (name, fields) => {
    const r = await run(machine({ ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...inner }, ...fields }), ITEMS);
    expect(r.output).toEqual(name.endsWith('distributed') ? ITEMS : selected);
    expect(types(r)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
  });
});
