/**
 * The path walker `sfn new` derives samples with: from a state, as long as the data it follows
 * (the execution input, or a function's result) flows on, every JSONPath a state reads of it
 * (`InputPath`, `Parameters`/`ItemSelector`/`ResultSelector` fields ending in `.$`, `ItemsPath`,
 * `OutputPath`, a Choice rule's `Variable`) becomes a member of the sample, with a value of the
 * type the path is used as. A `View` says where a path of a state's data is in the sample (or that
 * it is not the sample's): `InputPath`, `Parameters`, `ResultSelector`, `ResultPath` and
 * `OutputPath` each turn the view of a state's input into the view of what comes next, as AWS
 * processes a state's input and output ("Processing input and output in Step Functions":
 * InputPath, Parameters, ResultSelector, ResultPath, OutputPath in this order). Paths that cannot
 * be followed (filters, wildcards, intrinsic functions, JSONata) are left out: a sample is a
 * start, not a proof.
 */
import { choiceOrder, ruleValues } from './choice-values';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;
export type Path = string[];
/** Where a path of a state's data is in the sample, or undefined when it is not the sample's. */
export type View = (path: Path) => Path | undefined;

export const NOTHING: View = () => undefined;
export const IDENTITY: View = (p) => p;
const under = (view: View, prefix: Path): View => (p) => view([...prefix, ...p]);

/** How much a value is needed: any value (a field passed on), a value a rule compares, a structure (an object, an array). */
export const LOOSE = 0;
export const TYPED = 1;
const STRUCTURE = 2;

