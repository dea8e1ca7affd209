/**
 * The message of the Step Functions API's InvalidDefinition error, in AWS's format, which callers
 * of CreateStateMachine, UpdateStateMachine and TestState parse:
 *
 *   Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next'
 *
 * one diagnostic as `'<CODE>: <message> at <pointer>'`; several as a list of quoted diagnostics,
 * `''<d1>', '<d2>''` (the form AWS's own Step Functions Local prints, quoted in LocalStack's tests:
 * "Invalid State Machine Definition: ''DUPLICATE_STATE_NAME: Duplicate State name: MissingValue at
 * /States/MissingValue', 'DUPLICATE_STATE_NAME: Duplicate State name: Add at /States/Add''").
 * The codes are AWS's; the message text after the code is this validator's own wording.
 */
import type { Diagnostic } from './context';

export const INVALID_DEFINITION_PREFIX = 'Invalid State Machine Definition: ';

/** One diagnostic as AWS prints it: `<CODE>: <message> at <pointer>` (`/` for the whole document). */
export function awsDiagnostic(d: Pick<Diagnostic, 'code' | 'message' | 'pointer'>): string {
  return `${d.code}: ${d.message} at ${d.pointer || '/'}`;
}

export function invalidDefinitionMessage(diagnostics: ReadonlyArray<Pick<Diagnostic, 'code' | 'message' | 'pointer'>>): string {
  const parts = diagnostics.map(awsDiagnostic);
  return `${INVALID_DEFINITION_PREFIX}'${parts.length === 1 ? parts[0] : parts.map((p) => `'${p}'`).join(', ')}'`;
}
