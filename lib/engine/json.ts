/**
 * JSON values as the engine passes them around: state input and output, variables, payloads.
 * Declared here once (a module that imports nothing) and re-exported by types.ts, the public types.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };
