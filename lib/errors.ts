/**
 * Errors of the toolkit that several rooms raise. Each names what is wrong and what to change;
 * the `sfn` command and synth print the message alone (never a stack trace).
 */

/** A construct or helper given props it cannot work with: the message names it, the prop and the values it takes. */
export class InvalidPropsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPropsError';
  }
}
