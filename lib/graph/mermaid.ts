/**
 * A state machine as a Mermaid `flowchart TD` (rendered by GitHub and most Markdown viewers):
 * Parallel and Map states are subgraphs holding one subgraph per branch or item processor,
 * Choice edges carry their condition, Catch edges are dotted and carry their error names.
 *
 * Labels are always quoted, and the characters Mermaid would read as syntax are written as its
 * entity codes (`#quot;`, `#35;`, ...; https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters).
 */
import { indexGraph, type GraphEdge, type StateGraph, type StateNode } from './model';

const ENTITIES: Record<string, string> = { '#': '#35;', '"': '#quot;', '&': '#amp;', '<': '#lt;', '>': '#gt;', '`': '#96;', '|': '#124;' };

/**
 * Text inside a quoted Mermaid label. Mermaid's flowchart lexer also takes any line that contains
 * `direction TB` (`BT`, `RL`, `LR`, `TD`) as a direction statement, even inside a quoted label,
 * and would silently drop the node: the `d` of such a `direction` is written `#100;`.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[#"&<>`|]/g, (c) => ENTITIES[c])
    .replace(/direction(?= (?:TB|BT|RL|LR|TD))/g, '#100;irection');
}

const label = (state: StateNode) => `"${mermaidText(state.name)}${state.detail !== state.type ? `<br/>${mermaidText(state.detail)}` : ''}"`;
/** A Parallel's or Map's title on one line: Mermaid leaves room for one line above the groups inside, and draws them over a second. */
const title = (state: StateNode) => `"${mermaidText(state.name)} · ${mermaidText(state.detail)}"`;

function shape(state: StateNode): string {
  switch (state.type) {
    case 'Choice':
      return `{{${label(state)}}}`;
    case 'Succeed':
    case 'Fail':
      return `([${label(state)}])`;
    case 'Task':
      return `(${label(state)})`;
    default:
      return `[${label(state)}]`;
  }
}

const CLASSES: Record<string, string> = {
  task: 'fill:#eef5ff,stroke:#3b73b9,color:#10243e',
  choice: 'fill:#fff7e6,stroke:#c98a1b,color:#3d2a05',
  flow: 'fill:#f4f4f4,stroke:#777777,color:#222222',
  succeed: 'fill:#e9f7ec,stroke:#2e8540,color:#0f2e16',
  fail: 'fill:#fdecea,stroke:#c0392b,color:#3d0d08',
  marker: 'fill:#414d5c,stroke:#414d5c,color:#ffffff',
};
const classOf = (state: StateNode) =>
  state.type === 'Task' ? 'task' : state.type === 'Choice' ? 'choice' : state.type === 'Succeed' ? 'succeed' : state.type === 'Fail' ? 'fail' : 'flow';

function edgeLine(e: GraphEdge): string {
  const arrow = e.kind === 'catch' ? '-.->' : '-->';
  return e.label === undefined ? `${e.from} ${arrow} ${e.to}` : `${e.from} ${arrow}|"${mermaidText(e.label)}"| ${e.to}`;
}

export function toMermaid(graph: StateGraph): string {
  const lines = ['flowchart TD', `  ${graph.start}(["Start"])`, `  ${graph.end}(["End"])`];
  const { statesIn, groupById } = indexGraph(graph);
  const write = (group: string | undefined, indent: string) => {
    for (const state of statesIn(group)) {
      if (!state.groups.length) {
        lines.push(`${indent}${state.id}${shape(state)}`);
        continue;
      }
      lines.push(`${indent}subgraph ${state.id} [${title(state)}]`, `${indent}  direction TB`);
      for (const id of state.groups) {
        const g = groupById.get(id);
        lines.push(`${indent}  subgraph ${id} ["${mermaidText(g?.label ?? '')}"]`, `${indent}    direction TB`);
        write(id, `${indent}    `);
        lines.push(`${indent}  end`);
      }
      lines.push(`${indent}end`);
    }
  };
  write(undefined, '  ');
  for (const e of graph.edges) lines.push(`  ${edgeLine(e)}`);
  for (const [name, style] of Object.entries(CLASSES)) lines.push(`  classDef ${name} ${style}`);
  const byClass = new Map<string, string[]>();
  for (const s of graph.states) {
    if (s.groups.length) continue;
    const ids = byClass.get(classOf(s));
    if (ids) ids.push(s.id);
    else byClass.set(classOf(s), [s.id]);
  }
  byClass.set('marker', [graph.start, graph.end]);
  for (const [name, ids] of byClass) lines.push(`  class ${ids.join(',')} ${name}`);
  return `${lines.join('\n')}\n`;
}
