/**
 * The schema of a workflow declaration (lib/workflow/declaration.ts), strict: an unknown or
 * misspelled field is an error, as in the environments' schema. The fields declaring resources
 * (`tables`, `queues`, `eventBuses`, ...) and the bindings are built from the table of resource
 * kinds (lib/workflow/kinds.ts), so that adding a kind needs no edit here. The README's reference
 * of the declaration is generated from this schema (`declarationReference`, lib/workflow/reference.ts).
 *
 * What needs more than one field (a binding naming a resource the workflow declares, a trigger's
 * bus, a function's folder, names within AWS's limits) is checked in lib/workflow/check.ts.
 */
import { z } from 'zod';
import { RESOURCE_KIND_NAMES, RESOURCE_KINDS, type OptionSpec, type ResourceKind, type ResourceKindSpec } from './kinds';

/** A workflow's name: lower-case words joined by "-" (`statemachine/<name>.asl.json`, stacks `<name>-<env>`). */
export const WORKFLOW_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** A placeholder's name, as templates write it (lib/asl/template.ts). */
export const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** An environment variable's name. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An IAM action without wildcards. */
export const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z][A-Za-z0-9]*$/;

/** Every schema carries a line of documentation for the README's reference (`.describe(...)`). */
const doc = <T extends z.ZodType>(schema: T, text: string): T => schema.describe(text);

const keyAttribute = z.strictObject({ name: z.string().min(1, 'must not be empty'), type: z.enum(['S', 'N', 'B']) });

function optionSchema(spec: OptionSpec): z.ZodType {
  const base = spec.type === 'boolean' ? z.boolean() : spec.type === 'integer' ? z.number().int().min(spec.min).max(spec.max) : keyAttribute;
  return doc(spec.required ? base : base.optional(), spec.doc);
}

/** The options of one resource of a kind declared with options (`{ fifo: true }`). */
export function resourceOptionsSchema(spec: ResourceKindSpec): z.ZodType {
  const options = spec.declaration?.options ?? {};
  return z.strictObject(Object.fromEntries(Object.entries(options).map(([k, o]) => [k, optionSchema(o)])));
}

/** The fields declaring the workflow's own resources, one per kind of the table that has one. */
function resourceFields(): Record<string, z.ZodType> {
  const fields: Record<string, z.ZodType> = {};
  for (const kind of RESOURCE_KIND_NAMES) {
    const spec = RESOURCE_KINDS[kind];
    if (!spec.declaration || !spec.declaredIn || spec.declaredIn === 'functions') continue;
    const name = z.string().min(1, 'must not be empty');
    const schema = spec.declaration.shape === 'names' ? z.array(name) : z.record(name, resourceOptionsSchema(spec));
    fields[spec.declaredIn] = doc(schema.optional(), `${spec.declaration.doc} (bound with \`${spec.helper}('<name>')\`)`);
  }
  return fields;
}

const tableDeclaration = resourceOptionsSchema(RESOURCE_KINDS.table);

const existingSchema = doc(
  z.strictObject({
    arn: z.string(),
    actions: z.array(z.string().regex(IAM_ACTION, 'must be "service:Action", without wildcards')).min(1, 'name at least one action'),
    local: tableDeclaration.optional(),
  }),
  'an existing resource, by its ARN: the actions the state machine may perform on it',
);

/** A binding to a resource of `kind` (or an existing one, with `existing`). */
const resourceBinding = (kind: ResourceKind) =>
  z.strictObject({ kind: z.literal(kind), name: z.string().min(1, 'must not be empty'), existing: existingSchema.optional() });

const valueBinding = z.strictObject({ kind: z.literal('value'), value: z.unknown() });

/** What a placeholder may be bound to: a plain value or a resource of a kind of the table. */
export const bindingSchema = doc(
  z.discriminatedUnion('kind', [valueBinding, ...RESOURCE_KIND_NAMES.map(resourceBinding)] as unknown as [typeof valueBinding]),
  `a binding: ${['value', ...RESOURCE_KIND_NAMES.map((k) => RESOURCE_KINDS[k].helper)].map((h) => `\`${h}()\``).join(', ')} or \`existing()\``,
);

/** A resource a function uses (not a plain value, not another workflow's state machine). */
const usedBinding = z.discriminatedUnion(
  'kind',
  RESOURCE_KIND_NAMES.filter((k) => k !== 'function' && k !== 'stateMachine').map(resourceBinding) as unknown as [ReturnType<typeof resourceBinding>],
);

const componentOutput = z.strictObject({ kind: z.literal('output'), component: z.string().min(1), output: z.string().min(1) });
const literalOrOutput = z.union([z.string(), componentOutput]);

const functionDeclaration = z.strictObject({
  description: doc(z.string().optional(), 'what it does (the Lambda function\'s description)'),
  memorySize: doc(z.number().int().min(128).max(10240).optional(), 'MB, default 256'),
  timeout: doc(z.number().int().min(1).max(900).optional(), 'seconds, default 10'),
  environment: doc(z.record(z.string().regex(VARIABLE_NAME, 'must be an environment variable name'), literalOrOutput).optional(), "environment variables: literal, or a component's `output('<component>', '<name>')`"),
  readsParameters: doc(z.array(literalOrOutput).optional(), 'SSM parameters it may read (`ssm:GetParameter`)'),
  readsSecrets: doc(z.array(literalOrOutput).optional(), 'Secrets Manager secrets it may read (`secretsmanager:GetSecretValue`); locally from the local Secrets Manager with the values of `localValues.secrets`'),
  uses: doc(
    z.record(z.string().regex(VARIABLE_NAME, 'must be an environment variable name'), z.strictObject({ binding: usedBinding, actions: z.array(z.string().regex(IAM_ACTION, 'must be "service:Action", without wildcards')).min(1, 'name at least one action') })).optional(),
    "resources its handler uses, by the variable naming them: `uses(table('orders'), ['dynamodb:PutItem'])`",
  ),
});

