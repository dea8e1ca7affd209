/**
 * AWS's payload quota (Step Functions service quotas: "The maximum input or result data size in
 * bytes as a UTF-8 encoded string for a task, state, or execution: 262,144 bytes"):
 * - an execution input over it is refused before the run (StartExecution's input: "Length
 *   Constraints: Maximum length of 262144", bytes of UTF-8);
 * - a task's result over it fails the state with States.DataLimitExceeded, with AWS's cause "The
 *   state/task '<resource>' returned a result with a size exceeding the maximum number of bytes
 *   service limit." (as users quote it). The developer guide calls it "a terminal error that can't
 *   be caught by the States.ALL error type", but AWS's recorded histories show a catcher's
 *   States.ALL taking it (LocalStack's error_handling/test_states_errors.snapshot.json, recorded
 *   21-03-2024; aws-data-limit.test.ts); a retrier's States.ALL does not retry it here.
 */
import { InvalidExecutionInputError, runExecution } from '..';
import { jsonBytesOver } from '../payload-limit';
import { FN_ARN, def, eventsOf, oneTask, run } from './helpers';

const LIMIT = 262_144;
/** A string whose JSON text, in an object {"s": ...}, is exactly `bytes` long. */
const sized = (bytes: number) => ({ s: 'x'.repeat(bytes - '{"s":""}'.length) });

test('sizes are those of the JSON text in UTF-8 (escapes, multi-byte characters, surrogate pairs)', () => {
  for (const v of [{ a: 'é€😀\n"\\\u0001' }, [1, 2.5, -3e-7, true, null, 'x'], {}, [], { '': { 'ké': [[]] } }, 'plain']) {
    const bytes = Buffer.byteLength(JSON.stringify(v));
    expect(jsonBytesOver(v as never, bytes)).toBe(false);
    expect(jsonBytesOver(v as never, bytes - 1)).toBe(true);
  }
});

test('an input of exactly 262,144 bytes runs; one byte more is refused before anything runs', async () => {
  const ok = await runExecution(def({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 1, End: true } } }), sized(LIMIT));
  expect(ok.output).toBe(1);
  await expect(runExecution(def({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), sized(LIMIT + 1))).rejects.toThrow(InvalidExecutionInputError);
  await expect(runExecution(def({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), sized(LIMIT + 1))).rejects.toThrow(
    'The execution input is larger than 262,144 bytes of JSON (UTF-8), the most Step Functions takes.',
  );
});

describe('a task result over 256 KiB', () => {
  const big = () => sized(LIMIT + 1);

  test('fails the state with States.DataLimitExceeded and AWS\'s cause; a result of exactly the quota passes', async () => {
    const r = await run(oneTask(FN_ARN('f')), {}, { functions: { f: big } });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.DataLimitExceeded');
    expect(r.cause).toBe(`The state/task '${FN_ARN('f')}' returned a result with a size exceeding the maximum number of bytes service limit.`);
    expect(eventsOf(r, 'LambdaFunctionFailed')).toHaveLength(1);
    const exact = await run(oneTask(FN_ARN('f')), {}, { functions: { f: () => sized(LIMIT) } });
    expect(exact.status).toBe('SUCCEEDED');
  });

  test('a retrier\'s States.ALL does not retry it; a catcher\'s States.ALL, as one naming it, catches it (as recorded on AWS)', async () => {
    const withAll = def({
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN_ARN('f'), Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true },
        C: { Type: 'Pass', End: true },
      },
    });
    let calls = 0;
    const r = await run(withAll, {}, { functions: { f: () => (calls++, big()) } });
    expect(r.status).toBe('SUCCEEDED');
    expect((r.output as { Error: string }).Error).toBe('States.DataLimitExceeded');
    expect(calls).toBe(1);
    const named = def({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FN_ARN('f'), Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'C' }], End: true }, C: { Type: 'Pass', End: true } },
    });
    const caught = await run(named, {}, { functions: { f: big } });
    expect(caught.status).toBe('SUCCEEDED');
    expect((caught.output as { Error: string }).Error).toBe('States.DataLimitExceeded');
  });

  test('maxPayloadBytes: Infinity lifts the quota', async () => {
    const r = await run(oneTask(FN_ARN('f')), {}, { functions: { f: big }, maxPayloadBytes: Infinity });
    expect(r.status).toBe('SUCCEEDED');
  });
});
