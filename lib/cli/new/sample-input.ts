/**
 * A sample input for a definition, from the paths its states read of the execution input: from
 * `StartAt`, as long as a state passes its input on (a Choice, a Pass or Task whose ResultPath
 * keeps the input), every JSONPath it reads (`InputPath`, `Parameters`/`Arguments` fields ending
 * in `.$`, `ItemsPath`, a Choice rule's `Variable`) becomes a member of the sample, with a value
 * of the type the path is used as (the value a Choice rule compares it with, a DynamoDB `N` as a
 * number string, an array for `ItemsPath`, holding one item read by the Map's states). Paths that
 * cannot be followed (filters, wildcards, context `$$`, JSONata) are left out: the sample is a
 * start, not a proof.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const SIMPLE_PATH = /^\$((?:\.[A-Za-z_][A-Za-z0-9_-]*|\['[^']+'\])*)$/;
const COMPARED = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$/;

/** The members of a simple path (`$.a.b` -> ['a', 'b']), or undefined. */
function segments(path: unknown): string[] | undefined {
  if (typeof path !== 'string') return undefined;
  const m = SIMPLE_PATH.exec(path);
  if (!m) return undefined;
  return [...m[1].matchAll(/\.([A-Za-z_][A-Za-z0-9_-]*)|\['([^']+)'\]/g)].map((x) => x[1] ?? x[2]);
}

class Sample {
  readonly root: Record<string, Json> = {};

  /** Sets `value` at `path` under `base`, unless something is there already. */
  set(base: string[], path: string[], value: Json) {
    const full = [...base, ...path];
    if (!full.length) return;
    let at: Json = this.root;
    for (const [i, key] of full.entries()) {
      const last = i === full.length - 1;
      if (Array.isArray(at)) {
        // The first item of an array (`ItemsPath`): "0" addresses it.
        at = at[0] ??= {};
        if (key === '0') {
          if (last) return;
          continue;
        }
      }
      if (typeof at !== 'object' || at === null) return;
      if (last) {
        if (at[key] === undefined) at[key] = value;
      } else {
        if (at[key] === undefined || (typeof at[key] !== 'object' && at[key] !== null)) at[key] = {};
        at = at[key];
      }
    }
  }
}

/** The value a path read by a Choice rule is compared with, or a string. */
function ruleValue(rule: Json): Json {
  for (const [key, v] of Object.entries<Json>(rule ?? {})) {
    const m = COMPARED.exec(key);
    if (!m) continue;
    if (m[1] === 'Numeric') return typeof v === 'number' ? v : 1;
    if (m[1] === 'Boolean') return typeof v === 'boolean' ? v : true;
    if (m[1] === 'Timestamp') return typeof v === 'string' ? v : '2026-01-01T00:00:00Z';
    return typeof v === 'string' && m[2] !== 'Matches' ? v : 'example';
  }
  if (rule?.IsNumeric === true) return 1;
  if (rule?.IsBoolean === true) return true;
  return 'example';
}

class Walker {
  private readonly seen = new Set<string>();

  constructor(
    private readonly states: Record<string, Json>,
    readonly sample: Sample = new Sample(),
  ) {}

  /** Paths of a Parameters/Arguments object: `"x.$": "$.a"` reads `a`; a DynamoDB `"N.$"` is a number string. */
  private parameters(params: Json, base: string[]) {
    if (!params || typeof params !== 'object') return;
    for (const [key, v] of Object.entries<Json>(params)) {
      if (key.endsWith('.$')) {
        const path = segments(v);
        if (path) this.sample.set(base, path, key === 'N.$' ? '1' : key === 'BOOL.$' ? true : 'example');
      } else if (v && typeof v === 'object') this.parameters(v, base);
    }
  }

  private rules(rules: Json[], base: string[]) {
    for (const rule of rules ?? []) {
      const path = segments(rule?.Variable);
      if (path && rule.IsPresent !== false && rule.IsNull !== true) this.sample.set(base, path, ruleValue(rule));
      for (const nested of [...(rule?.And ?? []), ...(rule?.Or ?? []), ...(rule?.Not ? [rule.Not] : [])]) this.rules([nested], base);
    }
  }

  /** Whether the state's output still holds its input (so that the next state reads the execution input too). */
  private static keepsInput(s: Json): boolean {
    if (s.Type === 'Choice' || s.Type === 'Wait' || s.Type === 'Succeed') return s.OutputPath === undefined || s.OutputPath === '$';
    if (s.Type === 'Pass' && s.Result === undefined && s.Parameters === undefined) return s.OutputPath === undefined || s.OutputPath === '$';
    const rp = s.ResultPath;
    return rp !== undefined && rp !== '$' && (s.OutputPath === undefined || s.OutputPath === '$');
  }

  walk(name: string | undefined, base: string[] = []) {
    if (name === undefined || this.seen.has(name)) return;
    this.seen.add(name);
    const s = this.states[name];
    if (!s || typeof s !== 'object' || s.QueryLanguage === 'JSONata') return;
    const input = segments(s.InputPath ?? '$');
    if (!input) return;
    const at = [...base, ...input];
    this.parameters(s.Parameters, at);
    if (s.Type === 'Choice') this.rules(s.Choices, at);
    if (s.Type === 'Map') this.map(s, at);
    if (s.Type === 'Parallel') for (const b of s.Branches ?? []) new Walker(b?.States ?? {}, this.sample).walk(b?.StartAt, at);
    if (s.Type === 'Choice') {
      for (const rule of s.Choices ?? []) this.walk(rule?.Next, base);
      this.walk(s.Default, base);
    } else if (Walker.keepsInput(s)) this.walk(s.Next, base);
  }

  private map(s: Json, at: string[]) {
    const items = segments(s.ItemsPath ?? '$');
    if (!items || !items.length || s.ItemReader) return;
    this.sample.set(at, items, [{}]);
    // Without ItemSelector/Parameters, each item is the state's input of the item processor.
    if (s.ItemSelector === undefined && s.Parameters === undefined) {
      const processor = s.ItemProcessor ?? s.Iterator;
      new Walker(processor?.States ?? {}, this.sample).walk(processor?.StartAt, [...at, ...items, '0']);
    }
  }
}

/** A sample input for `definition` (an object; `{}` when nothing it reads can be followed). */
export function sampleInputOf(definition: Json): Record<string, Json> {
  const walker = new Walker(definition?.States ?? {});
  walker.walk(definition?.StartAt);
  return walker.sample.root;
}
