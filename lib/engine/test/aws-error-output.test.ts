/**
 * A catcher's error output in JSONata ($states.errorOutput in its Output / Assign) as recorded on
 * AWS: LocalStack's AWS-validated
 * tests/aws/services/stepfunctions/v2/states_variables/test_error_output.snapshot.json (Task cases
 * recorded 12-11-2024; Map cases 12-11-2024; Parallel cases 13-11-2024). The Lambda function raises
 * `Exception("Some exception was raised.")` (here an Error named "Exception"); the input is
 * `{"inputData": "dummy"}` (Map: `{"items": [1, 2, 3]}`). Retry: IntervalSeconds 1, MaxAttempts 1
 * (the virtual clock waits the second).
 */
import { FN_ARN, def, run } from './helpers';
import { links, typedDetails } from './recorded';

const DATA = { truncated: false };
const INVOKE = 'arn:aws:states:::lambda:invoke';
const ARN = FN_ARN('fn-exception');
const INPUT = { inputData: 'dummy' };
const functions = {
  'fn-exception': () => {
    const e = new Error('Some exception was raised.');
    e.name = 'Exception';
    throw e;
  },
};
const CAUSE = expect.stringMatching(/^\{"errorType":"Exception","errorMessage":"Some exception was raised\.","trace":\[/);
const ERROR = { Error: 'Exception', Cause: CAUSE };
const SERVICE = { resource: 'invoke', resourceType: 'lambda' };
const CALL = { Type: 'Task', Resource: INVOKE, Arguments: { FunctionName: ARN, Payload: { foo: 'foobar' } } };
const RETRY = { Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 }] };
const OUTPUT = { stateInput: '{% $states.input %}', stateError: '{% $states.errorOutput %}' };
const ASSIGN = { inputVar: '{% $states.input %}', errorVar: '{% $states.errorOutput %}' };

/** The Task's attempt events (as many as it made). */
const attempts = (n: number) =>
  Array.from({ length: n }).flatMap(() => [
    ['TaskScheduled', { parameters: { FunctionName: ARN, Payload: { foo: 'foobar' } }, region: 'us-east-1', ...SERVICE }],
    ['TaskStarted', SERVICE],
    ['TaskFailed', { cause: CAUSE, error: 'Exception', ...SERVICE }],
  ]);

/** The task machines: the Task's catcher (Output or Assign), then Fallback (JSONata or JSONPath) and Finish. */
function taskMachine(catcher: Record<string, unknown>, fallback: Record<string, unknown>, retry = false) {
  return def({
    StartAt: 'Task',
    States: {
      Task: { ...CALL, QueryLanguage: 'JSONata', ...(retry ? RETRY : {}), Catch: [{ ErrorEquals: ['States.ALL'], ...catcher, Next: 'Fallback' }], Output: { stateInput: '{% $states.input %}', stateResult: '{% $states.result %}' }, Next: 'Finish' },
      Fallback: { Type: 'Pass', ...fallback, End: true },
      Finish: { Type: 'Pass', End: true },
    },
  });
}

const jsonataOutput = (output: unknown) => ({ QueryLanguage: 'JSONata', Output: output });
const ERROR_OUTPUT = { stateInput: INPUT, stateError: ERROR };

