/** BatchGetItem over the single table: keys in chunks of 100, unprocessed keys asked again with backoff. */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { unavailable, type Table } from './table.ts';

const CHUNK = 100;

/**
 * Reads many items by key (consistent reads); absent items are left out.
 * @param keys `{pk, sk}` objects (duplicates are asked once)
 */
export async function batchGet(table: Table, keys: { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    let pending: { pk: string; sk: string }[] = unique.slice(i, i + CHUNK);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw unavailable(new Error('DynamoDB left keys unprocessed after 8 tries'));
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      let r;
      try {
        r = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }));
      } catch (err) {
        throw unavailable(err);
      }
      out.push(...((r.Responses?.[table.name] ?? []) as Record<string, unknown>[]));
      pending = (r.UnprocessedKeys?.[table.name]?.Keys ?? []) as { pk: string; sk: string }[];
    }
  }
  return out;
}
