/**
 * Runtime failures in AWS's own words: users match them in Catch handlers, alarms and tests.
 * Sources, each cited at its test: LocalStack's Step Functions snapshot tests recorded against AWS
 * (tests/aws/services/stepfunctions/v2/...snapshot.json) and the provider code written to
 * reproduce them (localstack-core/localstack/services/stepfunctions/asl/...), and causes seen on
 * AWS and quoted by users.
 */
import { FN_ARN, def, eventsOf, run } from './helpers';

const PREFIX = (state: string, id = 2) => `An error occurred while executing the state '${state}' (entered at the event id #${id}). `;

function mapWith(fields: Record<string, unknown>, jsonata = false, iteration: Record<string, unknown> = { Type: 'Pass', End: true }) {
  return def({
    ...(jsonata ? { QueryLanguage: 'JSONata' } : {}),
    StartAt: 'M',
    States: { M: { Type: 'Map', ...fields, ItemProcessor: { StartAt: 'P', States: { P: iteration } }, End: true } },
  });
}

describe('Map', () => {
  // scenarios/test_base_scenarios.py test_max_concurrency_path records MaxConcurrencyValue {} and
  // "NoNumber" on AWS; state_map/max_concurrency.py writes their cause.
  test.each([
    [{}, '{}'],
    ['NoNumber', 'NoNumber'],
    [1.5, '1.5'],
  ])('MaxConcurrencyPath referring to %j: "...refers to value \\"%s\\" which is not a valid integer: <path>"', async (value, shown) => {
    const r = await run(mapWith({ ItemsPath: '$.Values', MaxConcurrencyPath: '$.MaxConcurrencyValue' }), { MaxConcurrencyValue: value, Values: ['HelloWorld'] });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(`${PREFIX('M')}The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: $.MaxConcurrencyValue`);
  });

  test('MaxConcurrencyPath: an integer, or a string of one, is the limit; a negative one fails', async () => {
    const ok = await run(mapWith({ ItemsPath: '$.Values', MaxConcurrencyPath: '$.m' }), { m: '1', Values: [1, 2] });
    expect(ok.output).toEqual([1, 2]);
    const negative = await run(mapWith({ ItemsPath: '$.Values', MaxConcurrencyPath: '$.m' }), { m: -1, Values: [1] });
    expect(negative.cause).toBe(`${PREFIX('M')}Expected non-negative integer for MaxConcurrency, got '-1' instead.`);
  });

  // Seen on AWS: "The JSONata expression '$restorableJobs' specified for the field 'Items' returned an
  // unexpected result type. Expected 'array', but was 'object'"; the value follows as
  // state_map/items/items.py writes it (strings quoted, the rest as JSON).
  test.each([
    ['{% $states.input.o %}', { o: { a: 1 } }, "'object' for value: {\"a\":1}", '$states.input.o'],
    ['{% $states.input.s %}', { s: 'abc' }, "'string' for value: \"abc\"", '$states.input.s'],
    ['{% $states.input.n %}', { n: 7 }, "'number' for value: 7", '$states.input.n'],
    ['{% $states.input.b %}', { b: true }, "'boolean' for value: true", '$states.input.b'],
    ['{%  null  %}', {}, "'null' for value: null", 'null'],
  ])('JSONata Items %s not an array: States.QueryEvaluationError with AWS\'s words', async (items, input, tail, text) => {
    const r = await run(mapWith({ Items: items }, true), input);
    expect(r.error).toBe('States.QueryEvaluationError');
    const cause = `The JSONata expression '${text}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was ${tail}`;
    expect(r.cause).toBe(`${PREFIX('M')}${cause}`);
    // The event's cause is the execution's (AWS's recorded EvaluationFailed events, test_assign_reference_variables).
    expect(eventsOf(r, 'EvaluationFailed')[0].evaluationFailedEventDetails).toEqual({ error: 'States.QueryEvaluationError', cause: r.cause, location: 'Items', state: 'M' });
  });
});

