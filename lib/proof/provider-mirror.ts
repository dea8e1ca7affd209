/**
 * The real Terraform AWS provider for the deploy proof, installed offline: finds a local plugin
 * directory holding `registry.terraform.io/hashicorp/aws` (a Terraform "filesystem mirror", in the
 * unpacked `<host>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-aws_*` layout or the
 * packed `<host>/<namespace>/<type>/terraform-provider-aws_<version>_<os>_<arch>.zip` one) and writes
 * a Terraform CLI configuration that installs from it and from nowhere else, with one shared plugin
 * cache (Terraform links the ~700 MB binary into each working directory instead of copying it).
 *
 * Where it looks, in order: `$SFN_TF_PLUGIN_MIRROR`, `/opt/tf-plugins`, `~/.terraform.d/plugins`,
 * `~/.local/share/terraform/plugins`, `/usr/local/share/terraform/plugins`,
 * `/usr/share/terraform/plugins` (Terraform's own implied mirror directories on Linux).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const AWS_PROVIDER_ADDRESS = 'registry.terraform.io/hashicorp/aws';

export interface ProviderMirror {
  /** The directory given to `filesystem_mirror { path }`. */
  path: string;
  /** The versions of hashicorp/aws it holds for this platform, e.g. ["5.100.0"]. */
  versions: string[];
}

/** Terraform's name of this platform, e.g. `linux_amd64`. */
export function terraformPlatform(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
  return `${process.platform}_${arch}`;
}

/** The candidate mirror directories, in the order they are tried. */
export function mirrorCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? homedir();
  return [
    ...(env.SFN_TF_PLUGIN_MIRROR ? [env.SFN_TF_PLUGIN_MIRROR] : []),
    '/opt/tf-plugins',
    join(home, '.terraform.d', 'plugins'),
    join(home, '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

/** The hashicorp/aws versions for this platform in the mirror at `dir` (none when it is not one). */
export function providerVersionsIn(dir: string, platform = terraformPlatform()): string[] {
  const base = join(dir, ...AWS_PROVIDER_ADDRESS.split('/'));
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return [];
  }
  const versions = new Set<string>();
  for (const entry of entries) {
    // Packed: terraform-provider-aws_<version>_<os>_<arch>.zip
    const packed = /^terraform-provider-aws_(\d+\.\d+\.\d+(?:-[\w.]+)?)_(.+)\.zip$/.exec(entry);
    if (packed && packed[2] === platform) versions.add(packed[1]);
    // Unpacked: <version>/<os>_<arch>/terraform-provider-aws_*
    if (/^\d+\.\d+\.\d+/.test(entry)) {
      try {
        if (readdirSync(join(base, entry, platform)).some((f) => f.startsWith('terraform-provider-aws'))) versions.add(entry);
      } catch {
        // no build for this platform
      }
    }
  }
  return [...versions].sort(compareVersions);
}

/** The first candidate directory holding hashicorp/aws for this platform, or undefined. */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): ProviderMirror | undefined {
  for (const path of mirrorCandidates(env)) {
    if (!existsSync(path)) continue;
    const versions = providerVersionsIn(path);
    if (versions.length) return { path, versions };
  }
  return undefined;
}

/**
 * Writes a CLI configuration that installs hashicorp/aws from `mirror` only (never from the
 * registry) and caches plugins in `cacheDir`; returns its path (for `TF_CLI_CONFIG_FILE`).
 */
export function writeCliConfig(dir: string, mirror: ProviderMirror, cacheDir: string): string {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(dir, 'terraform.tfrc');
  const q = JSON.stringify;
  writeFileSync(
    file,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${q(mirror.path)}`,
      `    include = [${q(AWS_PROVIDER_ADDRESS)}]`,
      '  }',
      '  direct {',
      `    exclude = [${q(AWS_PROVIDER_ADDRESS)}]`,
      '  }',
      '}',
      `plugin_cache_dir = ${q(cacheDir)}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** Orders dotted versions ("5.100.0" < "6.25.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * Whether `version` satisfies a Terraform version constraint such as `>= 5.100, < 7` (the operators
 * `=`, `!=`, `>`, `>=`, `<`, `<=` and `~>`, comma-separated, all of which must hold).
 */
export function satisfies(version: string, constraint: string): boolean {
  return constraint
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .every((c) => {
      const m = /^(=|!=|>=|<=|>|<|~>)?\s*(\d+(?:\.\d+)*)$/.exec(c);
      if (!m) throw new Error(`unsupported version constraint "${c}"`);
      const [, op = '=', v] = m;
      const cmp = compareVersions(version, v);
      switch (op) {
        case '=':
          return cmp === 0;
        case '!=':
          return cmp !== 0;
        case '>':
          return cmp > 0;
        case '>=':
          return cmp >= 0;
        case '<':
          return cmp < 0;
        case '<=':
          return cmp <= 0;
        default: {
          // ~> 1.2.3: >= 1.2.3, < 1.3; ~> 1.2: >= 1.2, < 2
          const parts = v.split('.').map(Number);
          const upper = parts.length > 1 ? [...parts.slice(0, -2), parts[parts.length - 2] + 1].join('.') : `${parts[0] + 1}`;
          return cmp >= 0 && compareVersions(version, upper) < 0;
        }
      }
    });
}
