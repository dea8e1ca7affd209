/**
 * Seeded property tests: random and adversarial mutations of templates, exports, values files,
 * execution inputs, mock configurations and workflow declarations fed to every `sfn` command, and
 * of requests fed to `sfn serve`'s endpoint. Whatever the input, each case ends within its budget,
 * exits by the rule (0, 1 or 2), says where the problem is (the file, at line and column where it
 * has one, or the failed run's error), prints no raw JavaScript error, writes nothing when it
 * fails, and the endpoint answers every request with an AWS-shaped answer and goes on answering.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../random';
import { startSfnServer, type SfnServer } from '../../serve/server';
import { changes, expectAllClean, expectClean, GOOD_EXPORT, GOOD_MOCKS, GOOD_TEMPLATE, httpRequest, judge, judgeHttp, located, makeProject, projectFixture, snapshot, type Judgement, type Outcome } from './harness';

jest.setTimeout(180_000);

const SUITE = 'property';
const SEED = 20_261_122;
const PER_POSITION = 24;

/** Tokens that break JSON, templates or text in interesting ways. */
const TOKENS = ['{', '}', '[', ']', '"', '\\', ',', ':', '\u0000', '\uFEFF', '${', '%{', '$${', '${a.b}', '\u2028', 'é', '\ud800', 'null', '1e999', '-', '\n', '/*', '//', '"${V}"', '\t', '0x1', 'true'];

