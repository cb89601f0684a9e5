import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { DynamoSuppressionList } from '../../lambdas/adapters/dynamodb/dynamo-suppression-list.ts';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { MemorySubscriberStore } from '../../lambdas/adapters/memory/memory-subscriber-store.ts';
import { MemorySuppressionList } from '../../lambdas/adapters/memory/memory-suppression-list.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { addressHash } from '../../lambdas/domain/subscriptions/email-address.ts';
import { startDynalite, type LocalService } from '../../lambdas/local/local-services.ts';
import { subscriberStoreContract } from './subscriber-store.contract.ts';

subscriberStoreContract('memory', async () => {
  const suppression = new MemorySuppressionList();
  // The private map, as the earlier code filled it: one entry under the exact address's hash.
  const entries = (suppression as unknown as { entries: Map<string, { reason: string; at: string }> }).entries;
  return { store: new MemorySubscriberStore(), suppression, writeLegacy: async (email: string) => void entries.set(addressHash(email), { reason: 'erased', at: '2025-01-01T00:00:00Z' }) };
});

let dynalite: LocalService | null = null;
let n = 0;
subscriberStoreContract('DynamoDB (dynalite)', async () => {
  dynalite ??= await startDynalite();
  const table = openTable(loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynalite.endpoint, NEWSLETTER_TABLE: `contract${++n}` }));
  await ensureTable(table);
  const writeLegacy = async (email: string) => void (await table.doc.send(new PutCommand({ TableName: table.name, Item: { pk: `SUPP#${addressHash(email)}`, sk: 'SUPP', reason: 'erased', at: '2025-01-01T00:00:00Z' } })));
  return { store: new DynamoSubscriberStore(table), suppression: new DynamoSuppressionList(table), writeLegacy };
});

afterAll(async () => {
  await dynalite?.stop();
});
