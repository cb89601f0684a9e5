/** DynamoDB EditorialStore: one `EDITORIAL#<theme>` item per theme (on AWS, with the rest of the state). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { NO_CHOICES, type EditorialChoices, type EditorialStore } from '../../ports/editorial-store.ts';
import { unavailable, type Table } from './table.ts';

export class DynamoEditorialStore implements EditorialStore {
  constructor(private readonly table: Table) {}

  async get(themeId: string): Promise<EditorialChoices> {
    try {
      const r = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: { pk: `EDITORIAL#${themeId}`, sk: 'CHOICES' } }));
      const v = r.Item as Partial<EditorialChoices> | undefined;
      return v ? { pinned: v.pinned ?? [], excluded: v.excluded ?? [], note: v.note ?? null, updatedAt: v.updatedAt ?? null } : { ...NO_CHOICES };
    } catch (err) {
      throw unavailable(err);
    }
  }

  async put(themeId: string, choices: EditorialChoices): Promise<void> {
    try {
      await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { pk: `EDITORIAL#${themeId}`, sk: 'CHOICES', ...choices } }));
    } catch (err) {
      throw unavailable(err);
    }
  }
}