describe('a Task\'s catcher', () => {
  test.each([
    ['test_task_catch_error_output[TASK_CATCH_ERROR_OUTPUT]', { Output: OUTPUT }, jsonataOutput({ error: '{% $states.input %}' }), false, ERROR_OUTPUT, { error: ERROR_OUTPUT }],
    ['test_task_catch_error_output[TASK_CATCH_ERROR_OUTPUT_TO_JSONPATH]', { Output: OUTPUT }, {}, false, ERROR_OUTPUT, ERROR_OUTPUT],
    ['test_task_catch_error_with_retry[TASK_CATCH_ERROR_OUTPUT_WITH_RETRY]', { Output: OUTPUT }, jsonataOutput({ error: '{% $states.input %}' }), true, ERROR_OUTPUT, { error: ERROR_OUTPUT }],
    ['test_task_catch_error_with_retry[TASK_CATCH_ERROR_OUTPUT_WITH_RETRY_TO_JSONPATH]', { Output: OUTPUT }, {}, true, ERROR_OUTPUT, ERROR_OUTPUT],
  ])('%s', async (_name, catcher, fallback, retry, caught, output) => {
    const r = await run(taskMachine(catcher, fallback, retry), INPUT, { functions });
    expect(r.status).toBe('SUCCEEDED');
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: INPUT, inputDetails: DATA }],
      ['TaskStateEntered', { input: INPUT, inputDetails: DATA, name: 'Task' }],
      ...attempts(retry ? 2 : 1),
      ['TaskStateExited', { name: 'Task', output: caught, outputDetails: DATA }],
      ['PassStateEntered', { input: caught, inputDetails: DATA, name: 'Fallback' }],
      ['PassStateExited', { name: 'Fallback', output, outputDetails: DATA }],
      ['ExecutionSucceeded', { output, outputDetails: DATA }],
    ]);
  });

  // Without an Output, the catcher's output is the error output; its Assign is reported on TaskStateExited.
  test.each([
    ['test_catch_error_variable_sampling[TASK_CATCH_ERROR_VARIABLE_SAMPLING]', jsonataOutput({ error: '{% $errorVar %}' }), { error: ERROR }],
    ['test_catch_error_variable_sampling[TASK_CATCH_ERROR_VARIABLE_SAMPLING_TO_JSONPATH]', { OutputPath: '$errorVar' }, ERROR],
  ])('%s', async (_name, fallback, output) => {
    const r = await run(taskMachine({ Assign: ASSIGN }, fallback), INPUT, { functions });
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: INPUT, inputDetails: DATA }],
      ['TaskStateEntered', { input: INPUT, inputDetails: DATA, name: 'Task' }],
      ...attempts(1),
      ['TaskStateExited', { assignedVariables: { errorVar: ERROR, inputVar: INPUT }, assignedVariablesDetails: DATA, name: 'Task', output: ERROR, outputDetails: DATA }],
      ['PassStateEntered', { input: ERROR, inputDetails: DATA, name: 'Fallback' }],
      ['PassStateExited', { name: 'Fallback', output, outputDetails: DATA }],
      ['ExecutionSucceeded', { output, outputDetails: DATA }],
    ]);
    expect(links(r)).toEqual([[1, 0], [2, 0], [3, 2], [4, 3], [5, 4], [6, 5], [7, 6], [8, 7], [9, 8]]);
  });
});

