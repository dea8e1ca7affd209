/**
 * A validator for Amazon States Language definitions, as strict as AWS's
 * ValidateStateMachineDefinition: structure and types of every field (zod schemas, one file per
 * state type in states/), query-language rules (JSONPath and JSONata), paths, intrinsic
 * functions, JSONata expressions, Retry/Catch rules, transitions, reachability and terminal
 * states. Diagnostics carry AWS's code where one applies and a JSON pointer to the value.
 *
 * It never throws, whatever the input, and builds its schemas and tables once, at load.
 */
import { jsonShapeProblem } from '../json-shape';
import { Ctx, type Diagnostic } from './context';
import { checkScope, collectAllNames } from './machine';

export type { Diagnostic } from './context';

export function validateDefinition(definition: unknown): Diagnostic[] {
  if (definition === undefined || definition === null || definition === '') {
    return [{ pointer: '', code: 'MISSING_DESCRIPTION', message: 'the definition is empty: expected a JSON object with "StartAt" and "States"' }];
  }
  // A definition nested deeper than AWS's JSON parser reads (or that is no JSON at all) is refused
  // where it goes wrong, before anything walks it.
  const shape = jsonShapeProblem(definition);
  if (shape !== undefined) return [{ pointer: shape.pointer, code: 'SCHEMA_VALIDATION_FAILED', message: `the definition is not JSON that AWS reads: the value here is ${shape.message}` }];
  const ctx = new Ctx();
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