/** One seeded mutation of `text`. */
function mutate(text: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const at = () => Math.floor(random() * (text.length + 1));
  switch (Math.floor(random() * 9)) {
    case 0: {
      const i = at();
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 1: {
      const i = at();
      return text.slice(0, i) + pick(TOKENS) + text.slice(i);
    }
    case 2: {
      const i = at();
      const j = Math.min(text.length, i + 1 + Math.floor(random() * 50));
      return text.slice(0, j) + text.slice(i, j) + text.slice(j);
    }
    case 3:
      return text.slice(0, at());
    case 4: {
      // Wrapped in arrays, 1 to 100,000 deep (log scale).
      const n = Math.ceil(Math.exp(random() * Math.log(100_000)));
      return `${'['.repeat(n)}${text}${']'.repeat(n)}`;
    }
    case 5: {
      // A string made very long.
      const i = text.indexOf('"', at());
      if (i < 0) return text + 'x'.repeat(300_000);
      return `${text.slice(0, i + 1)}${'y'.repeat(Math.floor(random() * 1_200_000))}${text.slice(i + 1)}`;
    }
    case 6: {
      const i = at();
      const j = at();
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      return text.slice(0, a) + text.slice(b) + text.slice(a, b);
    }
    case 7: {
      // A value replaced by a deep one inside the document.
      const i = text.indexOf(':', at());
      if (i < 0) return text;
      const n = Math.ceil(Math.exp(random() * Math.log(50_000)));
      return `${text.slice(0, i + 1)} ${'{"k":'.repeat(n)}1${'}'.repeat(n)},${text.slice(i + 1)}`;
    }
    default: {
      // Two mutations.
      return mutate(mutate(text, random), random);
    }
  }
}


const fixture = projectFixture('property', 20_000);
const cli = fixture.cli;

const RUN_FAILED = /^(FAILED|TIMED_OUT|ABORTED): \S+/m;

/** The invariants of one random input: ends, exit 0/1/2 as the place allows, located, nothing written on failure. */
function judgeRandom(o: Outcome, file: string, failure: 1 | 2, run: boolean, written: string[]): Judgement {
  // A random input may be valid (0); a finding (1) located in a file, this one or, for values, the template they do not fit;
  // a usage error (2) naming this file (a values file or an input that is not JSON, a mock file without the test's state machine);
  // or, for a run, a failed run (1) with its error.
  const text = `${o.stdout}${o.stderr}`;
  const ok =
    o.code === 0 ||
    (o.code === 1 && (located(file).test(text) || (failure === 2 && /:\d+:\d+: /.test(text)) || (run && RUN_FAILED.test(o.stderr)))) ||
    (o.code === 2 && text.includes(file) && failure === 2) ||
    (o.code === 2 && text.includes(file) && /mock/i.test(text));
  const code = ok ? (o.code as 0 | 1 | 2) : failure;
  const mentions: Array<string | RegExp> = code === 0 || ok ? [] : failure === 1 ? [located(file)] : [file];
  return judge(o, { code, mentions }, written);
}

const POSITIONS: Array<{ name: string; base: string; ext: string; failure: 1 | 2; run?: boolean; argv: (file: string, i: number) => string[] }> = [
  { name: 'validate', base: GOOD_TEMPLATE, ext: '.asl.json', failure: 1, argv: (f) => ['validate', f] },
  { name: 'render', base: GOOD_TEMPLATE, ext: '.asl.json', failure: 1, argv: (f) => ['render', f, '--var', 'V=1'] },
  { name: 'run', base: GOOD_TEMPLATE, ext: '.asl.json', failure: 1, run: true, argv: (f) => ['run', f, '--var', 'V=1'] },
  { name: 'graph', base: GOOD_TEMPLATE, ext: '.asl.json', failure: 1, argv: (f) => ['graph', f, '--var', 'V=1'] },
  { name: 'import', base: GOOD_EXPORT, ext: '.json', failure: 1, argv: (f, i) => ['import', f, '--name', `random-${i}`, '--vars-out', `random-${i}.vars.json`] },
  { name: 'render --vars', base: '{"V": "value"}', ext: '.json', failure: 2, argv: (f) => ['render', 'statemachine/good.asl.json', '--vars', f] },
  { name: 'run --input', base: '{"name": "Ada", "items": [1, 2, 3]}', ext: '.json', failure: 2, run: true, argv: (f) => ['run', 'greet', '--input', `@${f}`] },
  { name: 'run --mocks', base: GOOD_MOCKS, ext: '.json', failure: 1, run: true, argv: (f) => ['run', 'statemachine/good.asl.json', '--var', 'V=1', '--mocks', f, '--test-case', 'T'] },
];

describe.each(POSITIONS)('random inputs to sfn $name', (position) => {
  const random = seededRandom(SEED + position.name.length * 7919 + position.failure);
  const cases = Array.from({ length: PER_POSITION }, (_, i) => [i, mutate(position.base, random)] as const);
  test.each(cases)('mutation %i', async (i, text) => {
    const file = `random-${position.name.replace(/\W+/g, '-')}-${i}${position.ext}`;
    writeFileSync(join(fixture.cwd, file), text);
    const before = snapshot(fixture.cwd);
    before.delete(file);
    const o = await cli.run(position.argv(file, i), fixture.cwd);
    const after = snapshot(fixture.cwd);
    after.delete(file);
    expectClean(SUITE, `sfn ${position.name}: mutation ${i}`, judgeRandom(o, file, position.failure, position.run ?? false, changes(before, after)));
  });
});

describe('random workflow declarations', () => {
  const random = seededRandom(SEED + 1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const FIELDS: Array<[string, readonly string[]]> = [
    ['name', ["'greet'", "''", "'Has Space'", "'missing-template'", '42', 'undefined', "'../escape'"]],
    ['functions', ['{ greet: { timeout: 5 } }', '{}', '{ nope: {} }', '{ greet: { timeout: -1 } }', 'null', "{ greet: { timeout: 'x' } }"]],
    ['bindings', ["{ Fn: fn('greet') }", '{}', "{ Fn: fn('nope') }", "{ Other: fn('greet') }", '{ Fn: { kind: 42 } }', "{ Fn: { kind: 'value', value: { deep: [[[[1]]]] } } }"]],
    ['sampleInput', ["{ name: 'Ada' }", 'undefined', '"x".repeat(300000)', 'null', '[[[[[[[[1]]]]]]]]']],
    ['type', ['undefined', "'EXPRESS'", "'BOGUS'"]],
  ];
  const cases = Array.from({ length: 14 }, (_, i) => [i, Object.fromEntries(FIELDS.map(([k, vs]) => [k, i === 0 ? vs[0] : pick(vs)]))] as const);
  test.each(cases)('declaration %i', async (i, fields) => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-robust-declaration-'));
    try {
      makeProject(dir);
      const declaration = `() => ({ description: 'd', ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join(', ')} })`;
      writeFileSync(join(dir, 'workflows', 'index.ts'), `import { fn } from ${JSON.stringify(join(__dirname, '..', '..', 'workflow', 'declaration'))};\nexport const workflows = [${declaration}];\n`);
      const name = /^'([a-z-]+)'$/.exec(fields.name)?.[1] ?? 'greet';
      const verdicts: Array<[string, Judgement]> = [];
      for (const argv of [['run', name], ['graph', name], ['validate']]) {
        const before = snapshot(dir);
        const o = await cli.run(argv, dir);
        const code = o.code === 0 || o.code === 1 || o.code === 2 ? o.code : 1;
        const mentions = code === 0 ? [] : [/workflows\/index\.ts|statemachine\/|unknown workflow|FAILED|TIMED_OUT|field|--|:\d+:\d+|no handler|function|binding|placeholder|environment|name/i];
        verdicts.push([`declaration ${i}: sfn ${argv.join(' ')} (${JSON.stringify(fields)})`, judge(o, { code, mentions }, changes(before, snapshot(dir)))]);
      }
      expectAllClean(SUITE, verdicts);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('random requests to the endpoint', () => {
  let server: SfnServer;
  beforeAll(async () => {
    server = await startSfnServer({ port: 0, clock: 'virtual' });
  });
  afterAll(() => server.close());

  const ROLE = 'arn:aws:iam::123456789012:role/local';
  const PASS = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
  const REQUESTS: Array<[string, string]> = [
    ['CreateStateMachine', JSON.stringify({ name: 'm', roleArn: ROLE, definition: PASS })],
    ['StartExecution', JSON.stringify({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m', input: '{"a": [1, 2]}', name: 'e1' })],
    ['ValidateStateMachineDefinition', JSON.stringify({ definition: PASS })],
    ['DescribeExecution', JSON.stringify({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e1' })],
    ['ListExecutions', JSON.stringify({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m', maxResults: 10 })],
    ['SendTaskSuccess', JSON.stringify({ taskToken: 'token', output: '{}' })],
    ['CreateActivity', JSON.stringify({ name: 'act' })],
  ];
  const random = seededRandom(SEED + 2);
  const cases = Array.from({ length: 120 }, (_, i) => {
    const [target, body] = REQUESTS[i % REQUESTS.length];
    return [i, target, i < REQUESTS.length ? body : mutate(body, random)] as const;
  });
  test.each(cases)('request %i: %s', async (i, target, body) => {
    const o = await httpRequest(server.url, { headers: { 'x-amz-target': `AWSStepFunctions.${target}`, 'content-type': 'application/x-amz-json-1.0' }, body }, 20_000);
    const expected = o.status === 200 ? 200 : 400;
    const j = judgeHttp(o, { status: expected });
    if (o.status === 400 && !/"__type"/.test(o.body)) j.problems.push(`an error without __type: ${o.body.slice(0, 200)}`);
    if (j.problems.length && j.verdict === 'clean') j.verdict = 'unclean';
    expectClean(SUITE, `endpoint: ${target} mutation ${i}`, j);
  });

  test('the endpoint still answers after the random requests', async () => {
    const o = await httpRequest(server.url, { headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, body: '{}' });
    expectClean(SUITE, 'the endpoint still answers after the random requests', judgeHttp(o, { status: 200 }));
  });
});

