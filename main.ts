/**
 * The cdktf app (`npm run synth`, `cdktf plan/deploy`): every environment of
 * `config/environments.ts` (with the per-deployment overrides of `SFN_ENVIRONMENT_OVERRIDES`,
 * lib/config/overrides.ts), every workflow and component of `workflows/index.ts`
 * (modules/app.ts builds the stacks).
 */
import { environments } from './config/environments';
import { withOverrides } from './lib/config/overrides';
import { buildApp as build, synthesize as synth, type AppProps } from './modules/app';
import { components, workflows } from './workflows';

/**
 * The project's app: its environments (overrides applied), workflows and components, each unless
 * given. Given workflows come without the project's components unless those are given too.
 */
export function buildApp(options: Partial<AppProps> = {}) {
  return build({ environments: options.environments ?? withOverrides(environments), workflows, components: options.workflows ? [] : components, ...options });
}

export function synthesize(): number {
  // The overrides file is read inside synth, so that a mistake in it is reported like any other.
  return synth(() => ({ environments: withOverrides(environments), workflows, components }));
}

if (require.main === module) process.exitCode = synthesize();
