/** The rows of the local CRM database as `npm start` prints them: one block per table, one line per row. */
import type { StoredRecord } from '../../functions/_shared/crm/tables';

export function formatCrmRows(tables: Record<string, StoredRecord[]>): string {
  return Object.entries(tables)
    .map(([table, rows]) => {
      const head = `  ${table} (${rows.length} row${rows.length === 1 ? '' : 's'})`;
      return [head, ...rows.map((r) => `    ${Object.entries(r).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('  ')}`)].join('\n');
    })
    .join('\n');
}
