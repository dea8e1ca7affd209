/**
 * "Comment" fields are ignored wherever the States Language allows them (the machine, states,
 * Choice rules at any depth, Retry and Catch entries), and a "Comment" key inside a payload
 * template is data like any other. Recorded on AWS: LocalStack's
 * tests/aws/services/stepfunctions/v2/comments/test_comments.snapshot.json (recorded 2024-02-09).
 */
import { FN_ARN, run, snapshotEvents } from './helpers';

const entered = (id: number, type: string, name: string, input: unknown) => ({
  id,
  // The first state's Entered event follows ExecutionStarted with previousEventId 0, as recorded.
  previousEventId: id === 2 ? 0 : id - 1,
  type: `${type}StateEntered`,
  stateEnteredEventDetails: { name, input, inputDetails: { truncated: false } },
});
const exited = (id: number, type: string, name: string, output: unknown) => ({
  id,
  previousEventId: id - 1,
  type: `${type}StateExited`,
  stateExitedEventDetails: { name, output, outputDetails: { truncated: false } },
});
/** A state's Entered and Exited events. */
const state = (id: number, type: string, name: string, input: unknown, output: unknown) => [entered(id, type, name, input), exited(id + 1, type, name, output)];

test('test_comments_as_per_docs: comments on the machine, every state, a nested Choice rule, Retry and Catch change nothing', async () => {
  const definition = {
    Comment: 'A state machine that initially fails a condition and then succeeds upon retry.',
    StartAt: 'SetupInitialCondition',
    States: {
      SetupInitialCondition: { Type: 'Pass', Comment: 'Setup.', Result: { status: 'incomplete' }, ResultPath: '$', Next: 'TaskStateCatchRetry' },
      TaskStateCatchRetry: {
        Type: 'Task',
        Resource: FN_ARN('identity'),
        Comment: 'Invoke a Lambda function that returns its input.',
        Next: 'IsComplete',
        Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'FailState', Comment: 'Catch task failures.' }],
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 3, MaxAttempts: 1, BackoffRate: 1.0, Comment: 'Retry policy.' }],
      },
      IsComplete: {
        Type: 'Choice',
        Comment: 'Decide the next state.',
        Choices: [{ And: [{ Variable: '$.status', StringEquals: 'complete', Comment: 'If complete.' }], Comment: 'To SuccessState', Next: 'SuccessState' }],
        Default: 'WaitState',
      },
      WaitState: { Type: 'Wait', Seconds: 5, Comment: 'Wait.', Next: 'CorrectCondition' },
      CorrectCondition: { Type: 'Pass', Comment: 'Correct the condition.', Result: { status: 'complete' }, ResultPath: '$', Next: 'TaskStateCatchRetry' },
      SuccessState: { Type: 'Succeed', Comment: 'Done.' },
      FailState: { Type: 'Fail', Error: 'TaskFailed', Cause: 'The Lambda function task failed.', Comment: 'Fails.' },
    },
  };
  const r = await run(definition, {}, { functions: { identity: (e: unknown) => e } });
  const incomplete = { status: 'incomplete' };
  const complete = { status: 'complete' };
  const task = (id: number, payload: unknown) => [
    entered(id, 'Task', 'TaskStateCatchRetry', payload),
    {
      id: id + 1,
      previousEventId: id,
      type: 'LambdaFunctionScheduled',
      lambdaFunctionScheduledEventDetails: { resource: FN_ARN('identity'), input: payload, inputDetails: { truncated: false } },
    },
    { id: id + 2, previousEventId: id + 1, type: 'LambdaFunctionStarted' },
    { id: id + 3, previousEventId: id + 2, type: 'LambdaFunctionSucceeded', lambdaFunctionSucceededEventDetails: { output: payload, outputDetails: { truncated: false } } },
    exited(id + 4, 'Task', 'TaskStateCatchRetry', payload),
  ];
  expect(snapshotEvents(r).slice(1)).toEqual([
    ...state(2, 'Pass', 'SetupInitialCondition', {}, incomplete),
    ...task(4, incomplete),
    ...state(9, 'Choice', 'IsComplete', incomplete, incomplete),
    ...state(11, 'Wait', 'WaitState', incomplete, incomplete),
    ...state(13, 'Pass', 'CorrectCondition', incomplete, complete),
    ...task(15, complete),
    ...state(20, 'Choice', 'IsComplete', complete, complete),
    ...state(22, 'Succeed', 'SuccessState', complete, complete),
    { id: 24, previousEventId: 23, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: complete, outputDetails: { truncated: false } } },
  ]);
});

test('test_comment_in_parameters: "Comment" and "comment" keys of Parameters are kept as data', async () => {
  const r = await run({
    Comment: 'COMMENTS_IN_PARAMETERS',
    StartAt: 'StartState',
    States: { StartState: { Type: 'Pass', Parameters: { Comment: 'Comment text', comment: 'comment text', constant: 'constant text' }, End: true } },
  });
  expect(JSON.stringify(r.output)).toBe('{"Comment":"Comment text","comment":"comment text","constant":"constant text"}');
});
