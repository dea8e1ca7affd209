/**
 * Writes that are all or nothing: `sfn import` killed (SIGKILL) at each step of writing its
 * template and its values file leaves, once the next command has written to the same folders,
 * both files or neither, each whole, and no temporary file behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectClean, REPO, type Judgement } from './harness';

jest.setTimeout(60_000);

const SUITE = 'writes';
const bin = join(REPO, 'bin', 'sfn.js');

/** A preload that kills the process (SIGKILL) at the Nth call of fs.writeFileSync or fs.renameSync. */
const KILLER = `
const fs = require('node:fs');
const [what, at] = process.env.KILL_AT.split(':');
let n = 0;
const original = fs[what];
fs[what] = function (...args) {
  if (++n === Number(at)) process.kill(process.pid, 'SIGKILL');
  return original.apply(this, args);
};
`;

/** A Workflow Studio export of about 0.8 MB (under AWS's definition limit): many Pass states between two Lambda tasks. */
function bigExport(): string {
  const States: Record<string, unknown> = { First: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:first', Next: 'P0' } };
  for (let i = 0; i < 2000; i++) States[`P${i}`] = { Type: 'Pass', Comment: 'x'.repeat(300), Next: i === 1999 ? 'Last' : `P${i + 1}` };
  States.Last = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:last', End: true };
  return JSON.stringify({ StartAt: 'First', States }, null, 2);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sfn-robust-writes-'));
  writeFileSync(join(dir, 'killer.js'), KILLER);
  writeFileSync(join(dir, 'export.json'), bigExport());
  writeFileSync(join(dir, 'small.json'), JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:a', End: true } } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sfn = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [...(env.KILL_AT ? ['-r', join(dir, 'killer.js')] : []), bin, ...args], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });

const leftovers = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((f) => /\.tmp$|sfn-write|\.bak$/.test(f)) : []);
const whole = (file: string) => {
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
};

describe('sfn import killed while writing, then another import into the same folders', () => {
  test.each(['writeFileSync:1', 'writeFileSync:2', 'writeFileSync:3', 'renameSync:1', 'renameSync:2'])('killed at %s', (killAt) => {
    const name = `killed-${killAt.replace(/\W/g, '-').toLowerCase()}`;
    const template = join(dir, 'statemachine', `${name}.asl.json`);
    const vars = join(dir, 'vars', `${name}.json`);
    const killed = sfn(['import', 'export.json', '--name', name, '--vars-out', `vars/${name}.json`], { KILL_AT: killAt });
    // The next command writing to both folders finishes or undoes what the killed one left.
    const next = sfn(['import', 'small.json', '--name', `after-${name}`, '--vars-out', `vars/after-${name}.json`]);
    const problems: string[] = [];
    if (killed.signal !== 'SIGKILL' && killed.status !== 0) problems.push(`the killed import ended with ${killed.status}: ${killed.stderr}`);
    if (next.status !== 0) problems.push(`the next import failed (${next.status}): ${next.stderr}`);
    const left = [...leftovers(join(dir, 'statemachine')), ...leftovers(join(dir, 'vars'))];
    if (left.length) problems.push(`temporary files left behind: ${left.join(', ')}`);
    if (existsSync(template) !== existsSync(vars)) problems.push(`only one of the two files exists: template ${existsSync(template)}, values ${existsSync(vars)}`);
    for (const f of [template, vars]) if (existsSync(f) && !whole(f)) problems.push(`${f} is not whole`);
    const j: Judgement = problems.length ? { verdict: 'unclean', problems } : { verdict: 'clean', problems };
    expectClean(SUITE, `import killed at ${killAt}`, j);
  });
});
