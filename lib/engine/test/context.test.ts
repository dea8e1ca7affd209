import { FN_ARN, T0, eventsOf, data, run } from './helpers';

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
    expect(r.output).toEqual([
      { ContextValue: { who: 'bob' }, ContextIndex: 0 },
      { ContextValue: { who: 'meg' }, ContextIndex: 1 },
      { ContextValue: { who: 'joe' }, ContextIndex: 2 },
    ]);
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
