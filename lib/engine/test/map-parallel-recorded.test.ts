/**
 * Map and Parallel as recorded on AWS: LocalStack's AWS-validated snapshots in
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json (test name and
 * recorded date at each case). The definitions are ours, equivalent to the recorded ones; the
 * expected outputs, errors, causes and history event types (with their previousEventId) are what
 * AWS recorded.
 */
import type { ExecutionResult, Json } from '../types';
import { def, prevIds, run, types } from './helpers';

const PREFIX = "An error occurred while executing the state 'MapState' (entered at the event id #2). ";
const pairs = (r: ExecutionResult) => types(r).map((t, i) => [t, prevIds(r)[i]]);

/** An inline Map over `arr` (put there by a first Pass) whose iteration is `States`, as the recorded machines. */
function inlineMap(arr: Json[], iteration: Record<string, unknown>, startAt: string, map: Record<string, unknown> = {}, more: Record<string, unknown> = {}) {
  return def({
    StartAt: 'StartState',
    States: {
      StartState: { Type: 'Pass', Result: arr, ResultPath: '$.arr', Next: 'MapState' },
      MapState: {
        Type: 'Map',
        ResultPath: null,
        InputPath: '$.arr',
        MaxConcurrency: 1,
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: startAt, States: iteration },
        Next: 'Final',
        ...map,
      },
      Final: { Type: 'Pass', End: true },
      ...more,
    },
  });
}