const SIMPLE_PATH = /^\$((?:\.[A-Za-z_][A-Za-z0-9_-]*|\['[^']+'\])*)$/;
const MAP_ITEM = /^\$\$\.Map\.Item\.Value((?:\.[A-Za-z_][A-Za-z0-9_-]*|\['[^']+'\])*)$/;

/** The members of a simple path (`$.a.b` -> ['a', 'b']), or undefined. */
export function segments(path: unknown): Path | undefined {
  if (typeof path !== 'string') return undefined;
  const m = SIMPLE_PATH.exec(path);
  if (!m) return undefined;
  return [...m[1].matchAll(/\.([A-Za-z_][A-Za-z0-9_-]*)|\['([^']+)'\]/g)].map((x) => x[1] ?? x[2]);
}

/** A sample being built: each value set where it is needed more than what is there (a structure over a leaf, a compared value over any value). */
export class Sample {
  private readonly box: Record<string, Json> = {};
  private readonly strengths = new Map<string, number>();

  get root(): Json {
    return this.box.root;
  }

  /** Sets `value` at `path` (an array's item is "0"); any value of the whole sample is no need. */
  set(path: Path, value: Json, strength: number) {
    if (!path.length && strength === LOOSE) return;
    let holder: Json = this.box;
    let key = 'root';
    let trail = 'root';
    for (const k of path) {
      let at = holder[key];
      if (Array.isArray(at)) {
        holder = at;
        key = '0';
        trail += '/0';
        if (k === '0') continue;
        at = at[0];
      }
      if (at === null || typeof at !== 'object') holder[key] = at = {};
      holder = at;
      key = k;
      trail += `/${k}`;
    }
    const existing = holder[key];
    const has = existing === undefined ? -1 : existing !== null && typeof existing === 'object' ? STRUCTURE : (this.strengths.get(trail) ?? LOOSE);
    if (strength <= has) return;
    holder[key] = value;
    this.strengths.set(trail, strength);
  }
}

/** A `.$` field's view and path: `$.x` of the state's data, `$$.Map.Item.Value.x` of the Map's item. */
function reference(ref: unknown, data: View, item?: View): [View, Path] | undefined {
  const ctx = typeof ref === 'string' ? MAP_ITEM.exec(ref) : null;
  if (ctx) {
    const path = segments(`$${ctx[1]}`);
    return item && path ? [item, path] : undefined;
  }
  const path = segments(ref);
  return path ? [data, path] : undefined;
}

/** The view of what a selector (`Parameters`, `ItemSelector`, `ResultSelector`) builds: its `.$` fields lead back into `data` (or the Map's item). */
export function selectorView(selector: Json, data: View, item?: View): View {
  return (p) => {
    let obj = selector;
    for (const [i, k] of p.entries()) {
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
      const ref = reference(obj[`${k}.$`], data, item);
      if (ref) return ref[0]([...ref[1], ...p.slice(i + 1)]);
      obj = obj[k];
    }
    return undefined;
  };
}

/** Follows the data through the states of one `States` object (a Map's or Parallel branch's states get their own walker). */
export class PathWalker {
  private readonly seen = new Set<string>();

  constructor(
    private readonly states: Record<string, Json>,
    readonly sample: Sample,
  ) {}

  private read(view: View, path: Path | undefined, value: Json, strength: number) {
    const at = path && view(path);
    if (at) this.sample.set(at, value, strength);
  }

  /** The reads of a selector's `.$` fields: a DynamoDB `N` is a number string, `BOOL` a boolean. */
  private readSelector(selector: Json, data: View, item?: View) {
    if (!selector || typeof selector !== 'object') return;
    for (const [key, v] of Object.entries<Json>(selector)) {
      const ref = key.endsWith('.$') ? reference(v, data, item) : undefined;
      if (ref) this.read(ref[0], ref[1], key === 'N.$' ? '1' : key === 'BOOL.$' ? true : 'example', key === 'N.$' || key === 'BOOL.$' ? TYPED : LOOSE);
      else if (v && typeof v === 'object') this.readSelector(v, data, item);
    }
  }

  /**
   * The view of a state's output from the view of its input and of its result (a Pass's result is
   * its effective input or Parameters; a Task's is `result`, none unless it is the sample's): its
   * ResultSelector, ResultPath (`null` keeps the input, `$` replaces it, `$.x` puts the result
   * there) and OutputPath, each read (a path must select something).
   */
  follow(s: Json, input: View, result: View = NOTHING): View {
    const inputPath = segments(s.InputPath ?? '$');
    const effective = s.InputPath === null || !inputPath ? NOTHING : under(input, inputPath);
    let placed: View;
    if (['Choice', 'Wait', 'Succeed'].includes(s.Type)) placed = effective;
    else {
      let res = s.Type !== 'Pass' ? result : s.Result !== undefined ? NOTHING : s.Parameters !== undefined ? selectorView(s.Parameters, effective) : effective;
      if (s.ResultSelector !== undefined) {
        this.readSelector(s.ResultSelector, res);
        res = selectorView(s.ResultSelector, res);
      }
      const at = s.ResultPath === null ? undefined : segments(s.ResultPath ?? '$');
      placed = s.ResultPath === null || !at ? input : (p) => (at.every((k, i) => p[i] === k) && p.length >= at.length ? res(p.slice(at.length)) : input(p));
    }
    const outputPath = segments(s.OutputPath ?? '$');
    this.read(placed, outputPath, 'example', LOOSE);
    return s.OutputPath === null || !outputPath ? NOTHING : under(placed, outputPath);
  }

  /** Walks from state `name`, whose input is seen through `view`. */
  walk(name: string | undefined, view: View): void {
    if (name === undefined || this.seen.has(name)) return;
    this.seen.add(name);
    const s = this.states[name];
    if (!s || typeof s !== 'object' || s.QueryLanguage === 'JSONata') return;
    const inputPath = segments(s.InputPath ?? '$');
    this.read(view, inputPath, 'example', LOOSE);
    const effective = s.InputPath === null || !inputPath ? NOTHING : under(view, inputPath);
    if (s.Type === 'Map') this.map(s, effective);
    else this.readSelector(s.Parameters, effective);
    if (s.Type === 'Parallel') {
      const branchInput = s.Parameters !== undefined ? selectorView(s.Parameters, effective) : effective;
      for (const b of s.Branches ?? []) new PathWalker(b?.States ?? {}, this.sample).walk(b?.StartAt, branchInput);
    }
    const out = this.follow(s, view);
    if (s.Type !== 'Choice') return this.walk(s.Next, out);
    const order = choiceOrder(this.states, s);
    for (const { rule, holds } of order) for (const [path, value] of ruleValues(rule, holds)) this.read(effective, segments(path), value, TYPED);
    for (const rule of s.Choices ?? []) this.walk(rule?.Next, out);
    this.walk(s.Default, out);
  }

  /** A Map over the data: its items an array of one item, read by the item processor's states (through ItemSelector/Parameters if any). */
  private map(s: Json, effective: View) {
    const items = segments(s.ItemsPath ?? '$');
    if (!items || s.ItemReader) return;
    const list = effective(items);
    if (list) this.sample.set(list, [{}], STRUCTURE);
    const item: View = (p) => effective([...items, '0', ...p]);
    const selector = s.ItemSelector ?? s.Parameters;
    if (selector !== undefined) this.readSelector(selector, effective, item);
    const processor = s.ItemProcessor ?? s.Iterator;
    new PathWalker(processor?.States ?? {}, this.sample).walk(processor?.StartAt, selector === undefined ? item : selectorView(selector, effective, item));
  }
}

/** Every state of a definition, nested ones too (Map item processors, Parallel branches): its `States` object and name. */
export function* allStates(definition: Json): Generator<[Record<string, Json>, string, Json]> {
  const states: Record<string, Json> = definition?.States ?? {};
  for (const [name, s] of Object.entries<Json>(states)) {
    yield [states, name, s];
    for (const nested of [s?.ItemProcessor ?? s?.Iterator, ...(s?.Branches ?? [])]) if (nested) yield* allStates(nested);
  }
}
