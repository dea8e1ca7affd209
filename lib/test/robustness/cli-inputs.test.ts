/**
 * Bad inputs to every `sfn` command, by class: files that are not what they seem (missing, a
 * directory, a FIFO, a device, a symlink loop, a path through a file, unreadable), contents that
 * are not what they seem (a byte order mark, UTF-16, invalid UTF-8, NUL, nesting tens of thousands
 * deep, trailing garbage, binary), definitions over AWS's size limit, bad option values, and
 * writes that fail halfway. Each case must end within its budget, with the exit code of the rule
 * (0 success, 1 findings or a failed run, 2 usage and I/O errors), a message naming the file (and
 * line and column) or the option, no raw JavaScript error text, and nothing written on failure.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../random';
import { changes, expectClean, GOOD_EXPORT, GOOD_MOCKS, GOOD_TEMPLATE, judge, located, projectFixture, snapshot, type Expectation, type Outcome } from './harness';

jest.setTimeout(60_000);


const fixture = projectFixture('cli', 15_000);
const cli = fixture.cli;

const SUITE = 'cli inputs';
const NOT_MISSING = [/no such file/i];

async function probe(name: string, argv: string[], expect: Expectation, extra?: (o: Outcome) => string | undefined): Promise<void> {
  const before = snapshot(fixture.cwd);
  const o = await cli.run(argv, fixture.cwd);
  const j = judge(o, expect, changes(before, snapshot(fixture.cwd)));
  const more = !o.hung ? extra?.(o) : undefined;
  if (more) {
    j.problems.push(more);
    if (j.verdict === 'clean') j.verdict = 'unclean';
  }
  expectClean(SUITE, name, j);
}

// ---- Files that are not regular files, at every place a command reads one.

type Position = { name: string; argv: (path: string) => string[]; contentCode: 1 | 2; base: string; io?: 'only' };
let imports = 0;
const POSITIONS: Position[] = [
  { name: 'validate FILE', argv: (p) => ['validate', p], contentCode: 1, base: GOOD_TEMPLATE },
  { name: 'render FILE', argv: (p) => ['render', p, '--var', 'V=1'], contentCode: 1, base: GOOD_TEMPLATE },
  { name: 'run FILE', argv: (p) => ['run', p, '--var', 'V=1'], contentCode: 1, base: GOOD_TEMPLATE },
  { name: 'graph FILE', argv: (p) => ['graph', p, '--var', 'V=1'], contentCode: 1, base: GOOD_TEMPLATE },
  { name: 'import EXPORT', argv: (p) => ['import', p, '--name', `probe-${++imports}`], contentCode: 1, base: GOOD_EXPORT },
  { name: 'validate --vars FILE', argv: (p) => ['validate', 'statemachine/good.asl.json', '--vars', p], contentCode: 2, base: '{"V": 1}\n' },
  { name: 'render --vars FILE', argv: (p) => ['render', 'statemachine/good.asl.json', '--vars', p], contentCode: 2, base: '{"V": 1}\n' },
  { name: 'graph --vars FILE', argv: (p) => ['graph', 'statemachine/good.asl.json', '--vars', p], contentCode: 2, base: '{"V": 1}\n' },
  { name: 'run --input @FILE', argv: (p) => ['run', 'statemachine/good.asl.json', '--var', 'V=1', '--input', `@${p}`], contentCode: 2, base: '{"a": 1}\n' },
  { name: 'run --mocks FILE', argv: (p) => ['run', 'statemachine/good.asl.json', '--var', 'V=1', '--mocks', p, '--test-case', 'T'], contentCode: 1, base: GOOD_MOCKS },
  { name: 'import --update --vars FILE', argv: (p) => ['import', 'export.json', '--name', 'good', '--update', '--dry-run', '--vars', p], contentCode: 2, base: '{"V": 1}\n' },
  { name: 'run --functions MODULE', argv: (p) => ['run', 'statemachine/good.asl.json', '--var', 'V=1', '--functions', p], contentCode: 1, base: 'export default {};\n', io: 'only' },
];

const IO_KINDS: Array<{ kind: string; make: (file: string) => string; mention?: string; forbid?: RegExp[] }> = [
  { kind: 'missing', make: (f) => `missing-${f}` },
  { kind: 'a directory', make: (f) => (mkdirSync(join(fixture.cwd, `dir-${f}`), { recursive: true }), `dir-${f}`), forbid: NOT_MISSING },
  { kind: 'a FIFO', make: (f) => (execFileSync('mkfifo', [join(fixture.cwd, `fifo-${f}`)]), `fifo-${f}`), forbid: NOT_MISSING },
  { kind: '/dev/null', make: () => '/dev/null', forbid: NOT_MISSING },
  { kind: '/dev/zero', make: () => '/dev/zero', forbid: NOT_MISSING },
  { kind: 'a symlink loop', make: (f) => (symlinkSync(`loop-${f}`, join(fixture.cwd, `loop-${f}`)), `loop-${f}`) },
  { kind: 'a path through a file', make: () => 'export.json/inside.json' },
];
// Permissions do not stop root: the unreadable file is tried where they do.
if (process.getuid?.() !== 0)
  IO_KINDS.push({ kind: 'unreadable', make: (f) => (writeFileSync(join(fixture.cwd, `locked-${f}`), '{}'), chmodSync(join(fixture.cwd, `locked-${f}`), 0), `locked-${f}`), forbid: NOT_MISSING });

let serial = 0;
const fileName = (p: Position) => `${++serial}-${p.name.replace(/\W+/g, '-')}${p.io ? '.ts' : p.name.startsWith('import EXPORT') ? '.json' : p.contentCode === 1 && !p.name.includes('mocks') ? '.asl.json' : '.json'}`;

describe('a path that is not a regular file: exit 2, the path named', () => {
  const cases = POSITIONS.flatMap((p) => IO_KINDS.map((k) => [`${p.name}: ${k.kind}`, p, k] as const));
  test.each(cases)('%s', async (name, position, kind) => {
    const path = kind.make(fileName(position));
    await probe(name, position.argv(path), { code: 2, mentions: [path], forbid: kind.forbid });
  });
});

// ---- Contents that are not what they seem.

const BOM = '\uFEFF';
const deep = (n: number) => `{"deep": ${'['.repeat(n)}${']'.repeat(n)}}\n`;
const CONTENT_KINDS: Array<{ kind: string; make: (base: string) => Buffer; ok?: boolean }> = [
  { kind: 'a UTF-8 byte order mark', make: (b) => Buffer.from(BOM + b, 'utf8'), ok: true },
  { kind: 'UTF-16 with a byte order mark', make: (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b, 'utf16le')]) },
  { kind: 'invalid UTF-8', make: (b) => Buffer.concat([Buffer.from(b.slice(0, b.indexOf('"') + 1)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(b.slice(b.indexOf('"') + 1))]) },
  { kind: 'a NUL byte', make: (b) => Buffer.from(`${b.trimEnd()}\u0000\n`) },
  { kind: 'an empty file', make: () => Buffer.alloc(0) },
  { kind: 'nesting 100,000 deep', make: () => Buffer.from(deep(100_000)) },
  { kind: 'nesting 5,000 deep', make: () => Buffer.from(deep(5_000)) },
  { kind: 'trailing garbage', make: (b) => Buffer.from(`${b.trimEnd()} }x\n`) },
  {
    kind: 'binary',
    make: () => {
      const r = seededRandom(7);
      return Buffer.from(Array.from({ length: 4096 }, () => Math.floor(r() * 256)));
    },
  },
];

describe('contents that are not what they seem: accepted as AWS and Terraform read them, or refused at file:line:col', () => {
  const cases = POSITIONS.filter((p) => !p.io).flatMap((p) => CONTENT_KINDS.map((k) => [`${p.name}: ${k.kind}`, p, k] as const));
  test.each(cases)('%s', async (name, position, kind) => {
    const file = fileName(position);
    writeFileSync(join(fixture.cwd, file), kind.make(position.base));
    const argv = position.argv(file);
    if (kind.ok) {
      // A byte order mark is not part of the text: the command succeeds, and render does not copy it.
      await probe(name, argv, { code: 0 }, (o) => (o.stdout.includes(BOM) ? 'the output holds the byte order mark' : undefined));
      return;
    }
    await probe(name, argv, { code: position.contentCode, mentions: [located(file)] });
  });
});

// ---- Definitions over AWS's limit (1,048,576 characters; API reference, CreateStateMachine).

const LIMIT = 1_048_576;
/** A definition of exactly `length` characters (a Pass state with a long Comment). */
function definitionOf(length: number): string {
  const head = '{"StartAt":"A","States":{"A":{"Type":"Pass","Comment":"';
  const tail = '","End":true}}}';
  return head + 'x'.repeat(length - head.length - tail.length) + tail;
}