const trigger = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event'), bus: z.string().min(1), pattern: z.record(z.string(), z.unknown()), description: z.string().optional() }),
  z.strictObject({ kind: z.literal('schedule'), schedule: z.string().min(1), input: z.unknown().optional(), enabled: z.boolean().optional(), description: z.string().optional() }),
]);

const grant = z.strictObject({
  sid: z.string().regex(/^[A-Za-z0-9]+$/, 'must be letters and digits only').optional(),
  actions: z.array(z.string()).min(1, 'name at least one action'),
  resources: z.array(z.string()).min(1, 'name at least one resource'),
  states: z.array(z.string()).optional(),
});

const example = z.strictObject({
  name: z.string().min(1),
  input: z.unknown().optional(),
  functionEnvironment: z.record(z.string(), z.string()).optional(),
  expect: z.strictObject({
    status: z.enum(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']),
    error: z.string().optional(),
    visits: z.array(z.string()).optional(),
  }),
});

/** The declaration's fields; the README's reference lists them in this order. */
const fields = {
  name: doc(z.string().regex(WORKFLOW_NAME, 'must be lower-case letters and digits in words joined by "-" (e.g. crm-lead)'), 'the template is `statemachine/<name>.asl.json`, the stacks `<name>-<env>`'),
  description: doc(z.string(), 'what the workflow does'),
  type: doc(z.enum(['STANDARD', 'EXPRESS']).optional(), 'the state machine type, default STANDARD'),
  functions: doc(
    z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be the folder name of functions/<name>: lower-case letters, digits, "-" and "_"'), functionDeclaration),
    'its Lambda functions, by folder: `functions/<name>/src/index.ts` exports `handler` (bound with `fn(\'<name>\')`)',
  ),
  bindings: doc(z.record(z.string().regex(PLACEHOLDER_NAME, 'must be a placeholder name (letters, digits, "_", "-")'), bindingSchema), 'a binding for every `${Placeholder}` of its template'),
  ...resourceFields(),
  triggers: doc(z.array(trigger).optional(), "what starts it: `{ kind: 'schedule', schedule: 'rate(1 day)', input? }` or `{ kind: 'event', bus, pattern }` (a bus of `eventBuses`)"),
  alias: doc(z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be 1-80 letters, digits, "-" or "_"').optional(), 'publish a version on every change and route this alias to it'),
  logging: doc(z.strictObject({ level: z.enum(['ALL', 'ERROR', 'FATAL']).optional(), includeExecutionData: z.boolean().optional() }).optional(), 'the state machine\'s logs: `level` (default ALL), `includeExecutionData` (default true)'),
  grants: doc(z.array(grant).optional(), "explicit statements for tasks whose target is only known at run time: `{ states: ['Notify'], actions: ['sns:Publish'], resources: ['arn:...'] }`"),
  sampleInput: doc(z.unknown(), 'an input that runs it end to end (`sfn run <name>`, `npm start`)'),
  localValues: doc(
    z
      .strictObject({
        parameters: doc(
          z.record(z.string().min(1), z.union([literalOrOutput, z.strictObject({ value: literalOrOutput, type: z.enum(['String', 'StringList', 'SecureString']).optional() })])).optional(),
          'by name: a literal, a component\'s output, or `{ value, type }` (a SecureString unless `type` says otherwise)',
        ),
        secrets: doc(z.record(z.string().min(1), literalOrOutput).optional(), "by name: a literal or a component's output"),
      })
      .optional(),
    'what the parameters and secrets its functions read hold in local runs (created in the local SSM and Secrets Manager); not used deployed',
  ),
  examples: doc(z.array(example).optional(), "further runs with their outcome, checked by `npm start`: `{ name, input?, functionEnvironment?, expect: { status, error?, visits? } }`"),
};

/** The schema of one workflow's declaration. */
export const declarationSchema = z.strictObject(fields);

/** A field of an object schema, for the README: its name, whether it may be left out, its documentation. */
export interface FieldDoc {
  name: string;
  optional: boolean;
  doc: string;
}

const fieldDocs = (shape: Record<string, unknown>, required: readonly string[] = []): FieldDoc[] =>
  Object.entries(shape).map(([name, schema]) => ({
    name,
    optional: (schema as z.ZodType).safeParse(undefined).success && !required.includes(name),
    doc: (schema as z.ZodType).description ?? '',
  }));

/** The declaration's top-level fields, in order, with their documentation (for the README). */
export const DECLARATION_FIELDS: readonly FieldDoc[] = fieldDocs(fields, ['sampleInput']);

/** The fields of one function's declaration (`functions: { <folder>: {...} }`). */
export const FUNCTION_FIELDS: readonly FieldDoc[] = fieldDocs(functionDeclaration.shape);
