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
import { layeredLayout, type Box, type LaidEdge, type Layout, type LayoutSizes } from './layered-layout';
import { indexGraph, type GraphEdge, type StateGraph, type StateNode } from './model';
import { CONTAINER_TOP, drawSvg, GROUP_TOP, headerWidth, LABEL_SIZE, leafSize, MARKER, type SvgOptions } from './svg-draw';
import { textWidth } from './text-width';

export { xml, type SvgOptions } from './svg-draw';

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
  return drawSvg(graph, layout, options);
}
