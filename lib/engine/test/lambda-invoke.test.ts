/**
 * `arn:aws:states:::lambda:invoke` as AWS runs it (issue 18):
 * - a string Payload is the Invoke request's body as it is: the Node.js runtime parses that JSON
 *   text into the event (a text that is no JSON is refused by Lambda, InvalidRequestContentException);
 *   a null Payload, like none, sends `{}`;
 * - a function that does not exist fails the task as Lambda's Invoke answers, through the AWS SDK
 *   for Java's message: error `Lambda.ResourceNotFoundException`, cause "Function not found:
 *   arn:aws:lambda:<region>:<account>:function:<name> (Service: AWSLambda; Status Code: 404; Error
 *   Code: ResourceNotFoundException; Request ID: <id>; Proxy: null)" (Lambda's message: "Function
 *   not found: arn:aws:lambda:us-east-1:000000000000:function:example-function (Service: AWSLambda;
 *   Status Code: 404; Error Code: ResourceNotFoundException; Request ID: 5251...; Proxy: null)" as
 *   the SDK reports it); a task failure, which Catch takes.
 */
import { FN_ARN, def, eventsOf, oneTask, run, types } from './helpers';

const INVOKE = 'arn:aws:states:::lambda:invoke';
const echo = { f: (e: unknown) => ({ got: e }) };
const invoke = (parameters: Record<string, unknown>) => def({ StartAt: 'T', States: { T: { Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'f', ...parameters }, End: true } } });

describe('lambda:invoke Payload', () => {
  test.each([
    ['a JSON text of an object', '{"a":1}', { a: 1 }],
    ['a JSON text of a number', '42', 42],
    ['a JSON text of a string', '"hi"', 'hi'],
  ])('%s is parsed into the event, as the raw request body', async (_what, payload, event) => {
    const r = await run(invoke({ Payload: payload }), {}, { functions: echo });
    expect((r.output as { Payload: unknown }).Payload).toEqual({ got: event });
  });

  test('Payload.$ selecting a string sends that text', async () => {
    const r = await run(invoke({ 'Payload.$': '$.body' }), { body: '{"order":7}' }, { functions: echo });
    expect((r.output as { Payload: unknown }).Payload).toEqual({ got: { order: 7 } });
  });

  test('a null Payload sends {}, as no Payload does', async () => {
    expect(((await run(invoke({ Payload: null }), {}, { functions: echo })).output as { Payload: unknown }).Payload).toEqual({ got: {} });
    expect(((await run(invoke({}), {}, { functions: echo })).output as { Payload: unknown }).Payload).toEqual({ got: {} });
  });

  test('a text that is no JSON: Lambda refuses the request (Lambda.InvalidRequestContentException, a task failure)', async () => {
    const r = await run(invoke({ Payload: 'hello' }), {}, { functions: echo });
    expect(r.error).toBe('Lambda.InvalidRequestContentException');
    expect(r.cause).toMatch(/^Could not parse request body into json: Could not parse payload into json: .* \(Service: AWSLambda; Status Code: 400; Error Code: InvalidRequestContentException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/);
    expect(types(r).slice(-3)).toEqual(['TaskStarted', 'TaskFailed', 'ExecutionFailed']);
  });
});

describe('a function that does not exist', () => {
  const NOT_FOUND = (arn: string) => new RegExp(`^Function not found: ${arn.replace(/[$]/g, '\\$')} \\(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`);

  test('lambda:invoke: Lambda.ResourceNotFoundException, with the function ARN in region and account', async () => {
    const r = await run(invoke({ FunctionName: 'missing' }), {}, { functions: echo, region: 'eu-west-1', accountId: '111122223333' });
    expect(r.error).toBe('Lambda.ResourceNotFoundException');
    expect(r.cause).toMatch(NOT_FOUND('arn:aws:lambda:eu-west-1:111122223333:function:missing'));
    expect(types(r)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
    expect(eventsOf(r, 'TaskFailed')[0].taskFailedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'Lambda.ResourceNotFoundException' });
  });

  test('a function ARN as Resource, with its qualifier; Catch takes it', async () => {
    const definition = def({
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: `${FN_ARN('missing')}:live`, Catch: [{ ErrorEquals: ['Lambda.ResourceNotFoundException'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', End: true },
      },
    });
    const r = await run(definition, {}, { functions: echo });
    expect(r.status).toBe('SUCCEEDED');
    expect((r.output as { Error: string }).Error).toBe('Lambda.ResourceNotFoundException');
    expect((r.output as { Cause: string }).Cause).toMatch(NOT_FOUND('arn:aws:lambda:us-east-1:123456789012:function:missing:live'));
  });

  test('a resource invoker that takes the function still runs it', async () => {
    const r = await run(oneTask(FN_ARN('elsewhere')), {}, { resources: [({ resource }) => (resource.endsWith(':elsewhere') ? Promise.resolve({ ran: true }) : undefined)] });
    expect(r.output).toEqual({ ran: true });
  });
});

test('executionType EXPRESS: the execution ARN (and $$.Execution.Id) has the Express form, :express:<machine>:<name>:<id>', async () => {
  const r = await run(def({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id' }, End: true } } }), {}, { executionType: 'EXPRESS', stateMachineName: 'orders' });
  expect(r.executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:express:orders:exec-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(r.output).toEqual({ id: r.executionArn });
});
