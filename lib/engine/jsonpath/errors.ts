/**
 * Errors of the data layer (paths, payload templates, intrinsic functions, Choice Rules). A
 * StatesError carries an AWS error name and a cause; the execution core turns it into a state
 * failure (Retry/Catch), adding the state prefix with `stateCause`.
 */

export class StatesError extends Error {
  constructor(
    readonly error: string,
    readonly cause: string,
    /** JSONata: the field whose expression failed (EvaluationFailed's `location`); undefined otherwise. */
    readonly location?: string,
  ) {
    super(cause);
    this.name = error;
  }
}

/** The predefined error names (the validator uses the same list). */
export { STATES_ERRORS } from '../../asl/states-errors';

/**
 * The error name of a payload-template path (Parameters, ResultSelector, ItemSelector, ...) that
 * matches nothing. The States Language names States.ParameterPathFailure for this, but AWS raises
 * States.Runtime (observed execution histories: "The JSONPath '$.JobName' specified for the field
 * 'JobName.$' could not be found in the input '{}'" with error States.Runtime), which a Catch on
 * States.ALL does not catch.
 */
export const PAYLOAD_PATH_FAILURE = 'States.Runtime';

/**
 * The cause AWS records for an error raised while a state runs:
 * "An error occurred while executing the state 'X' (entered at the event id #2). <detail>".
 */
export function stateCause(stateName: string, enteredEventId: number, detail: string): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${detail}`;
}
