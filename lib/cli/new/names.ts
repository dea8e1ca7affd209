/**
 * The names `sfn new --from` gives what it declares: a resource's exported name in kebab-case
 * (`ReserveFlightFunction` -> `reserve-flight`), without what a deployment added around it (the
 * stack name shared by every resource of the export, CloudFormation's random suffix, the kind's
 * own word), then shortened until its deployed name (lib/workflow/kinds.ts: `<namePrefix>-<workflow>-<name>`
 * for most kinds) fits AWS's limit in every environment, and unique among its kind.
 */
import { kebabCase } from '../../asl/import/naming';
import { ACCOUNT_ID_WIDTH, RESOURCE_KINDS, type ResourceKind } from '../../workflow/kinds';

/** Without CloudFormation's random suffix of a physical name (`sam-app-HelloFunction-1AbC2dEf3GhI`): 12 or 13 letters and digits, with a digit and a capital. */
export function withoutRandomSuffix(name: string): string {
  const m = /-([A-Za-z0-9]{12,13})$/.exec(name);
  return m && /\d/.test(m[1]) && /[A-Z]/.test(m[1]) ? name.slice(0, m.index) : name;
}

/**
 * What every one of `names` starts with (a stack's name, a construct's path: `saga-pattern-sam-StateMachine`),
 * when there are two or more, each keeps something of its own, and a new word starts after it in at
 * least one of them (an upper-case letter or a separator): never a cut inside the words of all.
 */
export function commonPrefix(names: readonly string[]): string {
  if (names.length < 2) return '';
  const bare = names.map(withoutRandomSuffix);
  let n = 0;
  while (bare.every((b) => b.length > n + 1 && b[n] === bare[0][n])) n++;
  for (; n > 0; n--) {
    const cut = bare[0].slice(0, n);
    const startsWord = (b: string) => /[-_./]$/.test(cut) || /[A-Z]/.test(b[n]);
    if (bare.some(startsWord) && bare.every((b) => /[A-Za-z0-9]/.test(b.slice(n).replace(/^[-_./]+/, '')[0] ?? ''))) return cut;
  }
  return '';
}

/** A resource's declared name from its exported name: kebab-case, without the common prefix, the random suffix and the kind's word at the end. */
export function declaredName(kind: ResourceKind, exported: string, prefix = ''): string {
  let bare = withoutRandomSuffix(exported.replace(/\.fifo$/, ''));
  if (prefix && bare.startsWith(prefix) && bare.length > prefix.length) bare = bare.slice(prefix.length);
  let words = kebabCase(bare).split('-').filter(Boolean);
  // CloudFormation cuts long logical ids (`...LambdaHan`): a last word starting "handler" goes.
  if (words.length > 1 && words[words.length - 1].length >= 2 && 'handler'.startsWith(words[words.length - 1])) words = words.slice(0, -1);
  const tails = [...RESOURCE_KINDS[kind].tails.map((t) => kebabCase(t)), ...(kind === 'function' ? ['lambda', 'fn'] : [])];
  for (const tail of tails) {
    const t = tail.split('-');
    if (words.length > t.length && t.every((w, i) => words[words.length - t.length + i] === w)) {
      words = words.slice(0, -t.length);
      break;
    }
  }
  const name = words.join('-') || kebabCase(RESOURCE_KINDS[kind].word);
  return /^[a-z]/.test(name) ? name : `${kind === 'function' ? 'fn' : kind}-${name}`;
}

/** How many characters a declared name of `kind` may have, in the environment whose prefix leaves the least. */
export function nameBudget(kind: ResourceKind, workflow: string, namePrefixes: readonly string[], options: { fifo?: boolean } = {}): number {
  const spec = RESOURCE_KINDS[kind].deployedName;
  return Math.min(...namePrefixes.map((p) => spec.max - spec.of({ environment: p, workflow: `${p}-${workflow}`, accountId: ACCOUNT_ID_WIDTH }, '', options).length));
}

/** `name` shortened to `budget` characters: whole words while they fit, else the first word cut. */
export function shorten(name: string, budget: number): string {
  if (name.length <= budget) return name;
  const words = name.split('-');
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > budget) break;
    out = next;
  }
  return (out || name.slice(0, budget)).replace(/-+$/, '');
}

/** `name`, or `name-2`, `name-3`, ... (shortened to stay within `budget`), the first not in `taken`. */
export function uniqueName(name: string, taken: ReadonlySet<string>, budget: number): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${shorten(name, budget - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
