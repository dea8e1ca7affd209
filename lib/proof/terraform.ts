/**
 * Runs the real `terraform` binary for tests: every run is its own process group, so that it and
 * its children (local-exec provisioners) can be killed at once; `killAll()` stops whatever is
 * still running (call it from afterAll/afterEach).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/**
 * The environment of every terraform call: no CLI config file, no checkpoint (update check) calls,
 * no prompts, no EC2 metadata look-ups, and none of the caller's AWS settings (a profile, keys or
 * endpoints there must not leak into a test against local servers).
 */
export function terraformEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (!k.startsWith('AWS_') && !k.startsWith('TF_')) env[k] = v;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: '/dev/null',
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

/** The installed terraform's version (e.g. "1.11.4"), or undefined when there is none. */
export function terraformVersion(): string | undefined {
  const r = spawnSync('terraform', ['version', '-json'], { env: terraformEnv(), encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) return undefined;
  try {
    return (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/** `a >= b` for dotted versions such as "1.11.4" and "1.10". */
export function versionAtLeast(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  }
  return true;
}

export interface TerraformResult {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved. */
  output: string;
  ms: number;
  /** Killed because it ran longer than its time limit. */
  timedOut: boolean;
}

export interface TerraformRun {
  readonly child: ChildProcess;
  readonly done: Promise<TerraformResult>;
  /** Kills the run's whole process group (terraform and its provisioners) with SIGKILL. */
  kill(): void;
}

export class Terraform {
  private readonly live = new Set<TerraformRun>();

  constructor(private readonly env: NodeJS.ProcessEnv = terraformEnv()) {}

  /** Starts `terraform <args>` in `cwd`; killed (whole process group) after `timeoutMs`. */
  start(cwd: string, args: string[], timeoutMs = 60_000): TerraformRun {
    const started = Date.now();
    const child = spawn('terraform', args, { cwd, env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const kill = () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const run: TerraformRun = {
      child,
      kill,
      done: new Promise<TerraformResult>((resolve) => {
        const finish = (code: number | null, signal: NodeJS.Signals | null, extra = '') => {
          clearTimeout(timer);
          this.live.delete(run);
          // The group may hold provisioner children still: never leave them behind.
          if (child.pid !== undefined) {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              // no such group: nothing left
            }
          }
          resolve({ code, signal, output: output + extra, ms: Date.now() - started, timedOut });
        };
        child.on('error', (e) => finish(null, null, `\nspawn error: ${e.message}`));
        child.on('close', (code, signal) => finish(code, signal));
      }),
    };
    this.live.add(run);
    return run;
  }

  run(cwd: string, args: string[], timeoutMs?: number): Promise<TerraformResult> {
    return this.start(cwd, args, timeoutMs).done;
  }

  /** Runs still going. */
  get running(): number {
    return this.live.size;
  }

  /** Kills every run still going and waits until they have exited. */
  async killAll(): Promise<void> {
    const runs = [...this.live];
    for (const r of runs) r.kill();
    await Promise.all(runs.map((r) => r.done));
  }
}
