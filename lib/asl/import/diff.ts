/**
 * A unified diff of two texts (the format of `diff -u` and `git diff`), line by line with three
 * lines of context: what `sfn import --update` shows before it writes. The longest common
 * subsequence is computed on what is left between the common head and tail, which is small for
 * a re-export.
 */

export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineOps(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i].op === ' ') i++;
    if (i >= ops.length) break;
    let start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while changes are less than 2 * context lines apart.
    for (;;) {
      while (end < ops.length && ops[end].op !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next].op === ' ') next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const slice = ops.slice(start, end);
    const oldStart = ops[start].a;
    const newStart = ops[start].b;
    const oldCount = slice.filter((o) => o.op !== '+').length;
    const newCount = slice.filter((o) => o.op !== '-').length;
    const range = (from: number, count: number) => `${count === 0 ? from : from + 1}${count === 1 ? '' : `,${count}`}`;
    hunks.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const o of slice) hunks.push(`${o.op}${o.text}`);
    i = end;
    start = end;
  }
  return `--- ${fromLabel}\n+++ ${toLabel}\n${hunks.join('\n')}\n`;
}

interface LineOp {
  op: ' ' | '-' | '+';
  text: string;
  /** Lines of `before` and of `after` before this one. */
  a: number;
  b: number;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function lineOps(a: string[], b: string[]): LineOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..].
  const lcs: Uint32Array[] = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
  for (let i = midA.length - 1; i >= 0; i--)
    for (let j = midB.length - 1; j >= 0; j--) lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: LineOp[] = [];
  let ia = 0;
  let ib = 0;
  const push = (op: LineOp['op'], text: string) => ops.push({ op, text, a: ia, b: ib });
  for (let k = 0; k < head; k++, ia++, ib++) push(' ', a[k]);
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      push(' ', midA[i]);
      i++, j++, ia++, ib++;
    } else if (i < midA.length && (j === midB.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      push('-', midA[i]);
      i++, ia++;
    } else {
      push('+', midB[j]);
      j++, ib++;
    }
  }
  for (let k = a.length - tail; k < a.length; k++, ia++, ib++) push(' ', a[k]);
  return ops;
}
