/**
 * Drawing a laid-out state graph (lib/graph/svg.ts lays it out) as SVG: the states (Parallel and
 * Map states as containers of their groups), the Start and End markers, the edges and their
 * labels, and with an execution overlay the colours of what ran and a legend.
 */
import { shorten } from './conditions';
import type { Box, LaidEdge, Layout } from './layered-layout';
import { indexGraph, type GraphEdge, type GroupNode, type StateGraph, type StateNode } from './model';
import type { EdgeStatus, ExecutionOverlay, StateStatus } from './overlay';
import { FONT_FAMILY, textWidth } from './text-width';

export interface SvgOptions {
  /** The diagram's title (`<title>`, and the legend's first words with an overlay). */
  title?: string;
  overlay?: ExecutionOverlay;
}

const NAME_SIZE = 13;
const DETAIL_SIZE = 11;
export const LABEL_SIZE = 11;
const NODE_PAD_X = 16;
const NODE_HEIGHT = 46;
export const MARKER = { width: 64, height: 26 };
export const CONTAINER_TOP = 50;
export const GROUP_TOP = 28;
const NAME_MAX = 40;

/** Fill, stroke and text colours of a state by type. */
const TYPE_COLORS: Record<string, [string, string, string]> = {
  Task: ['#eef5ff', '#3b73b9', '#10243e'],
  Choice: ['#fff7e6', '#c98a1b', '#3d2a05'],
  Succeed: ['#e9f7ec', '#2e8540', '#0f2e16'],
  Fail: ['#fdecea', '#c0392b', '#3d0d08'],
  Parallel: ['#fbfbfc', '#7d8998', '#16191f'],
  Map: ['#fbfbfc', '#7d8998', '#16191f'],
};
const DEFAULT_COLORS: [string, string, string] = ['#f4f4f4', '#777777', '#222222'];
/** As the Step Functions console: succeeded green, failed red, caught error orange, cancelled grey. */
const STATUS_COLORS: Record<StateStatus, [string, string, string]> = {
  succeeded: ['#e9f7ec', '#1d8102', '#0f2e16'],
  failed: ['#fdecea', '#d13212', '#5c0f05'],
  caught: ['#fef3e2', '#e07700', '#3d2300'],
  aborted: ['#eceff2', '#687078', '#16191f'],
};
const NOT_RUN: [string, string, string] = ['#ffffff', '#c5cbd3', '#8d99a8'];
const EDGE_COLORS: Record<EdgeStatus | 'plain' | 'catch' | 'idle', string> = {
  plain: '#5f6b7a',
  catch: '#c0392b',
  idle: '#c5cbd3',
  taken: '#1d8102',
  caught: '#e07700',
  failed: '#d13212',
};

/** Text for SVG character data and attribute values. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const n = (v: number) => String(Math.round(v * 10) / 10);

export function leafSize(state: StateNode) {
  const name = shorten(state.name, NAME_MAX);
  const width = Math.max(textWidth(name, NAME_SIZE, true), textWidth(state.detail, DETAIL_SIZE)) + 2 * NODE_PAD_X;
  return { width: Math.max(120, Math.ceil(width)), height: NODE_HEIGHT };
}

export function headerWidth(name: string, detail: string): number {
  return Math.ceil(Math.max(textWidth(shorten(name, NAME_MAX), NAME_SIZE, true), textWidth(detail, DETAIL_SIZE)) + 2 * NODE_PAD_X);
}

/** One diagram being drawn: what its steps read, and the SVG elements they add, by layer. */
interface Drawing {
  readonly boxes: ReadonlyMap<string, Box>;
  readonly overlay?: ExecutionOverlay;
  readonly statesIn: (group: string | undefined) => StateNode[];
  readonly groupById: ReadonlyMap<string, GroupNode>;
  /** Parallel and Map states and their groups, drawn first (under the rest). */
  readonly containers: string[];
  readonly edges: string[];
  /** Leaf states and the Start and End markers, over the edges. */
  readonly nodes: string[];
  /** Edge labels, on top. */
  readonly labels: string[];
  /** The edges' colours: one arrowhead marker each. */
  readonly usedColors: Set<string>;
}