describe('Distributed Map: ToleratedFailureCountPath / ToleratedFailurePercentagePath (state_map/tolerated_failure.py)', () => {
  const distributed = (fields: Record<string, unknown>) =>
    def({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ...fields,
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
  test.each([
    [{ ToleratedFailureCountPath: '$.t' }, 'x', 'The ToleratedFailureCountPath field refers to value "x" which is not a valid integer: $.t'],
    [{ ToleratedFailureCountPath: '$.t' }, [1], 'The ToleratedFailureCountPath field refers to value "[1]" which is not a valid integer: $.t'],
    [{ ToleratedFailureCountPath: '$.t' }, -2, 'ToleratedFailureCount cannot be negative.'],
    [{ ToleratedFailurePercentagePath: '$.t' }, 'half', 'The ToleratedFailurePercentagePath field refers to value "half" which is not a valid float: $.t'],
    [{ ToleratedFailurePercentagePath: '$.t' }, 101, 'ToleratedFailurePercentage must be between 0 and 100.'],
  ])('%j with %j: States.Runtime "%s"', async (fields, value, cause) => {
    const r = await run(distributed(fields), { t: value, items: [1] });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(`${PREFIX('M')}${cause}`);
  });

  test('a value that is fine runs the Map', async () => {
    const r = await run(distributed({ ToleratedFailureCountPath: '$.t' }), { t: '2', items: [1, 2] });
    expect(r.output).toEqual([1, 2]);
  });
});

describe('Wait', () => {
  const wait = (fields: Record<string, unknown>, jsonata = false) => def({ ...(jsonata ? { QueryLanguage: 'JSONata' } : {}), StartAt: 'W', States: { W: { Type: 'Wait', ...fields, End: true } } });

  // state_wait/wait_function/seconds_path.py
  test.each([
    ['abc', 'The SecondsPath parameter cannot be parsed as a long value: $.s == abc'],
    [1.5, 'The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5'],
    [-1, 'The SecondsPath parameter references a negative value: $.s == -1'],
  ])('SecondsPath %j', async (value, cause) => {
    const r = await run(wait({ SecondsPath: '$.s' }), { s: value });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(`${PREFIX('W')}${cause}`);
  });

  // base/test_wait.snapshot.json (recorded on AWS), test_wait_timestamppath without an offset:
  // "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time
  // format string: $.start_at == <timestamp>"; with Z (and fractions) it waits.
  test.each(['2016-03-14T01:59:00', '2016-03-14T01:59:00.000', '2016-03-14T01:59:00.000000'])('TimestampPath %s (no offset): States.Runtime', async (ts) => {
    const r = await run(wait({ TimestampPath: '$.start_at' }), { start_at: ts });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(`${PREFIX('W')}The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.start_at == ${ts}`);
  });

  test.each(['2016-03-14T01:59:00Z', '2016-03-14T01:59:00.000Z', '2016-03-14T01:59:00.000000Z'])('TimestampPath %s waits', async (ts) => {
    expect((await run(wait({ TimestampPath: '$.start_at' }), { start_at: ts })).status).toBe('SUCCEEDED');
  });

  // JSONata Timestamp: the same words with the expression (state_wait/wait_function/timestamp.py).
  test('JSONata Timestamp that is not a timestamp', async () => {
    const r = await run(wait({ Timestamp: '{% $states.input.at %}' }, true), { at: 'tomorrow' });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(`${PREFIX('W')}The Timestamp parameter does not reference a valid ISO-8601 extended offset date-time format string: $states.input.at == tomorrow`);
  });
});

describe('Fail', () => {
  // A path of ErrorPath / CausePath that matches nothing fails as a payload template's path does,
  // naming the field (States.Runtime).
  test.each(['ErrorPath', 'CausePath'])('%s matching nothing', async (field) => {
    const r = await run(def({ StartAt: 'F', States: { F: { Type: 'Fail', [field]: '$.nope' } } }), { other: 1 });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(`${PREFIX('F')}The JSONPath '$.nope' specified for the field '${field}' could not be found in the input '{"other":1}'`);
  });
});

describe('JSONata values of the wrong type', () => {
  // A function is no JSON value: "returned an unsupported result type" (jsonata/validations.py).
  test('a function value', async () => {
    const r = await run(def({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% function($x) { $x } %}', End: true } } }));
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toBe(`${PREFIX('P')}The JSONata expression 'function($x) { $x }' specified for the field 'Output' returned an unsupported result type.`);
  });
});

test('a Task result stays a task failure; the causes above are States.Runtime, which no Catch takes', async () => {
  const r = await run(
    def({
      StartAt: 'W',
      States: { W: { Type: 'Wait', SecondsPath: '$.s', Next: 'T' }, T: { Type: 'Task', Resource: FN_ARN('f'), End: true } },
    }),
    { s: -5 },
    { functions: { f: () => 1 } },
  );
  expect(r.status).toBe('FAILED');
  expect(eventsOf(r, 'ExecutionFailed')).toHaveLength(1);
});

test('an inline Map with tolerated-failure fields is accepted (AWS accepts them there) and they have no effect', async () => {
  const r = await run(mapWith({ ItemsPath: '$.items', ToleratedFailurePercentage: 50, ToleratedFailureCountPath: '$.t' }, false, { Type: 'Fail', Error: 'Boom' }), { items: [1, 2], t: 5 });
  // Inline, the first failed iteration fails the Map, whatever the thresholds say.
  expect(r.error).toBe('Boom');
});
