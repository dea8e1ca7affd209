import { FN_ARN, T0, eventsOf, data, run, snapshotEvents, types } from './helpers';

const CONTEXT = { 'ctx.$': '$$' };

describe('the Context Object ($$)', () => {
  test('Execution, StateMachine and State of a Pass state, as AWS fills them', async () => {
    const r = await run({ StartAt: 'TestState', States: { TestState: { Type: 'Pass', Parameters: CONTEXT, End: true } } }, { 'input-value': 0 });
    expect(r.output).toEqual({
      ctx: {
        Execution: {
          Id: 'arn:aws:states:us-east-1:123456789012:execution:local:exec-1',
          Input: { 'input-value': 0 },
          StartTime: '2024-01-01T00:00:00.000Z',
          Name: 'exec-1',
          RoleArn: 'arn:aws:iam::123456789012:role/StepFunctions-local-role',
          RedriveCount: 0,
        },
        StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:local', Name: 'local' },
        State: { Name: 'TestState', EnteredTime: '2024-01-01T00:00:00.000Z' },
      },
    });
    expect(r.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:local:exec-1');
  });

  test('run options name the ARNs', async () => {
    const r = await run(
      { StartAt: 'S', States: { S: { Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id', 'sm.$': '$$.StateMachine.Id', 'role.$': '$$.Execution.RoleArn' }, End: true } } },
      {},
      { region: 'eu-west-3', accountId: '111122223333', stateMachineName: 'orders', executionName: 'run-7', roleArn: 'arn:aws:iam::111122223333:role/r' },
    );
    expect(r.output).toEqual({
      id: 'arn:aws:states:eu-west-3:111122223333:execution:orders:run-7',
      sm: 'arn:aws:states:eu-west-3:111122223333:stateMachine:orders',
      role: 'arn:aws:iam::111122223333:role/r',
    });
  });

  test('State.EnteredTime follows the virtual clock; Execution.StartTime does not move', async () => {
    const r = await run({
      StartAt: 'W',
      States: {
        W: { Type: 'Wait', Seconds: 90, Next: 'S' },
        S: { Type: 'Pass', Parameters: { 'entered.$': '$$.State.EnteredTime', 'start.$': '$$.Execution.StartTime' }, End: true },
      },
    });
    expect(r.output).toEqual({ entered: new Date(T0 + 90_000).toISOString(), start: '2024-01-01T00:00:00.000Z' });
  });

  test('a Task state has State.RetryCount, counting its retries', async () => {
    const counts: unknown[] = [];
    const r = await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'f', Payload: { 'retry.$': '$$.State.RetryCount', 'name.$': '$$.State.Name' } },
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
            OutputPath: '$.Payload',
            End: true,
          },
        },
      },
      {},
      {
        functions: {
          f: (e: unknown) => {
            counts.push(e);
            if (counts.length < 3) throw new Error('again');
            return e;
          },
        },
      },
    );
    expect(counts).toEqual([
      { retry: 0, name: 'T' },
      { retry: 1, name: 'T' },
      { retry: 2, name: 'T' },
    ]);
    expect(r.output).toEqual({ retry: 2, name: 'T' });
  });

  test('Task.Token for a .waitForTaskToken resource', async () => {
    let request: { taskToken?: string; input: unknown } | undefined;
    const r = await run(
      {
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { 'token.$': '$$.Task.Token' }, End: true } },
      },
      {},
      {
        resources: [
          (req) => {
            request = req;
            return Promise.resolve({ done: true });
          },
        ],
      },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(typeof request?.taskToken).toBe('string');
    expect(request?.input).toEqual({ token: request?.taskToken });
  });

  test('AWS developer guide example: $$.Map.Item.Index and Value in a Map state Parameters', async () => {
    // "Context Object Data For Map States" of the AWS Step Functions developer guide.
    const r = await run(
      {
        StartAt: 'ExampleMapState',
        States: {
          ExampleMapState: {
            Type: 'Map',
            Parameters: { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' },
            Iterator: { StartAt: 'TestPass', States: { TestPass: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      [{ who: 'bob' }, { who: 'meg' }, { who: 'joe' }],
    );
    // The guide prints ContextValue before ContextIndex (".$" members in HashMap order).
    expect(JSON.stringify(r.output)).toBe(
      JSON.stringify([
        { ContextValue: { who: 'bob' }, ContextIndex: 0 },
        { ContextValue: { who: 'meg' }, ContextIndex: 1 },
        { ContextValue: { who: 'joe' }, ContextIndex: 2 },
      ]),
    );
  });

  test('$$ in InputPath and in a Choice rule', async () => {
    const r = await run(
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$$.Execution.Input.go', BooleanEquals: true, Next: 'P' }], Default: 'No' },
          P: { Type: 'Pass', InputPath: '$$.Execution.Input', End: true },
          No: { Type: 'Fail' },
        },
      },
      { go: true },
    );
    expect(r.output).toEqual({ go: true });
  });

  test('the Lambda payload of a lambda:invoke task carries context values', async () => {
    const r = await run(
      {
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: FN_ARN('f'), Payload: { 'name.$': '$$.Execution.Name' } }, End: true } },
      },
      {},
      { functions: { f: (e: unknown) => e } },
    );
    expect((r.output as { Payload: unknown }).Payload).toEqual({ name: 'exec-1' });
    expect(data(eventsOf(r, 'TaskScheduled')[0], 'parameters')).toEqual({ FunctionName: FN_ARN('f'), Payload: { name: 'exec-1' } });
  });
});

