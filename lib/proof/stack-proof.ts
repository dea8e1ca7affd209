/**
 * The deploy proof of one synthesized stack: `terraform init` (provider from the local mirror,
 * backend as synthesized), `terraform validate` and `terraform plan` with the real AWS provider,
 * offline, then the plan read back with `terraform show -json`.
 *
 * The synthesized `cdk.tf.json` is never edited. Only what running offline needs is added, each
 * setting added to, never replacing, what the project synthesized:
 * - the S3 backend block gets the local S3 and DynamoDB endpoints (`lib/proof/local-aws.ts`) through
 *   `terraform init -backend-config` (a partial configuration: the block itself is checked as
 *   synthesized), so `init` lists the real bucket of the environment's bootstrap stack; a local
 *   backend (the bootstrap stacks) gets a path in the temporary folder the same way;
 * - in an override file, the S3 config of every `terraform_remote_state` gets the same endpoints, so
 *   the remote state is read from the producing stack's real key, and the AWS provider gets dummy
 *   keys and every endpoint the stacks use pointed at the stand-in (`aws-stand-in.ts`), which answers
 *   STS GetCallerIdentity and the existing CRM database secret.
 *
 * `plan` runs with `-refresh=false -lock=false` (there is no state to refresh; the lock is proven by
 * the remote-state test) and `-input=false`.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../bundle/zip';
import { localEndpointSettings, type LocalAws } from './local-aws';
import type { Terraform, TerraformResult } from './terraform';
import { STOOD_IN_ENDPOINTS } from './aws-stand-in';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export const OVERRIDE_FILE = 'zz_deploy_proof_override.tf.json';

export interface Diagnostic {
  step: 'init' | 'validate' | 'plan' | 'show' | 'assets';
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  /** The resource or data source it is about (`aws_sfn_activity.activity-file-transfer`), when Terraform says. */
  address?: string;
}

export interface StackProof {
  stack: string;
  diagnostics: Diagnostic[];
  /** `terraform show -json` of the saved plan (undefined when plan failed). */
  plan?: Json;
  /** Wall-clock time of init, validate, plan and show together. */
  ms: number;
}

export interface ProofContext {
  tf: Terraform;
  /** `<outdir>/stacks/<stack>` holds each synthesized stack; proofs run in those folders. */
  outdir: string;
  /** The stand-in of the AWS APIs outside the stacks. */
  standInEndpoint: string;
  localAws: LocalAws;
  /** A client of the local S3, to publish producing stacks' states. */
  s3: S3Client;
  /** Where local backends keep their state. */
  stateDir: string;
}

export const stackDir = (ctx: ProofContext, stack: string) => join(ctx.outdir, 'stacks', stack);
export const synthesized = (ctx: ProofContext, stack: string): Json => JSON.parse(readFileSync(join(stackDir(ctx, stack), 'cdk.tf.json'), 'utf8'));

/**
 * `terraform init -backend-config=...` arguments: the synthesized backend block stays as it is (so
 * Terraform checks and warns about it as it would in a deployment) and only gets the local endpoint
 * settings (S3 backend) or a state path inside the temporary folder (the bootstraps' local backend).
 */
export function backendConfigArgs(ctx: ProofContext, stack: string, json: Json): string[] {
  const backend = json.terraform?.backend ?? {};
  if (backend.local) return [`-backend-config=path=${join(ctx.stateDir, `${stack}.tfstate`)}`];
  if (!backend.s3) throw new Error(`${stack}: the proof knows the s3 and local backends, not ${Object.keys(backend).join(', ')}`);
  const file = join(stackDir(ctx, stack), 'proof.s3.tfbackend');
  const local = localEndpointSettings(ctx.localAws);
  const added = Object.keys(local).filter((k) => k in backend.s3);
  if (added.length) throw new Error(`${stack}: the proof would replace the synthesized backend settings ${added.join(', ')}`);
  const hcl = (v: unknown): string => (v && typeof v === 'object' ? `{ ${Object.entries(v).map(([k, x]) => `${k} = ${hcl(x)}`).join(', ')} }` : JSON.stringify(v));
  writeFileSync(file, Object.entries(local).map(([k, v]) => `${k} = ${hcl(v)}\n`).join(''));
  return [`-backend-config=${file}`];
}

