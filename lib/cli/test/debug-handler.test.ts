/**
 * The VS Code workspace: .vscode/ recommends the AWS Toolkit, associates templates with its ASL
 * language, and launches `bin/sfn.js run` under the debugger so that a breakpoint in a handler's
 * TypeScript stops there. The debugger part is proven the way VS Code's debugger works: a child
 * runs `node --enable-source-maps bin/sfn.js run` exactly as launch.json does, with an inspector
 * session (the V8 inspector protocol VS Code speaks) that maps a line of functions/<name>/src/index.ts
 * through the inline source map of the compiled handler to a breakpoint, and records where
 * execution paused and what `event` held there. A second test checks that an error thrown in a
 * handler names its TypeScript file and line in the stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..', '..');
const vscode = (file: string) => JSON.parse(readFileSync(join(repo, '.vscode', file), 'utf8'));
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sfn-debug-'));
  mkdirSync(join(tmp, 'functions', 'greet', 'src'), { recursive: true });
  mkdirSync(join(tmp, 'statemachine'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HANDLER = [
  "interface Event { name?: string; fail?: boolean }",
  '',
  'export async function handler(event: Event): Promise<{ greeting: string }> {',
  "  const name = event.name ?? 'world';",
  '  if (event.fail) {',
  "    throw new Error(`cannot greet ${name}`);",
  '  }',
  '  const greeting = `Hello, ${name}!`;',
  '  return { greeting };',
  '}',
  '',
].join('\n');
const lineOf = (text: string) => HANDLER.split('\n').indexOf(text) + 1;

/** Sets a breakpoint at PROBE_LINE of PROBE_SOURCE through the source maps of scripts as they load. */
const PROBE = `
const inspector = require('node:inspector');
const { SourceMap } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');
const target = process.env.PROBE_SOURCE;
const line = Number(process.env.PROBE_LINE) - 1;
const maps = new Map();
const hits = [];
const session = new inspector.Session();
session.connect();
const fileOf = (u) => (u.startsWith('file:') ? fileURLToPath(u) : u);
session.on('Debugger.scriptParsed', ({ params }) => {
  if (!params.sourceMapURL || !params.sourceMapURL.startsWith('data:')) return;
  const payload = JSON.parse(Buffer.from(params.sourceMapURL.slice(params.sourceMapURL.indexOf(',') + 1), 'base64').toString());
  const dir = path.dirname(fileOf(params.url));
  const resolve = (s) => path.resolve(dir, payload.sourceRoot || '', s);
  if (!payload.sources.map(resolve).includes(target)) return;
  const map = new SourceMap(payload);
  maps.set(params.scriptId, { map, resolve });
  const generated = fs.readFileSync(fileOf(params.url), 'utf8').split('\\n');
  for (let l = 0; l < generated.length; l++) {
    for (let c = 0; c < generated[l].length; c++) {
      const e = map.findEntry(l, c);
      if (e && e.originalLine === line && e.generatedLine === l && resolve(e.originalSource) === target) {
        session.post('Debugger.setBreakpoint', { location: { scriptId: params.scriptId, lineNumber: l, columnNumber: c } });
        return;
      }
    }
  }
});
session.on('Debugger.paused', ({ params }) => {
  const frame = params.callFrames[0];
  const known = maps.get(frame.location.scriptId);
  const e = known && known.map.findEntry(frame.location.lineNumber, frame.location.columnNumber);
  const hit = { source: e ? known.resolve(e.originalSource) : frame.url, line: e ? e.originalLine + 1 : -1 };
  const local = frame.scopeChain.find((s) => s.type === 'local');
  session.post('Runtime.getProperties', { objectId: local.object.objectId, ownProperties: true }, (err, res) => {
    const event = res && res.result.find((p) => p.name === 'event');
    if (event && event.value.objectId) {
      session.post('Runtime.callFunctionOn', { objectId: event.value.objectId, functionDeclaration: 'function () { return JSON.stringify(this); }', returnByValue: true }, (e2, r2) => {
        hit.event = r2 && r2.result.value;
      });
    }
    hits.push(hit);
    session.post('Debugger.resume');
  });
});
session.post('Debugger.enable');
process.on('exit', () => fs.writeFileSync(process.env.PROBE_OUT, JSON.stringify(hits)));
`;

/** `node --enable-source-maps [-r probe] bin/sfn.js run ...` in the temporary project, as launch.json runs it. */
function sfnRun(input: unknown, probe?: { line: number }) {
  const launch = vscode('launch.json').configurations[0];
  const out = join(tmp, 'hits.json');
  writeFileSync(join(tmp, 'probe.js'), PROBE);
  const args = [...launch.runtimeArgs, ...(probe ? ['-r', join(tmp, 'probe.js')] : []), join(repo, 'bin', 'sfn.js'), 'run', 'statemachine/greet.asl.json', '--input', JSON.stringify(input)];
  const r = spawnSync(process.execPath, args, {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, ...launch.env, PROBE_SOURCE: join(tmp, 'functions', 'greet', 'src', 'index.ts'), PROBE_LINE: String(probe?.line ?? 0), PROBE_OUT: out },
  });
  return { ...r, hits: probe ? (JSON.parse(readFileSync(out, 'utf8')) as Array<{ source: string; line: number; event?: string }>) : [] };
}

beforeAll(() => {
  writeFileSync(join(tmp, 'functions', 'greet', 'src', 'index.ts'), HANDLER);
  writeFileSync(
    join(tmp, 'statemachine', 'greet.asl.json'),
    JSON.stringify({ StartAt: 'Greet', States: { Greet: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:greet', End: true } } }, null, 2),
  );
});

test('.vscode: the AWS Toolkit recommended, templates in its ASL language, a Node launch with source maps', () => {
  expect(vscode('extensions.json').recommendations).toContain('amazonwebservices.aws-toolkit-vscode');
  // The language ids the Toolkit registers (aws-toolkit-vscode packages/toolkit/package.json, contributes.languages).
  expect(vscode('settings.json')['files.associations']).toMatchObject({ '**/statemachine/*.asl.json': 'asl', '**/statemachine/*.asl.yaml': 'asl-yaml' });
  for (const c of vscode('launch.json').configurations) {
    expect(c).toMatchObject({ type: 'node', request: 'launch', program: '${workspaceFolder}/bin/sfn.js', sourceMaps: true, pauseForSourceMap: true });
    expect(c.args[0]).toBe('run');
    expect(c.runtimeArgs).toContain('--enable-source-maps');
    expect(c.outFiles).toContain('${workspaceFolder}/.build/local/**/*.js');
    expect(c.resolveSourceMapLocations).toContain('${workspaceFolder}/**');
  }
});

test('a breakpoint on a line of functions/greet/src/index.ts stops there, with the event in scope', () => {
  const line = lineOf('  const greeting = `Hello, ${name}!`;');
  const r = sfnRun({ name: 'Debugger' }, { line });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ greeting: 'Hello, Debugger!' });
  expect(r.hits).toEqual([{ source: join(tmp, 'functions', 'greet', 'src', 'index.ts'), line, event: '{"name":"Debugger"}' }]);
});

test('an error thrown in a handler names functions/greet/src/index.ts and its line in the stack', () => {
  const r = sfnRun({ name: 'Bug', fail: true });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('cannot greet Bug');
  expect(r.stderr).toContain(`functions/greet/src/index.ts:${lineOf("    throw new Error(`cannot greet ${name}`);")}:`);
});
