import { CompiledStateMachine, InvalidDefinitionError, UnsupportedFeatureError, compileStateMachine, runExecution } from '..';
import { run } from './helpers';

describe('compiling', () => {
  test('an invalid definition is refused with the validator diagnostics listed', async () => {
    const bad = { StartAt: 'Missing', States: { A: { Type: 'Pass', End: true, Bogus: 1 } } };
    let error: unknown;
    try {
      compileStateMachine(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidDefinitionError);
    const e = error as InvalidDefinitionError;
    expect(e.diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/^The state machine definition is invalid \(\d+ problems\):\n/);
    for (const d of e.diagnostics) expect(e.message).toContain(d.message);
    await expect(runExecution(bad, {})).rejects.toBeInstanceOf(InvalidDefinitionError);
  });

  test('a definition as JSON text; text that is not JSON is refused', async () => {
    const r = await runExecution('{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"x","End":true}}}', {});
    expect(r.output).toBe('x');
    expect(() => compileStateMachine('{"StartAt":')).toThrow(InvalidDefinitionError);
  });

  test('JSONata and variables (Assign) run', async () => {
    expect((await runExecution({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input.v %}', End: true } } }, { v: 1 })).output).toBe(1);
    expect((await runExecution({ StartAt: 'P', States: { P: { Type: 'Pass', Assign: { x: 1 }, End: true } } })).status).toBe('SUCCEEDED');
  });

  const distributed = (fields: Record<string, unknown>) => ({
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
        ...fields,
      },
    },
  });
  test.each([
    [
      'a Distributed Map reading Parquet',
      distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'PARQUET' }, Parameters: { Bucket: 'b', Key: 'k.parquet' } } }),
      /PARQUET/,
    ],
  ])('what the engine does not run yet (%s) is refused with UnsupportedFeatureError', (_label, definition, message) => {
    expect(() => compileStateMachine(definition as never)).toThrow(UnsupportedFeatureError);
    expect(() => compileStateMachine(definition as never)).toThrow(message);
  });

  test('one compiled machine runs many executions', async () => {
    const machine = compileStateMachine({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'v.$': '$.v' }, End: true } } });
    expect(machine).toBeInstanceOf(CompiledStateMachine);
    const outputs = await Promise.all([1, 2, 3].map((v) => machine.run({ v })));
    expect(outputs.map((r) => r.output)).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
    // Each execution has its own name and ARN.
    expect(new Set(outputs.map((r) => r.executionArn)).size).toBe(3);
  });

  test('no input means {}', async () => {
    expect((await runExecution({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })).output).toEqual({});
  });

  test('the result carries start and stop dates and the transition count', async () => {
    const r = await run({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, Next: 'P' }, P: { Type: 'Pass', End: true } } });
    expect(r.startDate.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(r.stopDate.toISOString()).toBe('2024-01-01T00:00:05.000Z');
    expect(r.transitions).toBe(2);
  });
});