/** The SVG document of a laid-out graph. */
export function drawSvg(graph: StateGraph, layout: Layout, options: SvgOptions): string {
  const overlay = options.overlay;
  const legendHeight = overlay ? 34 : 0;
  const width = Math.ceil(Math.max(layout.width, overlay ? 560 : 0));
  const height = Math.ceil(layout.height + legendHeight);
  const d: Drawing = { boxes: layout.boxes, overlay, ...indexGraph(graph), containers: [], edges: [], nodes: [], labels: [], usedColors: new Set() };
  for (const s of d.statesIn(undefined)) drawState(d, s, 0);
  drawMarker(d, graph.start, 'Start');
  drawMarker(d, graph.end, 'End');
  drawEdges(d, graph, layout.edges);
  const defs = [...d.usedColors].map(
    (c) => `<marker id="${markerId(c)}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`,
  );
  const legend = overlay ? legendOf(overlay, options.title) : [];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xml(FONT_FAMILY)}" role="img">\n` +
    (options.title ? `<title>${xml(options.title)}</title>\n` : '') +
    `<defs>${defs.join('')}</defs>\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n` +
    (legend.length ? `<g class="legend">${legend.join('')}</g>\n` : '') +
    `<g transform="translate(0,${legendHeight})">\n${[...d.containers, ...d.edges, ...d.nodes, ...d.labels].join('\n')}\n</g>\n</svg>\n`
  );
}

function colorsOf(state: StateNode, overlay: ExecutionOverlay | undefined): [string, string, string] {
  if (!overlay) return TYPE_COLORS[state.type] ?? DEFAULT_COLORS;
  const status = overlay.states.get(state.id);
  return status ? STATUS_COLORS[status] : NOT_RUN;
}

function edgeColor(e: GraphEdge, overlay: ExecutionOverlay | undefined): string {
  if (!overlay) return e.kind === 'catch' ? EDGE_COLORS.catch : EDGE_COLORS.plain;
  const status = overlay.edges.get(e.id);
  return status ? EDGE_COLORS[status] : EDGE_COLORS.idle;
}

const markerId = (color: string) => `arrow-${color.slice(1)}`;

/** A state: a box with its name and detail; a Parallel or Map state holds its groups and their states. */
function drawState(d: Drawing, state: StateNode, depth: number): void {
  const box = d.boxes.get(state.id);
  if (!box) return;
  const { overlay } = d;
  const [fill, stroke, ink] = colorsOf(state, overlay);
  const status = overlay?.states.get(state.id);
  const attrs = `class="state${state.groups.length ? ' container' : ''}" data-state="${xml(state.name)}" data-type="${xml(state.type)}"${overlay ? ` data-status="${status ?? 'not-run'}"` : ''}`;
  const name = shorten(state.name, NAME_MAX);
  const strokeWidth = status === 'failed' ? 2.5 : overlay && status ? 2 : 1.3;
  const title = `<title>${xml(`${state.name} (${state.detail})${status ? `: ${status}` : ''}`)}</title>`;
  if (state.groups.length) {
    d.containers.push(
      `<g ${attrs}>${title}<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="10" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"/>` +
        `<text x="${n(box.x + NODE_PAD_X)}" y="${n(box.y + 22)}" font-size="${NAME_SIZE}" font-weight="bold" fill="${ink}">${xml(name)}</text>` +
        `<text x="${n(box.x + NODE_PAD_X)}" y="${n(box.y + 38)}" font-size="${DETAIL_SIZE}" fill="${ink}" fill-opacity="0.75">${xml(state.detail)}</text></g>`,
    );
    for (const id of state.groups) drawGroup(d, id, depth);
    return;
  }
  const cx = box.x + box.width / 2;
  const rx = state.type === 'Choice' ? box.height / 2 : 8;
  d.nodes.push(
    `<g ${attrs}>${title}<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${rx}" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"/>` +
      `<text x="${n(cx)}" y="${n(box.y + 20)}" text-anchor="middle" font-size="${NAME_SIZE}" font-weight="bold" fill="${ink}">${xml(name)}</text>` +
      `<text x="${n(cx)}" y="${n(box.y + 36)}" text-anchor="middle" font-size="${DETAIL_SIZE}" fill="${ink}" fill-opacity="0.75">${xml(state.detail)}</text></g>`,
  );
}

/** A branch or item processor of a container at `depth`: a dashed box with its label, then its states. */
function drawGroup(d: Drawing, id: string, depth: number): void {
  const g = d.boxes.get(id);
  const group = d.groupById.get(id);
  if (!g || !group) return;
  d.containers.push(
    `<g class="group" data-group="${xml(group.label)}"><rect x="${n(g.x)}" y="${n(g.y)}" width="${n(g.width)}" height="${n(g.height)}" rx="8" fill="${depth % 2 ? '#fbfbfc' : '#ffffff'}" stroke="#a7b0bb" stroke-dasharray="5 4"/>` +
      `<text x="${n(g.x + 10)}" y="${n(g.y + 18)}" font-size="${LABEL_SIZE}" fill="#5f6b7a">${xml(group.label)}</text></g>`,
  );
  for (const s of d.statesIn(id)) drawState(d, s, depth + 1);
}

