/**
 * Handlers that fake success: a Lambda handler run by `sfn run` that calls `process.exit`, leaves a
 * rejected promise unhandled or throws from a timer must fail its Task as Lambda fails the
 * invocation (`Runtime.ExitError`, `Runtime.UnhandledPromiseRejection`, the thrown error), and
 * never end the process that runs the engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectClean, judge, projectFixture, type Expectation } from './harness';

jest.setTimeout(60_000);

const SUITE = 'handler faults';

const fixture = projectFixture('handlers', 15_000);
const cli = fixture.cli;

beforeAll(() => {
  writeFileSync(join(fixture.cwd, 'task.asl.json'), JSON.stringify({ StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:fn', End: true } } }));
  writeFileSync(
    join(fixture.cwd, 'caught.asl.json'),
    JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:fn', Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Recovered' }], End: true },
        Recovered: { Type: 'Pass', End: true },
      },
    }),
  );
});

let modules = 0;
/** Runs `sfn run TEMPLATE --functions MODULE` where the module's function `fn` has this body. */
async function runHandler(name: string, body: string, expect: Expectation, template = 'task.asl.json') {
  const file = `handlers-${++modules}.ts`;
  writeFileSync(join(fixture.cwd, file), `export default { fn: ${body} };\n`);
  const o = await cli.run(['run', template, '--functions', `./${file}`], fixture.cwd);
  expectClean(SUITE, name, judge(o, expect));
  return o;
}

describe('a handler that ends the process or loses an error fails its Task, as in Lambda', () => {
  test.each([
    ['process.exit(0)', 'async () => { process.exit(0); }', ['Runtime.ExitError', 'Runtime exited without providing a reason']],
    ['process.exit(3)', 'async () => { process.exit(3); }', ['Runtime.ExitError', 'exit status 3']],
    ['process.exit() in a callback-style handler', '(_e: unknown, _c: unknown, _cb: unknown) => { process.exit(0); }', ['Runtime.ExitError']],
    ['process.exit(0) from a timer before it answers', 'async () => { await new Promise(() => setTimeout(() => process.exit(0), 1)); }', ['Runtime.ExitError']],
    ['an unhandled rejection', "async () => { void Promise.reject(new Error('lost')); await new Promise((r) => setTimeout(r, 20)); return { ok: true }; }", ['Runtime.UnhandledPromiseRejection', 'Error: lost']],
    ['an unhandled rejection with a string', "async () => { void Promise.reject('plain'); await new Promise((r) => setTimeout(r, 20)); return { ok: true }; }", ['Runtime.UnhandledPromiseRejection', 'plain']],
    ['a throw from a timer', "async () => { setTimeout(() => { throw new Error('late'); }, 1); await new Promise((r) => setTimeout(r, 20)); return { ok: true }; }", ['late']],
  ])('%s: exit 1, the Lambda error named', async (name, body, mentions) => {
    const o = await runHandler(name, body, { code: 1, mentions });
    expect(o.ended).toBe(false);
  });

  test('the error is a Task failure: Catch on States.TaskFailed takes it', async () => {
    const o = await runHandler('process.exit(0) caught by States.TaskFailed', 'async () => { process.exit(0); }', { code: 0 }, 'caught.asl.json');
    expect(o.stdout).toContain('Runtime.ExitError');
  });
});

describe("the project's own functions", () => {
  test.each([
    ['quit', 'Runtime.ExitError'],
    ['reject', 'Runtime.UnhandledPromiseRejection'],
  ])('sfn run %s: exit 1 with %s', async (workflow, error) => {
    const o = await cli.run(['run', workflow], fixture.cwd);
    expectClean(SUITE, `sfn run ${workflow} (its function ${workflow === 'quit' ? 'calls process.exit' : 'loses a rejection'})`, judge(o, { code: 1, mentions: [error] }));
  });
});
