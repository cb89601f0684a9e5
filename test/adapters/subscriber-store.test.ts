import { afterAll } from 'vitest';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { DynamoSuppressionList } from '../../lambdas/adapters/dynamodb/dynamo-suppression-list.ts';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { MemorySubscriberStore } from '../../lambdas/adapters/memory/memory-subscriber-store.ts';
import { MemorySuppressionList } from '../../lambdas/adapters/memory/memory-suppression-list.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { startDynalite, type LocalService } from '../../lambdas/local/local-services.ts';
import { subscriberStoreContract } from './subscriber-store.contract.ts';

subscriberStoreContract('memory', async () => ({ store: new MemorySubscriberStore(), suppression: new MemorySuppressionList() }));

let dynalite: LocalService | null = null;
let n = 0;
subscriberStoreContract('DynamoDB (dynalite)', async () => {
  dynalite ??= await startDynalite();
  const table = openTable(loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynalite.endpoint, NEWSLETTER_TABLE: `contract${++n}` }));
  await ensureTable(table);
  return { store: new DynamoSubscriberStore(table), suppression: new DynamoSuppressionList(table) };
});

afterAll(async () => {
  await dynalite?.stop();
});
