/** DynamoDB EngagementStore: one `EVENTS#<issue>` / `<kind>#<hash>` item per reader and kind (a put: idempotent), counted by prefix. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ENGAGEMENT_KINDS, type EngagementKind, type EngagementStore } from '../../ports/engagement-store.ts';
import { unavailable, type Table } from './table.ts';

export class DynamoEngagementStore implements EngagementStore {
  constructor(private readonly table: Table) {}

  async record(issueId: string, kind: EngagementKind, recipientHash: string, at: string): Promise<void> {
    try {
      await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { pk: `EVENTS#${issueId}`, sk: `${kind}#${recipientHash}`, at } }));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async counts(issueId: string): Promise<Record<EngagementKind, number>> {
    const out = {} as Record<EngagementKind, number>;
    for (const kind of ENGAGEMENT_KINDS) {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      try {
        do {
          const r = await this.table.doc.send(new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :p AND begins_with(sk, :k)', ExpressionAttributeValues: { ':p': `EVENTS#${issueId}`, ':k': `${kind}#` }, Select: 'COUNT', ExclusiveStartKey: start }));
          n += r.Count ?? 0;
          start = r.LastEvaluatedKey;
        } while (start);
      } catch (err) {
        throw unavailable(err);
      }
      out[kind] = n;
    }
    return out;
  }
}
