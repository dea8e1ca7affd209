/** The diagram model, its Mermaid, DOT and SVG renderings, the execution overlay, and `sfn graph` / `sfn run --graph`. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/sfn';
import { FIXTURE_PROJECT } from '../../test/fixture-project';
import { runExecution } from '../../engine';
import { conditionText } from '../conditions';
import { toDot } from '../dot';
import { mermaidText, toMermaid } from '../mermaid';
import { buildGraph, type StateGraph } from '../model';
import { executionOverlay } from '../overlay';
import { toSvg } from '../svg';

const fixtures = join(__dirname, 'fixtures');
const orders = JSON.parse(readFileSync(join(fixtures, 'orders.asl.json'), 'utf8'));
const batch = JSON.parse(readFileSync(join(fixtures, 'batch.jsonata.asl.json'), 'utf8'));
const REJECT = 'Reject #1 <order>';

const edgesOf = (g: StateGraph) => g.edges.map((e) => `${e.from === g.start ? 'Start' : g.states.find((s) => s.id === e.from)?.name} -${e.kind}${e.label ? `(${e.label})` : ''}-> ${e.to === g.end ? 'End' : g.states.find((s) => s.id === e.to)?.name}`);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sfn-graph-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `sfn` in the fixture project (lib/test/fixtures/project): its workflows are greet, fanout and transfer. */
async function sfn(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd: FIXTURE_PROJECT, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

describe('the model', () => {
  test('states, nested groups for Parallel branches and Map processors, every kind of edge', () => {
    const g = buildGraph(orders);
    expect(g.states.map((s) => [s.name, s.type, s.group && g.groups.find((x) => x.id === s.group)?.label])).toEqual([
      ['Validate "order"', 'Task', undefined],
      ['Route by size', 'Choice', undefined],
      ['Manual review', 'Wait', undefined],
      ['Fulfil', 'Parallel', undefined],
      ['Reserve stock', 'Map', 'Branch 1'],
      ['Reserve item', 'Task', 'Item processor'],
      ['Charge card', 'Task', 'Branch 2'],
      ['Receipt', 'Pass', 'Branch 2'],
      ['Done', 'Succeed', undefined],
      [REJECT, 'Fail', undefined],
    ]);
    expect(edgesOf(g)).toEqual([
      'Start -start-> Validate "order"',
      'Validate "order" -next-> Route by size',
      `Validate "order" -catch(InvalidOrder, States.Timeout)-> ${REJECT}`,
      'Route by size -choice($.total > 1000)-> Manual review',
      'Route by size -choice($.country == "CL" and not ($.express == true))-> Fulfil',
      `Route by size -choice($.items is not present)-> ${REJECT}`,
      'Route by size -default(Default)-> Fulfil',
      'Manual review -next-> Fulfil',
      'Fulfil -next-> Done',
      `Fulfil -catch(States.ALL)-> ${REJECT}`,
      'Done -end-> End',
      `${REJECT} -end-> End`,
      'Charge card -next-> Receipt',
    ]);
    expect(g.states.find((s) => s.name === 'Validate "order"')?.detail).toBe('lambda:invoke validate');
    expect(g.states.find((s) => s.name === 'Reserve item')?.detail).toBe('dynamodb:updateItem');
  });

  test('JSONata conditions, a distributed Map and its processor', () => {
    const g = buildGraph(batch);
    expect(edgesOf(g).filter((e) => e.startsWith('Check'))).toEqual([
      'Check -choice($count($states.input.files) = 0)-> Nothing to do',
      "Check -choice($states.input.mode = 'full' and $states.input.s…)-> Process files",
      'Check -default(Default)-> Process files',
    ]);
    const long = g.edges.find((e) => e.title);
    expect(long?.title).toBe("$states.input.mode = 'full' and $states.input.size > 100");
    expect(g.states.find((s) => s.name === 'Process files')?.detail).toBe('Map (distributed)');
    expect(g.groups.map((x) => x.label)).toEqual(['Item processor (distributed)']);
    expect(g.states.find((s) => s.name === 'Store')?.detail).toBe('s3:putObject');
  });

  test.each([
    [{ Variable: '$.a', StringEquals: 'x' }, '$.a == "x"'],
    [{ Variable: '$.a', NumericLessThanEqualsPath: '$.b' }, '$.a <= $.b'],
    [{ Variable: '$.a', IsNull: true }, '$.a is null'],
    [{ Variable: '$.a', IsNumeric: false }, '$.a is not numeric'],
    [{ Variable: '$.s', StringMatches: 'log-*.txt' }, '$.s matches "log-*.txt"'],
    [{ Variable: '$.t', TimestampGreaterThan: '2026-01-01T00:00:00Z' }, '$.t > "2026-01-01T00:00:00Z"'],
    [{ Or: [{ Variable: '$.a', BooleanEquals: true }, { And: [{ Variable: '$.b', IsPresent: true }, { Variable: '$.c', NumericEquals: 2 }] }] }, '$.a == true or ($.b is present and $.c == 2)'],
    [{ Condition: '{%  $x > 1\n %}' }, '$x > 1'],
  ])('condition %j reads %s', (rule, text) => {
    expect(conditionText(rule)).toBe(text);
  });

  test('not a definition: a clear error', () => {
    expect(() => buildGraph({ StartAt: 'A' })).toThrow('not a state machine definition: it has no "States" object');
  });
});

describe('Mermaid', () => {
  test('labels quoted with the characters Mermaid reads as syntax escaped', () => {
    expect(mermaidText('a "b" #1 <c> & `d` | e')).toBe('a #quot;b#quot; #35;1 #lt;c#gt; #amp; #96;d#96; #124; e');
    // Mermaid reads a line holding `direction LR` as a direction statement, even inside a label.
    expect(mermaidText('set direction\tLR, direction TBD, directions')).toBe('set #100;irection LR, #100;irection TBD, directions');
    const text = toMermaid(buildGraph(orders));
    expect(text.startsWith('flowchart TD\n')).toBe(true);
    expect(text).toContain('s0("Validate #quot;order#quot;<br/>lambda:invoke validate")');
    expect(text).toContain('s9(["Reject #35;1 #lt;order#gt;<br/>Fail: OrderRejected"])');
    expect(text).toContain('s0 -.->|"InvalidOrder, States.Timeout"| s9');
    expect(text).toContain('s1 -->|"Default"| s3');
    // Subgraphs nest: Parallel > branch > Map > item processor, each closed.
    // A subgraph's title is one line (Mermaid draws the groups inside over a second one).
    expect(text).toMatch(/subgraph s3 \["Fulfil · Parallel"\]\n\s+direction TB\n\s+subgraph g0 \["Branch 1"\]/);
    expect(text.match(/^\s*subgraph /gm)?.length).toBe(text.match(/^\s*end$/gm)?.length);
    // No label holds a raw quote: every `"` opens or closes one.
    for (const line of text.split('\n')) expect((line.match(/"/g) ?? []).length % 2).toBe(0);
    // `end` (a Mermaid keyword) is never an id.
    expect(text).not.toMatch(/\bend\b(?!$)/m);
  });
});

describe('DOT', () => {
  test('clusters for groups, lhead/ltail for edges to Parallel and Map states, escaped strings', () => {
    const text = toDot(buildGraph(orders), 'orders');
    expect(text).toContain('subgraph cluster_s3 {');
    expect(text).toContain('s0 [label="Validate \\"order\\"\\nlambda:invoke validate"');
    expect(text).toContain('s2 -> s5 [lhead=cluster_s3];');
    expect(text).toContain('s5 -> s9 [ltail=cluster_s3, label="States.ALL", style=dashed');
  });

  const hasDot = spawnSync('dot', ['-V']).status === 0;
  (hasDot ? test : test.skip)('Graphviz lays both fixtures out without a warning', () => {
    for (const definition of [orders, batch]) {
      const r = spawnSync('dot', ['-Tsvg'], { input: toDot(buildGraph(definition)), encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('<svg');
    }
  });
  if (!hasDot) console.log('DOT layout test skipped: Graphviz `dot` is not installed');
});

describe('SVG', () => {
  test('self-contained, every state a labelled group, start and end markers', async () => {
    const svg = await toSvg(buildGraph(orders), { title: 'orders' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
    expect(svg).not.toMatch(/<script|href="http|<image|@import/);
    for (const name of ['Validate &quot;order&quot;', 'Route by size', 'Fulfil', 'Reserve item', 'Reject #1 &lt;order&gt;']) expect(svg).toContain(`data-state="${name}"`);
    expect(svg).toContain('data-marker="Start"');
    expect(svg).toContain('data-marker="End"');
    expect(svg.match(/class="edge"/g)?.length).toBe(buildGraph(orders).edges.length);
    expect(svg).toContain('stroke-dasharray="6 4"');
  });
});

describe('execution overlay', () => {
  test('a caught failure in a Parallel branch: the path, the caught state, the failed end', async () => {
    const result = await runExecution(orders, { total: 10, country: 'CL', express: false, items: [{ sku: 'a' }] }, {
      overrides: { 'Validate "order"': { result: { Payload: { total: 10, country: 'CL', express: false, items: [{ sku: 'a' }] } } }, 'Reserve item': { result: {} }, 'Charge card': { error: 'CardDeclined' } },
    });
    expect(result.status).toBe('FAILED');
    const g = buildGraph(orders);
    const overlay = executionOverlay(g, result);
    const statuses = Object.fromEntries([...overlay.states].map(([id, s]) => [g.states.find((x) => x.id === id)?.name, s]));
    expect(statuses).toEqual({
      'Validate "order"': 'succeeded',
      'Route by size': 'succeeded',
      Fulfil: 'caught',
      'Reserve stock': expect.stringMatching(/succeeded|aborted/),
      'Reserve item': expect.stringMatching(/succeeded|aborted/),
      'Charge card': 'failed',
      [REJECT]: 'failed',
    });
    const taken = g.edges.filter((e) => overlay.edges.has(e.id)).map((e) => `${edgesOf({ ...g, edges: [e] })[0]}: ${overlay.edges.get(e.id)}`);
    expect(taken).toEqual([
      'Start -start-> Validate "order": taken',
      'Validate "order" -next-> Route by size: taken',
      // The rule and the Default both lead to Fulfil: the history does not say which matched.
      'Route by size -choice($.country == "CL" and not ($.express == true))-> Fulfil: taken',
      'Route by size -default(Default)-> Fulfil: taken',
      `Fulfil -catch(States.ALL)-> ${REJECT}: caught`,
      `${REJECT} -end-> End: failed`,
    ]);
    const svg = await toSvg(g, { overlay, title: 'orders' });
    expect(svg).toContain('data-state="Charge card" data-type="Task" data-status="failed"');
    expect(svg).toContain('data-state="Manual review" data-type="Wait" data-status="not-run"');
    expect(svg).toContain('orders: FAILED');
  });

  test('a succeeded execution ends on the end marker; a Choice rule taken alone', async () => {
    const g = buildGraph(orders);
    const result = await runExecution(orders, {}, {
      overrides: { 'Validate "order"': { result: { Payload: { total: 5000, items: [{ sku: 'b' }] } } }, 'Reserve item': { result: {} }, 'Charge card': { result: {} } },
    });
    expect(result.status).toBe('SUCCEEDED');
    const overlay = executionOverlay(g, result);
    const taken = g.edges.filter((e) => overlay.edges.get(e.id) === 'taken').map((e) => edgesOf({ ...g, edges: [e] })[0]);
    expect(taken).toEqual([
      'Start -start-> Validate "order"',
      'Validate "order" -next-> Route by size',
      'Route by size -choice($.total > 1000)-> Manual review',
      'Manual review -next-> Fulfil',
      'Fulfil -next-> Done',
      'Done -end-> End',
      'Charge card -next-> Receipt',
    ]);
    expect([...overlay.states.values()].every((s) => s === 'succeeded')).toBe(true);
  });
});

describe('sfn graph and sfn run --graph', () => {
  test('a template file as Mermaid on stdout, SVG and DOT to files chosen by --format or extension', async () => {
    const r = await sfn('graph', join(fixtures, 'orders.asl.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(toMermaid(buildGraph(orders)));
    const svg = join(tmp, 'orders.svg');
    expect((await sfn('graph', join(fixtures, 'orders.asl.json'), '--out', svg)).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /);
    const dot = await sfn('graph', 'fanout', '--format', 'dot');
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph "fanout" \{/);
  });

  test('bad input: an unknown workflow, a format, a missing file, a broken template, an unwritable --out', async () => {
    expect(await sfn('graph', 'nope')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown workflow "nope"; the workflows are: greet') });
    expect(await sfn('graph', 'greet', '--format', 'png')).toMatchObject({ code: 2, stderr: 'sfn: --format must be one of mermaid, svg, dot, got "png"\n' });
    expect(await sfn('graph', 'statemachine/missing.asl.json')).toMatchObject({ code: 2, stderr: 'sfn: statemachine/missing.asl.json: no such file\n' });
    const broken = join(tmp, 'broken.asl.json');
    writeFileSync(broken, '{\n  "StartAt": "A",\n  "States": { "A": { "Type": "Pass", "Next": "B" } }\n}\n');
    const r = await sfn('graph', broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.asl\.json:3:\d+: .*B/);
    const out = await sfn('graph', 'greet', '--out', join(tmp, 'no', 'such', 'dir', 'x.svg'));
    expect(out).toMatchObject({ code: 2, stderr: expect.stringContaining('--out: cannot write') });
  });

  test('sfn run --graph writes the execution path; a missing folder is refused before the run', async () => {
    const file = join(tmp, 'greet-run.svg');
    const r = await sfn('run', 'greet', '--graph', file);
    expect(r.code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('data-status="succeeded"');
    expect(svg).toContain('greet: SUCCEEDED');
    expect(svg).not.toContain('data-status="not-run"');
    const bad = await sfn('run', 'greet', '--graph', join(tmp, 'missing', 'x.svg'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('does not exist');
    expect(existsSync(join(tmp, 'missing'))).toBe(false);
  });
});

test('the sfn binary draws a workflow', () => {
  const out = execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'bin', 'sfn.js'), 'graph', 'greet'], { cwd: FIXTURE_PROJECT, encoding: 'utf8' });
  expect(out).toMatch(/^flowchart TD\n/);
});
