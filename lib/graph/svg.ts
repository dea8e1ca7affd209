/**
 * A state machine as a self-contained SVG (no scripts, no external fonts or images), laid out by
 * ELK's layered algorithm (elkjs, its worker-less bundled build) with Parallel and Map states as
 * compound nodes: each holds one group per branch or item processor, and edges cross the
 * hierarchy. With an execution overlay the states and transitions it went through are coloured
 * as the Step Functions console colours them (succeeded green, failed red, caught error orange),
 * the rest greyed out, with a legend.
 *
 * Every state is a `<g class="state" data-state="NAME">` holding its box and its label, so that
 * tests and tools can find it.
 */
// elk.bundled.js runs the layout in this thread (no web worker), in Node and browsers alike.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { shorten } from './conditions';
import { layeredLayout, type Box, type LaidEdge, type Layout, type LayoutSizes } from './layered-layout';
import { indexGraph, type GraphEdge, type StateGraph, type StateNode } from './model';
import type { EdgeStatus, ExecutionOverlay, StateStatus } from './overlay';
import { FONT_FAMILY, textWidth } from './text-width';

export interface SvgOptions {
  /** The diagram's title (`<title>`, and the legend's first words with an overlay). */
  title?: string;
  overlay?: ExecutionOverlay;
}

const NAME_SIZE = 13;
const DETAIL_SIZE = 11;
const LABEL_SIZE = 11;
const NODE_PAD_X = 16;
const NODE_HEIGHT = 46;
const MARKER = { width: 64, height: 26 };
const CONTAINER_TOP = 50;
const GROUP_TOP = 28;
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

function leafSize(state: StateNode) {
  const name = shorten(state.name, NAME_MAX);
  const width = Math.max(textWidth(name, NAME_SIZE, true), textWidth(state.detail, DETAIL_SIZE)) + 2 * NODE_PAD_X;
  return { width: Math.max(120, Math.ceil(width)), height: NODE_HEIGHT };
}

function headerWidth(name: string, detail: string): number {
  return Math.ceil(Math.max(textWidth(shorten(name, NAME_MAX), NAME_SIZE, true), textWidth(detail, DETAIL_SIZE)) + 2 * NODE_PAD_X);
}

/** ELK layered, top down, orthogonal edges: for the diagram and for each group inside it. */
const LAYOUT = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.compaction.postCompaction.strategy': 'EDGE_LENGTH',
};

/**
 * Above this many states the diagram is laid out by layered-layout.ts instead of ELK: ELK's
 * layered layout takes about 10 ms a state on this project's machine (5 s at 500) and overflows
 * its stack near 4,000 states; the plain layered layout is linear.
 */
export const ELK_MAX_STATES = 500;