describe('definition size', () => {
  test.each([
    ['validate', (p: string) => ['validate', p]],
    ['run', (p: string) => ['run', p]],
    ['graph', (p: string) => ['graph', p]],
    ['import', (p: string) => ['import', p, '--name', 'too-large']],
  ])('%s of a definition one character over the limit: exit 1, located, nothing written', async (command, argv) => {
    const file = `over-${command}.json`;
    writeFileSync(join(fixture.cwd, file), definitionOf(LIMIT + 1));
    await probe(`${command} of a definition over 1,048,576 characters`, argv(file), { code: 1, mentions: [located(file), /1,?048,?576/] });
  });

  test('validate of a definition of exactly the limit: valid', async () => {
    writeFileSync(join(fixture.cwd, 'at-limit.json'), definitionOf(LIMIT));
    await probe('validate of a definition of exactly 1,048,576 characters', ['validate', 'at-limit.json'], { code: 0 });
  });

  test('run --input over 256 KiB (AWS StartExecution input): exit 2, named', async () => {
    writeFileSync(join(fixture.cwd, 'big-input.json'), JSON.stringify({ a: 'x'.repeat(262_144) }));
    await probe('run --input over 262,144 bytes', ['run', 'statemachine/good.asl.json', '--var', 'V=1', '--input', '@big-input.json'], { code: 2, mentions: ['--input', /262,?144|256 KiB/] });
  });
});

