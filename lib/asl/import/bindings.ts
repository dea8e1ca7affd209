/**
 * The TypeScript an import prints: the workflow declaration (lib/workflow/declaration.ts) that
 * binds every placeholder of the imported template, with the resources it needs declared
 * (`functions`, `tables`, `queues`, `topics`, `eventBuses`, `activities`, `buckets`). A function
 * binds to `fn('<folder>')`, a resource to `table('<name>')`, `queue(...)` and so on, which render
 * the deployed resource in the form its field needs; a region or account id binds to a value.
 */
import { RESOURCE_KINDS } from '../../workflow/kinds';
import { kebabCase } from './naming';
import type { ImportedPlaceholder } from './rewrite';

export interface BindingsOptions {
  /** The workflow's name (`statemachine/<name>.asl.json`). */
  name: string;
  /** Print only the members to merge into an existing declaration (workflows/<name>.ts exists). */
  membersOnly?: boolean;
  /** Whether `functions/<folder>/src/index.ts` exists, to say which handlers are still to write. */
  hasFunction?: (folder: string) => boolean;
  /** DynamoDB key attributes seen in the export, by table name as exported: `[name, type]`. */
  tableKeys?: Map<string, Array<[string, string]>>;
}

const HELPERS = Object.fromEntries(Object.entries(RESOURCE_KINDS).map(([k, spec]) => [k, spec.helper])) as Record<string, string>;

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const key = (s: string) => (/^[A-Za-z_$][\w$]*$/.test(s) ? s : q(s));
const comment = (s: string) => s.replace(/\*\//g, '*\\/').replace(/\n/g, ' ');

type Entry = { body: string; note?: string };

/** What the declaration of the imported placeholders holds: the bindings, and the resources each kind declares. */
interface Collected {
  used: Set<string>;
  usesEnv: boolean;
  bindings: string[];
  functions: Map<string, Entry>;
  tables: Map<string, Entry>;
  queues: Map<string, Entry>;
  topics: Map<string, Entry>;
  buckets: Map<string, Entry>;
  buses: Set<string>;
  activities: Set<string>;
}

function collect(placeholders: ImportedPlaceholder[], options: BindingsOptions): Collected {
  const used = new Set<string>(['type Workflow']);
  let usesEnv = false;
  const bindings: string[] = [];
  const functions = new Map<string, Entry>();
  const tables = new Map<string, Entry>();
  const queues = new Map<string, Entry>();
  const topics = new Map<string, Entry>();
  const buckets = new Map<string, Entry>();
  const buses = new Set<string>();
  const activities = new Set<string>();

  for (const p of placeholders) {
    const shown = typeof p.value === 'string' ? p.value : JSON.stringify(p.value);
    if (p.renderedForm) {
      used.add('value');
      bindings.push(
        `${key(p.name)}: value(${q(shown)}), // a ${p.kind === 'bus' ? 'event bus' : p.kind} ${p.form} inside a longer string: ${HELPERS[p.kind]}(${q(p.resource ?? '')}) would render its ${p.renderedForm} there`,
      );
      continue;
    }
    if (p.kind === 'kept' || p.kind === 'region' || p.kind === 'account' || p.resource === undefined) {
      used.add('value');
      if (p.kind === 'region') {
        usesEnv = true;
        bindings.push(`${key(p.name)}: value(env.region), // exported: ${comment(shown)}`);
      } else bindings.push(`${key(p.name)}: value(${typeof p.value === 'string' ? q(p.value) : JSON.stringify(p.value)}),${p.kind === 'kept' ? ' // kept from the previous template' : ''}`);
      continue;
    }
    const helper = HELPERS[p.kind];
    used.add(helper);
    const declared = p.kind === 'function' ? kebabCase(p.resource) : p.kind === 'stateMachine' ? kebabCase(p.resource) : p.resource;
    bindings.push(`${key(p.name)}: ${helper}(${q(declared)}), // ${comment(shown)}`);
    const fifo = /\.fifo$/.test(p.exportedName ?? '');
    switch (p.kind) {
      case 'function':
        functions.set(declared, { body: '{}', note: options.hasFunction?.(declared) === false ? `functions/${declared}/src/index.ts does not exist yet` : undefined });
        break;
      case 'table': {
        const keys = options.tableKeys?.get(p.exportedName ?? '') ?? [];
        const attr = (k: [string, string]) => `{ name: ${q(k[0])}, type: ${q(k[1])} }`;
        tables.set(
          declared,
          keys.length === 1
            ? { body: `{ partitionKey: ${attr(keys[0])} }` }
            : keys.length === 2
              ? { body: `{ partitionKey: ${attr(keys[0])}, sortKey: ${attr(keys[1])} }`, note: 'check which key is the partition key' }
              : { body: `{ partitionKey: { name: 'id', type: 'S' } }`, note: 'the export does not show the key: set it' },
        );
        break;
      }
      case 'queue':
        queues.set(declared, { body: fifo ? '{ fifo: true }' : '{}' });
        break;
      case 'topic':
        topics.set(declared, { body: fifo ? '{ fifo: true }' : '{}' });
        break;
      case 'bucket':
        buckets.set(declared, { body: '{}' });
        break;
      case 'bus':
        buses.add(declared);
        break;
      case 'activity':
        activities.add(declared);
        break;
    }
  }
  return { used, usesEnv, bindings, functions, tables, queues, topics, buckets, buses, activities };
}

export function printBindings(placeholders: ImportedPlaceholder[], options: BindingsOptions): string {
  const { used, usesEnv, bindings, functions, tables, queues, topics, buckets, buses, activities } = collect(placeholders, options);
  const members: string[] = [];
  const record = (field: string, entries: Map<string, Entry>) => {
    if (!entries.size) return;
    members.push(`${field}: {`);
    for (const [name, { body, note }] of entries) members.push(`  ${key(name)}: ${body},${note ? ` // ${note}` : ''}`);
    members.push('},');
  };
  record('functions', functions);
  if (!functions.size && !options.membersOnly) members.push('functions: {},');
  members.push('bindings: {', ...bindings.map((b) => `  ${b}`), '},');
  record('tables', tables);
  record('queues', queues);
  record('topics', topics);
  record('buckets', buckets);
  if (buses.size) members.push(`eventBuses: [${[...buses].map(q).join(', ')}],`);
  if (activities.size) members.push(`activities: [${[...activities].map(q).join(', ')}],`);

  const file = `statemachine/${options.name}.asl.json`;
  if (options.membersOnly) return [`// workflows/${options.name}.ts: the members for ${file}`, ...members].join('\n') + '\n';
  const constName = kebabCase(options.name).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const imports = [...used].sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', '')));
  return (
    [
      `// workflows/${options.name}.ts (then add ${constName} to workflows/index.ts)`,
      `import { ${imports.join(', ')} } from '../lib/workflow/declaration';`,
      '',
      `export const ${constName}: Workflow = (${usesEnv ? 'env' : ''}) => ({`,
      `  name: ${q(options.name)},`,
      `  description: ${q(`Imported from Workflow Studio (${file})`)},`,
      ...members.map((m) => `  ${m}`),
      '  sampleInput: {},',
      '});',
    ].join('\n') + '\n'
  );
}
