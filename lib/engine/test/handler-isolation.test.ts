/**
 * What ends a Lambda runtime ends only the invocation (lambda-isolation.ts), failing the Task as
 * Lambda reports it, never the process that runs the engine:
 * - `process.exit`: `Runtime.ExitError`, "RequestId: <id> Error: Runtime exited without providing
 *   a reason" (exit 0) or "... Runtime exited with error: exit status <n>", as Lambda answers such
 *   an invocation (e.g. github.com/ballerina-platform/module-ballerinax-aws.lambda/issues/229:
 *   {"errorMessage":"RequestId: a5f1... Error: Runtime exited without providing a reason",
 *   "errorType":"Runtime.ExitError"}; aws-lambda-python-runtime-interface-client/issues/94:
 *   "Runtime exited with error: exit status 1");
 * - an unhandled rejection: `Runtime.UnhandledPromiseRejection`, errorMessage the reason as text
 *   ("Error: yikes"), trace[0] "Runtime.UnhandledPromiseRejection: Error: yikes" (the Node.js
 *   runtime interface client; bugsnag-js's tests against SAM's Lambda images check these fields).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { FN_ARN, def, oneTask, run } from './helpers';

const ID = /^RequestId: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} Error: /;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function causeOf(cause: string | undefined): { errorType: string; errorMessage: string; trace?: string[] } {
  return JSON.parse(cause as string);
}

describe('process.exit in a handler', () => {
  test('exit 0 (sync, and after an await): the Task fails with Runtime.ExitError, without a reason; code after it does not run', async () => {
    let after = false;
    const sync = await run(oneTask(FN_ARN('f')), {}, { functions: { f: () => { process.exit(0); after = true; } } });
    expect(sync.status).toBe('FAILED');
    expect(sync.error).toBe('Runtime.ExitError');
    expect(causeOf(sync.cause).errorMessage).toMatch(new RegExp(`${ID.source}Runtime exited without providing a reason$`));
    const later = await run(oneTask(FN_ARN('f')), {}, { functions: { f: async () => { await sleep(1); process.exit(); after = true; } } });
    expect(later.error).toBe('Runtime.ExitError');
    expect(after).toBe(false);
  });

  test('a non-zero code gives "exit status <n>"; the failure is a task failure that Catch takes', async () => {
    const definition = def({
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN_ARN('f'), Catch: [{ ErrorEquals: ['Runtime.ExitError'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', End: true },
      },
    });
    const r = await run(definition, {}, { functions: { f: async () => process.exit(3) } });
    expect(r.status).toBe('SUCCEEDED');
    const caught = r.output as { Error: string; Cause: string };
    expect(caught.Error).toBe('Runtime.ExitError');
    expect(causeOf(caught.Cause).errorMessage).toMatch(new RegExp(`${ID.source}Runtime exited with error: exit status 3$`));
  });

  test('process.exit is the process\'s own again a second after the last handler', async () => {
    await sleep(1100);
    const own = process.exit;
    await run(oneTask(FN_ARN('f')), {}, { functions: { f: async () => process.exit(0) } });
    expect(process.exit).not.toBe(own);
    await sleep(1100);
    expect(process.exit).toBe(own);
  });
});

/**
 * Unhandled rejections in a process of its own: the test runner handles those of its tests itself.
 * The script prints one line per run; the process must end by itself, with nothing on stderr but
 * the note about the rejection left behind by a handler that had answered.
 */
test('an unhandled rejection fails its Task with Runtime.UnhandledPromiseRejection; one left behind after the answer fails nothing; the process lives on, and its own process.exit ends it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-isolation-'));
  try {
    const entry = join(dir, 'main.ts');
    writeFileSync(
      entry,
      `import { runExecution } from ${JSON.stringify(join(__dirname, '..'))};
const task = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true } } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const rejected = await runExecution(task, {}, { functions: { f: async () => { void Promise.reject(new Error('yikes')); await sleep(20); return 1; } } });
  console.log(JSON.stringify({ status: rejected.status, error: rejected.error, cause: JSON.parse(rejected.cause as string) }));
  const late = await runExecution(task, {}, { functions: { f: async () => { setTimeout(() => void Promise.reject(new Error('late')), 0); return 'ok'; } } });
  await sleep(20);
  const exited = await runExecution(task, {}, { functions: { f: () => process.exit(0) } });
  console.log(JSON.stringify([late.status, late.output, exited.error]));
  // The host's own exit, right after its executions (no handler runs): the process ends with it.
  process.exit(7);
})();
`,
    );
    const out = join(dir, 'main.js');
    buildSync({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error' });
    const root = join(__dirname, '..', '..', '..');
    const r = spawnSync(process.execPath, [out], { encoding: 'utf8', cwd: root, env: { ...process.env, NODE_PATH: join(root, 'node_modules') }, timeout: 30_000 });
    expect(r.status).toBe(7);
    const [first, second] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(first.status).toBe('FAILED');
    expect(first.error).toBe('Runtime.UnhandledPromiseRejection');
    expect(first.cause.errorType).toBe('Runtime.UnhandledPromiseRejection');
    expect(first.cause.errorMessage).toBe('Error: yikes');
    expect(first.cause.trace[0]).toBe('Runtime.UnhandledPromiseRejection: Error: yikes');
    expect(second).toEqual(['SUCCEEDED', 'ok', 'Runtime.ExitError']);
    expect(r.stderr).toBe('A Lambda handler left a promise rejected after its invocation answered: Error: late\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