/** The override file's content for a synthesized stack (see the module comment). */
export function proofOverride(ctx: ProofContext, stack: string, json: Json): Json {
  const local = localEndpointSettings(ctx.localAws);
  const override: Json = {
    provider: {
      aws: [
        {
          access_key: 'deploy-proof',
          secret_key: 'deploy-proof',
          skip_metadata_api_check: true,
          max_retries: 1,
          endpoints: [Object.fromEntries(STOOD_IN_ENDPOINTS.map((e) => [e, ctx.standInEndpoint]))],
        },
      ],
    },
  };
  const remote = json.data?.terraform_remote_state ?? {};
  if (Object.keys(remote).length) {
    override.data = { terraform_remote_state: {} };
    for (const [name, ds] of Object.entries<Json>(remote)) {
      if (ds.backend !== 's3') throw new Error(`${stack}: terraform_remote_state.${name} has backend "${ds.backend}"; the proof reads s3 only`);
      override.data.terraform_remote_state[name] = { config: { ...ds.config, ...local } };
    }
  }
  return override;
}

/**
 * Publishes a state for `stack` at its backend key holding its declared outputs (stand-in string
 * values, as none is known before apply), for the stacks that read it through terraform_remote_state.
 */
export async function publishOutputs(ctx: ProofContext, stack: string): Promise<void> {
  const json = synthesized(ctx, stack);
  const s3 = json.terraform?.backend?.s3;
  if (!s3) return;
  const outputs = Object.fromEntries(
    Object.entries<Json>(json.output ?? {}).map(([name, o]) => [name, { value: `deploy-proof stand-in of ${stack} output ${name}`, type: 'string', ...(o.sensitive ? { sensitive: true } : {}) }]),
  );
  const state = { version: 4, terraform_version: '1.11.4', serial: 1, lineage: randomUUID(), outputs, resources: [], check_results: null };
  await ctx.s3.send(new PutObjectCommand({ Bucket: s3.bucket, Key: s3.key, Body: JSON.stringify(state), ContentType: 'application/json' }));
}

/** Terraform's JSON diagnostics (validate -json, or the `diagnostic` lines of plan -json). */
function diagnosticsOf(step: Diagnostic['step'], list: Json[]): Diagnostic[] {
  return list.map((d) => ({
    step,
    severity: d.severity === 'error' ? 'error' : 'warning',
    summary: d.summary,
    ...(d.detail ? { detail: d.detail } : {}),
    ...(d.address ? { address: d.address } : d.snippet?.context ? { address: d.snippet.context } : {}),
  }));
}

function failed(step: Diagnostic['step'], r: TerraformResult): Diagnostic {
  return { step, severity: 'error', summary: `terraform ${step} exited ${r.timedOut ? 'on its time limit' : `with ${r.code ?? r.signal}`}`, detail: r.output.slice(-4000) };
}

/** Problems of a zip archive: its central directory, every entry's size and CRC-32. */
export function zipProblems(data: Buffer): string[] {
  const eocd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > data.length) return ['no end of central directory record (truncated?)'];
  const count = data.readUInt16LE(eocd + 10);
  let p = data.readUInt32LE(eocd + 16);
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) return [...problems, `central directory entry ${i} is malformed`];
    const [method, crc, size, csize, nameLen, extraLen, commentLen, offset] = [
      data.readUInt16LE(p + 10),
      data.readUInt32LE(p + 16),
      data.readUInt32LE(p + 24),
      data.readUInt32LE(p + 20),
      data.readUInt16LE(p + 28),
      data.readUInt16LE(p + 30),
      data.readUInt16LE(p + 32),
      data.readUInt32LE(p + 42),
    ];
    const name = data.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = offset + 30 + data.readUInt16LE(offset + 26) + data.readUInt16LE(offset + 28);
    try {
      const raw = data.subarray(start, start + csize);
      const content = method === 8 ? inflateRawSync(raw) : raw;
      if (content.length !== size || crc32(content) !== crc) problems.push(`${name}: size or CRC-32 does not match`);
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return problems;
}

/** Every planned Lambda's `source_code_hash` is the base64 SHA-256 of the exact file it uploads, a valid zip. */
function assetDiagnostics(dir: string, plan: Json): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.type !== 'aws_lambda_function') continue;
    const after = rc.change?.after ?? {};
    const file = join(dir, after.filename ?? '');
    if (!after.filename || !existsSync(file)) {
      out.push({ step: 'assets', severity: 'error', address: rc.address, summary: `the deployment package ${after.filename} does not exist` });
      continue;
    }
    const data = readFileSync(file);
    const hash = createHash('sha256').update(data).digest('base64');
    if (after.source_code_hash !== hash)
      out.push({ step: 'assets', severity: 'error', address: rc.address, summary: `source_code_hash ${after.source_code_hash} is not the SHA-256 of ${after.filename} (${hash})` });
    for (const p of zipProblems(data)) out.push({ step: 'assets', severity: 'error', address: rc.address, summary: `${after.filename} is not a valid zip: ${p}` });
  }
  return out;
}