const FAIL_ITEM = { HandleItemFail: { Type: 'Fail', Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' } };
const HEAD = [
  ['ExecutionStarted', 0],
  ['PassStateEntered', 0],
  ['PassStateExited', 2],
  ['MapStateEntered', 3],
  ['MapStateStarted', 4],
];
/** One failed attempt of a one-item Map starting at event `id` (MapIterationStarted): its events, with previousEventId. */
const failedAttempt = (id: number) => [
  ['MapIterationStarted', id - 1],
  ['FailStateEntered', id],
  ['MapIterationFailed', id + 1],
];

describe('inline Map (test_base_scenarios)', () => {
  test('test_map_state_break_condition (21-09-2023): a Fail in the fifth iteration fails the Map and the execution with its error and cause', async () => {
    const iteration = {
      Equals3: {
        Type: 'Choice',
        Choices: [{ And: [{ IsPresent: true, Variable: '$' }, { And: [{ IsNumeric: true, Variable: '$' }, { NumericEquals: 3, Variable: '$' }] }], Next: 'Break' }],
        Default: 'Pass',
      },
      Break: { Type: 'Fail', Error: 'SomeFailure', Cause: "This state machines raises a 'SomeFailure' failure." },
      Pass: { Type: 'Pass', End: true },
    };
    const r = await run(inlineMap([1, 'Hello', {}, 3.3, 3, 4, 5], iteration, 'Equals3'));
    expect([r.error, r.cause]).toEqual(['SomeFailure', "This state machines raises a 'SomeFailure' failure."]);
    const iterationOk = (id: number) => [
      ['MapIterationStarted', id - 2],
      ['ChoiceStateEntered', id],
      ['ChoiceStateExited', id + 1],
      ['PassStateEntered', id + 2],
      ['PassStateExited', id + 3],
      ['MapIterationSucceeded', id + 4],
    ];
    expect(pairs(r)).toEqual([
      ...HEAD,
      ['MapIterationStarted', 5],
      ...iterationOk(6).slice(1),
      ...[12, 18, 24].flatMap(iterationOk),
      ['MapIterationStarted', 28],
      ['ChoiceStateEntered', 30],
      ['ChoiceStateExited', 31],
      ['FailStateEntered', 32],
      ['MapIterationFailed', 33],
      ['MapStateFailed', 33],
      ['ExecutionFailed', 35],
    ]);
  });

  test('test_map_state_catch (18-07-2023): the Catch output is {Error, Cause} of the iteration; MapStateFailed, then MapStateExited', async () => {
    const r = await run(inlineMap([1], FAIL_ITEM, 'HandleItemFail', { Catch: [{ ErrorEquals: ['HandleItemFailError'], Next: 'FinalCaught' }] }, { FinalCaught: { Type: 'Pass', End: true } }));
    expect(r.output).toEqual({ Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' });
    expect(pairs(r)).toEqual([
      ...HEAD,
      ...failedAttempt(6),
      ['MapStateFailed', 7],
      ['MapStateExited', 9],
      ['PassStateEntered', 10],
      ['PassStateExited', 11],
      ['ExecutionSucceeded', 12],
    ]);
  });

  test.each<[string, unknown[], number]>([
    ['test_map_state_retry (18-07-2023)', [{ ErrorEquals: ['HandleItemFailError'], MaxAttempts: 2 }], 3],
    // "State.ALL" is not States.ALL: only the third retrier matches, 3 retries.
    [
      'test_map_state_retry_multiple_retriers (08-08-2023)',
      [
        { ErrorEquals: ['NoSuchError'], MaxAttempts: 1 },
        { ErrorEquals: ['State.ALL'], MaxAttempts: 2 },
        { ErrorEquals: ['HandleItemFailError'], MaxAttempts: 3 },
      ],
      4,
    ],
  ])('%s: each retry is a new MapStateStarted after MapIterationFailed (no MapStateFailed until the last)', async (_name, Retry, attempts) => {
    const r = await run(inlineMap([1], FAIL_ITEM, 'HandleItemFail', { Retry }));
    expect([r.error, r.cause]).toEqual(['HandleItemFailError', 'HandleItemFailCause']);
    const events: Array<Array<string | number>> = [...HEAD];
    for (let a = 0; a < attempts; a++) {
      const id = 6 + 4 * a;
      if (a > 0) events.push(['MapStateStarted', id - 3]);
      events.push(...failedAttempt(id));
    }
    const last = 6 + 4 * (attempts - 1);
    events.push(['MapStateFailed', last + 1], ['ExecutionFailed', last + 3]);
    expect(pairs(r)).toEqual(events);
  });

  test('test_map_state_catch_empty_fail (08-08-2023): a Fail without Error or Cause that no catcher takes: ExecutionFailed with empty details', async () => {
    const r = await run(
      inlineMap([1], { HandleItemFail: { Type: 'Fail' } }, 'HandleItemFail', {
        Catch: [
          { ErrorEquals: ['Internal Error'], Next: 'CaughtInternalError' },
          { ErrorEquals: ['State.ALL'], Next: 'CaughtStatesALL' },
        ],
      }, { CaughtInternalError: { Type: 'Pass', End: true }, CaughtStatesALL: { Type: 'Pass', End: true } }),
    );
    expect(r.status).toBe('FAILED');
    expect(types(r).slice(-3)).toEqual(['MapIterationFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(r.events[r.events.length - 1].executionFailedEventDetails).toEqual({});
  });

  test('test_map_state_item_selector (19-07-2023): ItemSelector with the state input, $$.Map.Item.Value / Index and a constant', async () => {
    const shipped = [
      { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
      { prod: 'S39', 'dest-code': 9511, quantity: 40 },
    ];
    const r = await run(
      def({
        StartAt: 'MapState',
        States: {
          MapState: {
            Type: 'Map',
            ResultPath: '$.detail.shipped_output',
            InputPath: '$.detail',
            ItemsPath: '$.shipped',
            MaxConcurrency: 1,
            ItemSelector: {
              'original_input.$': '$',
              'iteration_input_value.$': '$$.Map.Item.Value',
              'iteration_index.$': '$$.Map.Item.Index',
              'from_input_constant.$': '$.delivery-partner',
              constant_value: 'HelloWorld',
            },
            ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'HandleItem', States: { HandleItem: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      }),
      { detail: { 'delivery-partner': 'UQS', shipped } },
    );
    const detail = { 'delivery-partner': 'UQS', shipped };
    // The text as AWS wrote it: the static member first, then the ".$" ones in HashMap order.
    expect(JSON.stringify(r.output)).toBe(
      JSON.stringify({
        detail: {
          ...detail,
          shipped_output: shipped.map((item, i) => ({ constant_value: 'HelloWorld', iteration_input_value: item, from_input_constant: 'UQS', iteration_index: i, original_input: detail })),
        },
      }),
    );
  });
});

test('test_map_state_nested (29-03-2024): a Map in a Map iteration; each inner Map enters, starts, succeeds and exits inside the outer iteration', async () => {
  const inner = { Type: 'Map', MaxConcurrency: 1, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'MapL2Pass', States: { MapL2Pass: { Type: 'Pass', End: true } } }, End: true };
  const r = await run(def({ StartAt: 'MapL1', States: { MapL1: { ...inner, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'MapL2', States: { MapL2: inner } } } } }), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  expect(r.output).toEqual([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  /** The inner Map of an outer iteration whose MapIterationStarted is event `id`. */
  const innerMap = (id: number) => [
    ['MapStateEntered', id],
    ['MapStateStarted', id + 1],
    ...[0, 1, 2].flatMap((i) => [
      ['MapIterationStarted', i === 0 ? id + 2 : id + 4 * i + 1],
      ['PassStateEntered', id + 4 * i + 3],
      ['PassStateExited', id + 4 * i + 4],
      ['MapIterationSucceeded', id + 4 * i + 5],
    ]),
    ['MapStateSucceeded', id + 14],
    ['MapStateExited', id + 14],
  ];
  expect(pairs(r)).toEqual([
    ['ExecutionStarted', 0],
    ['MapStateEntered', 0],
    ['MapStateStarted', 2],
    ['MapIterationStarted', 3],
    ...innerMap(4),
    ['MapIterationSucceeded', 20],
    ['MapIterationStarted', 20],
    ...innerMap(22),
    ['MapIterationSucceeded', 38],
    ['MapStateSucceeded', 39],
    ['MapStateExited', 39],
    ['ExecutionSucceeded', 41],
  ]);
});

test('test_parallel_state (17-07-2023): each branch gets the input; the output is the branches\' outputs in order; 20 events, ParallelStateSucceeded then ParallelStateExited', async () => {
  const pass = (name: string, next?: string) => ({ [name]: { Type: 'Pass', ...(next ? { Next: next } : { End: true }) } });
  const r = await run(
    def({
      StartAt: 'LoadInput',
      States: {
        LoadInput: { Type: 'Pass', Result: [1, 2, 3, 4], Next: 'ParallelState' },
        ParallelState: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Branch1', States: pass('Branch1') },
            { StartAt: 'Branch21', States: { ...pass('Branch21', 'Branch22'), ...pass('Branch22') } },
            { StartAt: 'Branch31', States: { ...pass('Branch31', 'Branch32'), ...pass('Branch32', 'Branch33'), ...pass('Branch33') } },
          ],
        },
      },
    }),
  );
  expect(r.output).toEqual([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
  // The branches' events interleave (LocalStack's snapshot leaves their order and ids out); the rest is fixed.
  expect(r.events).toHaveLength(20);
  expect(pairs(r).slice(0, 5)).toEqual([
    ['ExecutionStarted', 0],
    ['PassStateEntered', 0],
    ['PassStateExited', 2],
    ['ParallelStateEntered', 3],
    ['ParallelStateStarted', 4],
  ]);
  expect(pairs(r).slice(-3)).toEqual([
    ['ParallelStateSucceeded', 17],
    ['ParallelStateExited', 17],
    ['ExecutionSucceeded', 19],
  ]);
});

describe('Distributed Map, items from the input (test_base_scenarios)', () => {
  const distributed = (fields: Record<string, unknown>) =>
    def({
      StartAt: 'MapState',
      States: {
        MapState: {
          Type: 'Map',
          MaxConcurrency: 1,
          ...fields,
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'HandleItem', States: { HandleItem: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
  const SUCCEEDED = ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded'];

  test('test_map_state_config_inline_item_selector (08-02-2024): ItemSelector per item, in the children\'s input', async () => {
    const r = await run(distributed({ ItemSelector: { constantValue: 'constant', 'mapValue.$': '$$.Map.Item.Value', 'fromInput.$': '$' } }), ['Hello', 'World']);
    expect(r.output).toEqual(['Hello', 'World'].map((mapValue) => ({ constantValue: 'constant', mapValue, fromInput: ['Hello', 'World'] })));
    expect(types(r)).toEqual(SUCCEEDED);
    expect(r.events[2].mapStateStartedEventDetails).toEqual({ length: 2 });
  });

  // Recorded 19-06-2024. A value that cannot be used fails the state before the Map Run starts:
  // MapStateStarted, then ExecutionFailed (no MapRunStarted, no MapRunFailed).
  test.each<[string, string, Json, string | null]>([
    ['test_map_state_tolerated_failure_count_path[tolerated_failure_count_value0]', 'ToleratedFailureCount', {}, 'The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.ToleratedFailureCount'],
    ['test_map_state_tolerated_failure_count_path[NoNumber]', 'ToleratedFailureCount', 'NoNumber', 'The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount'],
    ['test_map_state_tolerated_failure_count_path[-1]', 'ToleratedFailureCount', -1, 'ToleratedFailureCount cannot be negative.'],
    ['test_map_state_tolerated_failure_count_path[0]', 'ToleratedFailureCount', 0, null],
    ['test_map_state_tolerated_failure_count_path[1]', 'ToleratedFailureCount', 1, null],
    ['test_map_state_tolerated_failure_percentage_path[tolerated_failure_percentage_value0]', 'ToleratedFailurePercentage', {}, 'The ToleratedFailurePercentagePath field refers to value "{}" which is not a valid float: $.ToleratedFailurePercentage'],
    ['test_map_state_tolerated_failure_percentage_path[NoNumber]', 'ToleratedFailurePercentage', 'NoNumber', 'The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.ToleratedFailurePercentage'],
    ['test_map_state_tolerated_failure_percentage_path[-1.1]', 'ToleratedFailurePercentage', -1.1, 'ToleratedFailurePercentage must be between 0 and 100.'],
    ['test_map_state_tolerated_failure_percentage_path[-1]', 'ToleratedFailurePercentage', -1, 'ToleratedFailurePercentage must be between 0 and 100.'],
    ['test_map_state_tolerated_failure_percentage_path[0]', 'ToleratedFailurePercentage', 0, null],
    ['test_map_state_tolerated_failure_percentage_path[1]', 'ToleratedFailurePercentage', 1, null],
    ['test_map_state_tolerated_failure_percentage_path[1.1]', 'ToleratedFailurePercentage', 1.1, null],
    ['test_map_state_tolerated_failure_percentage_path[100]', 'ToleratedFailurePercentage', 100, null],
    ['test_map_state_tolerated_failure_percentage_path[100.1]', 'ToleratedFailurePercentage', 100.1, 'ToleratedFailurePercentage must be between 0 and 100.'],
  ])('%s', async (_name, field, value, cause) => {
    const r = await run(distributed({ ItemsPath: '$.Items', [`${field}Path`]: `$.${field}` }), { Items: [0], [field]: value });
    if (cause === null) {
      expect(r.output).toEqual([0]);
      expect(types(r)).toEqual(SUCCEEDED);
      return;
    }
    expect([r.error, r.cause]).toEqual(['States.Runtime', PREFIX + cause]);
    expect(pairs(r)).toEqual([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0],
      ['MapStateStarted', 2],
      ['ExecutionFailed', 3],
    ]);
  });
});
