/**
 * DynamoDB SuppressionList: `SUPP#<sha256>` items, each written once (first reason wins),
 * under the hashes of the address and its mailbox as suppression-keys.ts says.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { suppressionKeys } from '../../domain/subscriptions/suppression-keys.ts';
import type { SuppressionList, SuppressionReason } from '../../ports/suppression-list.ts';
import { batchGet } from './batch-get.ts';
import { unavailable, type Table } from './table.ts';

const pkOf = (hash: string) => `SUPP#${hash}`;

export class DynamoSuppressionList implements SuppressionList {
  constructor(private readonly table: Table) {}

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    await Promise.all(
      suppressionKeys(email).write.map(async (hash) => {
        try {
          await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { pk: pkOf(hash), sk: 'SUPP', reason, at }, ConditionExpression: 'attribute_not_exists(pk)' }));
        } catch (err) {
          if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw unavailable(err);
        }
      }),
    );
  }

  async suppressedAmong(emails: string[]): Promise<Set<string>> {
    // Several addresses may share a key (one mailbox): each key maps back to all of them.
    const byKey = new Map<string, string[]>();
    for (const e of emails) for (const hash of suppressionKeys(e).check) byKey.set(pkOf(hash), [...(byKey.get(pkOf(hash)) ?? []), e]);
    const items = await batchGet(this.table, [...byKey.keys()].map((pk) => ({ pk, sk: 'SUPP' })));
    return new Set(items.flatMap((i) => byKey.get(i.pk as string) ?? []));
  }

  async reason(email: string): Promise<SuppressionReason | null> {
    const keys = suppressionKeys(email).check.map(pkOf);
    if (keys.length > 1) {
      const items = await batchGet(this.table, keys.map((pk) => ({ pk, sk: 'SUPP' })));
      // The address's own entry first, then its mailbox's.
      const found = keys.map((pk) => items.find((i) => i.pk === pk)).find(Boolean);
      return (found?.reason as SuppressionReason) ?? null;
    }
    try {
      const r = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: { pk: keys[0], sk: 'SUPP' } }));
      return (r.Item?.reason as SuppressionReason) ?? null;
    } catch (err) {
      throw unavailable(err);
    }
  }

  async isSuppressed(email: string): Promise<boolean> {
    return (await this.reason(email)) !== null;
  }
}
