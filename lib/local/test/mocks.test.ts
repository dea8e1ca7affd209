/**
 * Mocked service integrations: AWS's own example (fixtures/MockConfigFile.json and
 * fixtures/LambdaSQSIntegration.asl.json are the mock configuration file and state machine of
 * AWS's "Using mocked service integrations for testing in Step Functions Local", verbatim), run
 * through the engine and through `sfn run --mocks`, and every kind of invalid configuration.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecution } from '../../engine';
import type { Json } from '../../engine/types';
import { main } from '../../cli/sfn';
import { checkMockConfig, loadMockConfig, MockConfigError, mockOverrides, parseMockConfig } from '../mocks';
import { LocalQueues, sqsInvoker } from '../../services/sqs/integration';

const fixtures = join(__dirname, 'fixtures');
const definition = JSON.parse(readFileSync(join(fixtures, 'LambdaSQSIntegration.asl.json'), 'utf8')) as Json;
const config = loadMockConfig(join(fixtures, 'MockConfigFile.json'));
const LAMBDA_RESPONSE = { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } };
const SQS_RESPONSE = { MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51', MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51' };

const run = (testCase: string, extra: { resources?: ReturnType<typeof sqsInvoker>[] } = {}) =>
  runExecution(definition, { hello: 'world' }, { stateMachineName: 'LambdaSQSIntegration', overrides: mockOverrides(config, 'LambdaSQSIntegration', testCase), ...extra });

describe("AWS's example", () => {
  test('HappyPath: both Task states return their mocked responses', async () => {
    const r = await run('HappyPath');
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual(SQS_RESPONSE);
    const lambdaDone = r.events.find((e) => e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resourceType === 'lambda');
    expect(JSON.parse(lambdaDone!.taskSucceededEventDetails!.output!)).toEqual(LAMBDA_RESPONSE);
  });

  test('RetryPath: the first attempt and the first two retries throw ("0", "1-2"), the third retry ("3") returns', async () => {
    const r = await run('RetryPath');
    expect(r.status).toBe('SUCCEEDED');
    const failures = r.events.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error);
    expect(failures).toEqual(['Lambda.ResourceNotReadyException', 'Lambda.TimeoutException', 'Lambda.TimeoutException']);
    expect(r.events.filter((e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'lambda')).toHaveLength(4);
    expect(r.output).toEqual(SQS_RESPONSE);
  });

  test('HybridPath: SQSState, not mocked, runs its integration (here the local SQS sink)', async () => {
    const queues = new LocalQueues();
    const queue = queues.add('myQueue');
    const r = await run('HybridPath', { resources: [sqsInvoker(queues)] });
    expect(r.status).toBe('SUCCEEDED');
    expect(queue.messages.map((m) => JSON.parse(m.MessageBody))).toEqual([LAMBDA_RESPONSE]);
    expect(r.output).toMatchObject({ MD5OfMessageBody: expect.stringMatching(/^[0-9a-f]{32}$/), MessageId: queue.messages[0].MessageId, SdkHttpMetadata: { HttpStatusCode: 200 } });
  });

  test('HybridPath without an SQS stand-in: the run fails naming the state, the resource and --mocks', async () => {
    const r = await run('HybridPath');
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(r.cause).toContain("'arn:aws:states:::sqs:sendMessage'");
    expect(r.cause).toContain("'SQSState'");
    expect(r.cause).toContain('--mocks');
  });

  test('an invocation without a mocked response fails the execution with States.Runtime naming it', async () => {
    const only0 = { ...config, StateMachines: { LambdaSQSIntegration: { TestCases: { NotReady: { LambdaState: 'LambdaMockedResourceNotReady' } } } } };
    const r = await runExecution(definition, {}, { overrides: mockOverrides(only0, 'LambdaSQSIntegration', 'NotReady') });
    expect(r).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(r.cause).toContain("No mocked response for invocation 1 of the Task state 'LambdaState'");
    expect(r.cause).toContain("'LambdaMockedResourceNotReady', which defines invocations 0");
  });

  test('each execution counts its invocations from 0', async () => {
    expect((await run('RetryPath')).status).toBe('SUCCEEDED');
    expect((await run('RetryPath')).status).toBe('SUCCEEDED');
  });
});

describe('selecting a test case', () => {
  test('an unknown state machine or test case lists the known ones, with a suggestion', () => {
    expect(() => mockOverrides(config, 'LambdaSqsIntegration', 'HappyPath')).toThrow(
      'the mock configuration has no state machine "LambdaSqsIntegration" (did you mean LambdaSQSIntegration?); its state machines: LambdaSQSIntegration',
    );
    expect(() => mockOverrides(config, 'LambdaSQSIntegration', 'HapyPath')).toThrow(
      'state machine "LambdaSQSIntegration" has no test case "HapyPath" (did you mean HappyPath?); its test cases: HappyPath, RetryPath, HybridPath',
    );
  });

  test('with the definition, a test case may only name its Task states', () => {
    const typo = { ...config, StateMachines: { LambdaSQSIntegration: { TestCases: { T: { LambdaStat: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' } } } } };
    expect(() => mockOverrides(typo, 'LambdaSQSIntegration', 'T', definition)).toThrow(
      'test case "T" of state machine "LambdaSQSIntegration" mocks "LambdaStat" (did you mean LambdaState?), which is not a Task state of the definition; its Task states: LambdaState, SQSState',
    );
    expect(Object.keys(mockOverrides(config, 'LambdaSQSIntegration', 'HappyPath', definition))).toEqual(['LambdaState', 'SQSState']);
  });
});

describe('invalid configurations', () => {
  const problems = (text: string) => {
    try {
      parseMockConfig(text, 'mocks.json');
    } catch (e) {
      return (e as Error).message.split('\n');
    }
    throw new Error('expected problems');
  };

  test('a JSON syntax error is reported at file:line:column', () => {
    expect(problems('{\n  "StateMachines": {},\n  "MockedResponses": {},\n}')).toEqual(['mocks.json:3:24: invalid JSON: trailing comma before "}"']);
  });

  test('each structural problem names its field at its line and column', () => {
    const text = `{
  "StateMachines": { "M": { "TestCases": { "T": { "A": "Sucess", "B": 3 } } } },
  "MockedResponses": {
    "Success": { "0": { "Return": 1 }, "0-1": { "Return": 2 }, "x": { "Return": 3 } },
    "Bad": { "0": { "Throw": { "Error": "E" } }, "1": { "Return": 1, "Throw": { "Error": "E", "Cause": "C" } }, "2": { "Retrun": 1 } }
  },
  "Extra": true
}`;
    expect(problems(text)).toEqual([
      'mocks.json:7:3: Extra: unknown field "Extra"; allowed: StateMachines, MockedResponses',
      'mocks.json:4:40: MockedResponses.Success["0-1"]: invocations "0-1" and "0" overlap',
      'mocks.json:4:64: MockedResponses.Success.x: invocation key "x" must be an invocation number ("0") or an inclusive range ("1-2")',
      'mocks.json:5:21: MockedResponses.Bad["0"].Throw.Cause: Throw needs a string field Cause',
      'mocks.json:5:50: MockedResponses.Bad["1"]: must have a single field: Return or Throw, not both',
      'mocks.json:5:120: MockedResponses.Bad["2"].Retrun: unknown field "Retrun" (did you mean Return?); allowed: Return, Throw',
      'mocks.json:2:51: StateMachines.M.TestCases.T.A: no mocked response "Sucess" in MockedResponses (did you mean Success?)',
      'mocks.json:2:66: StateMachines.M.TestCases.T.B: must name a mocked response (a string), not a number',
    ]);
  });

  test('a configuration given as a value: the messages name the fields', () => {
    expect(() => checkMockConfig({ StateMachines: [], MockedResponses: { R: { '2-1': { Return: 1 } } } })).toThrow(
      new MockConfigError('mocks: MockedResponses.R["2-1"]: range "2-1" ends before it starts\nmocks: StateMachines: must be an object of state machines, not an array'),
    );
  });
});

describe('sfn run --mocks', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sfn-mocks-'));
    writeFileSync(join(tmp, 'LambdaSQSIntegration.asl.json'), readFileSync(join(fixtures, 'LambdaSQSIntegration.asl.json')));
    writeFileSync(join(tmp, 'MockConfigFile.json'), readFileSync(join(fixtures, 'MockConfigFile.json')));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  async function sfn(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { cwd: tmp, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
    return { code, stdout, stderr };
  }

  test('a template file with a test case of the file: the state machine is the file name', async () => {
    const r = await sfn('run', 'LambdaSQSIntegration.asl.json', '--mocks', 'MockConfigFile.json', '--test-case', 'RetryPath');
    expect(r).toEqual({ code: 0, stdout: `${JSON.stringify(SQS_RESPONSE, null, 2)}\n`, stderr: '' });
  });

  test('--state-machine selects the state machine of the file', async () => {
    writeFileSync(join(tmp, 'other.asl.json'), readFileSync(join(fixtures, 'LambdaSQSIntegration.asl.json')));
    const r = await sfn('run', 'other.asl.json', '--mocks', 'MockConfigFile.json', '--test-case', 'HappyPath', '--state-machine', 'LambdaSQSIntegration');
    expect(r.code).toBe(0);
    const wrong = await sfn('run', 'other.asl.json', '--mocks', 'MockConfigFile.json', '--test-case', 'HappyPath');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the mock configuration has no state machine "other"');
    expect(wrong.stderr).toContain('--state-machine NAME');
  });

  test('an unmocked integration without a stand-in fails naming the state and resource', async () => {
    const r = await sfn('run', 'LambdaSQSIntegration.asl.json', '--mocks', 'MockConfigFile.json', '--test-case', 'HybridPath');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FAILED at state "\w+" \(Task\): States\.Runtime\n.*'arn:aws:states:::sqs:sendMessage'.*--mocks/s);
  });

  test('usage errors and an invalid file', async () => {
    expect((await sfn('run', 'LambdaSQSIntegration.asl.json', '--mocks', 'MockConfigFile.json')).stderr).toBe('sfn: --mocks needs --test-case CASE (a test case of the state machine in the file)\n');
    expect((await sfn('run', 'LambdaSQSIntegration.asl.json', '--test-case', 'X')).stderr).toBe('sfn: --test-case needs --mocks FILE (the mock configuration file)\n');
    expect(await sfn('run', 'LambdaSQSIntegration.asl.json', '--mocks', 'nope.json', '--test-case', 'X')).toMatchObject({ code: 2, stderr: 'sfn: --mocks: cannot read the mock configuration file nope.json\n' });
    writeFileSync(join(tmp, 'bad.json'), '{ "StateMachines": {}, "MockedResponses": { "R": { "0": { "Throw": "boom" } } } }');
    expect(await sfn('run', 'LambdaSQSIntegration.asl.json', '--mocks', 'bad.json', '--test-case', 'X')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'bad.json:1:59: MockedResponses.R["0"].Throw: Throw must be an object with Error and Cause strings, not a string\n',
    });
  });
});
