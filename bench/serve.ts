/**
 * The local Step Functions endpoint (lib/serve) with the real @aws-sdk/client-sfn, in a process of
 * its own (run by bench/run.mjs): StartExecution round trips per second, one request after the
 * other (each waits for its answer) and 16 at a time, on a one-Pass state machine. Prints
 * {sequentialPerS, concurrentPerS, requests, rssMiB}: medians of 5 rounds after 1 warm-up round.
 */
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { performance } from 'node:perf_hooks';
import { localSfnClient } from '../lib/local/activity-workers';
import { startSfnServer } from '../lib/serve/server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const REQUESTS = 1000;
const CONCURRENCY = 16;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const server = await startSfnServer({ port: 0 });
  const sfn = localSfnClient(server.url);
  const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'bench', definition, roleArn: 'arn:aws:iam::123456789012:role/bench' }));
  const start = () => sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"n":1}' }));
  const sequential = async () => {
    const t = performance.now();
    for (let i = 0; i < REQUESTS; i++) await start();
    return REQUESTS / ((performance.now() - t) / 1000);
  };
  const concurrent = async () => {
    const t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) await start();
    }));
    return REQUESTS / ((performance.now() - t) / 1000);
  };
  await sequential();
  const seq: number[] = [];
  const conc: number[] = [];
  for (let i = 0; i < 5; i++) {
    seq.push(await sequential());
    conc.push(await concurrent());
  }
  sfn.destroy();
  await server.close();
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ sequentialPerS: median(seq), concurrentPerS: median(conc), requests: REQUESTS, rssMiB }));
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
