/** `sfn run fanout --data-dir DIR` (the fixture project's Distributed Map over S3): the local S3 keeps its objects in DIR/s3, so the exported results can be read after the run. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_PROJECT } from '../../test/fixture-project';
import { main } from '../sfn';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
let dataDir: string;
beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'sfn-data-dir-'))));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('the Map Run results stay in the data folder after the run', async () => {
  let stdout = '';
  let stderr = '';
  const code = await main(['run', 'fanout', '--data-dir', dataDir], { cwd: FIXTURE_PROJECT, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const { ResultWriterDetails } = JSON.parse(stdout) as { ResultWriterDetails: { Bucket: string; Key: string } };
  // s3rver's file store: <dir>/<bucket>/<key>._S3rver_object
  const manifest = join(dataDir, 's3', ResultWriterDetails.Bucket, `${ResultWriterDetails.Key}._S3rver_object`);
  expect(existsSync(manifest)).toBe(true);
  expect(JSON.parse(readFileSync(manifest, 'utf8')).ResultFiles.FAILED).toHaveLength(1);
});