// ---- Outputs that cannot be written: exit 2, nothing written (neither the file nor any other).

describe('outputs that cannot be written', () => {
  test.each<[string, string[], string]>([
    ['graph --out into a directory', ['graph', 'statemachine/good.asl.json', '--var', 'V=1', '--out', 'statemachine'], '--out'],
    ['graph --out through a file', ['graph', 'statemachine/good.asl.json', '--var', 'V=1', '--out', 'export.json/x.svg'], '--out'],
    ['graph --out into a missing folder', ['graph', 'statemachine/good.asl.json', '--var', 'V=1', '--out', 'nofolder/x.svg'], '--out'],
    ['run --graph into a directory', ['run', 'statemachine/good.asl.json', '--var', 'V=1', '--graph', 'statemachine'], '--graph'],
    ['run --graph through a file', ['run', 'statemachine/good.asl.json', '--var', 'V=1', '--graph', 'export.json/x.svg'], '--graph'],
    ['import --vars-out into a directory', ['import', 'export.json', '--name', 'vars-dir', '--vars-out', 'statemachine'], '--vars-out'],
    ['import --vars-out through a file', ['import', 'export.json', '--name', 'vars-file', '--vars-out', 'export.json/v.json'], '--vars-out'],
  ])('%s', async (name, argv, mention) => {
    await probe(name, argv, { code: 2, mentions: [mention] });
  });

  test('import whose template cannot be written writes neither the template nor --vars-out', async () => {
    // A project whose statemachine/ is a file: the template's folder cannot be made.
    const other = mkdtempSync(join(tmpdir(), 'sfn-robust-import-'));
    try {
      writeFileSync(join(other, 'export.json'), GOOD_EXPORT);
      writeFileSync(join(other, 'statemachine'), 'not a folder');
      const before = snapshot(other);
      const o = await cli.run(['import', 'export.json', '--name', 'demo', '--vars-out', 'demo.vars.json'], other);
      expectClean(SUITE, 'import: template not writable, --vars-out given', judge(o, { code: 2, mentions: ['statemachine'] }, changes(before, snapshot(other))));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

// ---- Option values.

describe('bad option values and usage: exit 2, the option named', () => {
  const run = ['run', 'statemachine/good.asl.json', '--var', 'V=1'];
  test.each<[string, string[], string[]]>([
    ...['NaN', 'Infinity', '-1', '0', '1e309', '1.5', '', '0x10'].map((v): [string, string[], string[]] => [`run --max-transitions ${JSON.stringify(v)}`, [...run, '--max-transitions', v], ['--max-transitions']]),
    ...['-1', '65536', 'abc', '80.5', ''].map((v): [string, string[], string[]] => [`serve --port ${JSON.stringify(v)}`, ['serve', '--port', v], ['--port']]),
    ['graph --format png', ['graph', 'statemachine/good.asl.json', '--format', 'png'], ['--format']],
    ['render --var =x', ['render', 'statemachine/good.asl.json', '--var', '=x'], ['--var']],
    ['render --var "a b=1"', ['render', 'statemachine/good.asl.json', '--var', 'a b=1'], ['--var']],
    ['render --var noequals', ['render', 'statemachine/good.asl.json', '--var', 'noequals'], ['--var']],
    ['run --function-env =x', ['run', 'greet', '--function-env', '=x'], ['--function-env']],
    ['run --environment bogus', ['run', 'greet', '--environment', 'bogus'], ['bogus']],
    ['graph --environment bogus', ['graph', 'greet', '--environment', 'bogus'], ['bogus']],
    ['serve --environment bogus', ['serve', '--environment', 'bogus', '--port', '0'], ['bogus']],
    ['import --name "Bad Name"', ['import', 'export.json', '--name', 'Bad Name'], ['--name']],
    ['import --name ../escape', ['import', 'export.json', '--name', '../escape'], ['--name']],
    ['import --dry-run without --update', ['import', 'export.json', '--name', 'x', '--dry-run'], ['--dry-run']],
    ['import over an existing template without --update', ['import', 'export.json', '--name', 'good'], ['already exists']],
    ['import --update of a missing template', ['import', 'export.json', '--name', 'nothere', '--update'], ['--update']],
    ['run --test-case without --mocks', [...run, '--test-case', 'T'], ['--test-case']],
    ['run --state-machine without --mocks', [...run, '--state-machine', 'x'], ['--state-machine']],
    ['run --mocks without --test-case', [...run, '--mocks', 'mocks.json'], ['--test-case']],
    ['run --mocks with an unknown test case', [...run, '--mocks', 'mocks.json', '--test-case', 'Nope'], ['Nope']],
    ['run of an unknown workflow', ['run', 'nosuchworkflow'], ['nosuchworkflow']],
    ['graph of an unknown workflow', ['graph', 'nosuchworkflow'], ['nosuchworkflow']],
    ['run of a missing template file', ['run', 'statemachine/missing.asl.json'], ['statemachine/missing.asl.json']],
    ['run --input with invalid JSON', [...run, '--input', '{bad'], ['--input']],
    ['run --input @ (no file name)', [...run, '--input', '@'], ['--input']],
    ['run --graph into a missing folder', ['run', 'greet', '--graph', 'nofolder/x.svg'], ['--graph']],
    ['an unknown option', ['validate', '--bogus'], ['--bogus']],
    ['an unknown command', ['bogus'], ['bogus']],
    ['a command without its argument', ['render'], ['file']],
  ])('%s', async (name, argv, mentions) => {
    await probe(name, argv, { code: 2, mentions });
  });
});
