/** JSONata states (AWS developer guide, "Transforming data with JSONata in Step Functions"). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { details, eventsOf, run, T0 } from './helpers';

const jsonata = (states: Record<string, unknown>, startAt = Object.keys(states)[0]) => ({ QueryLanguage: 'JSONata', StartAt: startAt, States: states });

describe('Arguments and Output', () => {
  test("the guide's conversion example: Arguments with $states.input and a variable, strings without {% %} kept", async () => {
    const r = await run(
      jsonata({
        Init: { Type: 'Pass', Assign: { customerName: 'María' }, Next: 'Task' },
        Task: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'echo', Payload: { static: 'Hello', title: '{% $states.input.title %}', name: '{% $customerName %}', 'not-evaluated': '$customerName' } },
          Output: '{% $states.result.Payload %}',
          End: true,
        },
      }),
      { title: 'Doctor' },
      { functions: { echo: (e: unknown) => e } },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ static: 'Hello', title: 'Doctor', name: 'María', 'not-evaluated': '$customerName' });
  });

  test('a Task without Output outputs $states.result; expressions nested in arrays are evaluated', async () => {
    const r = await run(
      jsonata({ T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', Arguments: { xs: ['{% $states.input.a %}', 2, ['{% $states.input.a * 3 %}']] }, End: true } }),
      { a: 1 },
      { functions: { f: (e: unknown) => e } },
    );
    expect(r.output).toEqual({ xs: [1, 2, [3]] });
  });

  test('Pass without Output passes its input; Output may be a single expression of any type', async () => {
    const r = await run(jsonata({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Output: '{% $sum($states.input.n) %}', End: true } }), { n: [1, 2, 3] });
    expect(r.output).toBe(6);
  });

  test('$states.context is the Context Object', async () => {
    const r = await run(jsonata({ P: { Type: 'Pass', Output: { name: '{% $states.context.State.Name %}', exec: '{% $states.context.Execution.Name %}' }, End: true } }));
    expect(r.output).toEqual({ name: 'P', exec: 'exec-1' });
  });

  test('a JSONata state in a JSONPath machine', async () => {
    const r = await run({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Parameters: { 'x.$': '$.v' }, Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: { doubled: '{% $states.input.x * 2 %}' }, Next: 'C' },
        C: { Type: 'Pass', OutputPath: '$.doubled', End: true },
      },
    }, { v: 21 });
    expect(r.output).toBe(42);
  });
});

describe('States.QueryEvaluationError', () => {
  test('an expression that returns nothing (undefined) where a value is needed', async () => {
    const r = await run(jsonata({ P: { Type: 'Pass', Output: { a: '{% $states.input.missing %}' }, End: true } }));
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output/a' returned nothing (undefined).",
    );
  });

  test('an evaluation error (a wrong type for an operator)', async () => {
    const r = await run(jsonata({ P: { Type: 'Pass', Output: '{% $states.input.s + 1 %}', End: true } }), { s: 'x' });
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toContain("The JSONata expression '$states.input.s + 1' specified for the field 'Output' threw an error");
  });

  test('is caught by a Catcher (States.ALL); the Catcher Output sees $states.errorOutput', async () => {
    const r = await run(
      jsonata({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
          Arguments: '{% $states.input.nothing %}',
          Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Output: { caught: '{% $states.errorOutput.Error %}', input: '{% $states.input %}' }, Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      }),
      { a: 1 },
      { functions: { f: (e: unknown) => e } },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ caught: 'States.QueryEvaluationError', input: { a: 1 } });
  });

  test('a Catcher without Output outputs the error output', async () => {
    const r = await run(
      jsonata({
        T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }], End: true },
        Done: { Type: 'Succeed' },
      }),
      {},
      { functions: { f: () => { throw Object.assign(new Error('boom'), { name: 'Oops' }); } } },
    );
    expect((r.output as { Error: string }).Error).toBe('Oops');
  });

  test('a Choice Condition that is not a boolean', async () => {
    const r = await run(jsonata({ C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'S' }], Default: 'S' }, S: { Type: 'Succeed' } }), { n: 3 });
    expect(r.error).toBe('States.QueryEvaluationError');
  });
});

describe('Choice', () => {
  const machine = jsonata({
    C: {
      Type: 'Choice',
      Choices: [
        { Condition: '{% $states.input.type = "Private" %}', Next: 'Private', Output: { kind: 'private' } },
        { Condition: "{% $states.input.value > 20 and $states.input.value < 30 %}", Next: 'Range', Assign: { matched: '{% $states.input.value %}' } },
      ],
      Default: 'Other',
    },
    Private: { Type: 'Succeed' },
    Range: { Type: 'Pass', Output: { v: '{% $matched %}' }, End: true },
    Other: { Type: 'Fail', Error: 'NoMatch', Cause: '{% "no rule for " & $string($states.input.value) %}' },
  });

  test('the first true Condition, with its Output', async () => {
    expect((await run(machine, { type: 'Private', value: 1 })).output).toEqual({ kind: 'private' });
  });
  test("a rule's Assign", async () => {
    expect((await run(machine, { type: 'Public', value: 25 })).output).toEqual({ v: 25 });
  });
  test('Default; Fail Cause as an expression', async () => {
    const r = await run(machine, { type: 'Public', value: 99 });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('NoMatch');
    expect(r.cause).toBe('no rule for 99');
  });
});

describe('Wait, Map, Parallel, Task limits', () => {
  test('Wait Seconds and Timestamp as expressions', async () => {
    const r = await run(
      jsonata({
        W1: { Type: 'Wait', Seconds: '{% $states.input.delay %}', Next: 'W2' },
        W2: { Type: 'Wait', Timestamp: '{% $states.input.until %}', End: true },
      }),
      { delay: 10, until: '2024-01-01T00:01:00Z' },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect((r.stopDate.getTime() - T0) / 1000).toBe(60);
    const exits = eventsOf(r, 'WaitStateExited');
    expect((exits[0].timestamp as Date).getTime() - T0).toBe(10_000);
  });

  test('Wait Seconds that is not a non-negative integer', async () => {
    const r = await run(jsonata({ W: { Type: 'Wait', Seconds: '{% -1 %}', End: true } }));
    expect(r.error).toBe('States.QueryEvaluationError');
  });

  test('Map Items and ItemSelector with $states.context.Map.Item', async () => {
    const r = await run(
      jsonata({
        M: {
          Type: 'Map',
          Items: '{% $states.input.xs %}',
          ItemSelector: { index: '{% $states.context.Map.Item.Index %}', value: '{% $states.context.Map.Item.Value %}' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input.index & ":" & $states.input.value %}', End: true } } },
          Output: '{% $join($states.result, ",") %}',
          End: true,
        },
      }),
      { xs: ['a', 'b'] },
    );
    expect(r.output).toBe('0:a,1:b');
  });

  test('Parallel Arguments and $states.result', async () => {
    const r = await run(
      jsonata({
        P: {
          Type: 'Parallel',
          Arguments: { n: '{% $states.input.n %}' },
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input.n + 1 %}', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.input.n * 10 %}', End: true } } },
          ],
          Output: { sum: '{% $sum($states.result) %}' },
          End: true,
        },
      }),
      { n: 2 },
    );
    expect(r.output).toEqual({ sum: 23 });
  });

  test('Task TimeoutSeconds and HeartbeatSeconds as expressions', async () => {
    const r = await run(
      jsonata({ T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', TimeoutSeconds: '{% $states.input.t %}', HeartbeatSeconds: '{% 2 %}', Arguments: {}, End: true } }),
      { t: 5 },
      { resources: [() => Promise.resolve({ ok: true })] },
    );
    expect(r.output).toEqual({ ok: true });
    const scheduled = details(eventsOf(r, 'TaskScheduled')[0]);
    expect(scheduled.timeoutInSeconds).toBe(5);
    expect(scheduled.heartbeatInSeconds).toBe(2);
  });
});

describe('Step Functions JSONata functions', () => {
  const out = async (expr: string, input: unknown = {}) => (await run(jsonata({ P: { Type: 'Pass', Output: `{% ${expr} %}`, End: true } }), input)).output;

  test('$partition', async () => {
    expect(await out('$partition([1,2,3,4], 2)')).toEqual([[1, 2], [3, 4]]);
    expect(await out('$partition([1,2,3,4,5], 2)')).toEqual([[1, 2], [3, 4], [5]]);
  });
  test('$range (end included)', async () => {
    expect(await out('$range(0, 10, 2)')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(await out('$range(5, 1, -2)')).toEqual([5, 3, 1]);
  });
  test('$hash', async () => {
    expect(await out('$hash("input data", "SHA-256")')).toBe(createHash('sha256').update('input data').digest('hex'));
    expect(await out('$hash("x", "MD5")')).toBe(createHash('md5').update('x').digest('hex'));
  });
  test('$random, with a seed repeatable', async () => {
    const a = (await out('$random()')) as number;
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
    expect(await out('$random(42)')).toBe(await out('$random(42)'));
  });
  test('$uuid', async () => {
    expect(await out('$uuid()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  test('$parse', async () => {
    expect(await out('$parse($states.input.json)', { json: '{"a":[1,{"b":true}]}' })).toEqual({ a: [1, { b: true }] });
  });
  test('$eval is not available', async () => {
    const r = await run(jsonata({ P: { Type: 'Pass', Output: '{% $eval("1+1") %}', End: true } }));
    expect(r.error).toBe('States.QueryEvaluationError');
  });
});

test('Task TimeoutSeconds expression that is not a positive integer', async () => {
  const r = await run(
    { QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', TimeoutSeconds: '{% 0 %}', End: true } } },
    {},
    { functions: { f: () => 1 } },
  );
  expect(r.error).toBe('States.QueryEvaluationError');
});

describe('JSONata versions of the project state machines give the same results as the JSONPath ones', () => {
  const load = (path: string, names: Record<string, string>) =>
    JSON.parse(readFileSync(path, 'utf8').replace(/\$\{(\w+)\}/g, (_m: string, n: string) => `arn:aws:lambda:us-east-1:123456789012:function:${names[n] ?? n}`));
  const jsonPath = (file: string, names: Record<string, string>) => load(join(__dirname, '../../asl/test/fixtures/templates', file), names);
  const jsonAta = (file: string, names: Record<string, string>) => load(join(__dirname, 'fixtures', file), names);

  test('hello', async () => {
    const names = { ProcessingLambda: 'hello' };
    const functions = { hello: async (e: unknown) => ({ greeting: `Hello, ${(e as { name: string }).name}!` }) };
    const a = await run(jsonPath('hello.asl.json', names), { name: 'Ada' }, { functions });
    const b = await run(jsonAta('hello.jsonata.asl.json', names), { name: 'Ada' }, { functions });
    expect(b.status).toBe('SUCCEEDED');
    expect(b.output).toEqual(a.output);
    expect(b.output).toEqual({ greeting: 'Hello, Ada!' });
  });

  const names = {
    ReceiveLeadFunctionArn: 'receive-lead',
    CreateClientFunctionArn: 'create-client',
    CreatePartnerFunctionArn: 'create-partner',
    CreateBenefitFunctionArn: 'create-benefit',
    CatchErrorsFunctionArn: 'catch-errors',
  };
  const crmStep = (what: string) => async () => ({ statusCode: 200, message: `${what} created`, description: 'ok' });

  test('crm-lead: the lead goes through the three CRM steps', async () => {
    const functions = {
      'receive-lead': async (e: unknown) => ({ lead: (e as { detail: unknown }).detail }),
      'create-client': crmStep('client'),
      'create-partner': crmStep('partner'),
      'create-benefit': crmStep('benefit'),
      'catch-errors': async () => ({}),
    };
    const a = await run(jsonPath('crm-lead.asl.json', names), { detail: { rut: '1-9' } }, { functions });
    const b = await run(jsonAta('crm-lead.jsonata.asl.json', names), { detail: { rut: '1-9' } }, { functions });
    expect(b.status).toBe('SUCCEEDED');
    expect(b.output).toEqual(a.output);
    expect(eventsOf(b, 'TaskStateEntered').map((e) => details(e).name)).toEqual(eventsOf(a, 'TaskStateEntered').map((e) => details(e).name));
  });

  test('crm-lead: an unavailable CRM is retried, caught, and the execution fails with the same error and cause', async () => {
    const mk = () => {
      let calls = 0;
      return {
        calls: () => calls,
        functions: {
          'receive-lead': async () => ({ lead: {} }),
          'create-client': crmStep('client'),
          'create-partner': async () => {
            calls++;
            throw Object.assign(new Error('CRM down'), { name: 'CrmApiUnavailable' });
          },
          'create-benefit': crmStep('benefit'),
          'catch-errors': async (e: unknown) => {
            const err = (e as { error: { Error: string; Cause: string } }).error;
            return { error: err.Error, cause: JSON.parse(err.Cause).errorMessage };
          },
        },
      };
    };
    const x = mk();
    const y = mk();
    const a = await run(jsonPath('crm-lead.asl.json', names), { detail: {} }, { seed: 1, functions: x.functions });
    const b = await run(jsonAta('crm-lead.jsonata.asl.json', names), { detail: {} }, { seed: 1, functions: y.functions });
    expect(y.calls()).toBe(4);
    expect(y.calls()).toBe(x.calls());
    expect([b.status, b.error, b.cause]).toEqual([a.status, a.error, a.cause]);
    expect([b.error, b.cause]).toEqual(['CrmApiUnavailable', 'CRM down']);
  });
});
