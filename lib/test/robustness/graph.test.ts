/**
 * Diagrams of large definitions: `sfn graph` of 20,000 states (Parallel branches among them, about
 * AWS's 1,048,576-character limit) gives a picture in Mermaid, DOT and SVG within its budget; one
 * of 100,000 states (5 MB) is refused clearly; state machines nested a thousand deep are refused
 * at file:line:col rather than overflowing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliRunner, expectClean, judge } from './harness';

jest.setTimeout(120_000);

const SUITE = 'large definitions';
let cwd: string;
const cli = new CliRunner(60_000);

/** `n` states: Pass chains, a Choice every 10 states, a Parallel of two short branches every 50. */
function large(n: number): string {
  const States: Record<string, unknown> = {};
  let i = 0;
  const name = (k: number) => `S${k}`;
  while (i < n) {
    const next = i + 1 < n ? name(i + 1) : undefined;
    const end = next ? { Next: next } : { End: true };
    if (i % 50 === 25 && i + 1 < n) {
      const branch = (b: number) => ({ StartAt: `B${i}_${b}_0`, States: { [`B${i}_${b}_0`]: { Type: 'Pass', Next: `B${i}_${b}_1` }, [`B${i}_${b}_1`]: { Type: 'Pass', End: true } } });
      States[name(i)] = { Type: 'Parallel', Branches: [branch(0), branch(1)], ...end };
    } else if (i % 10 === 5 && next) {
      States[name(i)] = { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: i, Next: next }], Default: next };
    } else States[name(i)] = { Type: 'Pass', ...end };
    i++;
  }
  return JSON.stringify({ StartAt: 'S0', States });
}

/** Parallel states nested `depth` deep. */
function nested(depth: number, type: 'Parallel' | 'Map'): string {
  let inner: Record<string, unknown> = { StartAt: 'L0', States: { L0: { Type: 'Pass', End: true } } };
  for (let d = 1; d <= depth; d++) {
    const state = type === 'Parallel' ? { Type: 'Parallel', Branches: [inner], End: true } : { Type: 'Map', ItemProcessor: inner, End: true };
    inner = { StartAt: `L${d}`, States: { [`L${d}`]: state } };
  }
  return JSON.stringify(inner);
}

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'sfn-robust-graph-'));
  writeFileSync(join(cwd, 'large.asl.json'), large(20_000));
  writeFileSync(join(cwd, 'huge.asl.json'), large(100_000));
  writeFileSync(join(cwd, 'parallel-1000.asl.json'), nested(1000, 'Parallel'));
  writeFileSync(join(cwd, 'map-1000.asl.json'), nested(1000, 'Map'));
});
afterAll(() => {
  cli.close();
  rmSync(cwd, { recursive: true, force: true });
});

test.each([
  ['mermaid', 30_000],
  ['dot', 30_000],
  ['svg', 60_000],
])('sfn graph --format %s of 20,000 states: a picture within %i ms', async (format, budget) => {
  const out = `large.${format}`;
  const o = await cli.run(['graph', 'large.asl.json', '--format', format, '--out', out], cwd, budget);
  const j = judge(o, { code: 0 });
  if (j.verdict === 'clean') {
    const text = existsSync(join(cwd, out)) ? readFileSync(join(cwd, out), 'utf8') : '';
    const states = new Set(text.match(/\bS\d+\b/g) ?? []).size;
    if (statSync(join(cwd, out)).size < 1000 || states < 20_000) {
      j.verdict = 'unclean';
      j.problems.push(`the picture has ${states} of the 20,000 states`);
    }
  }
  expectClean(SUITE, `graph --format ${format} of 20,000 states`, j);
});

test.each(['svg'])('sfn graph --format %s of 100,000 states (5 MB, over AWS\'s limit): a clear refusal', async (format) => {
  const o = await cli.run(['graph', 'huge.asl.json', '--format', format, '--out', `huge.${format}`], cwd, 60_000);
  expectClean(SUITE, `graph --format ${format} of 100,000 states`, judge(o, { code: 1, mentions: [/huge\.asl\.json:1:1/, '1,048,576'] }));
});

test.each([
  ['validate', 'parallel-1000.asl.json'],
  ['validate', 'map-1000.asl.json'],
  ['graph', 'parallel-1000.asl.json'],
  ['run', 'parallel-1000.asl.json'],
  ['run', 'map-1000.asl.json'],
])('sfn %s of %s: refused at file:line:col', async (command, file) => {
  const o = await cli.run([command, file], cwd, 30_000);
  expectClean(SUITE, `${command} of ${file.replace('.asl.json', '')} nested`, judge(o, { code: 1, mentions: [new RegExp(`${file.replace('.', '\\.')}:\\d+:\\d+`), /nest/i] }));
});
