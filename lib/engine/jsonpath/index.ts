/** The data layer of the local engine: paths, payload templates, intrinsic functions, Choice Rules. */
export { StatesError, STATES_ERRORS, PAYLOAD_PATH_FAILURE, stateCause } from './errors';
export {
  compilePath,
  selectPath,
  compileSelectPath,
  applyResultPath,
  compileResultPath,
  explainPathMiss,
  isDefinitePath,
  type PathContext,
  type CompiledPath,
  type CompiledResultPath,
} from './path';
export { compilePayload, type CompiledPayload } from './payload';
export { compileIntrinsic, formatValue, type CompiledIntrinsic } from './intrinsics';
export { compileChoiceRule, CHOICE_OPERATORS, type CompiledRule } from './choice';
export { parseTimestamp, parseInstant, isTimestamp, compareInstants, type Instant } from './timestamp';
