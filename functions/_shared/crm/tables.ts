/**
 * The CRM tables (db/migrations/0001_create_tables.sql) and the data layer writing them: one row
 * per RUT, created at most once. Every statement is parameterized; table and column names come
 * only from the fixed specs below.
 */

/** What the data layer needs of a database: node-postgres' `Pool` or `Client`. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

export interface TableSpec<F extends string> {
  /** The table, e.g. `clients`. */
  table: 'clients' | 'partners' | 'benefit';
  /** What one row is called in messages, e.g. `client`. */
  noun: string;
  /** Request field -> column (PostgreSQL folds the seed's `wantsBenefit` to `wantsbenefit`). */
  columns: Record<F, string>;
}

export const CLIENTS: TableSpec<'name' | 'lastname' | 'rut' | 'mail' | 'phone'> = {
  table: 'clients',
  noun: 'client',
  columns: { name: 'name', lastname: 'lastname', rut: 'rut', mail: 'mail', phone: 'phone' },
};
export const PARTNERS: TableSpec<'rut' | 'store'> = { table: 'partners', noun: 'partner', columns: { rut: 'rut', store: 'store' } };
export const BENEFIT: TableSpec<'rut' | 'wantsBenefit'> = { table: 'benefit', noun: 'benefit', columns: { rut: 'rut', wantsBenefit: 'wantsbenefit' } };

/** A stored row with the request's field names: `{ id, ...fields, createdAt, updatedAt }`. */
export type StoredRecord = Record<string, unknown> & { id: number; rut: string; createdAt: string; updatedAt: string };

function toRecord<F extends string>(spec: TableSpec<F>, row: Record<string, unknown>): StoredRecord {
  const record: Record<string, unknown> = { id: Number(row.id) };
  for (const [field, column] of Object.entries(spec.columns) as Array<[F, string]>) record[field] = row[column];
  // A Date, possibly of another realm (rows read through the local API's worker thread).
  const iso = (v: unknown) => (Object.prototype.toString.call(v) === '[object Date]' ? new Date((v as Date).getTime()).toISOString() : String(v));
  return { ...record, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) } as StoredRecord;
}

/**
 * Stores `values` unless the table already has a row for their RUT: `INSERT ... ON CONFLICT (rut)
 * DO NOTHING`, then the existing row is read. Safe under concurrent and repeated deliveries (the
 * unique constraint on rut decides). Returns the row and whether this call created it.
 */
export async function insertOnce<F extends string>(
  db: Queryable,
  spec: TableSpec<F>,
  values: Record<F, unknown> & { rut: string },
): Promise<{ record: StoredRecord; created: boolean }> {
  const fields = Object.keys(spec.columns) as F[];
  const columns = fields.map((f) => spec.columns[f]).join(', ');
  const placeholders = fields.map((_, i) => `$${i + 1}`).join(', ');
  const inserted = await db.query(
    `INSERT INTO ${spec.table} (${columns}) VALUES (${placeholders}) ON CONFLICT (rut) DO NOTHING RETURNING *`,
    fields.map((f) => values[f]),
  );
  if (inserted.rows.length) return { record: toRecord(spec, inserted.rows[0]), created: true };
  const existing = await db.query(`SELECT * FROM ${spec.table} WHERE rut = $1`, [values.rut]);
  if (!existing.rows.length) throw new Error(`${spec.table}: no row for rut ${values.rut} after a conflicting insert`);
  return { record: toRecord(spec, existing.rows[0]), created: false };
}

/** Every row of a table in id order, with the request's field names (for local runs and tests). */
export async function readAll<F extends string>(db: Queryable, spec: TableSpec<F>): Promise<StoredRecord[]> {
  const { rows } = await db.query(`SELECT * FROM ${spec.table} ORDER BY id`);
  return rows.map((r) => toRecord(spec, r));
}
