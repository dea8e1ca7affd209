/**
 * Writes a file atomically: a temporary file next to it, renamed over it, so that no reader sees
 * half a file. The one implementation is lib/cli/atomic-write.ts (shared by every command that
 * writes files: several files all or nothing, leftovers of killed writers cleaned up).
 */
export { WriteError, writeFileAtomic } from '../cli/atomic-write';
