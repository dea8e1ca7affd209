/**
 * 1,000 concurrent executions of the `message-pipeline` example against the local DynamoDB
 * (dynalite on 127.0.0.1, real PutItem / UpdateItem calls) and the local SQS / SNS sinks, in a
 * process of its own (run by bench/run.mjs). The workflow's 10 s Wait runs on the virtual clock.
 * Checks that every execution succeeded and that the table holds each item RECORD_PROCESSED.
 * Prints {executions, ms, perS, rssMiB}: the median of 3 rounds after a warm-up execution.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { performance } from 'node:perf_hooks';
import { localDynamoDb, runWorkflow, startWorkflowServices } from '../index';
import { localDynamoDbClient } from '../lib/services/dynamodb/integration';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const EXECUTIONS = 1000;
const projectRoot = `${__dirname}/../..`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const services = await startWorkflowServices(['message-pipeline'], { projectRoot });
  const dynamodb = localDynamoDbClient(localDynamoDb(services)!.endpoint);
  try {
    const run = (name: string) => runWorkflow('message-pipeline', { messageText: `bench ${name}` }, { projectRoot, services, executionName: name });
    const warm = await run('warm-up');
    if (warm.status !== 'SUCCEEDED') throw new Error(`the warm-up execution ended ${warm.status}: ${warm.error} ${warm.cause}`);
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      const t = performance.now();
      const results = await Promise.all(Array.from({ length: EXECUTIONS }, (_, i) => run(`r${round}-${i}`)));
      times.push(performance.now() - t);
      const failed = results.filter((r) => r.status !== 'SUCCEEDED');
      if (failed.length > 0) throw new Error(`${failed.length} of ${EXECUTIONS} executions did not succeed, e.g. ${failed[0].error}: ${failed[0].cause}`);
    }
    let processed = 0;
    let key: Record<string, never> | undefined;
    do {
      const page = await dynamodb.send(new ScanCommand({ TableName: 'message', ExclusiveStartKey: key, ConsistentRead: true }));
      processed += (page.Items ?? []).filter((item) => item.status?.S === 'RECORD_PROCESSED').length;
      key = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (key);
    if (processed !== 3 * EXECUTIONS + 1) throw new Error(`the table holds ${processed} RECORD_PROCESSED items, expected ${3 * EXECUTIONS + 1}`);
    const ms = median(times);
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify({ executions: EXECUTIONS, ms, perS: EXECUTIONS / (ms / 1000), rssMiB }));
  } finally {
    dynamodb.destroy();
    await services.close();
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
