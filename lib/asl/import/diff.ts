/**
 * A unified diff of two texts (the format of `diff -u` and `git diff`), line by line with three
 * lines of context: what `sfn import --update` shows before it writes. The longest common
 * subsequence is computed on what is left between the common head and tail, which is small for
 * a re-export. When that is large (an export saved over the template and converted in place:
 * every identifier's line differs, from the first to the last), the lines found exactly once on
 * each side anchor the diff first (patience diff, as `git diff --patience`) and only the gaps
 * between anchors get the quadratic table: a 20,000-line template then needs megabytes, not the
 * 1.6 GB a full table over both texts would.
 */

/** Largest LCS table (cells) computed at once; larger middles are split at unique lines first. */
const MAX_CELLS = 4_000_000;

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
  const ops: LineOp[] = [];
  let ia = 0;
  let ib = 0;
  for (const e of editScript(a, b)) {
    ops.push({ op: e.op, text: e.text, a: ia, b: ib });
    if (e.op !== '+') ia++;
    if (e.op !== '-') ib++;
  }
  return ops;
}

interface Edit {
  op: LineOp['op'];
  text: string;
}

/** The lines of `a` and `b` as kept, removed and added lines: common head and tail, then the middle. */
function editScript(a: string[], b: string[]): Edit[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const keep = (lines: string[]): Edit[] => lines.map((text) => ({ op: ' ', text }));
  let middle: Edit[];
  if (!midA.length || !midB.length || midA.length * midB.length <= MAX_CELLS) middle = lcsScript(midA, midB);
  else {
    const anchors = uniqueAnchors(midA, midB);
    if (!anchors.length) middle = [...midA.map((text): Edit => ({ op: '-', text })), ...midB.map((text): Edit => ({ op: '+', text }))];
    else {
      middle = [];
      let pa = 0;
      let pb = 0;
      for (const [i, j] of anchors) {
        middle.push(...editScript(midA.slice(pa, i), midB.slice(pb, j)), { op: ' ', text: midA[i] });
        pa = i + 1;
        pb = j + 1;
      }
      middle.push(...editScript(midA.slice(pa), midB.slice(pb)));
    }
  }
  return [...keep(a.slice(0, head)), ...middle, ...keep(a.slice(a.length - tail))];
}

/** The longest common subsequence by the full table: an optimal diff, for middles of at most MAX_CELLS. */
function lcsScript(midA: string[], midB: string[]): Edit[] {
  // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..].
  const lcs: Uint32Array[] = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
  for (let i = midA.length - 1; i >= 0; i--)
    for (let j = midB.length - 1; j >= 0; j--) lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      out.push({ op: ' ', text: midA[i] });
      i++, j++;
    } else if (i < midA.length && (j === midB.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ op: '-', text: midA[i] });
      i++;
    } else {
      out.push({ op: '+', text: midB[j] });
      j++;
    }
  }
  return out;
}

/**
 * Pairs [i, j] of lines that occur exactly once in `a` and once in `b` (a[i] === b[j]), the longest
 * run of them in the same order on both sides (patience sorting: O(n log n)).
 */
function uniqueAnchors(a: string[], b: string[]): Array<[number, number]> {
  const seen = new Map<string, { inA: number; inB: number; i: number; j: number }>();
  a.forEach((line, i) => {
    const s = seen.get(line);
    if (s) s.inA++;
    else seen.set(line, { inA: 1, inB: 0, i, j: -1 });
  });
  b.forEach((line, j) => {
    const s = seen.get(line);
    if (s) {
      s.inB++;
      s.j = j;
    }
  });
  const pairs = [...seen.values()].filter((s) => s.inA === 1 && s.inB === 1).map((s): [number, number] => [s.i, s.j]);
  pairs.sort((x, y) => x[0] - y[0]);
  // Longest increasing subsequence of the j's: piles of their last elements, each pair linked to its predecessor.
  const piles: number[] = [];
  const previous: number[] = [];
  for (let k = 0; k < pairs.length; k++) {
    let lo = 0;
    let hi = piles.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[piles[mid]][1] < pairs[k][1]) lo = mid + 1;
      else hi = mid;
    }
    previous[k] = lo > 0 ? piles[lo - 1] : -1;
    piles[lo] = k;
  }
  const run: Array<[number, number]> = [];
  for (let k = piles.length ? piles[piles.length - 1] : -1; k >= 0; k = previous[k]) run.push(pairs[k]);
  return run.reverse();
}
