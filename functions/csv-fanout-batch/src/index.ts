/**
 * One batch of csv-fanout: `{Items: [{id, customer, amount}, ...], BatchInput: {source}}` from the
 * Distributed Map (CSV values are strings). Sums the amounts; a record whose amount is not a
 * non-negative number fails the whole batch with `InvalidRecord` naming it (the Map Run tolerates
 * 5 % of failed records).
 */
export class InvalidRecord extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRecord';
  }
}

export interface BatchResult {
  source: string | null;
  records: number;
  total: number;
  firstId: string | null;
  lastId: string | null;
}

interface Batch {
  Items?: unknown;
  BatchInput?: { source?: unknown };
}

export async function handler(event: unknown): Promise<BatchResult> {
  const batch = (event ?? {}) as Batch;
  if (!Array.isArray(batch.Items)) throw new InvalidRecord('the event has no Items array (is the Map state batching with ItemBatcher?)');
  let total = 0;
  for (const [i, item] of batch.Items.entries()) {
    const record = item as { id?: unknown; amount?: unknown };
    const amount = typeof record.amount === 'string' && record.amount.trim() !== '' ? Number(record.amount) : NaN;
    if (!Number.isFinite(amount) || amount < 0) {
      throw new InvalidRecord(`record ${String(record.id ?? `#${i}`)}: amount ${JSON.stringify(record.amount)} is not a non-negative number`);
    }
    total += amount;
  }
  const ids = batch.Items.map((r) => String((r as { id?: unknown }).id ?? ''));
  return {
    source: typeof batch.BatchInput?.source === 'string' ? batch.BatchInput.source : null,
    records: batch.Items.length,
    total: Math.round(total * 100) / 100,
    firstId: ids[0] ?? null,
    lastId: ids[ids.length - 1] ?? null,
  };
}
