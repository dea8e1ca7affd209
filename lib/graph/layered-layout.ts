/**
 * A plain layered layout of a state machine's diagram, in time linear in its size: the picture of
 * a definition too large for ELK (whose layered layout takes about 10 ms a state and overflows
 * its stack near 4,000 states). Each scope (the top level, each Parallel branch, each Map item
 * processor) is laid out on its own: its states in rows by their distance from its first states
 * (breadth first), rows centred; a Parallel or Map state is a box holding its groups side by
 * side; an edge goes down from the bottom of its source to the top of its target, and an edge
 * back up (a loop) goes around the right of its scope. Plainer than ELK's, but a picture.
 *
 * The result has the shape toSvg draws from: absolute boxes and edge sections.
 */
import { indexGraph, type GraphEdge, type StateGraph, type StateNode } from './model';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface LaidEdge {
  id: string;
  sections: Array<{ startPoint: Point; bendPoints: Point[]; endPoint: Point }>;
  labels: Array<{ x: number; y: number; width: number; height: number }>;
}

export interface Layout {
  boxes: Map<string, Box>;
  edges: LaidEdge[];
  width: number;
  height: number;
}

export interface LayoutSizes {
  /** A state without groups, or a start/end marker (state undefined). */
  leaf(state: StateNode | undefined): { width: number; height: number };
  /** The least width of a Parallel or Map state's box (its title). */
  header(state: StateNode): number;
  /** The least width of a group's box (its label). */
  groupLabel(group: string): number;
  /** An edge label's size. */
  label(edge: GraphEdge): { width: number; height: number };
  /** Room above the groups of a Parallel or Map state, and above the states of a group. */
  containerTop: number;
  groupTop: number;
}

const GAP_X = 28;
const GAP_Y = 44;
const PAD = 14;
const LOOP = 8;

interface Scope {
  width: number;
  height: number;
  /** Places everything of the scope with its top-left corner at (x, y). */
  place(x: number, y: number): void;
}

type Size = { width: number; height: number };
/** The groups of a Parallel or Map state, each laid out as a scope. */
type Groups = Array<{ id: string; scope: Scope }>;

export function layeredLayout(graph: StateGraph, sizes: LayoutSizes): Layout {
  const layout = new LayeredLayout(graph, sizes);
  const root = layout.scope(undefined);
  const margin = 16;
  root.place(margin, margin);
  return { boxes: layout.boxes, edges: layout.laid, width: root.width + 2 * margin, height: root.height + 2 * margin };
}

/** One diagram being laid out: the boxes and edges placed so far, and the graph's edges by scope. */
class LayeredLayout {
  readonly boxes = new Map<string, Box>();
  readonly laid: LaidEdge[] = [];
  private readonly statesIn: (group: string | undefined) => StateNode[];
  private readonly edgesByScope = new Map<string | undefined, GraphEdge[]>();

  constructor(
    private readonly graph: StateGraph,
    private readonly sizes: LayoutSizes,
  ) {
    this.statesIn = indexGraph(graph).statesIn;
    const groupOf = new Map<string, string | undefined>(graph.states.map((s) => [s.id, s.group]));
    for (const e of graph.edges) {
      const scope = e.from === graph.start ? undefined : groupOf.get(e.from);
      const list = this.edgesByScope.get(scope);
      if (list) list.push(e);
      else this.edgesByScope.set(scope, [e]);
    }
  }

  /** Lays out the states of one scope (and, within them, their groups): sizes now, positions in `place`. */
  scope(scope: string | undefined): Scope {
    const { graph } = this;
    const members: string[] = [];
    if (scope === undefined) members.push(graph.start);
    for (const s of this.statesIn(scope)) members.push(s.id);
    if (scope === undefined) members.push(graph.end);
    const edges = this.edgesByScope.get(scope) ?? [];
    const { size, inner } = this.sizesIn(scope);
    const { layer, rows } = this.rowsOf(scope, members, edges);

    const rowWidth = (row: string[]) => row.reduce((w, m) => w + (size.get(m) as Size).width, 0) + (row.length - 1) * GAP_X;
    const rowHeight = (row: string[]) => row.reduce((h, m) => Math.max(h, (size.get(m) as Size).height), 0);
    const loops = edges.filter((e) => layer.has(e.to) && (layer.get(e.to) as number) <= (layer.get(e.from) as number) && e.from !== graph.start).length;
    const loopRoom = Math.min(loops, 20) * LOOP + (loops ? 2 * LOOP : 0);
    const contentWidth = rows.reduce((w, r) => Math.max(w, rowWidth(r ?? [])), 0);
    const width = contentWidth + loopRoom;
    const height = rows.reduce((h, r) => h + rowHeight(r ?? []), 0) + Math.max(0, rows.length - 1) * GAP_Y;

    const place = (x0: number, y0: number) => {
      let y = y0;
      for (const row of rows) {
        if (!row) continue;
        let x = x0 + (contentWidth - rowWidth(row)) / 2;
        for (const m of row) {
          const { width: w, height: h } = size.get(m) as Size;
          this.boxes.set(m, { x, y, width: w, height: h });
          const groups = inner.get(m);
          if (groups) this.placeGroups(groups, x, y);
          x += w + GAP_X;
        }
        y += rowHeight(row) + GAP_Y;
      }
      // Edges, once every box of the scope is placed.
      this.routeEdges(edges, layer, x0 + contentWidth);
    };
    return { width, height, place };
  }

