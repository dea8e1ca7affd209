/** The state machine of LocalStack's recorded ItemReader cases, shared by the tests that replay them. */
import type { Json } from '../../types';

/** A Distributed Map's ItemProcessor whose child state machine is one Pass. */
export const PASS_CHILD = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'PassItem', States: { PassItem: { Type: 'Pass', End: true } } };

/** One Distributed Map (MaxConcurrency 1) reading {Bucket, Key} of the input from S3, with `itemReader`'s other fields (ReaderConfig...); its child a Pass. */
export function readerMachine(itemReader: Record<string, Json>): Json {
  return {
    StartAt: 'MapState',
    States: {
      MapState: {
        Type: 'Map',
        MaxConcurrency: 1,
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { 'Bucket.$': '$.Bucket', 'Key.$': '$.Key' }, ...itemReader },
        ItemProcessor: PASS_CHILD,
        End: true,
      },
    },
  };
}
