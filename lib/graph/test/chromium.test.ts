/**
 * The SVG diagrams as a browser draws them: real workflows (real-graphs.ts), the fixtures (Parallel, Map,
 * distributed Map, Choice, Catch) and an execution overlay, in one page of headless Chromium. A
 * script in the page measures each state's box and label with getBoundingClientRect and writes
 * the result into the DOM, read back with --dump-dom: every state must be a labelled node inside
 * the viewport, its label inside its box, no two boxes overlapping.
 *
 * Required on CI (CI=true); skipped elsewhere when Debian's chromium is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecution } from '../../engine';
import { buildGraph, type StateGraph } from '../model';
import { executionOverlay } from '../overlay';
import { realGraphs } from './real-graphs';
import { toSvg } from '../svg';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
// Required on CI, unless .ci/run could not install it (it then says so in its output).
const REQUIRED = process.env.CI === 'true' && process.env.SFN_CHROMIUM_UNAVAILABLE !== '1';
const fixture = (f: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8'));

if (!CHROMIUM && !REQUIRED) console.log('Chromium test skipped: /usr/bin/chromium is not installed (apt-get install chromium); it is required on CI');

interface Measured {
  id: string;
  svg: { left: number; top: number; right: number; bottom: number };
  states: Array<{ name: string; text: string; box: number[]; label: number[]; container: boolean }>;
}

// Runs in the page: measures every state of every diagram and writes JSON into #result.
const MEASURE = `
const r = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
const out = [];
for (const fig of document.querySelectorAll('figure')) {
  const svg = fig.querySelector('svg').getBoundingClientRect();
  out.push({ id: fig.id, svg: { left: svg.left, top: svg.top, right: svg.right, bottom: svg.bottom },
    states: [...fig.querySelectorAll('g.state')].map((g) => ({ name: g.dataset.state, text: g.querySelector('text').textContent,
      box: r(g.querySelector('rect')), label: r(g.querySelector('text')), container: g.classList.contains('container') })) });
}
document.getElementById('result').textContent = JSON.stringify(out);
`;

(CHROMIUM || REQUIRED ? test : test.skip)('every state is a labelled node inside the viewport, in Chromium', async () => {
  if (!CHROMIUM) throw new Error('chromium is required on CI: install Debian\'s chromium (see .ci/run)');
  const diagrams: Array<{ id: string; graph: StateGraph; svg: string }> = [];
  for (const { id, graph } of realGraphs()) diagrams.push({ id, graph, svg: await toSvg(graph, { title: id }) });
  for (const f of ['orders.asl.json', 'batch.jsonata.asl.json']) {
    const graph = buildGraph(fixture(f));
    diagrams.push({ id: f, graph, svg: await toSvg(graph, { title: f }) });
  }
  const orders = fixture('orders.asl.json');
  const result = await runExecution(orders, {}, {
    overrides: { 'Validate "order"': { result: { Payload: { total: 1, country: 'CL', express: true, items: [{ sku: 'a' }] } } }, 'Reserve item': { result: {} }, 'Charge card': { error: 'CardDeclined' } },
  });
  const og = buildGraph(orders);
  diagrams.push({ id: 'orders-execution', graph: og, svg: await toSvg(og, { title: 'orders', overlay: executionOverlay(og, result) }) });

  const dir = mkdtempSync(join(tmpdir(), 'sfn-graph-chromium-'));
  try {
    const page = join(dir, 'diagrams.html');
    writeFileSync(
      page,
      `<!doctype html><html><body style="margin:0">${diagrams.map((d) => `<figure id="${d.id}" style="margin:0 0 20px 0">${d.svg}</figure>`).join('')}<pre id="result"></pre><script>${MEASURE}</script></body></html>`,
    );
    const run = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', `file://${page}`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const json = /<pre id="result">([\s\S]*?)<\/pre>/.exec(run.stdout)?.[1];
    if (!json) throw new Error(`chromium printed no measurements (status ${run.status}): ${run.stderr.slice(0, 2000)}`);
    const measured = JSON.parse(json.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Measured[];
    expect(measured.map((m) => m.id)).toEqual(diagrams.map((d) => d.id));
    const problems: string[] = [];
    for (const [i, m] of measured.entries()) {
      const names = diagrams[i].graph.states.map((s) => s.name);
      expect(m.states.map((s) => s.name).sort()).toEqual([...names].sort());
      const leaves = m.states.filter((s) => !s.container);
      for (const s of m.states) {
        const [l, t, r, b] = s.box;
        const where = `${m.id}: ${s.name}`;
        if (!(r - l > 20 && b - t > 20)) problems.push(`${where}: no visible box`);
        if (l < m.svg.left - 0.5 || t < m.svg.top - 0.5 || r > m.svg.right + 0.5 || b > m.svg.bottom + 0.5) problems.push(`${where}: outside the viewport`);
        if (!s.text.trim() || !s.name.startsWith(s.text.replace(/…$/, ''))) problems.push(`${where}: labelled ${JSON.stringify(s.text)}`);
        const [ll, lt, lr, lb] = s.label;
        if (ll < l || lr > r || lt < t || lb > b) problems.push(`${where}: its label [${s.label.map(Math.round)}] leaves its box [${s.box.map(Math.round)}]`);
      }
      for (const [j, a] of leaves.entries())
        for (const b of leaves.slice(j + 1))
          if (a.box[0] < b.box[2] && b.box[0] < a.box[2] && a.box[1] < b.box[3] && b.box[1] < a.box[3]) problems.push(`${m.id}: ${a.name} overlaps ${b.name}`);
    }
    expect(problems).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