/** The Start or End marker. */
function drawMarker(d: Drawing, id: string, text: string): void {
  const box = d.boxes.get(id);
  if (!box) return;
  d.nodes.push(
    `<g class="marker" data-marker="${text}"><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${n(box.height / 2)}" fill="#414d5c"/>` +
      `<text x="${n(box.x + box.width / 2)}" y="${n(box.y + box.height / 2 + 4)}" text-anchor="middle" font-size="12" font-weight="bold" fill="#ffffff">${text}</text></g>`,
  );
}

/** The edges and their labels; the edges not taken first, so that the path of an execution is drawn over them. */
function drawEdges(d: Drawing, graph: StateGraph, laidEdges: LaidEdge[]): void {
  const { overlay } = d;
  const byId = new Map(graph.edges.map((e) => [e.id, e]));
  laidEdges.sort((a, b) => Number(overlay?.edges.has(a.id) ?? 0) - Number(overlay?.edges.has(b.id) ?? 0));
  for (const le of laidEdges) {
    const e = byId.get(le.id);
    if (!e) continue;
    const color = edgeColor(e, overlay);
    d.usedColors.add(color);
    const taken = overlay?.edges.has(e.id);
    for (const section of le.sections) {
      const points = [section.startPoint, ...section.bendPoints, section.endPoint];
      d.edges.push(
        `<path class="edge" data-kind="${e.kind}" data-from="${e.from}" data-to="${e.to}"${overlay ? ` data-status="${overlay.edges.get(e.id) ?? 'not-taken'}"` : ''} d="${roundedPath(points)}" fill="none" stroke="${color}" stroke-width="${taken ? 2.5 : 1.4}"${e.kind === 'catch' ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#${markerId(color)})"/>`,
      );
    }
    if (e.label) for (const l of le.labels) d.labels.push(edgeLabel(e, e.label, l, overlay, taken));
  }
}

/** The label of an edge (a Choice rule's condition, Default, a Catch's errors) in its box. */
function edgeLabel(e: GraphEdge, label: string, l: Box, overlay: ExecutionOverlay | undefined, taken: boolean | undefined): string {
  const w = l.width;
  const h = l.height;
  const ink = e.kind === 'catch' && !overlay ? EDGE_COLORS.catch : overlay && !taken ? EDGE_COLORS.idle : '#16191f';
  return (
    `<g class="edge-label" data-kind="${e.kind}">${e.title ? `<title>${xml(e.title)}</title>` : ''}<rect x="${n(l.x)}" y="${n(l.y)}" width="${n(w)}" height="${n(h)}" rx="3" fill="#ffffff" fill-opacity="0.92" stroke="${e.kind === 'default' ? '#5f6b7a' : 'none'}" stroke-width="0.8"/>` +
    `<text x="${n(l.x + w / 2)}" y="${n(l.y + h / 2 + 4)}" text-anchor="middle" font-size="${LABEL_SIZE}" fill="${ink}"${e.kind === 'default' ? ' font-style="italic"' : ''}>${xml(label)}</text></g>`
  );
}

/** With an overlay: the execution's status (and the title), then the colours' meanings. */
function legendOf(overlay: ExecutionOverlay, title: string | undefined): string[] {
  const items: Array<[string, [string, string, string]]> = [
    ['Succeeded', STATUS_COLORS.succeeded],
    ['Failed', STATUS_COLORS.failed],
    ['Caught error', STATUS_COLORS.caught],
    ['Not run', NOT_RUN],
  ];
  const heading = `${title ? `${title}: ` : ''}${overlay.status}`;
  const legend = [`<text x="16" y="22" font-size="13" font-weight="bold" fill="${overlay.status === 'SUCCEEDED' ? '#1d8102' : '#d13212'}">${xml(heading)}</text>`];
  let x = 16 + textWidth(heading, 13, true) + 20;
  for (const [text, [fill, stroke]] of items) {
    legend.push(`<rect x="${n(x)}" y="10" width="14" height="14" rx="3" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/><text x="${n(x + 20)}" y="21" font-size="11" fill="#414d5c">${text}</text>`);
    x += 20 + textWidth(text, 11) + 16;
  }
  return legend;
}

/** An orthogonal path with rounded corners. */
function roundedPath(points: Array<{ x: number; y: number }>, radius = 6): string {
  let d = `M${n(points[0].x)},${n(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [p, c, q] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(radius, Math.hypot(c.x - p.x, c.y - p.y) / 2, Math.hypot(q.x - c.x, q.y - c.y) / 2);
    const a = { x: c.x + (Math.sign(p.x - c.x) * r || 0), y: c.y + (Math.sign(p.y - c.y) * r || 0) };
    const b = { x: c.x + (Math.sign(q.x - c.x) * r || 0), y: c.y + (Math.sign(q.y - c.y) * r || 0) };
    d += ` L${n(a.x)},${n(a.y)} Q${n(c.x)},${n(c.y)} ${n(b.x)},${n(b.y)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${n(last.x)},${n(last.y)}`;
}

