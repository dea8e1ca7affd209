/**
 * A Distributed Map redriven (RunOptions.redrive) with its items read from S3 and its results
 * written there (s3rver on 127.0.0.1). Developer guide, "Redriving Map Runs": the redriven parent
 * redrives the same Map Run and only its unsuccessful child workflow executions run again.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { compileStateMachine } from '../..';
import type { Json } from '../../types';
import { s3Fixture } from './s3-fixture';

const fixture = s3Fixture(['in', 'out']);

beforeAll(async () => {
  await fixture.s3.send(new PutObjectCommand({ Bucket: 'in', Key: 'items.json', Body: JSON.stringify([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]) }));
});

async function readJson(Key: string): Promise<Json> {
  const r = await fixture.s3.send(new GetObjectCommand({ Bucket: 'out', Key }));
  return JSON.parse(await (r.Body as { transformToString(): Promise<string> }).transformToString()) as Json;
}

test('the same Map Run goes on: only the failed children run, the manifest lists the earlier results and the new ones', async () => {
  const machine = compileStateMachine({
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'in', Key: 'items.json' }, ReaderConfig: { InputType: 'JSON' } },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'redrive' } },
        ToleratedFailureCount: 0,
        MaxConcurrency: 1,
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work', End: true } } },
        End: true,
      },
    },
  });
  const seen: number[] = [];
  let down = true;
  const work = (e: unknown) => {
    const n = (e as { n: number }).n;
    seen.push(n);
    if (n === 2 && down) throw Object.assign(new Error('down'), { name: 'Down' });
    return { done: n };
  };
  const first = await machine.run({}, { ...fixture.options, functions: { work } });
  expect(first).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  // One at a time: item 1 succeeded, item 2 failed, items 3 and 4 never started.
  expect(seen).toEqual([1, 2]);
  const run = first.redrivePoint?.mapRun;
  expect(run).toMatchObject({ status: 'FAILED', itemCounts: { succeeded: 1, failed: 1, total: 2 } });

  down = false;
  seen.length = 0;
  const second = await machine.run({}, { ...fixture.options, functions: { work }, redrive: { from: first.redrivePoint as never, count: 1 } });
  expect(second.status).toBe('SUCCEEDED');
  expect(seen).toEqual([2, 3, 4]);
  const mapRunArn = run?.mapRunArn as string;
  expect(second.events.find((e) => e.type === 'MapRunRedriven')?.mapRunRedrivenEventDetails).toEqual({ mapRunArn, redriveCount: 1 });
  expect(second.events.some((e) => e.type === 'MapRunStarted')).toBe(false);
  expect(run).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, itemCounts: { succeeded: 4, failed: 0, pendingRedrive: 0, total: 4 } });
  const out = second.output as { MapRunArn: string; ResultWriterDetails: { Key: string } };
  expect(out.MapRunArn).toBe(mapRunArn);
  const manifest = (await readJson(out.ResultWriterDetails.Key)) as { ResultFiles: Record<string, Array<{ Key: string }>> };
  expect(manifest.ResultFiles.FAILED).toEqual([]);
  const files = manifest.ResultFiles.SUCCEEDED.map((f) => f.Key);
  expect(files).toHaveLength(2);
  const outputs: number[] = [];
  for (const key of files) for (const r of (await readJson(key)) as Array<{ Output: string }>) outputs.push((JSON.parse(r.Output) as { done: number }).done);
  expect(outputs.sort()).toEqual([1, 2, 3, 4]);
});