/** The ELK graph: compound nodes for Parallel and Map states and their groups, each edge in the group it belongs to. */
function elkGraph(graph: StateGraph): ElkNode {
  const { statesIn, groupById } = indexGraph(graph);
  const edgesByGroup = new Map<string | undefined, GraphEdge[]>();
  const nodeOf = (state: StateNode): ElkNode => {
    if (!state.groups.length) return { id: state.id, ...leafSize(state) };
    return {
      id: state.id,
      layoutOptions: {
        ...LAYOUT,
        'elk.padding': `[top=${CONTAINER_TOP},left=14,bottom=14,right=14]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${headerWidth(state.name, state.detail)}, 80)`,
        // Branches side by side: groups have no edges between them, so they share one layer, a row.
        // One row in the definition's order (not packed as separate components), tops aligned.
        'elk.separateConnectedComponents': 'false',
      },
      children: state.groups.map((id) => {
        const group = groupById.get(id);
        return {
          id,
          layoutOptions: {
            ...LAYOUT,
            'elk.alignment': 'TOP',
            'elk.padding': `[top=${GROUP_TOP},left=12,bottom=12,right=12]`,
            'elk.nodeSize.constraints': 'MINIMUM_SIZE',
            'elk.nodeSize.minimum': `(${Math.ceil(textWidth(group?.label ?? '', LABEL_SIZE) + 24)}, 60)`,
          },
          children: statesIn(id).map(nodeOf),
          edges: edgesIn(id),
        };
      }),
    };
  };
  // Transitions never leave their scope (the States Language keeps Next, Default and Catch targets in
  // the same States object), so each group is laid out on its own, its edges inside it.
  const groupOf = new Map<string, string | undefined>(graph.states.map((st) => [st.id, st.group]));
  for (const e of graph.edges) {
    const list = edgesByGroup.get(groupOf.get(e.from));
    if (list) list.push(e);
    else edgesByGroup.set(groupOf.get(e.from), [e]);
  }
  const edgesIn = (group: string | undefined): ElkExtendedEdge[] =>
    (edgesByGroup.get(group) ?? [])
      .map((e) => ({
        id: e.id,
        sources: [e.from],
        targets: [e.to],
        ...(e.label === undefined ? {} : { labels: [{ id: `${e.id}_label`, text: e.label, width: Math.ceil(textWidth(e.label, LABEL_SIZE)) + 10, height: 16 }] }),
      }));
  return {
    id: 'root',
    layoutOptions: { ...LAYOUT, 'elk.padding': '[top=16,left=16,bottom=16,right=16]', 'elk.json.edgeCoords': 'ROOT', 'elk.json.shapeCoords': 'ROOT' },
    children: [
      { id: graph.start, ...MARKER, layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' } },
      ...statesIn(undefined).map(nodeOf),
      { id: graph.end, ...MARKER, layoutOptions: { 'elk.layered.layering.layerConstraint': 'LAST' } },
    ],
    edges: edgesIn(undefined),
  };
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

/** ELK's layout as absolute boxes and edges. */
async function elkLayout(graph: StateGraph): Promise<Layout> {
  const laid = await new ELK().layout(elkGraph(graph));
  const boxes = new Map<string, Box>();
  const edges: LaidEdge[] = [];
  const collect = (node: ElkNode) => {
    for (const e of (node.edges ?? []) as ElkExtendedEdge[])
      edges.push({ id: e.id, sections: (e.sections ?? []).map((sec) => ({ startPoint: sec.startPoint, bendPoints: sec.bendPoints ?? [], endPoint: sec.endPoint })), labels: (e.labels ?? []).filter((l) => l.x !== undefined && l.y !== undefined).map((l) => ({ x: l.x as number, y: l.y as number, width: l.width ?? 0, height: l.height ?? 16 })) });
    for (const c of node.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      collect(c);
    }
  };
  collect(laid);
  return { boxes, edges, width: laid.width ?? 0, height: laid.height ?? 0 };
}

/** The same sizes as the ELK graph's, for the plain layered layout of large diagrams. */
const LAYERED_SIZES: LayoutSizes = {
  leaf: (state) => (state ? leafSize(state) : MARKER),
  header: (state) => headerWidth(state.name, state.detail),
  groupLabel: () => 60,
  label: (e) => ({ width: Math.ceil(textWidth(e.label ?? '', LABEL_SIZE)) + 10, height: 16 }),
  containerTop: CONTAINER_TOP,
  groupTop: GROUP_TOP,
};

export async function toSvg(graph: StateGraph, options: SvgOptions = {}): Promise<string> {
  const layout = graph.states.length > ELK_MAX_STATES ? layeredLayout(graph, LAYERED_SIZES) : await elkLayout(graph);
  const { boxes } = layout;
  const laidEdges = layout.edges;
  const { statesIn, groupById } = indexGraph(graph);
  const overlay = options.overlay;
  const legendHeight = overlay ? 34 : 0;
  const width = Math.ceil(Math.max(layout.width, overlay ? 560 : 0));
  const height = Math.ceil(layout.height + legendHeight);

  const colorsOf = (state: StateNode): [string, string, string] => {
    if (!overlay) return TYPE_COLORS[state.type] ?? DEFAULT_COLORS;
    const status = overlay.states.get(state.id);
    return status ? STATUS_COLORS[status] : NOT_RUN;
  };
  const edgeColor = (e: GraphEdge): string => {
    if (!overlay) return e.kind === 'catch' ? EDGE_COLORS.catch : EDGE_COLORS.plain;
    const status = overlay.edges.get(e.id);
    return status ? EDGE_COLORS[status] : EDGE_COLORS.idle;
  };
  const markerId = (color: string) => `arrow-${color.slice(1)}`;
  const usedColors = new Set<string>();

  const containers: string[] = [];
  const nodes: string[] = [];
  const writeState = (state: StateNode, depth: number) => {
    const box = boxes.get(state.id);
    if (!box) return;
    const [fill, stroke, ink] = colorsOf(state);
    const status = overlay?.states.get(state.id);
    const attrs = `class="state${state.groups.length ? ' container' : ''}" data-state="${xml(state.name)}" data-type="${xml(state.type)}"${overlay ? ` data-status="${status ?? 'not-run'}"` : ''}`;
    const name = shorten(state.name, NAME_MAX);
    const strokeWidth = status === 'failed' ? 2.5 : overlay && status ? 2 : 1.3;
    const title = `<title>${xml(`${state.name} (${state.detail})${status ? `: ${status}` : ''}`)}</title>`;
    if (state.groups.length) {
      containers.push(
        `<g ${attrs}>${title}<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="10" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"/>` +
          `<text x="${n(box.x + NODE_PAD_X)}" y="${n(box.y + 22)}" font-size="${NAME_SIZE}" font-weight="bold" fill="${ink}">${xml(name)}</text>` +
          `<text x="${n(box.x + NODE_PAD_X)}" y="${n(box.y + 38)}" font-size="${DETAIL_SIZE}" fill="${ink}" fill-opacity="0.75">${xml(state.detail)}</text></g>`,
      );
      for (const id of state.groups) {
        const g = boxes.get(id);
        const group = groupById.get(id);
        if (!g || !group) continue;
        containers.push(
          `<g class="group" data-group="${xml(group.label)}"><rect x="${n(g.x)}" y="${n(g.y)}" width="${n(g.width)}" height="${n(g.height)}" rx="8" fill="${depth % 2 ? '#fbfbfc' : '#ffffff'}" stroke="#a7b0bb" stroke-dasharray="5 4"/>` +
            `<text x="${n(g.x + 10)}" y="${n(g.y + 18)}" font-size="${LABEL_SIZE}" fill="#5f6b7a">${xml(group.label)}</text></g>`,
        );
        for (const s of statesIn(id)) writeState(s, depth + 1);
      }
      return;
    }
    const cx = box.x + box.width / 2;
    const rx = state.type === 'Choice' ? box.height / 2 : 8;
    nodes.push(
      `<g ${attrs}>${title}<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${rx}" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"/>` +
        `<text x="${n(cx)}" y="${n(box.y + 20)}" text-anchor="middle" font-size="${NAME_SIZE}" font-weight="bold" fill="${ink}">${xml(name)}</text>` +
        `<text x="${n(cx)}" y="${n(box.y + 36)}" text-anchor="middle" font-size="${DETAIL_SIZE}" fill="${ink}" fill-opacity="0.75">${xml(state.detail)}</text></g>`,
    );
  };
  for (const s of statesIn(undefined)) writeState(s, 0);

  for (const [id, text] of [
    [graph.start, 'Start'],
    [graph.end, 'End'],
  ]) {
    const box = boxes.get(id);
    if (!box) continue;
    nodes.push(
      `<g class="marker" data-marker="${text}"><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${n(box.height / 2)}" fill="#414d5c"/>` +
        `<text x="${n(box.x + box.width / 2)}" y="${n(box.y + box.height / 2 + 4)}" text-anchor="middle" font-size="12" font-weight="bold" fill="#ffffff">${text}</text></g>`,
    );
  }

  const edges: string[] = [];
  const labels: string[] = [];
  const byId = new Map(graph.edges.map((e) => [e.id, e]));
  // Edges not taken first, so that the path of an execution is drawn over them.
  laidEdges.sort((a, b) => Number(overlay?.edges.has(a.id) ?? 0) - Number(overlay?.edges.has(b.id) ?? 0));
  for (const le of laidEdges) {
    const e = byId.get(le.id);
    if (!e) continue;
    const color = edgeColor(e);
    usedColors.add(color);
    const taken = overlay?.edges.has(e.id);
    for (const section of le.sections) {
      const points = [section.startPoint, ...section.bendPoints, section.endPoint];
      edges.push(
        `<path class="edge" data-kind="${e.kind}" data-from="${e.from}" data-to="${e.to}"${overlay ? ` data-status="${overlay.edges.get(e.id) ?? 'not-taken'}"` : ''} d="${roundedPath(points)}" fill="none" stroke="${color}" stroke-width="${taken ? 2.5 : 1.4}"${e.kind === 'catch' ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#${markerId(color)})"/>`,
      );
    }
    for (const l of le.labels) {
      if (!e.label) continue;
      const w = l.width;
      const h = l.height;
      const ink = e.kind === 'catch' && !overlay ? EDGE_COLORS.catch : overlay && !taken ? EDGE_COLORS.idle : '#16191f';
      labels.push(
        `<g class="edge-label" data-kind="${e.kind}">${e.title ? `<title>${xml(e.title)}</title>` : ''}<rect x="${n(l.x)}" y="${n(l.y)}" width="${n(w)}" height="${n(h)}" rx="3" fill="#ffffff" fill-opacity="0.92" stroke="${e.kind === 'default' ? '#5f6b7a' : 'none'}" stroke-width="0.8"/>` +
          `<text x="${n(l.x + w / 2)}" y="${n(l.y + h / 2 + 4)}" text-anchor="middle" font-size="${LABEL_SIZE}" fill="${ink}"${e.kind === 'default' ? ' font-style="italic"' : ''}>${xml(e.label)}</text></g>`,
      );
    }
  }

  const defs = [...usedColors].map(
    (c) => `<marker id="${markerId(c)}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`,
  );
  const legend: string[] = [];
  if (overlay) {
    const items: Array<[string, [string, string, string]]> = [
      ['Succeeded', STATUS_COLORS.succeeded],
      ['Failed', STATUS_COLORS.failed],
      ['Caught error', STATUS_COLORS.caught],
      ['Not run', NOT_RUN],
    ];
    const heading = `${options.title ? `${options.title}: ` : ''}${overlay.status}`;
    legend.push(`<text x="16" y="22" font-size="13" font-weight="bold" fill="${overlay.status === 'SUCCEEDED' ? '#1d8102' : '#d13212'}">${xml(heading)}</text>`);
    let x = 16 + textWidth(heading, 13, true) + 20;
    for (const [text, [fill, stroke]] of items) {
      legend.push(`<rect x="${n(x)}" y="10" width="14" height="14" rx="3" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/><text x="${n(x + 20)}" y="21" font-size="11" fill="#414d5c">${text}</text>`);
      x += 20 + textWidth(text, 11) + 16;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xml(FONT_FAMILY)}" role="img">\n` +
    (options.title ? `<title>${xml(options.title)}</title>\n` : '') +
    `<defs>${defs.join('')}</defs>\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n` +
    (legend.length ? `<g class="legend">${legend.join('')}</g>\n` : '') +
    `<g transform="translate(0,${legendHeight})">\n${[...containers, ...edges, ...nodes, ...labels].join('\n')}\n</g>\n</svg>\n`
  );
}
