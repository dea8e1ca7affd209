/**
 * Per-deployment overrides of the environments, without editing code: `SFN_ENVIRONMENT_OVERRIDES`
 * names a JSON file whose members are deep-merged over `config/environments.ts` before validation,
 * e.g. to make the globally named state bucket unique in your account:
 *
 *   { "dev": { "accountId": "111122223333", "backend": { "bucket": "sfn-cdktf-state-dev-111122223333" } } }
 *
 * The result is validated by the same schema (a mistake names the environment and the field); an
 * environment the file names that the configuration does not have, or a file that is not a JSON
 * object of objects, is an error naming the file.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './environments';

export const OVERRIDES_VARIABLE = 'SFN_ENVIRONMENT_OVERRIDES';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

/** `config` with the overrides file of `SFN_ENVIRONMENT_OVERRIDES` merged in (unchanged when it is not set). */
export function withOverrides(config: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const file = env[OVERRIDES_VARIABLE];
  if (!file) return config;
  let overrides: unknown;
  try {
    overrides = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${OVERRIDES_VARIABLE}=${file}: ${e instanceof SyntaxError ? `not valid JSON (${e.message})` : 'cannot be read'}`]);
  }
  if (!isPlain(overrides)) throw new ConfigError([`${OVERRIDES_VARIABLE}=${file}: must be a JSON object of environments, e.g. {"dev": {"backend": {"bucket": "..."}}}`]);
  const issues = Object.entries(overrides).flatMap(([name, value]) =>
    !(name in config)
      ? [`${OVERRIDES_VARIABLE}=${file}: environment "${name}" is not in config/environments.ts (${Object.keys(config).join(', ')})`]
      : !isPlain(value)
        ? [`${OVERRIDES_VARIABLE}=${file}: environment "${name}" must be an object of fields`]
        : [],
  );
  if (issues.length) throw new ConfigError(issues);
  return merge(config, overrides) as Record<string, unknown>;
}
