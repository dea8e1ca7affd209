/**
 * Workflow variables (AWS developer guide, "Passing data between states with variables").
 *
 * A state's `Assign` is evaluated once the state has its result, before its output is placed
 * (JSONPath: after ResultSelector, with `$` the result; JSONata: together with Output, both seeing
 * the variables as they were when the state started). Every value of one Assign is evaluated with
 * the old values (a state cannot read what its own Assign sets); the new values are set when the
 * state exits, and recorded in its exited event (`assignedVariables`, `assignedVariablesDetails`).
 *
 * Scope: a Parallel branch or Map iteration reads the variables of the scope around it; what it
 * assigns stays in its own scope (Thread.vars, a prototype chain).
 *
 * Limits (AWS quotas for variables): 256 KiB for one variable's value, 256 KiB for all the values
 * of one Assign, 10 MiB for all the variables stored in an execution; beyond them the state fails
 * with States.Runtime.
 */
import { StatesError } from './jsonpath';
import { RUNTIME } from './errors';
import type { Thread } from './thread';
import type { Json } from './json';

export const MAX_VARIABLE_BYTES = 256 * 1024;
export const MAX_ASSIGN_BYTES = 256 * 1024;
export const MAX_TOTAL_VARIABLE_BYTES = 10 * 1024 * 1024;

type Vars = { [name: string]: Json };

/** The variables a state assigns: checked against the limits, then set in the thread's scope. Returns them (for the history). */
export function applyAssign(t: Thread, assigned: Vars): Vars {
  let total = 0;
  const sizes: Record<string, number> = {};
  for (const k in assigned) {
    const n = Buffer.byteLength(JSON.stringify(assigned[k]), 'utf8');
    if (n > MAX_VARIABLE_BYTES) {
      throw new StatesError(RUNTIME, `The value of the variable '${k}' (${n} bytes) exceeds the maximum size of a variable (${MAX_VARIABLE_BYTES} bytes).`);
    }
    sizes[k] = n;
    total += n;
  }
  if (total > MAX_ASSIGN_BYTES) {
    throw new StatesError(RUNTIME, `The variables assigned by the state (${total} bytes) exceed the maximum size of one Assign (${MAX_ASSIGN_BYTES} bytes).`);
  }
  const ex = t.ex;
  const vars = t.vars;
  let stored = ex.variableBytes;
  for (const k in assigned) {
    const prev = Object.prototype.hasOwnProperty.call(vars, k) ? Buffer.byteLength(JSON.stringify(vars[k]), 'utf8') : 0;
    stored += sizes[k] - prev;
  }
  if (stored > MAX_TOTAL_VARIABLE_BYTES) {
    throw new StatesError(RUNTIME, `The variables stored by the execution (${stored} bytes) would exceed the maximum of ${MAX_TOTAL_VARIABLE_BYTES} bytes.`);
  }
  ex.variableBytes = stored;
  for (const k in assigned) vars[k] = assigned[k];
  return assigned;
}
