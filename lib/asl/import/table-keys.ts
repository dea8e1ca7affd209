/**
 * The key attributes of DynamoDB tables as an export shows them: the `Key` next to a literal
 * `TableName` (GetItem, UpdateItem, DeleteItem), `{ "id": { "S": ... } }` giving `id` of type S.
 * Used to declare the tables an import binds; a table only written with PutItem shows no key.
 */
export function tableKeys(definition: unknown): Map<string, Array<[string, string]>> {
  const keys = new Map<string, Array<[string, string]>>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.TableName === 'string' && o.Key && typeof o.Key === 'object' && !Array.isArray(o.Key) && !keys.has(o.TableName)) {
      const attrs: Array<[string, string]> = [];
      for (const [name, typed] of Object.entries(o.Key as Record<string, unknown>)) {
        const type = typed && typeof typed === 'object' ? Object.keys(typed)[0]?.replace(/\.\$$/, '') : undefined;
        if (type === 'S' || type === 'N' || type === 'B') attrs.push([name.replace(/\.\$$/, ''), type]);
      }
      if (attrs.length) keys.set(o.TableName, attrs);
    }
    Object.values(o).forEach(walk);
  };
  walk(definition);
  return keys;
}

/**
 * For tables the export only writes with PutItem (no `Key` shows their keys): the first attribute
 * of each `Item` next to a literal `TableName`, a guess at the partition key (DynamoDB requires
 * the item to hold it).
 */
export function firstItemAttributes(definition: unknown): Map<string, [string, string]> {
  const found = new Map<string, [string, string]>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.TableName === 'string' && o.Item && typeof o.Item === 'object' && !Array.isArray(o.Item) && !found.has(o.TableName)) {
      const [name, typed] = Object.entries(o.Item as Record<string, unknown>)[0] ?? [];
      const type = typed && typeof typed === 'object' ? Object.keys(typed)[0]?.replace(/\.\$$/, '') : undefined;
      if (name !== undefined && (type === 'S' || type === 'N' || type === 'B')) found.set(o.TableName, [name.replace(/\.\$$/, ''), type]);
    }
    Object.values(o).forEach(walk);
  };
  walk(definition);
  return found;
}
