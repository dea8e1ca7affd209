/**
 * End to end with the real terraform binary and no AWS account: the S3 backend this project
 * synthesizes for an application stack pulls the state from the bucket, locks it (DynamoDB table,
 * S3 lock file, or both), applies, pushes the new state as a new object version and releases the lock.
 *
 * S3 is s3rver behind a small gateway that adds versioning and conditional writes, DynamoDB is
 * dynalite (see local-aws.ts); both listen on 127.0.0.1 and store their data in a temporary folder.
 * The configuration applied has only `terraform_data` resources and outputs: no provider download.
 *
 * Skipped (with a message) where terraform >= 1.10 is not installed; on CI (CI=true) that is a failure.
 */
import {
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  S3Client,
  type BucketVersioningStatus,
} from '@aws-sdk/client-s3';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../modules/app';
import { fixtureApp, fixtureEnvironments as environments } from '../../lib/test/fixture-project';
import { createLockTable, LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY, localEndpointSettings, type LocalAws, startLocalAws } from '../../lib/proof/local-aws';
import { Terraform, type TerraformResult, type TerraformRun, terraformVersion, versionAtLeast } from '../../lib/proof/terraform';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

// The stacks of the fixture project (lib/test/fixtures/project).
const STACK = 'greet-dev';
/** The stack whose existing local state is migrated into the bucket. */
const MIGRATED_STACK = 'fanout-dev';
const ENV = 'dev';
const KEY_PREFIX = environments[ENV].backend.keyPrefix;
const SERIAL_APPLIES = 10;
const PARALLEL_APPLIES = 12;

const version = terraformVersion();
const usable = version !== undefined && versionAtLeast(version, '1.10.0');
const onCi = process.env.CI === 'true' || process.env.CI === '1';
const why = version === undefined ? 'terraform is not installed (not found on PATH)' : `terraform ${version} is older than 1.10 (no use_lockfile)`;

