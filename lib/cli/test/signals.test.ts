/**
 * SIGTERM and SIGINT always stop `sfn serve` and `sfn run` within a second (lib/cli/signals.ts),
 * also while an execution evaluates a JSONata expression that recurses without end, which does not
 * stop the endpoint from answering API calls meanwhile (lib/engine/jsonata-budget.ts); a Wait
 * longer than a Node timer can take (30 days, on the real clock) writes no TimeoutOverflowWarning.
 * The command is spawned as users run it (bin/sfn.js); the bound on the time it takes to exit is
 * generous (the machine is shared): what is checked is that it exits, how, and what it said.
 */
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSfnClient } from '../../local/activity-workers';
import { FIXTURE_PROJECT } from '../../test/fixture-project';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
jest.setTimeout(60_000);

const bin = join(__dirname, '..', '..', '..', 'bin', 'sfn.js');
/** A bound that only a command that does not stop reaches (the command itself exits within a second). */
const EXITS_WITHIN_MS = 5_000;
const ENDLESS = '{% ($f := function($x){ $f($x) }; $f(1)) %}';

interface Cli {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  /** Resolves with the match once the output (stdout or stderr) matches. */
  waitFor(re: RegExp): Promise<RegExpMatchArray>;
}

function startCli(args: string[], cwd: string): Cli {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  const changed = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (d: Buffer) => ((out += d.toString()), changed()));
  child.stderr.on('data', (d: Buffer) => ((err += d.toString()), changed()));
  child.on('exit', changed);
  return {
    child,
    out: () => out,
    err: () => err,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const m = re.exec(out) ?? re.exec(err);
          if (m !== null) return resolve(m);
          if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`exited before ${re}:\n${out}\n${err}`));
          waiters.push(look);
        };
        look();
      }),
  };
}

/** Sends the signal; resolves with the exit code once the process has exited (within the bound). */
async function stop(cli: Cli, signal: NodeJS.Signals): Promise<number | null> {
  const t0 = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    cli.child.on('exit', (c) => resolve(c));
    cli.child.kill(signal);
  });
  expect(Date.now() - t0).toBeLessThan(EXITS_WITHIN_MS);
  return code;
}

/** Once the run's function has said it started, and a moment after: the signal; the exit code. */
async function interruptRun(cli: Cli, signal: NodeJS.Signals): Promise<number | null> {
  await cli.waitFor(/EXECUTION RUNNING/);
  await new Promise((resolve) => setTimeout(resolve, 200));
  return stop(cli, signal);
}

describe('sfn serve', () => {
  test('answers API calls while an execution evaluates a recursion without end (StopExecution stops it); SIGTERM stops the endpoint, another such execution running', async () => {
    const cli = startCli(['serve', '--port', '0'], FIXTURE_PROJECT);
    try {
      const [, url] = await cli.waitFor(/Step Functions endpoint on (http:\/\/127\.0\.0\.1:\d+)/);
      await cli.waitFor(/Ctrl-C stops it/);
      const sfn = localSfnClient(url);
      try {
        const { stateMachineArn } = await sfn.send(
          new CreateStateMachineCommand({
            name: 'endless',
            roleArn: 'arn:aws:iam::123456789012:role/local',
            definition: JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'Spin', States: { Spin: { Type: 'Pass', Output: ENDLESS, End: true } } }),
          }),
        );
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
        for (let i = 0; i < 5; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
        }
        const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
        expect(listed.executions?.map((e) => e.status)).toEqual(['RUNNING']);
        // StopExecution ends it (and its evaluation).
        await sfn.send(new StopExecutionCommand({ executionArn, error: 'Enough' }));
        expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ status: 'ABORTED', error: 'Enough' });
        const again = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
        expect((await sfn.send(new DescribeExecutionCommand({ executionArn: again.executionArn }))).status).toBe('RUNNING');
      } finally {
        sfn.destroy();
      }
      expect(await stop(cli, 'SIGTERM')).toBe(0);
      expect(cli.err()).toContain('stopping the endpoint');
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  test('SIGINT (Ctrl-C) stops it', async () => {
    const cli = startCli(['serve', '--port', '0'], FIXTURE_PROJECT);
    try {
      await cli.waitFor(/Ctrl-C stops it/);
      expect(await stop(cli, 'SIGINT')).toBe(0);
      expect(cli.err()).toContain('stopping the endpoint');
    } finally {
      cli.child.kill('SIGKILL');
    }
  });
});

describe('sfn run', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sfn-signals-'));
    // A function that says when the execution has started, so that the signal comes while the next state runs.
    writeFileSync(join(dir, 'functions.js'), "module.exports = { started: async () => { process.stderr.write('EXECUTION RUNNING\\n'); return {}; } };\n");
    const started = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:started', Next: 'Then' };
    writeFileSync(join(dir, 'endless.asl.json'), JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'Start', States: { Start: started, Then: { Type: 'Pass', Output: ENDLESS, End: true } } }));
    writeFileSync(join(dir, 'month.asl.json'), JSON.stringify({ StartAt: 'Start', States: { Start: started, Then: { Type: 'Wait', Seconds: 30 * 86_400, End: true } } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('SIGINT stops a run that evaluates a recursion without end: ABORTED', async () => {
    const cli = startCli(['run', 'endless.asl.json', '--functions', 'functions.js'], dir);
    try {
      expect(await interruptRun(cli, 'SIGINT')).toBe(1);
      expect(cli.err()).toContain('ABORTED at state "Then" (Pass): SIGINT\n  interrupted from the terminal');
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  test('SIGTERM stops a run waiting 30 days on the real clock: ABORTED, and no TimeoutOverflowWarning', async () => {
    const cli = startCli(['run', 'month.asl.json', '--functions', 'functions.js', '--real-time', '--history'], dir);
    try {
      expect(await interruptRun(cli, 'SIGTERM')).toBe(1);
      expect(cli.err()).toContain('ABORTED at state "Then" (Wait): SIGTERM\n  stopped by SIGTERM');
      expect(JSON.parse(cli.out()).events.map((e: { type: string }) => e.type)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionSucceeded',
        'TaskStateExited',
        'WaitStateEntered',
        'ExecutionAborted',
      ]);
      // Node writes its warnings (process 'warning' events) on stderr.
      expect(cli.err()).not.toContain('Warning');
    } finally {
      cli.child.kill('SIGKILL');
    }
  });
});
