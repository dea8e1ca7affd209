/**
 * Distributed Map on a local S3, one process (run by bench/run.mjs):
 *   node dist/bench/distributed.js [rows] [batch]
 * s3rver on 127.0.0.1 (a temporary folder) holds a CSV of `rows` records (default 100,000); a
 * Distributed Map reads it (ItemReader CSV), batches `batch` rows per child execution (default
 * 100), runs a Lambda that sums the batch's amounts in each child (MaxConcurrency 100) and writes
 * the results to another bucket (ResultWriter). Prints {ms, rssMiB, rows, children, status}: `ms`
 * is the execution (reading, children, writing), `rssMiB` the peak RSS of the process (s3rver
 * included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runExecution } from '../lib/engine';
import type { Json } from '../lib/engine/types';
import { LOCAL_CREDENTIALS, startS3rver } from '../lib/services/s3/s3rver';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const rows = Number(process.argv[2] ?? 100_000);
const batch = Number(process.argv[3] ?? 100);

const definition: Json = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: 'in', Key: 'rows.csv' } },
      ItemBatcher: { MaxItemsPerBatch: batch },
      MaxConcurrency: 100,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Sum',
        States: {
          Sum: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:sum', 'Payload.$': '$' }, OutputPath: '$.Payload', End: true },
        },
      },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'bench' } },
      End: true,
    },
  },
};

/** Rows the Lambda has seen: the run must hand every row of the file to a child exactly once. */
let processed = 0;
const sum = async (event: unknown) => {
  processed += (event as { Items: unknown[] }).Items.length;
  let total = 0;
  for (const r of (event as { Items: Array<{ amount: string }> }).Items) total += Number(r.amount);
  return { n: (event as { Items: unknown[] }).Items.length, total };
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-bench-s3-'));
  const server = await startS3rver(dir, ['in', 'out']);
  try {
    const lines = ['id,customer,amount'];
    for (let i = 1; i <= rows; i++) lines.push(`${i},customer-${i % 1000},${(i % 997) / 10}`);
    const s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
    await s3.send(new PutObjectCommand({ Bucket: 'in', Key: 'rows.csv', Body: lines.join('\n') + '\n' }));
    s3.destroy();
    lines.length = 0;
    const start = performance.now();
    const r = await runExecution(definition, {}, { functions: { sum }, history: false, s3: { endpoint: server.endpoint, credentials: LOCAL_CREDENTIALS } });
    const ms = performance.now() - start;
    if (r.status !== 'SUCCEEDED') throw new Error(`${r.status}: ${r.error}: ${r.cause}`);
    if (processed !== rows) throw new Error(`the children processed ${processed} rows, not ${rows}`);
    process.stdout.write(`${JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024, rows, children: Math.ceil(rows / batch), status: r.status })}\n`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