/** Runs a task once the one before it has ended (whether it succeeded or not). */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

/** A queue of tasks that run one at a time, in the order given. */
function serial(): Serial {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const p = last.then(task, task);
    last = p.catch(() => undefined);
    return p;
  };
}

/** Runs a task at once (one stack proved alone). */
const atOnce: Serial = (task) => task();

/**
 * init, validate, plan and show of one stack; never throws for what Terraform reports. `inits`
 * runs its `terraform init`: Terraform does not lock its plugin cache, and two inits sharing one
 * race (two installs into an empty cache both create the same directory, "mkdir ...: file exists";
 * hashicorp/terraform issue 31964), so proveStacks runs the inits one at a time, and the rest of
 * each proof side by side.
 */
export async function proveStack(ctx: ProofContext, stack: string, inits: Serial = atOnce): Promise<StackProof> {
  const started = Date.now();
  const dir = stackDir(ctx, stack);
  writeFileSync(join(dir, OVERRIDE_FILE), JSON.stringify(proofOverride(ctx, stack, synthesized(ctx, stack)), null, 2));
  const diagnostics: Diagnostic[] = [];
  const done = (plan?: Json): StackProof => ({ stack, diagnostics, plan, ms: Date.now() - started });

  const init = await inits(() => ctx.tf.run(dir, ['init', '-input=false', '-no-color', ...backendConfigArgs(ctx, stack, synthesized(ctx, stack))], 180_000));
  if (init.code !== 0) return done(diagnostics.push(failed('init', init)) && undefined);
  for (const m of init.output.matchAll(/Warning: ([^\n]+)\n\n([\s\S]*?)(?:\n\n|$)/g)) diagnostics.push({ step: 'init', severity: 'warning', summary: m[1].trim(), detail: m[2] });

  const validate = await ctx.tf.run(dir, ['validate', '-json', '-no-color'], 180_000);
  let report: Json;
  try {
    report = JSON.parse(validate.output.slice(validate.output.indexOf('{')));
  } catch {
    return done(diagnostics.push(failed('validate', validate)) && undefined);
  }
  diagnostics.push(...diagnosticsOf('validate', report.diagnostics ?? []));
  if (!report.valid) return done();

  const plan = await ctx.tf.run(dir, ['plan', '-input=false', '-lock=false', '-refresh=false', '-no-color', '-json', '-out=proof.tfplan'], 300_000);
  const lines = plan.output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  diagnostics.push(...diagnosticsOf('plan', lines.filter((l) => l.type === 'diagnostic').map((l) => l.diagnostic)));
  if (plan.code !== 0) {
    if (!diagnostics.some((d) => d.step === 'plan' && d.severity === 'error')) diagnostics.push(failed('plan', plan));
    return done();
  }

  const show = await ctx.tf.run(dir, ['show', '-json', '-no-color', 'proof.tfplan'], 180_000);
  let planned: Json;
  try {
    planned = JSON.parse(show.output.slice(show.output.indexOf('{')));
  } catch {
    return done(diagnostics.push(failed('show', show)) && undefined);
  }
  diagnostics.push(...assetDiagnostics(dir, planned));
  return done(planned);
}

/**
 * Proves every stack, at most `concurrency` at a time, each after the stacks it depends on (cdktf's
 * manifest), whose outputs are published first for its terraform_remote_state.
 */
export async function proveStacks(ctx: ProofContext, manifest: Json, concurrency: number): Promise<StackProof[]> {
  const stacks = Object.keys(manifest.stacks);
  const deps = (s: string): string[] => manifest.stacks[s].dependencies ?? [];
  const finished = new Map<string, Promise<StackProof>>();
  const inits = serial();
  const slots: Array<() => void> = [];
  let running = 0;
  const acquire = () => (running < concurrency ? (running++, Promise.resolve()) : new Promise<void>((r) => slots.push(r)));
  const release = () => {
    const next = slots.shift();
    if (next) next();
    else running--;
  };
  const prove = (stack: string): Promise<StackProof> => {
    let p = finished.get(stack);
    if (!p) {
      p = (async () => {
        for (const d of deps(stack)) await prove(d);
        for (const d of deps(stack)) await publishOutputs(ctx, d);
        await acquire();
        try {
          return await proveStack(ctx, stack, inits);
        } finally {
          release();
        }
      })();
      finished.set(stack, p);
    }
    return p;
  };
  return Promise.all(stacks.map(prove));
}
