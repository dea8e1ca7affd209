/**
 * Map and Parallel as recorded on AWS, continued: LocalStack's AWS-validated snapshots in
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json (test name and
 * recorded date at each case): MaxConcurrencyPath, JSONata Items (a value, an expression, a
 * variable, the state input), nested Parallel, a Distributed Map run again in a loop. The
 * definitions are ours, equivalent to the recorded ones; outputs, errors, causes, event types and
 * previousEventIds are what AWS recorded.
 */
import type { ExecutionResult, Json } from '../types';
import { def, prevIds, run, types } from './helpers';

const pairs = (r: ExecutionResult) => types(r).map((t, i) => [t, prevIds(r)[i]]);
const PASS_ITERATION = { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Pass', States: { Pass: { Type: 'Pass', End: true } } };

describe('MaxConcurrencyPath (test_max_concurrency_path, recorded 19-06-2024)', () => {
  const machine = def({
    StartAt: 'MapState',
    States: {
      MapState: {
        Type: 'Map',
        ItemsPath: '$.Values',
        MaxConcurrencyPath: '$.MaxConcurrencyValue',
        ItemProcessor: { ...PASS_ITERATION, StartAt: 'HandleItem', States: { HandleItem: { Type: 'Pass', End: true } } },
        Next: 'Final',
      },
      Final: { Type: 'Pass', End: true },
    },
  });

  // A value that is not an integer fails the state before MapStateStarted.
  test.each<[string, Json, string]>([
    ['max_concurrency_value0', {}, '{}'],
    ['NoNumber', 'NoNumber', 'NoNumber'],
  ])('[%s]: States.Runtime right after MapStateEntered', async (_name, value, shown) => {
    const r = await run(machine, { MaxConcurrencyValue: value, Values: ['HelloWorld'] });
    expect([r.error, r.cause]).toEqual([
      'States.Runtime',
      `An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: $.MaxConcurrencyValue`,
    ]);
    expect(pairs(r)).toEqual([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0],
      ['ExecutionFailed', 2],
    ]);
  });

  test.each([0, 1])('[%p]: the items, one iteration each', async (value) => {
    const r = await run(machine, { MaxConcurrencyValue: value, Values: ['HelloWorld'] });
    expect(r.output).toEqual(['HelloWorld']);
    expect(pairs(r)).toEqual([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0],
      ['MapStateStarted', 2],
      ['MapIterationStarted', 3],
      ['PassStateEntered', 4],
      ['PassStateExited', 5],
      ['MapIterationSucceeded', 6],
      ['MapStateSucceeded', 7],
      ['MapStateExited', 7],
      ['PassStateEntered', 9],
      ['PassStateExited', 10],
      ['ExecutionSucceeded', 11],
    ]);
  });
});

