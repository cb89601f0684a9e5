/** BatchGetItem over the single table: keys in chunks of 100, unprocessed keys asked again with backoff. */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { unavailable, type Table } from './table.ts';
import { untilProcessed } from './until-processed.ts';

const CHUNK = 100;

/**
 * Reads many items by key (consistent reads); absent items are left out.
 * @param keys `{pk, sk}` objects (duplicates are asked once)
 */
export async function batchGet(table: Table, keys: { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const ask = async (pending: typeof chunk) => {
      const r = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }));
      out.push(...((r.Responses?.[table.name] ?? []) as Record<string, unknown>[]));
      return (r.UnprocessedKeys?.[table.name]?.Keys ?? []) as typeof chunk;
    };
    try {
      await untilProcessed(chunk, ask, 'keys', { baseMs: 20, capMs: 1000 });
    } catch (err) {
      throw unavailable(err);
    }
  }
  return out;
}