describe('a Task\'s catcher in an inline Map (MaxConcurrency 1, items [1, 2, 3])', () => {
  const mapMachine = (processItem: Record<string, unknown>, fallback: Record<string, unknown>, finish: Record<string, unknown>) =>
    def({
      QueryLanguage: 'JSONata',
      StartAt: 'ProcessItems',
      States: {
        ProcessItems: {
          Type: 'Map',
          Items: '{% $states.input.items %}',
          MaxConcurrency: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'ProcessItem',
            States: { ProcessItem: { ...CALL, ...processItem, Next: 'Finish' }, Fallback: { Type: 'Pass', ...fallback, End: true }, Finish: { Type: 'Pass', ...finish, End: true } },
          },
          End: true,
        },
      },
    });
  const ITEMS = { items: [1, 2, 3] };
  /** One iteration's events after its MapIterationStarted: the failed attempt, the catcher, Fallback. */
  const iteration = (index: number, item: number, exited: Record<string, unknown>, fallbackExited: Record<string, unknown>) => [
    ['MapIterationStarted', { index, name: 'ProcessItems' }],
    ['TaskStateEntered', { input: item, inputDetails: DATA, name: 'ProcessItem' }],
    ...attempts(1),
    ['TaskStateExited', { name: 'ProcessItem', outputDetails: DATA, ...exited }],
    ['PassStateEntered', { input: exited.output, inputDetails: DATA, name: 'Fallback' }],
    ['PassStateExited', { name: 'Fallback', outputDetails: DATA, ...fallbackExited }],
    ['MapIterationSucceeded', { index, name: 'ProcessItems' }],
  ];
  /**
   * AWS's links: an iteration's MapIterationStarted follows the previous iteration's last state
   * (not its MapIterationSucceeded); MapStateSucceeded and MapStateExited both follow the last
   * MapIterationSucceeded.
   */
  const LINKS = [
    [1, 0],
    [2, 0],
    [3, 2],
    ...[0, 1, 2].flatMap((k) => {
      const start = 4 + 9 * k;
      return [[start, k === 0 ? 3 : start - 2], ...Array.from({ length: 8 }, (_, i) => [start + 1 + i, start + i])];
    }),
    [31, 30],
    [32, 30],
    [33, 32],
  ];

  test('test_map_catch_error[MAP_CATCH_ERROR_OUTPUT]: each item caught, the Map succeeds with the Fallback outputs', async () => {
    const r = await run(mapMachine({ Catch: [{ ErrorEquals: ['States.ALL'], Output: OUTPUT, Next: 'Fallback' }], Output: { stateInput: '{% $states.input %}', stateResult: '{% $states.result %}' } }, { Output: { result: '{% $states.input %}' } }, { Output: { result: '{% $states.input %}' } }), ITEMS, { functions });
    const caught = (item: number) => ({ stateInput: item, stateError: ERROR });
    const output = [1, 2, 3].map((i) => ({ result: caught(i) }));
    expect(r.status).toBe('SUCCEEDED');
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: ITEMS, inputDetails: DATA }],
      ['MapStateEntered', { input: ITEMS, inputDetails: DATA, name: 'ProcessItems' }],
      ['MapStateStarted', { length: 3 }],
      ...[1, 2, 3].flatMap((item, index) => iteration(index, item, { output: caught(item) }, { output: { result: caught(item) } })),
      ['MapStateSucceeded', undefined],
      ['MapStateExited', { name: 'ProcessItems', output, outputDetails: DATA }],
      ['ExecutionSucceeded', { output, outputDetails: DATA }],
    ]);
    expect(links(r)).toEqual(LINKS);
  });

  test('test_map_catch_error[MAP_CATCH_ERROR_VARIABLE_SAMPLING]: the catcher\'s Assign and Fallback\'s are reported on their Exited events', async () => {
    const r = await run(mapMachine({ Catch: [{ ErrorEquals: ['States.ALL'], Assign: ASSIGN, Next: 'Fallback' }], Assign: { inputVar: '{% $states.input %}', resultVar: '{% $states.result %}' } }, { Assign: { error: '{% $errorVar %}' } }, { Assign: { result: '{% $resultVar %}' } }), ITEMS, { functions });
    const assigned = (item: number) => ({ assignedVariables: { errorVar: ERROR, inputVar: item }, assignedVariablesDetails: DATA, output: ERROR });
    const output = [ERROR, ERROR, ERROR];
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: ITEMS, inputDetails: DATA }],
      ['MapStateEntered', { input: ITEMS, inputDetails: DATA, name: 'ProcessItems' }],
      ['MapStateStarted', { length: 3 }],
      ...[1, 2, 3].flatMap((item, index) => iteration(index, item, assigned(item), { assignedVariables: { error: ERROR }, assignedVariablesDetails: DATA, output: ERROR })),
      ['MapStateSucceeded', undefined],
      ['MapStateExited', { name: 'ProcessItems', output, outputDetails: DATA }],
      ['ExecutionSucceeded', { output, outputDetails: DATA }],
    ]);
    expect(links(r)).toEqual(LINKS);
  });

  // Fallback reads $stateError, a variable no state assigned: States.QueryEvaluationError, location
  // "Output/error"; the iteration fails, then the Map and the execution.
  test('test_map_catch_error[MAP_CATCH_ERROR_OUTPUT_WITH_RETRY]: an undefined variable in Fallback\'s Output fails the Map', async () => {
    const r = await run(
      mapMachine({ ...RETRY, Catch: [{ ErrorEquals: ['States.ALL'], Output: OUTPUT, Next: 'Fallback' }], Output: { stateInput: '{% $states.input %}', stateResult: '{% $states.result %}' } }, { Output: { error: '{% $stateError %}' } }, { Output: { result: '{% $stateResult %}' } }),
      ITEMS,
      { functions },
    );
    const detail = "The JSONata expression '$stateError' specified for the field 'Output/error' returned nothing (undefined).";
    const cause = `An error occurred while executing the state 'Fallback' (entered at the event id #13). ${detail}`;
    expect(r.status).toBe('FAILED');
    expect(typedDetails(r)).toEqual([
      ['ExecutionStarted', { input: ITEMS, inputDetails: DATA }],
      ['MapStateEntered', { input: ITEMS, inputDetails: DATA, name: 'ProcessItems' }],
      ['MapStateStarted', { length: 3 }],
      ['MapIterationStarted', { index: 0, name: 'ProcessItems' }],
      ['TaskStateEntered', { input: 1, inputDetails: DATA, name: 'ProcessItem' }],
      ...attempts(2),
      ['TaskStateExited', { name: 'ProcessItem', output: { stateInput: 1, stateError: ERROR }, outputDetails: DATA }],
      ['PassStateEntered', { input: { stateInput: 1, stateError: ERROR }, inputDetails: DATA, name: 'Fallback' }],
      ['EvaluationFailed', { cause, error: 'States.QueryEvaluationError', location: 'Output/error', state: 'Fallback' }],
      ['MapIterationFailed', { index: 0, name: 'ProcessItems' }],
      ['MapStateFailed', undefined],
      ['ExecutionFailed', { cause, error: 'States.QueryEvaluationError' }],
    ]);
    // Recorded: EvaluationFailed (14) follows the event Fallback's PassStateEntered followed (12).
    expect(links(r).slice(-4)).toEqual([[14, 12], [15, 14], [16, 14], [17, 16]]);
  });
});

