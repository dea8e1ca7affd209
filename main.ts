/**
 * The cdktf app (`npm run synth`, `cdktf plan/deploy`): every environment of
 * `config/environments.ts`, every workflow and component of `workflows/index.ts`
 * (modules/app.ts builds the stacks, with the overrides of `SFN_ENVIRONMENT_OVERRIDES`).
 */
import { environments } from './config/environments';
import { buildApp as build, synthesize as synth, type AppProps } from './modules/app';
import { components, workflows } from './workflows';

/**
 * The project's app: its environments, workflows and components, each unless
 * given. Given workflows come without the project's components unless those are given too.
 */
export function buildApp(options: Partial<AppProps> = {}) {
  return build({ environments, workflows, components: options.workflows ? [] : components, ...options });
}

export function synthesize(): number {
  return synth({ environments, workflows, components });
}

if (require.main === module) process.exitCode = synthesize();
