/** DynamoDB SuppressionList: one `SUPP#<sha256>` item per address, written once (first reason wins). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addressHash } from '../../domain/subscriptions/email-address.ts';
import type { SuppressionList, SuppressionReason } from '../../ports/suppression-list.ts';
import { batchGet } from './batch-get.ts';
import { unavailable, type Table } from './table.ts';

export class DynamoSuppressionList implements SuppressionList {
  constructor(private readonly table: Table) {}

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    try {
      await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { pk: `SUPP#${addressHash(email)}`, sk: 'SUPP', reason, at }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (err) {
      if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw unavailable(err);
    }
  }

  async suppressedAmong(emails: string[]): Promise<Set<string>> {
    const byKey = new Map(emails.map((e) => [`SUPP#${addressHash(e)}`, e]));
    const items = await batchGet(this.table, [...byKey.keys()].map((pk) => ({ pk, sk: 'SUPP' })));
    return new Set(items.map((i) => byKey.get(i.pk as string)!).filter(Boolean));
  }

  async reason(email: string): Promise<SuppressionReason | null> {
    try {
      const r = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: { pk: `SUPP#${addressHash(email)}`, sk: 'SUPP' } }));
      return (r.Item?.reason as SuppressionReason) ?? null;
    } catch (err) {
      throw unavailable(err);
    }
  }

  async isSuppressed(email: string): Promise<boolean> {
    return (await this.reason(email)) !== null;
  }
}