// Recorded on AWS: LocalStack's tests/aws/services/stepfunctions/v2/context_object/
// test_context_object.snapshot.json (recorded 2024-09-11), input {"input-value": 0}.
describe('the Context Object in paths, as recorded on AWS', () => {
  const INPUT = { 'input-value': 0 };
  /** Member names at each level, in order, as AWS prints them. */
  const shape = (v: unknown): unknown =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([k, x]) => (typeof x === 'object' && x !== null && k !== 'Input' ? { [k]: shape(x) } : k)) : v;
  const CONTEXT_SHAPE = [
    { Execution: ['Id', 'Input', 'StartTime', 'Name', 'RoleArn', 'RedriveCount'] },
    { StateMachine: ['Id', 'Name'] },
    { State: ['Name', 'EnteredTime'] },
  ];
  test.each(['InputPath', 'OutputPath'])('test_input_path / test_output_path: a Pass state\'s %s "$$" is the whole object, "$$.Execution.Input" the input', async (field) => {
    const whole = await run({ StartAt: 'TestState', States: { TestState: { Type: 'Pass', [field]: '$$', End: true } } }, INPUT);
    expect(shape(whole.output)).toEqual(CONTEXT_SHAPE);
    expect(whole.output).toMatchObject({ Execution: { Input: INPUT, RedriveCount: 0 }, State: { Name: 'TestState' } });
    const input = await run({ StartAt: 'TestState', States: { TestState: { Type: 'Pass', [field]: '$$.Execution.Input', End: true } } }, INPUT);
    expect(input.output).toEqual(INPUT);
    expect(types(input)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  // tests/aws/services/stepfunctions/v2/base/test_base.snapshot.json, test_query_context_object_values
  // (recorded 15-07-2024): the members in the order AWS wrote them.
  test('test_query_context_object_values: 13 context values in a Pass state\'s Parameters, in AWS\'s member order', async () => {
    const Parameters = {
      'context_object.$': '$$',
      'execution.$': '$$.Execution', 'execution_id.$': '$$.Execution.Id', 'execution_input.$': '$$.Execution.Input', 'execution_name.$': '$$.Execution.Name',
      'execution_rolearn.$': '$$.Execution.RoleArn', 'execution_starttime.$': '$$.Execution.StartTime',
      'state.$': '$$.State', 'state_enteredtime.$': '$$.State.EnteredTime', 'state_name.$': '$$.State.Name',
      'statemachine.$': '$$.StateMachine', 'statemachine_id.$': '$$.StateMachine.Id', 'statemachine_name.$': '$$.StateMachine.Name',
    };
    const r = await run({ StartAt: 'QueryValues1', States: { QueryValues1: { Type: 'Pass', ResultPath: '$.query_values_1', Parameters, End: true } } }, { message: 'TestMessage' });
    const values = (r.output as { query_values_1: Record<string, unknown> }).query_values_1;
    expect(Object.keys(values)).toEqual(['execution', 'execution_rolearn', 'execution_name', 'statemachine_id', 'execution_id', 'execution_input', 'execution_starttime', 'state_name', 'state_enteredtime', 'statemachine', 'state', 'context_object', 'statemachine_name']);
    expect(shape(values.context_object)).toEqual(CONTEXT_SHAPE);
    expect(values).toMatchObject({ execution_rolearn: 'arn:aws:iam::123456789012:role/StepFunctions-local-role', execution_name: 'exec-1', state_name: 'QueryValues1', statemachine_name: 'local', execution_input: { message: 'TestMessage' } });
  });

  test('test_result_selector: "$$.Execution.Input" in a ResultSelector beside the task result', async () => {
    const input = { FunctionName: 'identity', Payload: INPUT };
    const r = await run(
      {
        StartAt: 'TestState',
        States: {
          TestState: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { 'FunctionName.$': '$.FunctionName', Payload: { 'Input.$': '$' } },
            ResultSelector: { 'LambdaOutput.$': '$', 'ContextObjectValue.$': '$$.Execution.Input' },
            End: true,
          },
        },
      },
      input,
      { functions: { identity: (e: unknown) => e } },
    );
    // As AWS wrote them: Payload before FunctionName, ContextObjectValue before LambdaOutput
    // (static members first, then the ".$" ones in HashMap order: jsonpath/member-order.ts).
    expect(JSON.stringify(data(eventsOf(r, 'TaskScheduled')[0], 'parameters'))).toBe(JSON.stringify({ Payload: { Input: input }, FunctionName: 'identity' }));
    expect(Object.keys(r.output as object)).toEqual(['ContextObjectValue', 'LambdaOutput']);
    expect(r.output).toMatchObject({ ContextObjectValue: input, LambdaOutput: { ExecutedVersion: '$LATEST', Payload: { Input: input }, StatusCode: 200 } });
    expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  });

  test('test_variable: a Choice rule\'s Variable "$$.Execution.Input.input-value"', async () => {
    const r = await run(
      {
        StartAt: 'TestState',
        States: {
          TestState: { Type: 'Choice', Choices: [{ Variable: '$$.Execution.Input.input-value', NumericLessThanEquals: 0, Next: 'QuitChoiceMatched' }], Default: 'QuitNoChoiceMatched' },
          QuitChoiceMatched: { Type: 'Pass', End: true },
          QuitNoChoiceMatched: { Type: 'Pass', End: true },
        },
      },
      INPUT,
    );
    expect(snapshotEvents(r).map((e) => [e.type, e.previousEventId])).toEqual([
      ['ExecutionStarted', 0],
      ['ChoiceStateEntered', 0],
      ['ChoiceStateExited', 2],
      ['PassStateEntered', 3],
      ['PassStateExited', 4],
      ['ExecutionSucceeded', 5],
    ]);
    expect(r.events[3].stateEnteredEventDetails?.name).toBe('QuitChoiceMatched');
    expect(r.output).toEqual(INPUT);
  });

  test('test_items_path: a Map state\'s ItemsPath "$$.Execution.Input.input-values"', async () => {
    const r = await run(
      {
        StartAt: 'TestState',
        States: {
          TestState: {
            Type: 'Map',
            ItemsPath: '$$.Execution.Input.input-values',
            MaxConcurrency: 1,
            ItemProcessor: { StartAt: 'HandleItem', States: { HandleItem: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      { 'input-values': ['item-0'] },
    );
    const none = { truncated: false };
    expect(snapshotEvents(r).slice(1)).toEqual([
      { id: 2, previousEventId: 0, type: 'MapStateEntered', stateEnteredEventDetails: { name: 'TestState', input: { 'input-values': ['item-0'] }, inputDetails: none } },
      { id: 3, previousEventId: 2, type: 'MapStateStarted', mapStateStartedEventDetails: { length: 1 } },
      { id: 4, previousEventId: 3, type: 'MapIterationStarted', mapIterationStartedEventDetails: { index: 0, name: 'TestState' } },
      { id: 5, previousEventId: 4, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'HandleItem', input: 'item-0', inputDetails: none } },
      { id: 6, previousEventId: 5, type: 'PassStateExited', stateExitedEventDetails: { name: 'HandleItem', output: 'item-0', outputDetails: none } },
      { id: 7, previousEventId: 6, type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: { index: 0, name: 'TestState' } },
      { id: 8, previousEventId: 7, type: 'MapStateSucceeded' },
      // MapStateExited follows the last iteration's event, not MapStateSucceeded, as recorded.
      { id: 9, previousEventId: 7, type: 'MapStateExited', stateExitedEventDetails: { name: 'TestState', output: ['item-0'], outputDetails: none } },
      { id: 10, previousEventId: 9, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: ['item-0'], outputDetails: none } },
    ]);
  });
});
