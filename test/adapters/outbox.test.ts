/** The Outbox contract on memory and on DynamoDB (dynalite): queued requests are kept, leased once, retried later, and many queued at once are all written (the DynamoDB adapter writes them in groups). */
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoOutbox } from '../../lambdas/adapters/dynamodb/dynamo-outbox.ts';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { MemoryOutbox } from '../../lambdas/adapters/memory/memory-outbox.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { startDynalite, type LocalService } from '../../lambdas/local/local-services.ts';
import type { Outbox } from '../../lambdas/ports/outbox.ts';
import { outboxJobId } from '../../lambdas/services/subscribe.ts';

let dynalite: LocalService | null = null;
let n = 0;
const factories: [string, () => Promise<Outbox>][] = [
  ['memory', async () => new MemoryOutbox()],
  [
    'DynamoDB (dynalite)',
    async () => {
      dynalite ??= await startDynalite();
      const table = openTable(loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynalite.endpoint, NEWSLETTER_TABLE: `outbox${++n}` }));
      await ensureTable(table);
      return new DynamoOutbox(table);
    },
  ],
];

afterAll(async () => {
  await dynalite?.stop();
});

const request = (i: number) => ({ email: `r${i}@example.com`, themes: ['t'], source: 'api' as const, ip: null, at: '2026-11-30T10:00:00.000Z' });

describe.each(factories)('%s: Outbox contract', (_name, make) => {
  it('keeps every request queued at once, and hands each to one worker only', async () => {
    // Prepare
    const outbox = await make();
    // Act: 60 requests in the same moment
    await Promise.all(Array.from({ length: 60 }, (_, i) => outbox.enqueue(`job${String(i).padStart(3, '0')}`, request(i), 1000)));
    const due = await outbox.due(2000, 100);
    const first = await outbox.lease(due[0].id, 'w1', 2000, 62_000);
    const second = await outbox.lease(due[0].id, 'w2', 2000, 62_000);
    // Assess
    expect(await outbox.size()).toBe(60);
    expect(due).toHaveLength(60);
    expect([first, second]).toEqual([true, false]);
  });

  it('hands out the oldest due requests of a large backlog first, past the leased ones', async () => {
    // Prepare: 300 requests queued in a shuffled order, one millisecond apart; the 30 oldest leased
    const outbox = await make();
    const ids = Array.from({ length: 300 }, (_, i) => outboxJobId(new Date(1_000_000 + i)));
    const order = ids.map((id, i) => ({ id, i, k: (i * 7919) % 300 })).sort((a, b) => a.k - b.k);
    for (let g = 0; g < order.length; g += 50) await Promise.all(order.slice(g, g + 50).map(({ id, i }) => outbox.enqueue(id, request(i), 1_000_000 + i)));
    for (const id of ids.slice(0, 30)) await outbox.lease(id, 'w1', 2_000_000, 2_060_000);
    // Act
    const due = await outbox.due(2_000_000, 10);
    // Assess
    expect(due.map((j) => j.id)).toEqual(ids.slice(30, 40));
  });

  it('puts a failed delivery back for later and forgets a delivered one', async () => {
    const outbox = await make();
    await outbox.enqueue('a', request(1), 1000);
    await outbox.enqueue('b', request(2), 1000);
    await outbox.lease('a', 'w', 1000, 61_000);
    await outbox.retry('a', 5000, 'SES is not reachable');
    await outbox.complete('b');
    expect((await outbox.due(2000, 10)).map((j) => j.id)).toEqual([]);
    expect((await outbox.due(6000, 10)).map((j) => [j.id, j.attempts])).toEqual([['a', 1]]);
  });
});
