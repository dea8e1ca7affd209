/**
 * Placeholder names for imported identifiers: the resource's name in PascalCase, then what it is
 * and in which form (`ReceiveLead` -> `ReceiveLeadFunctionArn`, queue `orders` -> `OrdersQueueUrl`,
 * a region -> `Region`). The same identifier always gets the same name; two identifiers that would
 * get the same name are told apart by a number, in order of first appearance (`OrdersQueueUrl`,
 * `OrdersQueueUrl2`), so an import is deterministic.
 */
import { RESOURCE_KINDS, type ResourceKind } from '../../workflow/kinds';
import type { IdentifierForm, IdentifierKind } from './identifiers';

const KIND_WORD: Record<IdentifierKind, string> = {
  ...(Object.fromEntries(Object.entries(RESOURCE_KINDS).map(([k, spec]) => [k, spec.word])) as Record<ResourceKind, string>),
  region: 'Region',
  account: 'AccountId',
};
const FORM_WORD: Record<IdentifierForm, string> = { arn: 'Arn', name: 'Name', url: 'Url', id: '' };
/** Words a resource name may already end with, per kind, so that they are not repeated. */
const KIND_TAILS: Record<IdentifierKind, readonly string[]> = {
  ...(Object.fromEntries(Object.entries(RESOURCE_KINDS).map(([k, spec]) => [k, spec.tails])) as Record<ResourceKind, readonly string[]>),
  region: [],
  account: [],
};

/** Words of a name: split on anything but letters and digits and on lower-to-upper case changes. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(name: string): string {
  return words(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** `ReceiveLead` -> `receive-lead`: the folder name of a function, the name of a table or queue in a declaration. */
export function kebabCase(name: string): string {
  return words(name)
    .map((w) => w.toLowerCase())
    .join('-');
}

/**
 * The name of a resource as the project declares it: without a deployment prefix (`sfn-dev-orders-`
 * of a resource this project deployed), a `.fifo` suffix or the account id S3 bucket names end with.
 */
export function resourceName(kind: IdentifierKind, resource: string, prefixes: readonly string[] = []): string {
  let name = resource.replace(/\.fifo$/, '');
  const prefix = [...prefixes].sort((a, b) => b.length - a.length).find((p) => name.startsWith(p) && name.length > p.length);
  if (prefix) name = name.slice(prefix.length);
  if (kind === 'bucket') name = name.replace(/-\d{12}$/, '');
  return name;
}

/** The name an identifier would get before collisions are resolved. */
export function baseName(kind: IdentifierKind, form: IdentifierForm, resource: string): string {
  if (kind === 'region' || kind === 'account') return KIND_WORD[kind];
  let stem = pascalCase(resource);
  for (const tail of KIND_TAILS[kind]) {
    if (stem.length > tail.length && stem.endsWith(tail)) {
      stem = stem.slice(0, -tail.length);
      break;
    }
  }
  if (!/^[A-Za-z_]/.test(stem)) stem = `_${stem}`;
  return `${stem}${KIND_WORD[kind]}${FORM_WORD[form]}`;
}

/** Gives each distinct key a name, never one already taken. */
export class NameAllocator {
  private readonly byKey = new Map<string, string>();
  private readonly taken: Set<string>;

  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }

  /** The name of `key`: the one it already has, else `base`, else `base2`, `base3`, ... */
  nameFor(key: string, base: string): string {
    const existing = this.byKey.get(key);
    if (existing) return existing;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    this.byKey.set(key, name);
    return name;
  }

  /** Gives `key` a name chosen elsewhere (an existing placeholder kept by --update). */
  assign(key: string, name: string): void {
    this.byKey.set(key, name);
    this.taken.add(name);
  }
}
