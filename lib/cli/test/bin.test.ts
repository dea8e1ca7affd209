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
