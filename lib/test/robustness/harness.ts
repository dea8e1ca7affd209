/**
 * The robustness suite's tools: the `sfn` command run in a child process with a time budget per
 * case (a case that hangs is cut, not waited for), the invariants every bad input must keep, a
 * snapshot of a folder to prove that nothing was written, and a small project to run against.
 *
 * Every case ends in one verdict: `clean` (all invariants hold), `hang` (over its budget),
 * `false-success` (exit 0 or SUCCEEDED where it must fail) or `unclean` (a wrong exit code, raw
 * JavaScript error text, no location, something written on failure). With ROBUSTNESS_RECORD=FILE
 * each verdict is also appended to FILE (one JSON line), for the counts of SECURITY.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { compileModule } from '../../bundle/module';

export const REPO = join(__dirname, '..', '..', '..');

export interface Outcome {
  /** The command's exit code; the process's when it ended during the case; null when cut. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the process itself printed during the case (a handler's console, Node's own messages). */
  processOutput: string;
  /** Over its budget: cut. */
  hung: boolean;
  /** The process ended during the case (its exit code is `code`). */
  ended: boolean;
}

/** Runs `sfn` command lines in a child process, one at a time, each within a time budget. */
export class CliRunner {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private output = '';
  private nextId = 1;
  private started = 0;

  constructor(private readonly budgetMs = 20_000) {}

  private start(): Promise<void> {
    const entry = compileModule(REPO, join('lib', 'test', 'robustness', 'cli-worker.ts'), 'robustness/cli-worker', 'the robustness CLI worker');
    // Started through a module of its own, so that the bundled lib/cli/sfn.ts is not the main module (it would run itself).
    const launcher = `${entry}.main.js`;
    if (!existsSync(launcher)) {
      writeFileSync(`${launcher}.${process.pid}`, `require(${JSON.stringify(entry)});\n`);
      renameSync(`${launcher}.${process.pid}`, launcher);
    }
    const child = fork(launcher, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    this.child = child;
    this.started++;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the CLI worker ended before it was ready (exit ${code}): ${this.output}`)));
    });
  }

  async run(argv: string[], cwd: string, budgetMs = this.budgetMs): Promise<Outcome> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null || this.child.killed) this.ready = this.start();
    await this.ready;
    const child = this.child as ChildProcess;
    this.output = '';
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      const finish = (o: Omit<Outcome, 'processOutput'>) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        // What the process printed arrives on its own pipes: give it a moment.
        setTimeout(() => resolve({ ...o, processOutput: this.output }), o.ended || o.hung ? 50 : 0);
      };
      const onMessage = (m: { id?: number; code: number; stdout: string; stderr: string }) => {
        if (m.id === id) finish({ code: m.code, stdout: m.stdout, stderr: m.stderr, hung: false, ended: false });
      };
      const onExit = (code: number | null, signal: string | null) => finish({ code: code ?? (signal ? 128 : null), stdout: '', stderr: '', hung: false, ended: true });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        if (this.child === child) this.child = undefined;
        finish({ code: null, stdout: '', stderr: '', hung: true, ended: false });
      }, budgetMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, argv, cwd });
    });
  }

  /** How many times the process was started (a case that ended it makes the next case start another). */
  get starts(): number {
    return this.started;
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

/** What JavaScript prints when it fails, rather than a message written for a user. */
export const RAW_TEXT: RegExp[] = [
  /\n\s+at .*[(\s]\S+:\d+:\d+\)?/, // a stack frame
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|AggregateError)\b/,
  /Maximum call stack size exceeded/,
  /Unexpected (token|end of JSON input)/,
  /\bE[A-Z]{3,}[A-Z]*: [a-z]/, // a raw errno message: "EACCES: permission denied, open ..."
  /Cannot read propert|is not a function|is not iterable|undefined is not|\[object Object\]|Cannot convert/,
  /std::bad_alloc|FATAL ERROR|Aborted/,
  /\[main threw\]|Internal error of the local|internal error/i,
];

export type Verdict = 'clean' | 'hang' | 'false-success' | 'unclean';

export interface Expectation {
  /** The exit code the rule gives: 0 success, 1 findings or a failed run, 2 usage and I/O errors. */
  code: 0 | 1 | 2;
  /** Text the message must hold (the file, its line and column, the field, the option). */
  mentions?: Array<string | RegExp>;
  /** Text it must not hold (a message that lies, such as "no such file" for a file that exists). */
  forbid?: RegExp[];
}

export interface Judgement {
  verdict: Verdict;
  problems: string[];
}

/** Checks an outcome against the invariants; `written` lists what changed on disk during the case. */
export function judge(o: Outcome, expect: Expectation, written: string[] = []): Judgement {
  if (o.hung) return { verdict: 'hang', problems: ['did not end within its budget'] };
  const problems: string[] = [];
  // The cause of a failed run is the handler's own error document, trace included: shown as it is.
  const stderr = o.stderr.replace(/^((?:FAILED|TIMED_OUT|ABORTED)\b[^\n]*)\n[\s\S]*$/m, '$1');
  const checked = `${o.stdout}\n${stderr}\n${o.processOutput}`;
  const text = `${o.stdout}\n${o.stderr}\n${o.processOutput}`;
  if (o.code !== expect.code) problems.push(`exit code ${o.code}${o.ended ? ' (the process itself ended)' : ''}, expected ${expect.code}`);
  for (const re of RAW_TEXT) if (re.test(checked)) problems.push(`raw JavaScript error text (${re.source}): ${excerpt(checked, re)}`);
  if (expect.code !== 0) {
    for (const m of expect.mentions ?? [])
      if (typeof m === 'string' ? !text.includes(m) : !m.test(text)) problems.push(`the message does not name ${String(m)}: ${JSON.stringify(o.stderr.slice(0, 300))}`);
    if (written.length) problems.push(`wrote on failure: ${written.join(', ')}`);
  }
  for (const re of expect.forbid ?? []) if (re.test(text)) problems.push(`the message says ${re.source}: ${excerpt(text, re)}`);
  if (!problems.length) return { verdict: 'clean', problems };
  return { verdict: o.code === 0 && expect.code !== 0 ? 'false-success' : 'unclean', problems };
}

function excerpt(text: string, re: RegExp): string {
  const m = re.exec(text);
  const at = m ? m.index : 0;
  return JSON.stringify(text.slice(Math.max(0, at - 80), at + 120));
}

export interface HttpOutcome {
  status: number | null;
  body: string;
  hung: boolean;
}

/** Sends one request to 127.0.0.1; `hung` when no answer comes within the budget. */
export function httpRequest(url: string, options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: string | Buffer }, budgetMs = 10_000): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const u = new URL(options.path ?? '/', url);
    const req = request({ host: '127.0.0.1', port: u.port, path: u.pathname, method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => done({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), hung: false }));
      res.on('error', () => done({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), hung: false }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: null, body: '', hung: true });
    }, budgetMs);
    let settled = false;
    const done = (o: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    req.on('error', (e) => done({ status: null, body: `connection error: ${e.message}`, hung: false }));
    req.end(options.body);
  });
}

/** An HTTP answer against what it must be: the status, an error code in the body, no raw JavaScript text. */
export function judgeHttp(o: HttpOutcome, expect: { status: number; code?: string; mentions?: Array<string | RegExp> }): Judgement {
  if (o.hung) return { verdict: 'hang', problems: ['no answer within its budget'] };
  const problems: string[] = [];
  if (o.status !== expect.status) problems.push(`status ${o.status}, expected ${expect.status}: ${o.body.slice(0, 300)}`);
  if (expect.code !== undefined && !o.body.includes(expect.code)) problems.push(`the body does not name ${expect.code}: ${o.body.slice(0, 300)}`);
  for (const m of expect.mentions ?? []) if (typeof m === 'string' ? !o.body.includes(m) : !m.test(o.body)) problems.push(`the body does not name ${String(m)}: ${o.body.slice(0, 300)}`);
  for (const re of RAW_TEXT) if (re.test(o.body)) problems.push(`raw JavaScript error text (${re.source}): ${excerpt(o.body, re)}`);
  if (!problems.length) return { verdict: 'clean', problems };
  return { verdict: o.status !== null && o.status < 300 && expect.status >= 400 ? 'false-success' : 'unclean', problems };
}

/** Appends a verdict to $ROBUSTNESS_RECORD (one JSON line), when set. */
export function record(suite: string, name: string, j: Judgement): void {
  const file = process.env.ROBUSTNESS_RECORD;
  if (file) appendFileSync(file, `${JSON.stringify({ suite, name, verdict: j.verdict, problems: j.problems })}\n`);
}

/** Records and asserts: the message of a failed expectation lists the problems. */
export function expectClean(suite: string, name: string, j: Judgement): void {
  expectAllClean(suite, [[name, j]]);
}

/** Records every verdict first (so that one failure does not hide the others' counts), then asserts them all. */
export function expectAllClean(suite: string, judgements: Array<[string, Judgement]>): void {
  for (const [name, j] of judgements) record(suite, name, j);
  const failed = judgements.filter(([, j]) => j.verdict !== 'clean');
  if (failed.length) throw new Error(failed.map(([name, j]) => `${name}: ${j.verdict}\n  - ${j.problems.join('\n  - ')}`).join('\n'));
}

/** Size and modification time of every file under `dir` (`.build/` left out: compile caches). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      if (name === '.build' || name === 'node_modules') continue;
      const path = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      const s = lstatSync(path);
      out.set(r, s.isDirectory() ? 'dir' : `${s.size}:${s.mtimeMs}`);
      if (s.isDirectory()) walk(path, r);
    }
  };
  walk(dir, '');
  return out;
}

/** The paths added, removed or changed between two snapshots. */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) out.push(k);
  for (const k of before.keys()) if (!after.has(k)) out.push(`${k} (removed)`);
  return out.sort();
}

/** A template that needs one value (`--var V=1`), runs without functions and draws one box. */
export const GOOD_TEMPLATE = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Result": { "v": "${V}" }, "End": true }\n  }\n}\n';
/** A Workflow Studio export with one Lambda ARN. */
export const GOOD_EXPORT = '{\n  "StartAt": "Call",\n  "States": {\n    "Call": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:demo", "End": true }\n  }\n}\n';
/** A mock configuration with the test case T for the template above (named `good`). */
export const GOOD_MOCKS = '{\n  "StateMachines": { "good": { "TestCases": { "T": {} } } },\n  "MockedResponses": {}\n}\n';

/**
 * A project of its own (the suite never reads the example app): workflow `greet` (its function
 * answers), `quit` (its function calls process.exit), `reject` (its function leaves a rejected
 * promise unhandled); `statemachine/good.asl.json` and `export.json` as above.
 */
export function makeProject(dir: string, options: { serviceMarker?: boolean } = {}): void {
  const lib = (m: string) => JSON.stringify(join(REPO, 'lib', m));
  // With serviceMarker, a component whose local stand-in writes `service-started` when it starts.
  const component = options.serviceMarker
    ? [
        "import { writeFileSync } from 'node:fs';",
        "import { join } from 'node:path';",
        "export const components = [{ name: 'marker', local: { name: 'marker', needed: () => true, async start(_w: unknown, context: { projectRoot?: string }) { writeFileSync(join(context.projectRoot ?? '.', 'service-started'), 'x'); return { close: async () => undefined }; } } }];",
      ]
    : [];
  const files: Record<string, string> = {
    'workflows/index.ts': [
      `import { fn } from ${lib('workflow/declaration')};`,
      ...component,
      'const one = (name: string, sampleInput: unknown) => () => ({ name, description: name, functions: { [name]: { timeout: 5 } }, bindings: { Fn: fn(name) }, sampleInput });',
      "export const workflows = [one('greet', { name: 'Ada' }), one('quit', {}), one('reject', {})];",
      '',
    ].join('\n'),
    'config/environments.ts':
      "export const environments = { dev: { region: 'us-east-1', namePrefix: 'probe-dev', logRetentionDays: 14, backend: { bucket: 'probe-state', lockTable: 'probe-locks', keyPrefix: 'probe' } } };\n",
    'functions/greet/src/index.ts': "export const handler = async (e: { name?: string }) => ({ greeting: `Hello, ${e.name}` });\n",
    'functions/quit/src/index.ts': 'export const handler = async () => {\n  process.exit(0);\n};\n',
    'functions/reject/src/index.ts': "export const handler = async () => {\n  void Promise.reject(new Error('lost'));\n  await new Promise((r) => setTimeout(r, 20));\n  return { ok: true };\n};\n",
    'statemachine/good.asl.json': GOOD_TEMPLATE,
    'export.json': GOOD_EXPORT,
    'mocks.json': GOOD_MOCKS,
  };
  const task = '{\n  "StartAt": "Call",\n  "States": {\n    "Call": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "${Fn}", "Payload.$": "$" }, "OutputPath": "$.Payload", "End": true }\n  }\n}\n';
  for (const name of ['greet', 'quit', 'reject']) files[`statemachine/${name}.asl.json`] = task;
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/** For a test file: a project of makeProject in a temporary folder and a CliRunner, both gone after its tests. */
export function projectFixture(name: string, budgetMs = 15_000): { cwd: string; cli: CliRunner } {
  const fixture = { cwd: '', cli: new CliRunner(budgetMs) };
  beforeAll(() => {
    fixture.cwd = mkdtempSync(join(tmpdir(), `sfn-robust-${name}-`));
    makeProject(fixture.cwd);
  });
  afterAll(() => {
    fixture.cli.close();
    rmSync(fixture.cwd, { recursive: true, force: true });
  });
  return fixture;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `FILE:LINE:COL` of a problem in that file. */
export const located = (file: string): RegExp => new RegExp(`${escapeRegExp(file)}:\\d+:\\d+`);
