/**
 * A state machine in Graphviz DOT: Parallel and Map states are clusters holding one cluster per
 * branch or item processor. An edge to or from such a state is drawn to the cluster's border
 * (`compound=true` with `lhead`/`ltail` on a node inside, as Graphviz documents for clusters).
 */
import { indexGraph, type StateGraph, type StateNode } from './model';

/** A double-quoted DOT string: `"` and `\` escaped (a backslash would start an escape sequence such as `\n`). */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

const STYLE: Record<string, string> = {
  Task: 'fillcolor="#eef5ff", color="#3b73b9"',
  Choice: 'fillcolor="#fff7e6", color="#c98a1b"',
  Succeed: 'fillcolor="#e9f7ec", color="#2e8540"',
  Fail: 'fillcolor="#fdecea", color="#c0392b"',
};

export function toDot(graph: StateGraph, name = 'state_machine'): string {
  const lines = [
    `digraph ${dotString(name)} {`,
    '  compound=true;',
    '  rankdir=TB;',
    '  fontname="Helvetica"; fontsize=11;',
    '  node [shape=box, style="rounded,filled", fillcolor="#f4f4f4", color="#777777", fontname="Helvetica", fontsize=12];',
    '  edge [fontname="Helvetica", fontsize=10, color="#555555"];',
    `  ${graph.start} [label="Start", shape=box, style="rounded,filled", fillcolor="#414d5c", fontcolor="#ffffff", color="#414d5c"];`,
    `  ${graph.end} [label="End", shape=box, style="rounded,filled", fillcolor="#414d5c", fontcolor="#ffffff", color="#414d5c"];`,
  ];
  const byId = new Map(graph.states.map((s) => [s.id, s]));
  const { statesIn, groupById } = indexGraph(graph);
  // A node inside a cluster, where edges to the cluster are attached.
  const anchor = (state: StateNode): StateNode => {
    const first = statesIn(state.groups[0])[0];
    return first ? (first.groups.length ? anchor(first) : first) : state;
  };
  const write = (group: string | undefined, indent: string) => {
    for (const state of statesIn(group)) {
      const text = state.detail === state.type && !state.groups.length ? state.name : `${state.name}\n${state.detail}`;
      if (!state.groups.length) {
        lines.push(`${indent}${state.id} [label=${dotString(text)}${STYLE[state.type] ? `, ${STYLE[state.type]}` : ''}];`);
        continue;
      }
      lines.push(`${indent}subgraph cluster_${state.id} {`, `${indent}  label=${dotString(text)}; style="rounded"; color="#777777";`);
      for (const id of state.groups) {
        const g = groupById.get(id);
        lines.push(`${indent}  subgraph cluster_${id} {`, `${indent}    label=${dotString(g?.label ?? '')}; style="rounded,dashed"; color="#999999";`);
        write(id, `${indent}    `);
        lines.push(`${indent}  }`);
      }
      lines.push(`${indent}}`);
    }
  };
  write(undefined, '  ');
  for (const e of graph.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    const attrs: string[] = [];
    let tail = e.from;
    let head = e.to;
    if (from?.groups.length) {
      tail = anchor(from).id;
      attrs.push(`ltail=cluster_${from.id}`);
    }
    if (to?.groups.length) {
      head = anchor(to).id;
      attrs.push(`lhead=cluster_${to.id}`);
    }
    if (e.label !== undefined) attrs.push(`label=${dotString(e.label)}`);
    if (e.title !== undefined) attrs.push(`tooltip=${dotString(e.title)}`);
    if (e.kind === 'catch') attrs.push('style=dashed', 'color="#c0392b"', 'fontcolor="#c0392b"');
    if (e.kind === 'default') attrs.push('style=bold');
    lines.push(`  ${tail} -> ${head}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
