/**
 * A validator for Amazon States Language definitions, as strict as AWS's
 * ValidateStateMachineDefinition: structure and types of every field (zod schemas, one file per
 * state type in states/), query-language rules (JSONPath and JSONata), paths, intrinsic
 * functions, JSONata expressions, Retry/Catch rules, transitions, reachability and terminal
 * states, and AWS's size limit of a definition. Diagnostics carry AWS's code where one applies
 * and a JSON pointer to the value.
 *
 * It never throws, whatever the input, and builds its schemas and tables once, at load.
 */
import { jsonShapeProblem } from '../json-shape';
import { Ctx, type Diagnostic } from './context';
import { checkScope, collectAllNames } from './machine';

export type { Diagnostic } from './context';
export { variableReferences } from './common/variables';

/**
 * AWS's limit on a definition: 1,048,576 characters (Step Functions API reference,
 * CreateStateMachine and ValidateStateMachineDefinition, `definition`: "Maximum length of
 * 1048576"; "Step Functions service quotas": "Maximum size of state machine definition: 1 MB",
 * a hard quota). Counted as AWS's Java services count a string's length: in UTF-16 code units,
 * as JavaScript's `length`.
 */
export const MAX_DEFINITION_CHARACTERS = 1_048_576;

export interface ValidateOptions {
  /**
   * The definition's text as it will be sent to AWS (a rendered template), for the size limit.
   * Without it, the compact JSON of the definition is measured: the least any text of it can be.
   */
  text?: string;
}

export function validateDefinition(definition: unknown, options: ValidateOptions = {}): Diagnostic[] {
  if (definition === undefined || definition === null || definition === '') {
    return [{ pointer: '', code: 'MISSING_DESCRIPTION', message: 'the definition is empty: expected a JSON object with "StartAt" and "States"' }];
  }
  // A definition nested deeper than AWS's JSON parser reads (or that is no JSON at all) is refused
  // where it goes wrong, before anything walks it.
  const shape = jsonShapeProblem(definition);
  if (shape !== undefined) return [{ pointer: shape.pointer, code: 'SCHEMA_VALIDATION_FAILED', message: `the definition is not JSON that AWS reads: the value here is ${shape.message}` }];
  const ctx = new Ctx();
  const size = sizeOf(definition, options.text);
  if (size > MAX_DEFINITION_CHARACTERS)
    ctx.report(
      '',
      'DEFINITION_TOO_LARGE',
      `the definition is ${size.toLocaleString('en-US')} characters${options.text === undefined ? ' even as compact JSON' : ''}: AWS takes at most ${MAX_DEFINITION_CHARACTERS.toLocaleString('en-US')} (CreateStateMachine, a hard quota)`,
    );
  try {
    collectAllNames(ctx, definition);
    checkScope(ctx, definition, '', 'root', new Set());
    return ctx.diagnostics;
  } catch (e) {
    if (e instanceof RangeError)
      return [...ctx.diagnostics, { pointer: '', code: 'TOO_DEEPLY_NESTED', message: 'the definition is too deeply nested to be checked' }];
    return [...ctx.diagnostics, { pointer: '', code: 'INTERNAL_ERROR', message: `the validator failed: ${e instanceof Error ? e.message : String(e)}` }];
  }
}

function sizeOf(definition: unknown, text: string | undefined): number {
  if (text !== undefined) return text.charCodeAt(0) === 0xfeff ? text.length - 1 : text.length;
  try {
    return JSON.stringify(definition)?.length ?? 0;
  } catch {
    return 0; // not JSON (a cycle, a BigInt): the walk reports what it can
  }
}