/**
 * A Parallel's catcher: its one branch's Task fails (its TaskStateAborted follows the TaskFailed),
 * the Parallel fails and its catcher takes the branch's error. The recording hides the branch's
 * event ids and one event between the branch's and ParallelStateExited (LocalStack's transformer of
 * parallel histories); the types and details of the others are compared.
 */
describe('a Parallel\'s catcher (one branch)', () => {
  const parallelMachine = (branchTask: Record<string, unknown>, parallel: Record<string, unknown>, fallback: Record<string, unknown>) =>
    def({
      QueryLanguage: 'JSONata',
      StartAt: 'ParallelState',
      States: {
        ParallelState: { Type: 'Parallel', Next: 'Finish', Branches: [{ StartAt: 'ExecuteLambdaTask', States: { ExecuteLambdaTask: { ...CALL, ...branchTask, End: true } } }], ...parallel },
        Fallback: { Type: 'Pass', ...fallback, End: true },
        Finish: { Type: 'Pass', End: true },
      },
    });
  const INNER = { Output: { InnerStateInput: '{% $states.input %}', InnerStateResult: '{% $states.result %}' } };
  const branch = () => [['TaskStateEntered', { input: INPUT, inputDetails: DATA, name: 'ExecuteLambdaTask' }], ...attempts(1), ['TaskStateAborted', undefined]];
  /** The events the recording shows: all but ParallelStateFailed (hidden with the branch's ids). */
  const shown = (r: Awaited<ReturnType<typeof run>>) => typedDetails(r).filter(([type]) => type !== 'ParallelStateFailed');

  test.each([
    ['test_parallel_catch_error[PARALLEL_CATCH_ERROR_OUTPUT]', INNER, { Catch: [{ ErrorEquals: ['States.ALL'], Output: OUTPUT, Next: 'Fallback' }] }, 1],
    ['test_parallel_catch_error[PARALLEL_CATCH_ERROR_OUTPUT_WITH_RETRY]', INNER, { ...RETRY, Catch: [{ ErrorEquals: ['States.ALL'], Output: OUTPUT, Next: 'Fallback' }] }, 2],
  ])('%s', async (_name, task, parallel, tries) => {
    const r = await run(parallelMachine(task, parallel, { Output: { result: '{% $states.input %}' } }), INPUT, { functions });
    const output = { result: ERROR_OUTPUT };
    expect(shown(r)).toEqual([
      ['ExecutionStarted', { input: INPUT, inputDetails: DATA }],
      ['ParallelStateEntered', { input: INPUT, inputDetails: DATA, name: 'ParallelState' }],
      ...Array.from({ length: tries }).flatMap(() => [['ParallelStateStarted', undefined], ...branch()]),
      ['ParallelStateExited', { name: 'ParallelState', output: ERROR_OUTPUT, outputDetails: DATA }],
      ['PassStateEntered', { input: ERROR_OUTPUT, inputDetails: DATA, name: 'Fallback' }],
      ['PassStateExited', { name: 'Fallback', output, outputDetails: DATA }],
      ['ExecutionSucceeded', { output, outputDetails: DATA }],
    ]);
    // Recorded: the retry's ParallelStateStarted follows the first attempt's TaskFailed (id 7).
    if (tries === 2) expect(r.events.filter((e) => e.type === 'ParallelStateStarted').map((e) => e.previousEventId)).toEqual([2, 7]);
  });

  // The branch's Task and the Parallel's catcher both assign inputVar: AWS accepts the definition
  // (the catcher's variables are assigned once the branch has ended) and runs it.
  test('test_catch_error_variable_sampling[PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING]', async () => {
    const machine = def({
      QueryLanguage: 'JSONata',
      StartAt: 'ParallelState',
      States: {
        ParallelState: {
          Type: 'Parallel',
          Next: 'Finish',
          Branches: [{ StartAt: 'ExecuteLambdaTask', States: { ExecuteLambdaTask: { ...CALL, Assign: { inputVar: '{% $states.input %}', resultVar: '{% $states.result %}' }, End: true } } }],
          Catch: [{ ErrorEquals: ['States.ALL'], Assign: ASSIGN, Next: 'Fallback' }],
        },
        Fallback: { Type: 'Pass', Output: { error: '{% $errorVar %}' }, End: true },
        Finish: { Type: 'Pass', Output: { result: '{% $resultVar %}' }, End: true },
      },
    });
    const r = await run(machine, INPUT, { functions });
    expect(shown(r)).toEqual([
      ['ExecutionStarted', { input: INPUT, inputDetails: DATA }],
      ['ParallelStateEntered', { input: INPUT, inputDetails: DATA, name: 'ParallelState' }],
      ['ParallelStateStarted', undefined],
      ...branch(),
      ['ParallelStateExited', { assignedVariables: { errorVar: ERROR, inputVar: INPUT }, assignedVariablesDetails: DATA, name: 'ParallelState', output: ERROR, outputDetails: DATA }],
      ['PassStateEntered', { input: ERROR, inputDetails: DATA, name: 'Fallback' }],
      ['PassStateExited', { name: 'Fallback', output: { error: ERROR }, outputDetails: DATA }],
      ['ExecutionSucceeded', { output: { error: ERROR }, outputDetails: DATA }],
    ]);
    // Recorded ids: ParallelStateExited 10 (after 9), then 11, 12, 13.
    expect(links(r).slice(-4)).toEqual([[10, 9], [11, 10], [12, 11], [13, 12]]);
  });
});
