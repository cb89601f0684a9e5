/** Batch calls asked again for what DynamoDB left unprocessed, and given up on after 9 tries. */
import { describe, expect, it } from 'vitest';
import { untilProcessed } from '../../lambdas/adapters/dynamodb/until-processed.ts';

describe('untilProcessed', () => {
  it('asks again for exactly the part left unprocessed until nothing is left', async () => {
    // Prepare: a table that processes one item per call
    const calls: number[][] = [];
    const send = async (pending: number[]) => (calls.push(pending), pending.slice(1));
    // Act
    await untilProcessed([1, 2, 3], send, 'items', { baseMs: 0, capMs: 0 });
    // Assess
    expect(calls).toEqual([[1, 2, 3], [2, 3], [3]]);
  });

  it('gives up with a clear error when the work never drains', async () => {
    // Prepare: a table that processes nothing
    let calls = 0;
    const send = async (pending: string[]) => (calls++, pending);
    // Act
    const run = untilProcessed(['a'], send, 'outbox writes', { baseMs: 0, capMs: 0 });
    // Assess
    await expect(run).rejects.toThrow('DynamoDB left outbox writes unprocessed after 8 tries');
    expect(calls).toBe(9);
  });
});
