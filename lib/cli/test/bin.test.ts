/**
 * bin/sfn.js, the command as users run it: output piped into a reader that stops early ends the
 * command quietly (no EPIPE stack trace), as other command-line tools do.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '..', '..', '..', 'bin', 'sfn.js');
jest.setTimeout(60_000);

test('a reader that closes the pipe at once: exit 0, nothing on stderr', async () => {
  // The long help of `run`, more than a pipe takes before its reader closed it.
  const child = spawn(process.execPath, [bin, 'run', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});

test('a result of 1 MB piped to a reader: every byte arrives (the command exits once stdout has drained)', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'sfn-pipe-'));
  const file = join(dir, 'big.asl.json');
  writeFileSync(file, JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }));
  const big = 'x'.repeat(1024 * 1024);
  writeFileSync(join(dir, 'input.json'), JSON.stringify({ big }));
  const child = spawn(process.execPath, [bin, 'run', file, '--input', `@${join(dir, 'input.json')}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  // A slow reader: the pipe fills up while the command is ready to exit.
  const chunks: Buffer[] = [];
  child.stdout.pause();
  setTimeout(() => child.stdout.resume(), 300);
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const out = Buffer.concat(chunks).toString();
  expect(JSON.parse(out)).toEqual({ big });
});
