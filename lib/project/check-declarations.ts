/**
 * The shape of the workflow declarations a project's `workflows/index.ts` returns, checked when
 * they are built, so that a mistake there is one message naming the workflow and the field
 * rather than a crash of whatever reads it later (a name that is not a string, a `functions`
 * that is not an object, ...). Only what the toolkit relies on is checked; the meaning of each
 * binding is checked where it is used.
 */
import type { WorkflowDeclaration } from '../workflow/declaration';

/** A declaration that cannot be used (exit 1, as for the other files of the project). */
export class DeclarationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeclarationError';
  }
}

/**
 * A workflow's name: it names `statemachine/<name>.asl.json`, the state machine and the stacks
 * `<name>-<env>`: letters, digits, `-` and `_`, 1 to 80 characters (a state machine name's
 * length, Step Functions quotas), never a path.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : JSON.stringify(v));

/** Throws DeclarationError for the first declaration that is not usable; `file` is where they come from. */
export function checkDeclarations(declarations: readonly unknown[], file: string): asserts declarations is WorkflowDeclaration[] {
  const names = new Set<string>();
  declarations.forEach((d, i) => {
    const where = `${file}: workflows[${i}]`;
    if (!isObject(d)) throw new DeclarationError(`${where} must return a declaration (an object), got ${show(d)}`);
    if (typeof d.name !== 'string' || !NAME.test(d.name))
      throw new DeclarationError(`${where}: field "name" must be a workflow name (1 to 80 letters, digits, "-" or "_"), got ${show(d.name)}`);
    const at = `${file}: workflow "${d.name}"`;
    if (names.has(d.name)) throw new DeclarationError(`${at} is declared twice`);
    names.add(d.name);
    if (!isObject(d.functions)) throw new DeclarationError(`${at}: field "functions" must be an object (function folder -> settings), got ${show(d.functions)}`);
    for (const [fn, settings] of Object.entries(d.functions)) {
      if (!isObject(settings)) throw new DeclarationError(`${at}: functions.${fn} must be an object, got ${show(settings)}`);
      // Lambda's limits: a timeout of 1 to 900 seconds, 128 to 10,240 MB of memory ("Lambda quotas").
      if (settings.timeout !== undefined && !(Number.isInteger(settings.timeout) && (settings.timeout as number) >= 1 && (settings.timeout as number) <= 900))
        throw new DeclarationError(`${at}: functions.${fn}.timeout must be a whole number of seconds from 1 to 900 (Lambda's limit), got ${show(settings.timeout)}`);
      if (settings.memorySize !== undefined && !(Number.isInteger(settings.memorySize) && (settings.memorySize as number) >= 128 && (settings.memorySize as number) <= 10240))
        throw new DeclarationError(`${at}: functions.${fn}.memorySize must be a whole number of MB from 128 to 10,240 (Lambda's limit), got ${show(settings.memorySize)}`);
    }
    if (!isObject(d.bindings)) throw new DeclarationError(`${at}: field "bindings" must be an object (placeholder -> binding), got ${show(d.bindings)}`);
    for (const [placeholder, binding] of Object.entries(d.bindings))
      if (!isObject(binding) || typeof binding.kind !== 'string')
        throw new DeclarationError(`${at}: bindings.${placeholder} must be a binding such as fn('name') or value(...), got ${show(binding)}`);
    if (d.type !== undefined && d.type !== 'STANDARD' && d.type !== 'EXPRESS') throw new DeclarationError(`${at}: field "type" must be "STANDARD" or "EXPRESS", got ${show(d.type)}`);
  });
}
