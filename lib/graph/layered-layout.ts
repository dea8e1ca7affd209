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

export function layeredLayout(graph: StateGraph, sizes: LayoutSizes): Layout {
  const boxes = new Map<string, Box>();
  const laid: LaidEdge[] = [];
  const { statesIn } = indexGraph(graph);
  const groupOf = new Map<string, string | undefined>(graph.states.map((s) => [s.id, s.group]));
  const edgesByScope = new Map<string | undefined, GraphEdge[]>();
  for (const e of graph.edges) {
    const scope = e.from === graph.start ? undefined : groupOf.get(e.from);
    const list = edgesByScope.get(scope);
    if (list) list.push(e);
    else edgesByScope.set(scope, [e]);
  }

  /** Lays out the states of one scope (and, within them, their groups): sizes now, positions in `place`. */
  const layoutScope = (scope: string | undefined): Scope => {
    const members: string[] = [];
    if (scope === undefined) members.push(graph.start);
    for (const s of statesIn(scope)) members.push(s.id);
    if (scope === undefined) members.push(graph.end);
    const edges = edgesByScope.get(scope) ?? [];

    // Sizes: leaves directly, Parallel and Map states from their groups.
    const size = new Map<string, { width: number; height: number }>();
    const inner = new Map<string, Array<{ id: string; scope: Scope }>>();
    for (const s of statesIn(scope)) {
      if (!s.groups.length) {
        size.set(s.id, sizes.leaf(s));
        continue;
      }
      const groups = s.groups.map((id) => ({ id, scope: layoutScope(id) }));
      inner.set(s.id, groups);
      const width = Math.max(sizes.header(s), groups.reduce((w, g) => w + Math.max(g.scope.width + 2 * 12, sizes.groupLabel(g.id)), 0) + (groups.length - 1) * GAP_X + 2 * PAD);
      const height = sizes.containerTop + groups.reduce((h, g) => Math.max(h, g.scope.height + sizes.groupTop + 12), 0) + PAD;
      size.set(s.id, { width, height });
    }
    if (scope === undefined) {
      size.set(graph.start, sizes.leaf(undefined));
      size.set(graph.end, sizes.leaf(undefined));
    }

    // Rows: breadth first from the states nothing in the scope leads to (the first state), then from any left.
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

    const rowWidth = (row: string[]) => row.reduce((w, m) => w + (size.get(m) as { width: number }).width, 0) + (row.length - 1) * GAP_X;
    const rowHeight = (row: string[]) => row.reduce((h, m) => Math.max(h, (size.get(m) as { height: number }).height), 0);
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
        const h = rowHeight(row);
        for (const m of row) {
          const { width: w, height: hh } = size.get(m) as { width: number; height: number };
          boxes.set(m, { x, y, width: w, height: hh });
          const groups = inner.get(m);
          if (groups) {
            let gx = x + PAD;
            for (const g of groups) {
              const gw = Math.max(g.scope.width + 2 * 12, sizes.groupLabel(g.id));
              boxes.set(g.id, { x: gx, y: y + sizes.containerTop, width: gw, height: g.scope.height + sizes.groupTop + 12 });
              g.scope.place(gx + (gw - g.scope.width) / 2, y + sizes.containerTop + sizes.groupTop);
              gx += gw + GAP_X;
            }
          }
          x += w + GAP_X;
        }
        y += h + GAP_Y;
      }
      // Edges, once every box of the scope is placed.
      let loop = 0;
      const right = x0 + contentWidth;
      for (const e of edges) {
        const a = boxes.get(e.from);
        const b = boxes.get(e.to);
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
        const labels: LaidEdge['labels'] = [];
        if (e.label !== undefined) {
          const { width: lw, height: lh } = sizes.label(e);
          const p = section.bendPoints.length ? section.bendPoints[0] : section.startPoint;
          const q = section.bendPoints.length ? section.bendPoints[section.bendPoints.length - 1] : section.endPoint;
          labels.push({ x: (p.x + q.x) / 2 - lw / 2, y: (p.y + q.y) / 2 - lh / 2 + (down ? 0 : -lh), width: lw, height: lh });
        }
        laid.push({ id: e.id, sections: [section], labels });
      }
    };
    return { width, height, place };
  };

  const root = layoutScope(undefined);
  const margin = 16;
  root.place(margin, margin);
  return { boxes, edges: laid, width: root.width + 2 * margin, height: root.height + 2 * margin };
}