  /** Sizes: leaves directly, Parallel and Map states from their groups (laid out now). */
  private sizesIn(scope: string | undefined): { size: Map<string, Size>; inner: Map<string, Groups> } {
    const { sizes, graph } = this;
    const size = new Map<string, Size>();
    const inner = new Map<string, Groups>();
    for (const s of this.statesIn(scope)) {
      if (!s.groups.length) {
        size.set(s.id, sizes.leaf(s));
        continue;
      }
      const groups = s.groups.map((id) => ({ id, scope: this.scope(id) }));
      inner.set(s.id, groups);
      const width = Math.max(sizes.header(s), groups.reduce((w, g) => w + Math.max(g.scope.width + 2 * 12, sizes.groupLabel(g.id)), 0) + (groups.length - 1) * GAP_X + 2 * PAD);
      const height = sizes.containerTop + groups.reduce((h, g) => Math.max(h, g.scope.height + sizes.groupTop + 12), 0) + PAD;
      size.set(s.id, { width, height });
    }
    if (scope === undefined) {
      size.set(graph.start, sizes.leaf(undefined));
      size.set(graph.end, sizes.leaf(undefined));
    }
    return { size, inner };
  }

  /** Rows: breadth first from the states nothing in the scope leads to (the first state), then from any left; End last. */
  private rowsOf(scope: string | undefined, members: string[], edges: GraphEdge[]): { layer: Map<string, number>; rows: string[][] } {
    const { graph } = this;
    const out = new Map<string, string[]>();
    const indegree = new Map<string, number>(members.map((m) => [m, 0]));
    for (const e of edges) {
      if (!indegree.has(e.to)) continue;
      (out.get(e.from) ?? out.set(e.from, []).get(e.from) as string[]).push(e.to);
      indegree.set(e.to, (indegree.get(e.to) as number) + 1);
    }
    const layer = new Map<string, number>();
    const queue: string[] = [];
    const visit = (from: string[]) => {
      for (const m of from) if (!layer.has(m)) (layer.set(m, 0), queue.push(m));
      for (let head = 0; head < queue.length; head++) {
        const n = queue[head];
        for (const t of out.get(n) ?? []) if (!layer.has(t)) (layer.set(t, (layer.get(n) as number) + 1), queue.push(t));
      }
    };
    visit(members.filter((m) => m !== graph.end && indegree.get(m) === 0));
    for (const m of members) if (!layer.has(m) && m !== graph.end) visit([m]);
    let last = 0;
    for (const v of layer.values()) last = Math.max(last, v);
    if (scope === undefined) layer.set(graph.end, last + 1);
    const rows: string[][] = [];
    for (const m of members) (rows[layer.get(m) as number] ??= []).push(m);
    return { layer, rows };
  }

  /** The groups of a Parallel or Map state placed at (x, y): side by side under its title, each scope centred in its box. */
  private placeGroups(groups: Groups, x: number, y: number): void {
    const { sizes } = this;
    let gx = x + PAD;
    for (const g of groups) {
      const gw = Math.max(g.scope.width + 2 * 12, sizes.groupLabel(g.id));
      this.boxes.set(g.id, { x: gx, y: y + sizes.containerTop, width: gw, height: g.scope.height + sizes.groupTop + 12 });
      g.scope.place(gx + (gw - g.scope.width) / 2, y + sizes.containerTop + sizes.groupTop);
      gx += gw + GAP_X;
    }
  }

  /** The scope's edges: down from a source's bottom to a target's top, or back up around the right of the scope (in lanes). */
  private routeEdges(edges: GraphEdge[], layer: ReadonlyMap<string, number>, right: number): void {
    let loop = 0;
    for (const e of edges) {
      const a = this.boxes.get(e.from);
      const b = this.boxes.get(e.to);
      if (!a || !b) continue;
      const down = (layer.get(e.to) as number) > (layer.get(e.from) as number);
      let section: LaidEdge['sections'][number];
      if (down) {
        const start = { x: a.x + a.width / 2, y: a.y + a.height };
        const end = { x: b.x + b.width / 2, y: b.y };
        const mid = start.y + GAP_Y / 2;
        section = { startPoint: start, bendPoints: start.x === end.x ? [] : [{ x: start.x, y: mid }, { x: end.x, y: mid }], endPoint: end };
      } else {
        const lane = right + LOOP + (loop++ % 20) * LOOP;
        const start = { x: a.x + a.width, y: a.y + a.height / 2 };
        const end = { x: b.x + b.width, y: b.y + b.height / 2 };
        section = { startPoint: start, bendPoints: [{ x: lane, y: start.y }, { x: lane, y: end.y }], endPoint: end };
      }
      this.laid.push({ id: e.id, sections: [section], labels: e.label === undefined ? [] : [this.labelOf(e, section, down)] });
    }
  }

  /** An edge's label, centred on its middle segment (above it for a loop). */
  private labelOf(e: GraphEdge, section: LaidEdge['sections'][number], down: boolean): LaidEdge['labels'][number] {
    const { width: lw, height: lh } = this.sizes.label(e);
    const p = section.bendPoints.length ? section.bendPoints[0] : section.startPoint;
    const q = section.bendPoints.length ? section.bendPoints[section.bendPoints.length - 1] : section.endPoint;
    return { x: (p.x + q.x) / 2 - lw / 2, y: (p.y + q.y) / 2 - lh / 2 + (down ? 0 : -lh), width: lw, height: lh };
  }
}
