/**
 * DynamoDB batch calls (BatchGetItem, BatchWriteItem) may leave part of a request
 * unprocessed under load; this asks again for that part, with a capped backoff.
 */

/**
 * Sends `pending`, then whatever each reply leaves unprocessed, until nothing is left.
 * @param send one batch call; returns the part DynamoDB left unprocessed
 * @param backoff first pause and the longest pause, in milliseconds
 * @throws Error after 9 tries with work still left
 */
export async function untilProcessed<T>(pending: T[], send: (pending: T[]) => Promise<T[]>, what: string, backoff: { baseMs: number; capMs: number }): Promise<void> {
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 8) throw new Error(`DynamoDB left ${what} unprocessed after 8 tries`);
    if (attempt) await new Promise((r) => setTimeout(r, Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt)));
    pending = await send(pending);
  }
}
