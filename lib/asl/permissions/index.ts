/** Least privilege derived from the ASL: the permission table, the derivation and its resolution to IAM statements. */
export * from './table';
export * from './derive';
export * from './resolve';
export { validateGrants } from './statements';