describe('JSONata Items (recorded 19/20-11-2024)', () => {
  /** A JSONata inline Map whose Items is `items`, after `before` states when given. */
  const itemsMap = (items: Json | undefined, before: Record<string, unknown> = {}, startAt = 'MapIterateState') =>
    def({
      QueryLanguage: 'JSONata',
      StartAt: startAt,
      States: {
        ...before,
        MapIterateState: { Type: 'Map', MaxConcurrency: 1, ...(items !== undefined && { Items: items }), ItemProcessor: PASS_ITERATION, End: true },
      },
    });
  const fails = (r: ExecutionResult, cause: string, location: boolean) => {
    expect([r.error, r.cause]).toEqual(['States.QueryEvaluationError', cause]);
    const ef = r.events.find((e) => e.type === 'EvaluationFailed');
    expect(ef?.evaluationFailedEventDetails).toEqual({ error: 'States.QueryEvaluationError', cause, ...(location && { location: 'Items' }), state: 'MapIterateState' });
  };

  test.each<[string, Json, Json]>([
    ['empty', '{% [] %}', []],
    ['singleton', '{% [0] %}', [0]],
    ['mixed', "{% [1, 'two', 3] %}", [1, 'two', 3]],
  ])('test_map_state_items_eval_jsonata[%s]: the array the expression gives', async (_name, items, expected) => {
    const r = await run(itemsMap(items));
    expect(r.output).toEqual(expected);
    expect(r.events[2].mapStateStartedEventDetails).toEqual({ length: (expected as Json[]).length });
  });

  // EvaluationFailed names the event before MapStateEntered as its previous event.
  test.each<[string, string, string]>([
    ['number', '1', "'number' for value: 1"],
    ['string', "'string'", `'string' for value: "string"`],
    ['boolean', 'true', "'boolean' for value: true"],
    ['object', "{'foo': 'bar'}", `'object' for value: {"foo":"bar"}`],
    ['null', 'null', "'null' for value: null"],
  ])('test_map_state_items_eval_jsonata_fail[%s]: States.QueryEvaluationError, Expected array', async (_name, expression, was) => {
    const r = await run(itemsMap(`{% ${expression} %}`));
    fails(r, `An error occurred while executing the state 'MapIterateState' (entered at the event id #2). The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was ${was}`, true);
    expect(pairs(r)).toEqual([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0],
      ['EvaluationFailed', 0],
      ['MapStateFailed', 3],
      ['ExecutionFailed', 4],
    ]);
  });

  test('test_map_state_items_eval_jsonata_fail[function]: a function is an unsupported result type', async () => {
    const r = await run(itemsMap('{% $fn := function($x){$x} %}'));
    fails(r, "An error occurred while executing the state 'MapIterateState' (entered at the event id #2). The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.", true);
  });

  test.each<[string, Json, string]>([
    ['number', 1, "'number' for value: 1"],
    ['string', 'string', `'string' for value: "string"`],
    ['boolean', true, "'boolean' for value: true"],
    ['object', { foo: 'bar' }, `'object' for value: {"foo":"bar"}`],
    ['null', null, "'null' for value: null"],
  ])('test_map_state_items_variable_sampling[%s]: Items from a variable that is not an array', async (_name, value, was) => {
    const r = await run(itemsMap('{% $ItemsVar %}', { Start: { Type: 'Pass', Assign: { ItemsVar: value }, Next: 'MapIterateState' } }, 'Start'));
    fails(r, `An error occurred while executing the state 'MapIterateState' (entered at the event id #4). The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was ${was}`, true);
    expect(pairs(r).slice(3)).toEqual([
      ['MapStateEntered', 3],
      ['EvaluationFailed', 3],
      ['MapStateFailed', 5],
      ['ExecutionFailed', 6],
    ]);
  });

  const fromInput = { Start: { Type: 'Pass', Output: '{% $states.input.items %}', Next: 'MapIterateState' } };

  test.each<[string, Json, string]>([
    ['number', 1, '1'],
    ['string', 'string', '"string"'],
    ['boolean', true, 'true'],
    ['object', { foo: 'bar' }, '{"foo":"bar"}'],
    ['null', null, 'null'],
  ])('test_map_state_items_input_types[%s]: without Items the state input must be an array', async (_name, items, shown) => {
    const r = await run(itemsMap(undefined, fromInput, 'Start'), { items });
    fails(r, `An error occurred while executing the state 'MapIterateState' (entered at the event id #4). Map state input must be an array but was: ${shown}`, false);
    expect(pairs(r).slice(3)).toEqual([
      ['MapStateEntered', 3],
      ['EvaluationFailed', 3],
      ['MapStateFailed', 5],
      ['ExecutionFailed', 6],
    ]);
  });

  test.each<[string, Json[]]>([
    ['empty', []],
    ['singleton', [0]],
    ['mixed', [1, 'two', true]],
  ])('test_map_state_items_input_array[%s]: the state input is the items', async (_name, items) => {
    const r = await run(itemsMap(undefined, fromInput, 'Start'), { items });
    expect(r.output).toEqual(items);
  });
});

test('test_parallel_state_nested (29-03-2024): a Parallel in a Parallel wraps the input twice; 12 events', async () => {
  const r = await run(
    def({
      StartAt: 'ParallelStateL1',
      States: {
        ParallelStateL1: {
          Type: 'Parallel',
          End: true,
          Branches: [{ StartAt: 'ParallelStateL2', States: { ParallelStateL2: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'BranchL2', States: { BranchL2: { Type: 'Pass', End: true } } }] } } }],
        },
      },
    }),
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
  );
  expect(r.output).toEqual([
    [
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ],
  ]);
  expect(r.events).toHaveLength(12);
  expect(pairs(r).slice(0, 3)).toEqual([
    ['ExecutionStarted', 0],
    ['ParallelStateEntered', 0],
    ['ParallelStateStarted', 2],
  ]);
  expect(pairs(r).slice(-2)).toEqual([
    ['ParallelStateExited', 9],
    ['ExecutionSucceeded', 11],
  ]);
});

test('test_map_state_config_distributed_reentrant (03-05-2024): a Distributed Map entered three times in a loop, one Map Run each', async () => {
  const r = await run(
    def({
      StartAt: 'StartState',
      States: {
        StartState: { Type: 'Pass', Parameters: { Iterations: 3, 'Values.$': 'States.ArrayRange(0, 3, 1)' }, Next: 'BeforeIteration' },
        BeforeIteration: { Type: 'Pass', Parameters: { 'Iterations.$': 'States.MathAdd($.Iterations, -1)', 'Values.$': '$.Values' }, Next: 'IterationBody' },
        IterationBody: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemsPath: '$.Values',
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'ProcessValue', States: { ProcessValue: { Type: 'Pass', End: true } } },
          ResultPath: '$.Values',
          Next: 'CheckIteration',
        },
        CheckIteration: { Type: 'Choice', Choices: [{ Variable: '$.Iterations', NumericEquals: 0, Next: 'Terminate' }], Default: 'BeforeIteration' },
        Terminate: { Type: 'Succeed' },
      },
    }),
  );
  expect(r.output).toEqual({ Values: [0, 1, 2, 3], Iterations: 0 });
  expect(r.events).toHaveLength(36);
  expect(types(r).filter((t) => t === 'MapRunStarted')).toHaveLength(3);
  expect(r.events.filter((e) => e.type === 'MapStateStarted').map((e) => e.mapStateStartedEventDetails)).toEqual([{ length: 4 }, { length: 4 }, { length: 4 }]);
});

describe('Distributed Map, recorded late 2024: MapStateExited follows MapRunStarted', () => {
  const DISTRIBUTED = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } };
  const RUN = (started: number) => [
    ['MapRunStarted', started - 1],
    ['MapRunSucceeded', started],
    ['MapStateSucceeded', started + 1],
    ['MapStateExited', started],
  ];

  test('test_map_state_config_distributed_item_selector_parameters (15-11-2024): ItemSelector reads the state input and $$.Map.Item.Value', async () => {
    const r = await run(
      def({
        StartAt: 'Start',
        States: {
          Start: { Type: 'Pass', Parameters: { bucket: 'test-bucket', values: ['1', '2', '3'] }, ResultPath: '$.content', Next: 'MapState' },
          MapState: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemsPath: '$.content.values',
            ItemSelector: { 'bucketName.$': '$.content.bucket', 'value.$': '$$.Map.Item.Value' },
            ItemProcessor: { ...DISTRIBUTED, StartAt: 'IteratorInner', States: { IteratorInner: { Type: 'Pass', End: true } } },
            Next: 'Finish',
          },
          Finish: { Type: 'Succeed' },
        },
      }),
    );
    expect(r.output).toEqual(['1', '2', '3'].map((value) => ({ bucketName: 'test-bucket', value })));
    expect(pairs(r).slice(3, 9)).toEqual([['MapStateEntered', 3], ['MapStateStarted', 4], ...RUN(6)]);
  });

  test('test_map_state_nested_config_distributed (13-12-2024): a Distributed Map in a Distributed Map child', async () => {
    const inner = { Type: 'Map', MaxConcurrency: 1, ItemsPath: '$.sub-values', ResultPath: '$.result', ItemProcessor: { ...DISTRIBUTED, StartAt: 'SubMapStateSuccess', States: { SubMapStateSuccess: { Type: 'Succeed' } } }, End: true };
    const values = [{ 'sub-values': [{ num: 1, str: 'A' }, { num: 2, str: 'B' }] }];
    const r = await run(
      def({
        StartAt: 'SetupState',
        States: {
          SetupState: { Type: 'Pass', Result: { values }, Next: 'MapState' },
          MapState: { Type: 'Map', MaxConcurrency: 1, ItemsPath: '$.values', ItemProcessor: { ...DISTRIBUTED, StartAt: 'SubMapState', States: { SubMapState: inner } }, End: true },
        },
      }),
    );
    expect(r.output).toEqual([{ ...values[0], result: values[0]['sub-values'] }]);
    expect(pairs(r).slice(3)).toEqual([['MapStateEntered', 3], ['MapStateStarted', 4], ...RUN(6), ['ExecutionSucceeded', 9]]);
  });
});
