/**
 * The diagram of a state machine, independent of how it is drawn: one node per state (Parallel
 * and Map states contain groups: one per branch, one for a Map's item processor), start and end
 * markers at the top level, and the transitions as edges: `Next`, each Choice rule labelled with
 * its condition, the Choice `Default`, every Catch labelled with its error names.
 *
 * Built from a rendered definition that has passed validation (state names are unique in the
 * whole machine, every target exists): a target that does not exist is left out, not guessed.
 */
import { conditionText, jsonataText, shorten } from './conditions';
import { InvalidPropsError } from '../errors';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface StateNode {
  id: string;
  name: string;
  /** The state's `Type`. */
  type: string;
  /** A short second line: the integration a Task calls, a Map's mode, a Fail's error, ... */
  detail: string;
  /** The group the state is in; undefined at the top level. */
  group?: string;
  /** The groups inside (Parallel branches, a Map's item processor), in order. */
  groups: string[];
}

export interface GroupNode {
  id: string;
  label: string;
  /** The Parallel or Map state that holds it. */
  owner: string;
}

export type EdgeKind = 'start' | 'next' | 'choice' | 'default' | 'catch' | 'end';

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  /** A short label (conditions are shortened to fit a diagram). */
  label?: string;
  /** The label in full, when it was shortened. */
  title?: string;
}

export interface StateGraph {
  states: StateNode[];
  groups: GroupNode[];
  edges: GraphEdge[];
  /** Ids of the start and end markers. */
  start: string;
  end: string;
  /** States by name. */
  byName: Map<string, StateNode>;
}

export const START_ID = 'start';
// Not `end`: a keyword of Mermaid.
export const END_ID = 'finish';
const LABEL_MAX = 48;

const functionName = (arn: string) => /:function:([^:]+)/.exec(arn)?.[1];

/** The second line of a state's box. */
function detailOf(state: Json): string {
  const type = String(state?.Type ?? '?');
  switch (type) {
    case 'Task': {
      const resource = state.Resource;
      if (typeof resource !== 'string') return 'Task';
      const expression = jsonataText(resource);
      if (expression !== undefined) return `Task: ${shorten(expression, 32)}`;
      const integration = /^arn:[\w-]+:states:::(.+)$/.exec(resource)?.[1];
      if (integration) {
        const args = state.Parameters ?? state.Arguments ?? {};
        const fn = typeof args.FunctionName === 'string' ? functionName(args.FunctionName) ?? jsonataText(args.FunctionName) : undefined;
        const api = integration.replace(/^aws-sdk:/, '');
        return shorten(`${api}${fn ? ` ${fn}` : ''}`, LABEL_MAX);
      }
      const fn = functionName(resource);
      if (fn) return `Lambda ${fn}`;
      const activity = /:activity:(.+)$/.exec(resource)?.[1];
      if (activity) return `Activity ${activity}`;
      return 'Task';
    }
    case 'Map': {
      const distributed = state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
      return distributed ? 'Map (distributed)' : 'Map';
    }
    case 'Fail':
      return typeof state.Error === 'string' && !jsonataText(state.Error) ? shorten(`Fail: ${state.Error}`, LABEL_MAX) : 'Fail';
    case 'Wait': {
      if (typeof state.Seconds === 'number') return `Wait ${state.Seconds} s`;
      if (typeof state.Timestamp === 'string' && !jsonataText(state.Timestamp)) return `Wait until ${state.Timestamp}`;
      return 'Wait';
    }
    default:
      return type;
  }
}

function labelled(text: string): { label: string; title?: string } {
  const label = shorten(text, LABEL_MAX);
  return label === text ? { label } : { label, title: text };
}

/** The diagram of a rendered, valid definition. */
export function buildGraph(definition: Json): StateGraph {
  const graph: StateGraph = { states: [], groups: [], edges: [], start: START_ID, end: END_ID, byName: new Map() };
  if (!definition || typeof definition !== 'object' || typeof definition.States !== 'object') throw new InvalidPropsError('not a state machine definition: it has no "States" object');

  // Nodes first (every scope), so that edges can name their targets.
  const scopes: Array<{ scope: Json; group?: string }> = [];
  const addScope = (scope: Json, group?: string) => {
    scopes.push({ scope, group });
    for (const [name, state] of Object.entries<Json>(scope?.States ?? {})) {
      const node: StateNode = { id: `s${graph.states.length}`, name, type: String(state?.Type ?? '?'), detail: detailOf(state), group, groups: [] };
      graph.states.push(node);
      graph.byName.set(name, node);
      const inner: Array<{ label: string; scope: Json }> = [];
      if (node.type === 'Parallel' && Array.isArray(state.Branches)) state.Branches.forEach((b: Json, i: number) => inner.push({ label: `Branch ${i + 1}`, scope: b }));
      if (node.type === 'Map') {
        const processor = state.ItemProcessor ?? state.Iterator;
        const label = state.ItemProcessor ? (state.ItemProcessor.ProcessorConfig?.Mode === 'DISTRIBUTED' ? 'Item processor (distributed)' : 'Item processor') : 'Iterator';
        if (processor) inner.push({ label, scope: processor });
      }
      for (const { label, scope: s } of inner) {
        const g: GroupNode = { id: `g${graph.groups.length}`, label, owner: node.id };
        graph.groups.push(g);
        node.groups.push(g.id);
        addScope(s, g.id);
      }
    }
  };
  addScope(definition);

  const edge = (from: string, toName: string, kind: EdgeKind, text?: string) => {
    const to = toName === END_ID && kind === 'end' ? END_ID : graph.byName.get(toName)?.id;
    if (to === undefined) return;
    graph.edges.push({ id: `e${graph.edges.length}`, from, to, kind, ...(text === undefined ? {} : labelled(text)) });
  };
  const startAt = graph.byName.get(definition.StartAt);
  if (startAt) graph.edges.push({ id: `e${graph.edges.length}`, from: START_ID, to: startAt.id, kind: 'start' });
  for (const { scope, group } of scopes) {
    for (const [name, state] of Object.entries<Json>(scope?.States ?? {})) {
      const from = (graph.byName.get(name) as StateNode).id;
      if (state.Type === 'Choice') {
        for (const rule of Array.isArray(state.Choices) ? state.Choices : []) edge(from, rule?.Next, 'choice', conditionText(rule));
        if (typeof state.Default === 'string') edge(from, state.Default, 'default', 'Default');
      } else if (typeof state.Next === 'string') edge(from, state.Next, 'next');
      for (const catcher of Array.isArray(state.Catch) ? state.Catch : [])
        edge(from, catcher?.Next, 'catch', Array.isArray(catcher?.ErrorEquals) ? catcher.ErrorEquals.join(', ') : 'error');
      const terminal = state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';
      if (terminal && group === undefined) edge(from, END_ID, 'end');
    }
  }
  return graph;
}

/** The graph's states by the group they are in (undefined: the top level), and its groups by id: built once, so that drawing is linear in the size of the graph. */
export function indexGraph(graph: StateGraph): { statesIn: (group: string | undefined) => StateNode[]; groupById: Map<string, GroupNode> } {
  const byGroup = new Map<string | undefined, StateNode[]>();
  for (const s of graph.states) {
    const list = byGroup.get(s.group);
    if (list) list.push(s);
    else byGroup.set(s.group, [s]);
  }
  return { statesIn: (group) => byGroup.get(group) ?? [], groupById: new Map(graph.groups.map((g) => [g.id, g])) };
}
