/**
 * ItemBatcher (AWS developer guide, "ItemBatcher (Map)"): groups the items of a Map Run so that
 * each child execution processes a batch. A child's input is `{"Items": [...]}`, plus
 * `"BatchInput"` when the batcher has one. A batch holds at most MaxItemsPerBatch items and at
 * most MaxInputBytesPerBatch bytes (the size of the child's whole input as JSON text, at most
 * 256 KiB, the limit of an execution's input); a new batch starts when the next item would go
 * over either. An item too large for a batch of its own cannot be processed: the Map state fails.
 */
import { StatesError } from '../jsonpath';
import type { Json } from '../json';
import { ITEM_READER_FAILED } from './item-reader';

/** 256 KiB: the largest input of an execution, hence of a batch. */
export const MAX_BATCH_BYTES = 262_144;

export interface BatchLimits {
  maxItems?: number;
  maxBytes?: number;
  batchInput?: Json;
}

/** A child execution's input and the items it holds (1 without a batcher). */
export interface ChildInput {
  input: Json;
  items: number;
  /** Index of its first item in the reader's order. */
  first: number;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Child inputs from items: one per item without a batcher, else batches. */
export async function* childInputs(items: AsyncIterable<Json>, limits: BatchLimits | null): AsyncGenerator<ChildInput> {
  if (limits === null) {
    let i = 0;
    for await (const item of items) yield { input: item, items: 1, first: i++ };
    return;
  }
  const maxItems = limits.maxItems ?? Infinity;
  const maxBytes = Math.min(limits.maxBytes ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES);
  // {"Items":[...]} or {"Items":[...],"BatchInput":...}: the fixed part, then each item and its comma.
  const fixed = bytes(JSON.stringify(limits.batchInput === undefined ? { Items: [] } : { Items: [], BatchInput: limits.batchInput }));
  let batch: Json[] = [];
  let size = fixed;
  let first = 0;
  let index = 0;
  const make = (): ChildInput => {
    const input: { [k: string]: Json } = { Items: batch };
    if (limits.batchInput !== undefined) input.BatchInput = limits.batchInput;
    return { input, items: batch.length, first };
  };
  for await (const item of items) {
    const itemBytes = bytes(JSON.stringify(item));
    if (fixed + itemBytes > maxBytes) {
      throw new StatesError(
        ITEM_READER_FAILED,
        `Item ${index} is ${itemBytes} bytes: a batch holding it alone would be ${fixed + itemBytes} bytes, over the ItemBatcher's limit of ${maxBytes} bytes (MaxInputBytesPerBatch, at most 256 KiB)`,
      );
    }
    const extra = itemBytes + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && (batch.length >= maxItems || size + extra > maxBytes)) {
      yield make();
      batch = [];
      size = fixed;
      first = index;
    }
    size += itemBytes + (batch.length > 0 ? 1 : 0);
    batch.push(item);
    index++;
  }
  if (batch.length > 0) yield make();
}
