/**
 * No stale or corrupt artifact reaches cdktf.out: a Lambda bundle in the cache that was truncated or
 * altered after it was built is rebuilt by the next synth, and the zip synth copies into
 * cdktf.out/stacks/<stack>/assets is valid and is exactly what its `source_code_hash` describes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fn, type Workflow } from '../../workflow/declaration';
import { buildApp } from '../../../modules/app';
import { fixtureEnvironments } from '../../test/fixture-project';
import { ECHO_HANDLER, tempProject, type TempProject } from '../../../modules/test/helpers';
import { zipProblems } from '../../proof/stack-proof';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const workflow: Workflow = () => ({
  name: 'echo',
  description: 'fixture: one Lambda',
  functions: { echo: {} },
  bindings: { Echo: fn('echo') },
  sampleInput: {},
});

let project: TempProject;
let cache: string;
const scratch: string[] = [];
const previousCache = process.env.SFN_BUNDLE_CACHE;

beforeAll(() => {
  project = tempProject();
  project.writeFunction('echo', ECHO_HANDLER);
  project.writeTemplate('echo', JSON.stringify({ StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: '${Echo}', End: true } } }));
  cache = mkdtempSync(join(tmpdir(), 'sfn-bundle-cache-'));
  process.env.SFN_BUNDLE_CACHE = cache;
});
afterAll(() => {
  if (previousCache === undefined) delete process.env.SFN_BUNDLE_CACHE;
  else process.env.SFN_BUNDLE_CACHE = previousCache;
  project.cleanup();
  for (const d of [cache, ...scratch]) rmSync(d, { recursive: true, force: true });
});

/** Synthesizes dev and returns the echo function's deployed zip (the asset in cdktf.out) and its source_code_hash. */
function synthDeployed(): { zip: Buffer; hash: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'sfn-bundle-synth-'));
  scratch.push(outdir);
  buildApp({ environments: fixtureEnvironments, outdir, projectRoot: project.root, workflows: [workflow] }).synth();
  const dir = join(outdir, 'stacks', 'echo-dev');
  const json: Json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
  const [lambda] = Object.values<Json>(json.resource.aws_lambda_function);
  return { zip: readFileSync(join(dir, lambda.filename)), hash: lambda.source_code_hash };
}

const cachedZip = () => {
  const dir = join(cache, 'echo');
  const [zip] = readdirSync(dir).filter((f) => f.endsWith('.zip'));
  return join(dir, zip);
};
const base64Sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

test('a clean synth deploys a valid zip whose SHA-256 is its source_code_hash', () => {
  const { zip, hash } = synthDeployed();
  expect(zipProblems(zip)).toEqual([]);
  expect(base64Sha256(zip)).toBe(hash);
});

test.each([
  ['truncated', (path: string) => truncateSync(path, Math.floor(statSync(path).size / 2))],
  ['altered (same size, one byte flipped)', (path: string) => {
    const data = readFileSync(path);
    data[data.length >> 1] ^= 0xff;
    writeFileSync(path, data);
  }],
  ['emptied', (path: string) => writeFileSync(path, '')],
])('a cached zip %s after it was built is rebuilt, never deployed', (_how, corrupt) => {
  const before = synthDeployed();
  corrupt(cachedZip());
  expect(base64Sha256(readFileSync(cachedZip()))).not.toBe(before.hash);
  const after = synthDeployed();
  expect(zipProblems(after.zip)).toEqual([]);
  expect(base64Sha256(after.zip)).toBe(after.hash);
  // Deterministic: the rebuilt archive is the one built before the corruption.
  expect(after.hash).toBe(before.hash);
  expect(base64Sha256(readFileSync(cachedZip()))).toBe(before.hash);
});
