import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../../modules/app';
import { fixtureApp } from '../../test/fixture-project';
import { OVERRIDES_VARIABLE } from '../overrides';

let dir: string;
const previous = process.env[OVERRIDES_VARIABLE];
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sfn-overrides-'))));
afterEach(() => {
  if (previous === undefined) delete process.env[OVERRIDES_VARIABLE];
  else process.env[OVERRIDES_VARIABLE] = previous;
  rmSync(dir, { recursive: true, force: true });
});

/** Points SFN_ENVIRONMENT_OVERRIDES at a file holding `content`. */
function overrides(content: unknown): string {
  const file = join(dir, 'overrides.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  process.env[OVERRIDES_VARIABLE] = file;
  return file;
}

const synthStack = (stack: string) => {
  const outdir = join(dir, 'out');
  buildApp(fixtureApp({ outdir })).synth();
  return JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
};

test('the state bucket is made unique per account without editing code: the bootstrap stack creates it and every stack keeps its state there', () => {
  overrides({ dev: { accountId: '111122223333', backend: { bucket: 'acme-sfn-state-dev-111122223333' } } });
  expect(synthStack('backend-dev').resource.aws_s3_bucket.state_bucket.bucket).toBe('acme-sfn-state-dev-111122223333');
  const greet = synthStack('greet-dev');
  expect(greet.terraform.backend.s3.bucket).toBe('acme-sfn-state-dev-111122223333');
  expect(greet.provider.aws[0].allowed_account_ids).toEqual(['111122223333']);
  // The other fields of the environment are kept.
  expect(greet.terraform.backend.s3.key).toBe('fixture/dev/greet-dev.tfstate');
  expect(synthStack('backend-prod').resource.aws_s3_bucket.state_bucket.bucket).toBe('fx-state-prod');
});

test('an invalid overridden field is reported with the environment and the field', () => {
  overrides({ prod: { backend: { bucket: 'Not_A_Bucket' } } });
  expect(() => synthStack('backend-prod')).toThrow(/environment "prod", field "backend.bucket": must be a valid S3 bucket name/);
});

test('an environment that does not exist, or a file that is not JSON, is reported with the file', () => {
  const file = overrides({ staging: { backend: { bucket: 'x-state' } } });
  expect(() => synthStack('backend-dev')).toThrow(`${OVERRIDES_VARIABLE}=${file}: environment "staging" is not in config/environments.ts (dev, prod)`);
  overrides('{ "dev": ');
  expect(() => synthStack('backend-dev')).toThrow(/SFN_ENVIRONMENT_OVERRIDES=.*: not valid JSON/);
});
