/**
 * DynamoDB SubscriberStore on the single table: profile and per-theme items under
 * `SUB#<email>`, active subscriptions indexed in gsi1 under `ACTIVE#<theme>` for paginated
 * listing, consent records as `CONSENT#<time>#<n>` items. Writes are idempotent puts/updates
 * (no transactions: dynalite has none), so a repeated multi-item write is safe.
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsentRecord, Page, Subscriber, SubscriberStore, SubscriptionStatus, ThemeSubscription } from '../../ports/subscriber-store.ts';
import { batchGet } from './batch-get.ts';
import { unavailable, type Table } from './table.ts';

const pk = (email: string) => `SUB#${email}`;
const encode = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);
const decode = (cursor: string | undefined) => (cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString()) : undefined);

export class DynamoSubscriberStore implements SubscriberStore {
  constructor(private readonly table: Table) {}

  private async send<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw unavailable(err);
    }
  }

  async get(email: string): Promise<Subscriber | null> {
    const items = await this.queryAll(pk(email), 'PROFILE');
    const profile = items.find((i) => i.sk === 'PROFILE');
    const themes = await this.queryAll(pk(email), 'THEME#');
    if (!profile && !themes.length) return null;
    return {
      email,
      createdAt: (profile?.createdAt as string) ?? '',
      themes: themes.map((t) => ({ themeId: t.themeId as string, status: t.status as SubscriptionStatus, updatedAt: t.updatedAt as string })),
    };
  }

  private async queryAll(partition: string, prefix: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.send(() =>
        this.table.doc.send(new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': partition, ':p': prefix }, ExclusiveStartKey: start })),
      );
      out.push(...((r.Items ?? []) as Record<string, unknown>[]));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async themeStatuses(emails: string[], themeId: string): Promise<Map<string, SubscriptionStatus>> {
    const items = await batchGet(this.table, emails.map((e) => ({ pk: pk(e), sk: `THEME#${themeId}` })));
    return new Map(items.map((i) => [i.email as string, i.status as SubscriptionStatus]));
  }

  async setThemes(email: string, themes: { themeId: string; status: SubscriptionStatus }[], at: string): Promise<Subscriber> {
    // Profile first, only if absent (keeps createdAt); then one idempotent put per theme.
    await this.send(() =>
      this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { pk: pk(email), sk: 'PROFILE', email, createdAt: at }, ConditionExpression: 'attribute_not_exists(pk)' })),
    ).catch((err) => {
      if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    });
    for (const t of themes) {
      const item: Record<string, unknown> = { pk: pk(email), sk: `THEME#${t.themeId}`, email, themeId: t.themeId, status: t.status, updatedAt: at };
      if (t.status === 'active') Object.assign(item, { gsi1pk: `ACTIVE#${t.themeId}`, gsi1sk: email });
      await this.send(() => this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: item })));
    }
    return (await this.get(email))!;
  }

  async recordConsent(email: string, record: ConsentRecord): Promise<void> {
    await this.send(() =>
      this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { pk: pk(email), sk: `CONSENT#${record.at}#${record.key ?? randomBytes(3).toString('hex')}`, ...record } })),
    );
  }

  async listConsent(email: string): Promise<ConsentRecord[]> {
    return (await this.queryAll(pk(email), 'CONSENT#')).map(({ action, themes, source, at, ip }) => ({ action, themes, source, at, ip }) as ConsentRecord);
  }

  async listActive(themeId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<string>> {
    const r = await this.send(() =>
      this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': `ACTIVE#${themeId}` },
          Limit: opts.limit ?? 1000,
          ExclusiveStartKey: decode(opts.cursor),
        }),
      ),
    );
    return { items: (r.Items ?? []).map((i) => i.email as string), cursor: encode(r.LastEvaluatedKey) };
  }

  async listAll(opts: { cursor?: string; limit?: number } = {}): Promise<Page<Subscriber>> {
    const r = await this.send(() =>
      this.table.doc.send(
        new ScanCommand({ TableName: this.table.name, FilterExpression: 'sk = :s', ExpressionAttributeValues: { ':s': 'PROFILE' }, Limit: opts.limit ?? 1000, ExclusiveStartKey: decode(opts.cursor) }),
      ),
    );
    const items: Subscriber[] = [];
    for (const i of r.Items ?? []) {
      const s = await this.get(i.email as string);
      if (s) items.push(s);
    }
    return { items: items.sort((a, b) => a.email.localeCompare(b.email)), cursor: encode(r.LastEvaluatedKey) };
  }

  async erase(email: string): Promise<void> {
    const items = await this.queryAll(pk(email), '');
    for (let i = 0; i < items.length; i += 25) {
      const chunk = items.slice(i, i + 25);
      await this.send(() =>
        this.table.doc.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: chunk.map((it) => ({ DeleteRequest: { Key: { pk: it.pk, sk: it.sk } } })) } })),
      );
    }
  }
}

export type { ThemeSubscription };
