/**
 * The TypeScript `sfn new` writes: the workflow's declaration (`workflows/<name>.ts`), its line in
 * the registry (`workflows/index.ts`), a handler per function (`functions/<folder>/src/index.ts`)
 * with a jest test beside it (`functions/<folder>/test/index.test.ts`: the handler called with an
 * event), and a test running the whole workflow on the local engine (`workflows/test/<name>.test.ts`).
 */
import { pascalCase } from '../../asl/import/naming';
import { RESOURCE_KINDS, type ResourceKind } from '../../workflow/kinds';

/** What the declaration holds, as code. */
export interface DeclarationModel {
  name: string;
  description: string;
  functions: Array<{ folder: string; description: string }>;
  bindings: Array<{ placeholder: string; code: string; comment?: string }>;
  /** The workflow's own resources (not functions), by kind: name and options. */
  resources: Array<{ kind: ResourceKind; name: string; options: Record<string, unknown> }>;
  sampleInput: unknown;
}

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const key = (s: string) => (/^[A-Za-z_$][\w$]*$/.test(s) ? s : q(s));
const comment = (s: string) => s.replace(/\*\//g, '*\\/').replace(/\n/g, ' ');

/** A value as TypeScript (JSON with single-quoted strings and bare keys), on one line when short. */
export function tsValue(v: unknown, indent = ''): string {
  if (typeof v === 'string') return q(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = `${indent}  `;
  const items = Array.isArray(v) ? v.map((x) => tsValue(x, inner)) : Object.entries(v).map(([k, x]) => `${key(k)}: ${tsValue(x, inner)}`);
  if (!items.length) return Array.isArray(v) ? '[]' : '{}';
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{ ', ' }'];
  const flat = `${open}${items.join(', ')}${close}`;
  if (flat.length + indent.length <= 100 && !flat.includes('\n')) return flat;
  return `${open.trim()}\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}${close.trim()}`;
}

/** `my-flow` -> `myFlow`: the name the declaration is exported as. */
export const constNameOf = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `workflows/<name>.ts`. */
export function declarationSource(m: DeclarationModel, helpers: ReadonlySet<string>, usesEnv: boolean): string {
  const imports = [...helpers, 'type Workflow'].sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', '')));
  const lines = [
    `import { ${imports.join(', ')} } from '../lib/workflow/declaration';`,
    '',
    '/**',
    ` * ${comment(m.description)}`,
    ` * Template: statemachine/${m.name}.asl.json. Written by \`sfn new\`; the fields are described in README.md ("The declaration").`,
    ' */',
    `export const ${constNameOf(m.name)}: Workflow = (${usesEnv ? 'env' : ''}) => ({`,
    `  name: ${q(m.name)},`,
    `  description: ${q(m.description)},`,
    '  functions: {',
    ...m.functions.map((f) => `    ${key(f.folder)}: { description: ${q(f.description)}, timeout: 10 },`),
    '  },',
    '  bindings: {',
    ...m.bindings.map((b) => `    ${key(b.placeholder)}: ${b.code},${b.comment ? ` // ${comment(b.comment)}` : ''}`),
    '  },',
  ];
  if (m.functions.length === 0) lines.splice(lines.indexOf('  functions: {'), 2, '  functions: {},');
  for (const kind of Object.keys(RESOURCE_KINDS) as ResourceKind[]) {
    const spec = RESOURCE_KINDS[kind];
    const own = m.resources.filter((r) => r.kind === kind);
    if (!own.length || !spec.declaredIn || spec.declaredIn === 'functions') continue;
    if (spec.declaration?.shape === 'names') lines.push(`  ${spec.declaredIn}: [${own.map((r) => q(r.name)).join(', ')}],`);
    else lines.push(`  ${spec.declaredIn}: {`, ...own.map((r) => `    ${key(r.name)}: ${tsValue(r.options, '    ')},`), '  },');
  }
  lines.push(`  sampleInput: ${tsValue(m.sampleInput, '  ')},`, '});', '');
  return lines.join('\n');
}

/** The registry with the workflow registered: its import after the last import, its name at the end of `workflows`. */
export function registerWorkflow(registry: string, name: string): string {
  const constName = constNameOf(name);
  const list = /(export\s+const\s+workflows\s*(?::[^=]+)?=\s*\[)([^\]]*)(\])/.exec(registry);
  if (!list) throw new Error('it has no `export const workflows: Workflow[] = [...]` to add the workflow to');
  const items = list[2].trim().replace(/,$/, '');
  const listed = `${list[1]}${items ? `${items}, ${constName}` : constName}${list[3]}`;
  let text = `${registry.slice(0, list.index)}${listed}${registry.slice(list.index + list[0].length)}`;
  const importLine = `import { ${constName} } from './${name}';\n`;
  const imports = [...text.matchAll(/^import [^;]*;\n/gm)];
  const at = imports.length ? (imports[imports.length - 1].index ?? 0) + imports[imports.length - 1][0].length : 0;
  text = `${text.slice(0, at)}${importLine}${text.slice(at)}`;
  return text;
}

/** The TypeScript type of a sample value (an array's type is its first item's). */
export function tsType(v: unknown, indent = ''): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `Array<${v.length ? tsType(v[0], indent) : 'unknown'}>`;
  if (typeof v !== 'object') return typeof v === 'bigint' ? 'number' : typeof v;
  const inner = `${indent}  `;
  const members = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${key(k)}: ${tsType(x, inner)}`);
  if (!members.length) return 'Record<string, unknown>';
  const flat = `{ ${members.join('; ')} }`;
  if (flat.length + indent.length <= 100 && !flat.includes('\n')) return flat;
  return `{\n${members.map((m) => `${inner}${m};`).join('\n')}\n${indent}}`;
}

/**
 * A handler of an imported function: it returns what the workflow reads of its result (`result`,
 * derived by `sfn new`), typed as that, or its event (typed as a plain object) when the workflow
 * reads nothing of it, so that the workflow runs end to end.
 */
export function importedHandler(folder: string, workflow: string, states: readonly string[], result: unknown): string {
  const type = pascalCase(folder);
  const derived = result !== undefined;
  return [
    '/**',
    ` * \`${folder}\`: the Lambda function of workflow \`${workflow}\`${states.length ? ` that ${states.map((s) => `"${comment(s)}"`).join(', ')} ${states.length === 1 ? 'invokes' : 'invoke'}` : ''}.`,
    ` * Written by \`sfn new\`: it returns ${derived ? 'what the workflow reads of its result' : 'its event'}, so that the workflow runs`,
    ' * end to end on the local engine before the function does anything. Replace the body with what it',
    ` * does, and the types with what it receives and returns (\`npx sfn run ${workflow} --history\` shows`,
    ' * each event it gets).',
    ' */',
    '',
    '/** What the state machine sends the function. */',
    `export type ${type}Event = Record<string, unknown>;`,
    '',
    derived ? '/** What the function returns to the state machine: what the workflow reads of it. */' : '/** What the function returns to the state machine. */',
    `export type ${type}Result = ${derived ? tsType(result) : `${type}Event`};`,
    '',
    `export async function handler(${derived ? '_event' : 'event'}: ${type}Event): Promise<${type}Result> {`,
    ...(derived
      ? [
          '  // What the workflow reads of this function\'s result, derived by `sfn new` from the template',
          '  // (the paths the states after the invoking task read): replace it with the real work.',
          `  return ${tsValue(result, '  ')};`,
        ]
      : ['  return event;']),
    '}',
    '',
  ].join('\n');
}

