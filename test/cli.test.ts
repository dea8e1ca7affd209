/** The example app through `sfn`: what the toolkit's CLI tests check on their fixture project, here on the examples. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../lib/cli/sfn';

const repo = join(__dirname, '..');

test('sfn validate: every example template is valid, without a warning', async () => {
  let stdout = '';
  let stderr = '';
  const code = await main(['validate'], { cwd: repo, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  const templates = readdirSync(join(repo, 'statemachine')).filter((f) => f.endsWith('.asl.json')).length;
  expect(templates).toBeGreaterThan(0);
  expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: `ok ${templates} templates valid\n` });
});
