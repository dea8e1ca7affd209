/**
 * The Mermaid diagrams as Mermaid itself reads and draws them: the real `mermaid` package (a dev
 * dependency, loaded from node_modules, offline) parses and renders real workflows (real-graphs.ts), the
 * fixtures and a definition whose state names are made of Mermaid syntax, in one page of headless
 * Chromium (Mermaid needs a DOM). Every diagram must parse; every state and every edge label must
 * come out as the text of the definition (entity codes decoded); a Parallel's or Map's title must
 * not be hidden under the groups inside it. A broken diagram in the same page must be refused, so
 * the check can fail.
 *
 * Required on CI (CI=true); skipped elsewhere when Debian's chromium is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toMermaid } from '../mermaid';
import { buildGraph, type StateGraph } from '../model';
import { realGraphs } from './real-graphs';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
// Required on CI, unless .ci/run could not install it (it then says so in its output).
const REQUIRED = process.env.CI === 'true' && process.env.SFN_CHROMIUM_UNAVAILABLE !== '1';
const fixture = (f: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8'));

if (!CHROMIUM && !REQUIRED) console.log('Mermaid test skipped: /usr/bin/chromium is not installed (apt-get install chromium); it is required on CI');

/** State names and rules made of what Mermaid reads as syntax. */
const hostile = {
  StartAt: 'end',
  States: {
    end: { Type: 'Pass', Next: 'A; B %% c --> d' },
    'A; B %% c --> d': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.x', StringMatches: 'a*|b`c`', Next: 'graph [x] (y) {z}' },
        { Variable: "$['we\"ird']", NumericLessThanEquals: 3, Next: 'subgraph "S" #1' },
      ],
      Default: 'style <b>&amp;</b>',
    },
    'graph [x] (y) {z}': { Type: 'Wait', Seconds: 1, Next: 'subgraph "S" #1' },
    'subgraph "S" #1': {
      Type: 'Parallel',
      Branches: [{ StartAt: 'direction LR', States: { 'direction LR': { Type: 'Succeed' } } }],
      Catch: [{ ErrorEquals: ['My|Error', 'Other#1;'], Next: 'style <b>&amp;</b>' }],
      Next: 'class:::x',
    },
    'class:::x': { Type: 'Map', ItemProcessor: { StartAt: 'click Ñandú ✓', States: { 'click Ñandú ✓': { Type: 'Pass', End: true } } }, Next: 'style <b>&amp;</b>' },
    'style <b>&amp;</b>': { Type: 'Fail', Error: 'Bad:::thing', Cause: 'x' },
  },
};

interface Rendered {
  id: string;
  error?: string;
  labels?: string[];
  clusters?: Array<{ id: string; box: number[]; label: number[] }>;
}

// Runs in the page: parses and renders each diagram, and writes what came out into #result.
const RENDER = `
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
const r = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
(async () => {
  const out = [];
  for (const [i, d] of DIAGRAMS.entries()) {
    const item = { id: d.id };
    try {
      await mermaid.parse(d.text);
      const { svg } = await mermaid.render('m' + i, d.text);
      const fig = document.createElement('figure');
      fig.innerHTML = svg;
      document.body.appendChild(fig);
      item.labels = [...fig.querySelectorAll('.nodeLabel, .edgeLabel')].map((e) => e.textContent);
      item.clusters = [...fig.querySelectorAll('g.cluster')].map((g) => ({
        id: g.id.slice(('m' + i + '-').length),
        box: r(g.querySelector(':scope > rect')),
        label: r(g.querySelector(':scope > .cluster-label')),
      }));
    } catch (e) {
      item.error = String((e && e.message) || e);
    }
    out.push(item);
  }
  document.getElementById('result').textContent = JSON.stringify(out);
})();
`;

const overlaps = (a: number[], b: number[]) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

(CHROMIUM || REQUIRED ? test : test.skip)('Mermaid parses and draws every diagram with the labels of the definition', () => {
  if (!CHROMIUM) throw new Error("chromium is required on CI: install Debian's chromium (see .ci/run)");
  const diagrams: Array<{ id: string; graph?: StateGraph; text: string }> = [];
  for (const { id, graph } of realGraphs()) diagrams.push({ id, graph, text: toMermaid(graph) });
  for (const [id, definition] of [
    ['orders.asl.json', fixture('orders.asl.json')],
    ['batch.jsonata.asl.json', fixture('batch.jsonata.asl.json')],
    ['hostile', hostile],
  ]) {
    const graph = buildGraph(definition);
    diagrams.push({ id, graph, text: toMermaid(graph) });
  }
  diagrams.push({ id: 'broken', text: 'flowchart TD\n  a["x"] -->|"y| b\n' });

  const dir = mkdtempSync(join(tmpdir(), 'sfn-graph-mermaid-'));
  try {
    const page = join(dir, 'mermaid.html');
    const data = JSON.stringify(diagrams.map(({ id, text }) => ({ id, text }))).replace(/</g, '\\u003c');
    writeFileSync(
      page,
      `<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="result"></pre>` +
        `<script src="file://${require.resolve('mermaid/dist/mermaid.min.js')}"></script>` +
        `<script>const DIAGRAMS = ${data};${RENDER}</script></body></html>`,
    );
    const run = spawnSync(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--virtual-time-budget=60000', '--dump-dom', `file://${page}`],
      { encoding: 'utf8', timeout: 90_000 },
    );
    const json = /<pre id="result">([\s\S]*?)<\/pre>/.exec(run.stdout)?.[1];
    if (!json) throw new Error(`chromium printed no result (status ${run.status}): ${run.stderr.slice(0, 2000)}`);
    const rendered = JSON.parse(json.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Rendered[];
    expect(rendered.map((r) => r.id)).toEqual(diagrams.map((d) => d.id));

    // The harness can fail: Mermaid refuses the broken diagram.
    expect(rendered.pop()?.error).toMatch(/Parse error/);
    const problems: string[] = [];
    for (const [i, r] of rendered.entries()) {
      const graph = diagrams[i].graph as StateGraph;
      if (r.error) {
        problems.push(`${r.id}: ${r.error}`);
        continue;
      }
      const labels = (r.labels ?? []).map(collapse);
      for (const s of graph.states) if (!labels.some((l) => l.startsWith(collapse(s.name)))) problems.push(`${r.id}: no node labelled ${JSON.stringify(s.name)}`);
      for (const e of graph.edges) if (e.label !== undefined && !labels.includes(collapse(e.label))) problems.push(`${r.id}: no edge labelled ${JSON.stringify(e.label)}`);
      // A Parallel's or Map's title stays readable: no group inside it is drawn over it.
      const clusters = new Map((r.clusters ?? []).map((c) => [c.id, c]));
      for (const s of graph.states) {
        for (const g of s.groups) {
          const outer = clusters.get(s.id);
          const child = clusters.get(g);
          if (!outer || !child) problems.push(`${r.id}: no subgraph ${outer ? g : s.id}`);
          else if (overlaps(outer.label, child.box)) problems.push(`${r.id}: the title of ${JSON.stringify(s.name)} is drawn under its group ${g}`);
        }
      }
    }
    expect(problems).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