/** The handler of a new workflow without an export: typed input and output. */
export function greetingHandler(folder: string, workflow: string): string {
  const type = pascalCase(folder);
  return [
    '/**',
    ` * \`${folder}\`: the Lambda function of workflow \`${workflow}\` (statemachine/${workflow}.asl.json invokes it with the`,
    ' * execution input and returns what it returns). Written by `sfn new`: replace it with what yours does.',
    ' */',
    '',
    '/** What the state machine sends: the execution input. */',
    `export interface ${type}Event {`,
    '  /** Who to greet (default "world"). */',
    '  name?: string;',
    '}',
    '',
    '/** What the function returns: the execution output. */',
    `export interface ${type}Result {`,
    '  message: string;',
    '}',
    '',
    `export async function handler(event: ${type}Event): Promise<${type}Result> {`,
    "  return { message: `Hello, ${event.name ?? 'world'}!` };",
    '}',
    '',
  ].join('\n');
}

/** The jest test beside a handler: the handler called with an event, as the state machine calls it; `expected` what it returns (undefined: its event). */
export function handlerTest(folder: string, event: unknown, expected?: unknown): string {
  return [
    `/** \`${folder}\` called with an event, as the state machine calls it (\`sfn run\` runs the whole workflow). */`,
    "import { handler } from '../src/index';",
    '',
    `test('${folder}: the handler with an event', async () => {`,
    `  const event = ${tsValue(event, '  ')};`,
    `  await expect(handler(event)).resolves.toEqual(${expected === undefined ? 'event' : tsValue(expected, '  ')});`,
    '});',
    '',
  ].join('\n');
}

/** The workflow on the local engine with its sample input, from the package entry (what `sfn run <name>` does). */
export function workflowTest(name: string): string {
  return [
    `/** Workflow \`${name}\` on the local engine with its sample input: functions in-process, AWS services stood in on 127.0.0.1. */`,
    "import { runWorkflow } from '../../index';",
    '',
    `test('${name} runs to SUCCEEDED with its sample input', async () => {`,
    `  const result = await runWorkflow('${name}');`,
    '  expect({ status: result.status, error: result.error, cause: result.cause }).toEqual({ status: \'SUCCEEDED\', error: undefined, cause: undefined });',
    '});',
    '',
  ].join('\n');
}
