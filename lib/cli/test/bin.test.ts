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

test('a history of more than 1 MB piped to a slow reader: every byte arrives (the command exits once stdout has drained)', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'sfn-pipe-'));
  const file = join(dir, 'big.asl.json');
  // 1,000 iterations of a Pass, each with 200 bytes of data: every value within AWS's 256 KiB, the history over 1 MB.
  const pad = 'x'.repeat(200);
  writeFileSync(
    file,
    JSON.stringify({
      StartAt: 'M',
      States: {
        M: { Type: 'Map', ItemsPath: '$.items', ItemSelector: { pad, 'i.$': '$$.Map.Item.Value' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      },
    }),
  );
  const input = JSON.stringify({ items: Array.from({ length: 1000 }, (_, i) => i) });
  const child = spawn(process.execPath, [bin, 'run', file, '--input', input, '--history'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const out = Buffer.concat(chunks);
  expect(out.length).toBeGreaterThan(1024 * 1024);
  const history = JSON.parse(out.toString()) as { status: string; events: unknown[] };
  expect(history.status).toBe('SUCCEEDED');
  expect(history.events.length).toBeGreaterThan(4000);
});
