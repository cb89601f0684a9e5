/** The SendLedger contract, run against the memory adapter and DynamoDB (dynalite). */
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoSendLedger } from '../../lambdas/adapters/dynamodb/dynamo-send-ledger.ts';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { MemorySendLedger } from '../../lambdas/adapters/memory/memory-send-ledger.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { startDynalite, type LocalService } from '../../lambdas/local/local-services.ts';
import type { SendLedger } from '../../lambdas/ports/send-ledger.ts';

let dynalite: LocalService | null = null;
let n = 0;
const factories: [string, () => Promise<SendLedger>][] = [
  ['memory', async () => new MemorySendLedger()],
  [
    'DynamoDB (dynalite)',
    async () => {
      dynalite ??= await startDynalite();
      const table = openTable(loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynalite.endpoint, NEWSLETTER_TABLE: `ledger${++n}` }));
      await ensureTable(table);
      return new DynamoSendLedger(table);
    },
  ],
];

afterAll(async () => {
  await dynalite?.stop();
});

describe.each(factories)('%s: SendLedger contract', (_name, make) => {
  it('lets exactly one of several concurrent owners claim a recipient', async () => {
    const ledger = await make();
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((o) => ledger.claim('i1', 'r@example.com', o, 1000, 61_000)));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'held')).toHaveLength(3);
  });

  it('reports sent, failed and held claims, and only the owner can mark', async () => {
    const ledger = await make();
    await ledger.claim('i1', 'a@example.com', 'w1', 1000, 61_000);
    await ledger.markAttempt('i1', 'a@example.com', 'w1', 1001);
    await ledger.markSent('i1', 'a@example.com', 'intruder', 'm-x');
    expect((await ledger.get('i1', 'a@example.com'))?.state).toBe('claimed');
    await ledger.markSent('i1', 'a@example.com', 'w1', 'm-1');
    expect(await ledger.claim('i1', 'a@example.com', 'w2', 999_999, 2_000_000)).toBe('already-sent');
    await ledger.claim('i1', 'b@example.com', 'w1', 1000, 61_000);
    await ledger.markFailed('i1', 'b@example.com', 'w1', 'MessageRejected');
    expect(await ledger.claim('i1', 'b@example.com', 'w2', 999_999, 2_000_000)).toBe('failed');
    expect((await ledger.list('i1')).map((e) => e.state).sort()).toEqual(['failed', 'sent']);
  });

  it('re-claims a lapsed claim that never reached the mail call, but calls an attempted one uncertain', async () => {
    const ledger = await make();
    await ledger.claim('i2', 'quiet@example.com', 'dead', 1000, 2000);
    await ledger.claim('i2', 'window@example.com', 'dead', 1000, 2000);
    await ledger.markAttempt('i2', 'window@example.com', 'dead', 1500);
    expect(await ledger.claim('i2', 'quiet@example.com', 'w2', 1999, 9000)).toBe('held');
    expect(await ledger.claim('i2', 'quiet@example.com', 'w2', 3000, 9000)).toBe('claimed');
    expect(await ledger.claim('i2', 'window@example.com', 'w2', 3000, 9000)).toBe('uncertain');
  });

  it('releases a claim so a throttled recipient can be tried again', async () => {
    const ledger = await make();
    await ledger.claim('i3', 'r@example.com', 'w1', 1000, 61_000);
    await ledger.release('i3', 'r@example.com', 'w1');
    expect(await ledger.claim('i3', 'r@example.com', 'w2', 1001, 61_000)).toBe('claimed');
  });

  it('a claim that opens the attempt is uncertain once its lease lapses, never re-claimed', async () => {
    const ledger = await make();
    expect(await ledger.claim('i5', 'r@example.com', 'w1', 1000, 2000, { attempt: true })).toBe('claimed');
    expect(await ledger.claim('i5', 'r@example.com', 'w2', 1500, 2500)).toBe('held');
    expect(await ledger.claim('i5', 'r@example.com', 'w2', 3000, 4000)).toBe('uncertain');
  });

  it('marks a lost reply uncertain; only the operator\'s reset lets it be claimed again', async () => {
    // Prepare
    const ledger = await make();
    await ledger.claim('i6', 'a@example.com', 'w1', 1000, 9000, { attempt: true });
    await ledger.claim('i6', 'b@example.com', 'w1', 1000, 9000, { attempt: true });
    await ledger.markSent('i6', 'b@example.com', 'w1', 'm-b');
    // Act
    await ledger.markUncertain('i6', 'a@example.com', 'w1', 'reply lost');
    // Assess
    expect(await ledger.claim('i6', 'a@example.com', 'w2', 10_000, 20_000)).toBe('uncertain');
    expect((await ledger.get('i6', 'a@example.com'))?.state).toBe('uncertain');
    expect(await ledger.resetUncertain('i6', 10_000)).toEqual(['a@example.com']);
    expect(await ledger.claim('i6', 'a@example.com', 'w2', 10_000, 20_000)).toBe('claimed');
    expect((await ledger.get('i6', 'b@example.com'))?.state).toBe('sent');
  });

  it('reads many entries at once', async () => {
    const ledger = await make();
    const recipients = Array.from({ length: 130 }, (_, i) => `r${i}@example.com`);
    for (const r of recipients.slice(0, 120)) await ledger.claim('i7', r, 'w1', 1000, 9000);
    await ledger.markSent('i7', 'r3@example.com', 'w1', 'm3');
    const got = await ledger.getMany('i7', recipients);
    expect(got.size).toBe(120);
    expect(got.get('r3@example.com')?.state).toBe('sent');
    expect(got.has('r125@example.com')).toBe(false);
  });
});