if (!usable) {
  if (onCi) {
    test('terraform is installed on CI', () => {
      throw new Error(`${why}: the remote-state end-to-end test must run on CI; install terraform >= 1.10`);
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`Skipping the remote-state end-to-end test: ${why}.`);
  }
}
const describeTf = usable ? describe : describe.skip;

/**
 * Provisioner of the gated resource: with `gate` set, it signals `<gate>.started` and waits (at most
 * 60 s) until the test creates `<gate>`, holding the apply, and so the state lock, open meanwhile.
 */
const GATE_SCRIPT =
  'if [ -n "$GATE" ]; then : > "$GATE.started"; i=0; ' +
  'while [ ! -e "$GATE" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; fi';

/** A configuration with the given backend and only built-in resources (no provider download). */
function configuration(backend: Json): Json {
  return {
    terraform: { backend: { s3: backend } },
    variable: { run: { type: 'string' }, gate: { type: 'string', default: '' } },
    resource: {
      terraform_data: {
        run: {
          input: '${var.run}',
          // A new run replaces the resource, so its provisioner runs on every apply.
          triggers_replace: ['${var.run}'],
          provisioner: [{ 'local-exec': { command: GATE_SCRIPT, environment: { GATE: '${var.gate}' } } }],
        },
      },
    },
    output: { run: { value: '${terraform_data.run.output}' } },
  };
}

interface Mode {
  name: string;
  dynamodbLock: boolean;
  useLockfile: boolean;
}

const MODES: Mode[] = [
  { name: 'DynamoDB lock (dynamodb_table)', dynamodbLock: true, useLockfile: false },
  { name: 'S3 lock file (use_lockfile)', dynamodbLock: false, useLockfile: true },
  { name: 'both locks, as during a migration (the default)', dynamodbLock: true, useLockfile: true },
];

/** The project's environments with dev's locks set as in `mode`. */
function environmentsFor(mode: Mode): Json {
  const config = structuredClone(environments) as Json;
  config[ENV].backend = { ...config[ENV].backend, dynamodbLock: mode.dynamodbLock, useLockfile: mode.useLockfile };
  return config;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, run?: TerraformRun): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: TerraformResult | undefined;
  void run?.done.then((r) => (exited = r));
  while (!(await check())) {
    if (exited) throw new Error(`terraform exited (code ${exited.code}) before ${what}:\n${exited.output}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const LOCK_ERROR = 'Error acquiring the state lock';
/** The lock ID in Terraform's "Error acquiring the state lock" message (its "Lock Info" section). */
function lockIdInError(output: string): string | undefined {
  return /Lock Info:\s*\n\s*ID:\s+([0-9a-f-]{36})/.exec(output)?.[1];
}

interface StateVersion {
  versionId: string;
  isLatest: boolean;
  serial: number;
  lineage: string;
  run: string | undefined;
}

const tf = usable ? new Terraform() : undefined;
/** The one temporary folder of this file (servers' storage, synth output, working directories). */
let root: string | undefined;
const figures: string[] = [];

beforeAll(() => {
  // Created here, not at load time: when every test is filtered out no hook runs, and nothing is left.
  if (usable) root = mkdtempSync(join(tmpdir(), 'sfn-remote-state-'));
});

afterEach(async () => {
  await tf?.killAll();
});

afterAll(async () => {
  try {
    await tf?.killAll();
  } finally {
    if (root) rmSync(root, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    if (figures.length) console.log(`remote state end to end (terraform ${version}):\n  ${figures.join('\n  ')}`);
  }
});

describeTf.each(MODES)('S3 backend with $name, real terraform', (mode) => {
  let dir: string;
  let aws: LocalAws | undefined;
  let s3: S3Client;
  let ddb: DynamoDBClient;
  let backend: Json;
  let migrationBackend: Json;
  let base: string;
  let bucket: string;
  let key: string;
  let table: string;
  let gates = 0;
  let applies = 0;
  let startedAt = 0;

  const applyArgs = (run: string, opts: { lockTimeout?: string; gate?: string } = {}) => [
    'apply',
    '-auto-approve',
    '-input=false',
    '-no-color',
    `-lock-timeout=${opts.lockTimeout ?? '0s'}`,
    `-var=run=${run}`,
    ...(opts.gate ? [`-var=gate=${opts.gate}`] : []),
  ];

  const apply = async (run: string, opts: { lockTimeout?: string; cwd?: string } = {}): Promise<TerraformResult> => {
    applies++;
    return tf!.run(opts.cwd ?? dir, applyArgs(run, opts));
  };

  /** Starts an apply that holds the lock until `release()`; resolves once it is inside the apply. */
  const gatedApply = async (run: string) => {
    const gate = join(root!, `${mode.useLockfile ? 'f' : ''}${mode.dynamodbLock ? 'd' : ''}-gate-${++gates}`);
    applies++;
    const handle = tf!.start(dir, applyArgs(run, { gate }));
    await waitFor(`apply ${run} to start its provisioner`, () => existsSync(`${gate}.started`), 30_000, handle);
    return { handle, release: () => writeFileSync(gate, '') };
  };

  /** IDs of the locks currently held on the state: DynamoDB item and/or S3 lock file. */
  const heldLocks = async (stateKey: string = key): Promise<{ dynamodb?: Json; lockfile?: Json }> => {
    const item = await ddb.send(new GetItemCommand({ TableName: table, Key: { LockID: { S: `${bucket}/${stateKey}` } }, ConsistentRead: true }));
    let lockfile: Json;
    try {
      const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${stateKey}.tflock` }));
      lockfile = JSON.parse(await obj.Body!.transformToString());
    } catch (e) {
      if ((e as Error).name !== 'NoSuchKey') throw e;
    }
    return { dynamodb: item.Item?.Info?.S ? JSON.parse(item.Item.Info.S) : undefined, lockfile };
  };

  /** Asserts the locks of this mode are held (by one lock ID, returned) and the others are not. */
  const expectLocked = async (): Promise<string> => {
    const locks = await heldLocks();
    expect(locks.dynamodb !== undefined).toBe(mode.dynamodbLock);
    expect(locks.lockfile !== undefined).toBe(mode.useLockfile);
    const ids = [locks.dynamodb?.ID, locks.lockfile?.ID].filter((x) => x !== undefined);
    expect(new Set(ids).size).toBe(1);
    for (const info of [locks.dynamodb, locks.lockfile].filter((x) => x !== undefined)) {
      expect(info.Operation).toBe('OperationTypeApply');
      expect(info.Path).toBe(`${bucket}/${key}`);
    }
    return ids[0];
  };

  const expectUnlocked = async () => {
    expect(await heldLocks()).toEqual({ dynamodb: undefined, lockfile: undefined });
  };

  const currentState = async (): Promise<Json> => {
    const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await obj.Body!.transformToString());
  };

  /** Every version of the state object, oldest first, with its serial, lineage and output. */
  const stateVersions = async (): Promise<StateVersion[]> => {
    const list = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    expect(list.IsTruncated).toBe(false);
    expect((list.DeleteMarkers ?? []).filter((m) => m.Key === key)).toEqual([]);
    const versions = (list.Versions ?? []).filter((v) => v.Key === key);
    const states = await Promise.all(
      versions.map(async (v) => {
        const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: v.VersionId }));
        const state = JSON.parse(await obj.Body!.transformToString());
        return { versionId: v.VersionId!, isLatest: v.IsLatest === true, serial: state.serial, lineage: state.lineage, run: state.outputs?.run?.value };
      }),
    );
    return states.sort((a, b) => a.serial - b.serial);
  };

  beforeAll(async () => {
    startedAt = Date.now();
    base = mkdtempSync(join(root!, 'mode-'));
    // The backend block and bootstrap stack exactly as the project synthesizes them.
    const outdir = join(base, 'cdktf.out');
    buildApp(fixtureApp({ environments: environmentsFor(mode), outdir })).synth();
    const stack = JSON.parse(readFileSync(join(outdir, 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
    const bootstrap = JSON.parse(readFileSync(join(outdir, 'stacks', `backend-${ENV}`, 'cdk.tf.json'), 'utf8'));
    const synthesized = stack.terraform.backend.s3;
    migrationBackend = JSON.parse(readFileSync(join(outdir, 'stacks', MIGRATED_STACK, 'cdk.tf.json'), 'utf8')).terraform.backend.s3;
    expect(migrationBackend).toMatchObject({ bucket: synthesized.bucket, key: `${KEY_PREFIX}/${ENV}/${MIGRATED_STACK}.tfstate` });
    expect(Object.keys(stack.terraform.backend)).toEqual(['s3']);
    expect(synthesized).toMatchObject({ bucket: environments[ENV].backend.bucket, key: `${KEY_PREFIX}/${ENV}/${STACK}.tfstate`, encrypt: true });
    expect(synthesized.dynamodb_table !== undefined).toBe(mode.dynamodbLock);
    expect(synthesized.use_lockfile === true).toBe(mode.useLockfile);
    ({ bucket, key } = synthesized);

    aws = await startLocalAws(join(base, 's3'));
    const local = localEndpointSettings(aws);
    // Only additions: nothing the project synthesized is overridden.
    expect(Object.keys(local).filter((k) => k in synthesized)).toEqual([]);
    backend = { ...synthesized, ...local };
    migrationBackend = { ...migrationBackend, ...local };

    const clientConfig = { region: synthesized.region, credentials: { accessKeyId: LOCAL_ACCESS_KEY, secretAccessKey: LOCAL_SECRET_KEY } };
    s3 = new S3Client({
      ...clientConfig,
      endpoint: aws.s3Endpoint,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    ddb = new DynamoDBClient({ ...clientConfig, endpoint: aws.dynamodbEndpoint });

    // The bucket and lock table, named and set up as the bootstrap stack creates them.
    const bucketRes = bootstrap.resource.aws_s3_bucket.state_bucket;
    const versioningRes = bootstrap.resource.aws_s3_bucket_versioning.state_bucket_versioning;
    const tableRes = bootstrap.resource.aws_dynamodb_table.lock_table;
    expect(bucketRes.bucket).toBe(bucket);
    if (mode.dynamodbLock) expect(tableRes.name).toBe(synthesized.dynamodb_table);
    table = tableRes.name;
    await s3.send(new CreateBucketCommand({ Bucket: bucketRes.bucket }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucketRes.bucket,
        VersioningConfiguration: { Status: versioningRes.versioning_configuration.status as BucketVersioningStatus },
      }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    await createLockTable(ddb, tableRes);
    expect(tableRes.hash_key).toBe('LockID');
    expect(tableRes.attribute).toEqual([{ name: 'LockID', type: 'S' }]);

    dir = join(base, 'work');
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(configuration(backend), null, 2));
  }, 30_000);

  afterAll(async () => {
    try {
      await tf?.killAll();
    } finally {
      s3?.destroy();
      ddb?.destroy();
      await aws?.close();
      figures.push(`${mode.name}: ${applies} applies in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    }
  });

  test('init, then apply: state pushed to the key as a new version, lock held during the apply and released after', async () => {
    const init = await tf!.run(dir, ['init', '-input=false', '-no-color']);
    expect(init.output).toContain('Successfully configured the backend "s3"');
    expect(init.code).toBe(0);

    const first = await gatedApply('run-1');
    await expectLocked();
    first.release();
    const done = await first.handle.done;
    expect(done.output).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    expect(done.code).toBe(0);
    await expectUnlocked();

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.VersionId).toMatch(/^[0-9a-f]{32}$/);
    // encrypt = true: Terraform asked for SSE-S3 (AES256) on the upload.
    expect(head.ServerSideEncryption).toBe('AES256');
    expect(head.ContentType).toBe('application/json');
    const state = await currentState();
    expect(state.outputs.run.value).toBe('run-1');
    expect(await stateVersions()).toEqual([{ versionId: head.VersionId, isLatest: true, serial: state.serial, lineage: state.lineage, run: 'run-1' }]);

    // The next apply pulls that state: it replaces run-1 instead of creating a second resource.
    const second = await apply('run-2');
    expect(second.output).toContain('Apply complete! Resources: 1 added, 0 changed, 1 destroyed.');
    expect(second.code).toBe(0);
    await expectUnlocked();
    const after = await currentState();
    expect(after).toMatchObject({ serial: state.serial + 1, lineage: state.lineage, outputs: { run: { value: 'run-2' } } });
    expect((await stateVersions()).map((v) => [v.serial, v.run, v.isLatest])).toEqual([
      [state.serial, 'run-1', false],
      [state.serial + 1, 'run-2', true],
    ]);
  }, 60_000);

  test('two applies at once: the second fails with "Error acquiring the state lock" or waits; the state is the successful applies\'', async () => {
    const before = await currentState();
    const versionsBefore = (await stateVersions()).length;

    // Without -lock-timeout the second apply fails at once, naming the lock the first one holds.
    const a = await gatedApply('contend-a');
    const lockId = await expectLocked();
    const b = await apply('contend-b', { lockTimeout: '0s' });
    expect(b.code).toBe(1);
    expect(b.output).toContain(LOCK_ERROR);
    expect(lockIdInError(b.output)).toBe(lockId);
    a.release();
    expect((await a.handle.done).code).toBe(0);
    await expectUnlocked();
    expect(await currentState()).toMatchObject({ serial: before.serial + 1, lineage: before.lineage, outputs: { run: { value: 'contend-a' } } });

    // With -lock-timeout it waits for the lock, then applies on top of the first one's state.
    const c = await gatedApply('contend-c');
    applies++;
    const d = tf!.start(dir, applyArgs('contend-d', { lockTimeout: '60s' }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(d.child.exitCode).toBeNull();
    await expectLocked();
    c.release();
    const [cDone, dDone] = await Promise.all([c.handle.done, d.done]);
    expect(cDone.code).toBe(0);
    expect(dDone.code).toBe(0);
    expect(dDone.output).toContain('Apply complete! Resources: 1 added, 0 changed, 1 destroyed.');
    await expectUnlocked();
    expect(await currentState()).toMatchObject({ serial: before.serial + 3, lineage: before.lineage, outputs: { run: { value: 'contend-d' } } });
    const versions = await stateVersions();
    expect(versions).toHaveLength(versionsBefore + 3);
    expect(versions.slice(-3).map((v) => [v.serial, v.run])).toEqual([
      [before.serial + 1, 'contend-a'],
      [before.serial + 2, 'contend-c'],
      [before.serial + 3, 'contend-d'],
    ]);
  }, 60_000);

  test(`${SERIAL_APPLIES} applies in a row, then ${PARALLEL_APPLIES} at once: no update lost, serial +1 per successful apply, every version kept`, async () => {
    const before = await currentState();
    const versionsBefore = await stateVersions();
    const succeeded: string[] = [];

    const serialStart = Date.now();
    for (let i = 1; i <= SERIAL_APPLIES; i++) {
      const r = await apply(`serial-${i}`);
      expect(r.code).toBe(0);
      succeeded.push(`serial-${i}`);
    }
    expect(await currentState()).toMatchObject({ serial: before.serial + SERIAL_APPLIES, lineage: before.lineage });

    const serialMs = Date.now() - serialStart;

    // Every parallel apply from its own working directory, as from different machines.
    const runs = Array.from({ length: PARALLEL_APPLIES }, (_, i) => {
      const cwd = join(dir, '..', `parallel-${i + 1}`);
      cpSync(dir, cwd, { recursive: true });
      applies++;
      return { name: `parallel-${i + 1}`, run: tf!.start(cwd, applyArgs(`parallel-${i + 1}`, { lockTimeout: '3s' }), 40_000) };
    });
    const parallelStart = Date.now();
    const results = await Promise.all(runs.map(async ({ name, run }) => ({ name, result: await run.done })));
    const parallelMs = Date.now() - parallelStart;
    const failed = results.filter((r) => r.result.code !== 0);
    // A run that did not get the lock fails with Terraform's lock error, and nothing else.
    for (const f of failed) expect(`${f.name}: ${f.result.output}`).toContain(LOCK_ERROR);
    const parallelOk = results.filter((r) => r.result.code === 0).map((r) => r.name);
    expect(parallelOk.length).toBeGreaterThan(0);
    succeeded.push(...parallelOk);
    await expectUnlocked();

    const after = await currentState();
    expect(after.lineage).toBe(before.lineage);
    expect(after.serial).toBe(before.serial + succeeded.length);
    const versions = await stateVersions();
    const added = versions.slice(versionsBefore.length);
    expect(versions.slice(0, versionsBefore.length)).toEqual(versionsBefore.map((v) => ({ ...v, isLatest: false })));
    // One new version per successful apply, serials consecutive, each apply's output exactly once.
    expect(added.map((v) => v.serial)).toEqual(succeeded.map((_, i) => before.serial + i + 1));
    expect(added.map((v) => v.run).slice(0, SERIAL_APPLIES)).toEqual(succeeded.slice(0, SERIAL_APPLIES));
    expect(added.map((v) => v.run).sort()).toEqual([...succeeded].sort());
    expect(new Set(added.map((v) => v.lineage))).toEqual(new Set([before.lineage]));
    expect(added.at(-1)).toMatchObject({ isLatest: true, run: after.outputs.run.value });
    figures.push(
      `${mode.name}: ${SERIAL_APPLIES} in a row (${(serialMs / 1000).toFixed(1)} s) + ${parallelOk.length}/${PARALLEL_APPLIES} ` +
        `at once applied (${(parallelMs / 1000).toFixed(1)} s; refused after ${failed.map((f) => (f.result.ms / 1000).toFixed(1)).join('/')} s) ` +
        `(${failed.length} refused by the lock), serial ${before.serial} -> ${after.serial}, ${versions.length} state versions kept`,
    );
  }, 100_000);

  test('a crashed apply leaves its lock; the next apply reports it; terraform force-unlock clears it', async () => {
    const before = await currentState();
    const crashed = await gatedApply('crash');
    const lockId = await expectLocked();
    crashed.handle.kill();
    const killed = await crashed.handle.done;
    expect(killed.signal).toBe('SIGKILL');
    // The lock outlives the killed run; the state is untouched.
    expect(await expectLocked()).toBe(lockId);
    expect(await currentState()).toEqual(before);

    const blocked = await apply('after-crash');
    expect(blocked.code).toBe(1);
    expect(blocked.output).toContain(LOCK_ERROR);
    expect(lockIdInError(blocked.output)).toBe(lockId);

    const unlock = await tf!.run(dir, ['force-unlock', '-force', '-no-color', lockId]);
    expect(unlock.output).toContain('Terraform state has been successfully unlocked!');
    expect(unlock.code).toBe(0);
    await expectUnlocked();

    const next = await apply('after-unlock');
    expect(next.code).toBe(0);
    await expectUnlocked();
    expect(await currentState()).toMatchObject({ serial: before.serial + 1, lineage: before.lineage, outputs: { run: { value: 'after-unlock' } } });
  }, 60_000);

  test(`existing local state moves into the bucket with terraform init -migrate-state (${MIGRATED_STACK})`, async () => {
    // A stack applied with a local state file outside its working directory, as the bootstrap
    // stack's backend/state/<stack>.tfstate.
    const work = join(base, 'migrate', 'stacks', MIGRATED_STACK);
    mkdirSync(work, { recursive: true });
    const localPath = '../../local-state/terraform.tfstate';
    writeFileSync(join(work, 'main.tf.json'), JSON.stringify({ ...configuration(undefined), terraform: { backend: { local: { path: localPath } } } }));
    expect((await tf!.run(work, ['init', '-input=false', '-no-color'])).code).toBe(0);
    expect((await apply('local-1', { cwd: work })).code).toBe(0);
    expect((await apply('local-2', { cwd: work })).code).toBe(0);
    const local = JSON.parse(readFileSync(join(work, localPath), 'utf8'));
    expect(local.outputs.run.value).toBe('local-2');

    // The stack switches to the synthesized S3 backend; init copies the local state into the bucket.
    writeFileSync(join(work, 'main.tf.json'), JSON.stringify(configuration(migrationBackend)));
    const migrate = await tf!.run(work, ['init', '-migrate-state', '-force-copy', '-input=false', '-no-color']);
    expect(migrate.output).toContain('Successfully configured the backend "s3"');
    expect(migrate.code).toBe(0);
    const migrated = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: migrationBackend.key }));
    expect(migrated.VersionId).toMatch(/^[0-9a-f]{32}$/);
    const copied = JSON.parse(await migrated.Body!.transformToString());
    // The same resources and outputs. (Terraform 1.11 writes the copy as a new state: a new
    // lineage, serial 1; the local file stays as it was.)
    expect(copied.resources).toEqual(local.resources);
    expect(copied.outputs).toEqual(local.outputs);
    expect(JSON.parse(readFileSync(join(work, localPath), 'utf8'))).toEqual(local);
    expect(await heldLocks(migrationBackend.key)).toEqual({ dynamodb: undefined, lockfile: undefined });

    // The next apply works on the migrated state: it replaces local-2.
    const next = await apply('remote-1', { cwd: work });
    expect(next.output).toContain('Apply complete! Resources: 1 added, 0 changed, 1 destroyed.');
    expect(next.code).toBe(0);
    const after = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: migrationBackend.key }))).Body!.transformToString());
    expect(after).toMatchObject({ serial: copied.serial + 1, lineage: copied.lineage, outputs: { run: { value: 'remote-1' } } });
  }, 60_000);
});
