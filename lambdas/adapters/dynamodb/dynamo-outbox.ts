/**
 * DynamoDB Outbox: one `OUTBOX` / `JOB#<id>` item per subscribe request, leased with a
 * conditional update so two workers never deliver the same job, deleted when delivered.
 * On AWS the table's stream starts the worker on each new job.
 */
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Outbox, OutboxJob, SubscribeRequest } from '../../ports/outbox.ts';
import { unavailable, type Table } from './table.ts';

const PK = 'OUTBOX';
const key = (id: string) => ({ pk: PK, sk: `JOB#${id}` });
const conditionFailed = (err: unknown) => (err as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoOutbox implements Outbox {
  constructor(private readonly table: Table) {}

  async enqueue(id: string, request: SubscribeRequest, now: number): Promise<void> {
    try {
      await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { ...key(id), id, request, attempts: 0, dueAt: now }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (err) {
      if (!conditionFailed(err)) throw unavailable(err);
    }
  }

  async due(now: number, limit: number): Promise<OutboxJob[]> {
    try {
      const out: OutboxJob[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await this.table.doc.send(
          new QueryCommand({
            TableName: this.table.name,
            KeyConditionExpression: 'pk = :pk',
            FilterExpression: 'dueAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            ExpressionAttributeValues: { ':pk': PK, ':now': now },
            ExclusiveStartKey: start,
            ConsistentRead: true,
          }),
        );
        out.push(...((r.Items ?? []) as OutboxJob[]));
        start = r.LastEvaluatedKey;
      } while (start && out.length < limit);
      return out.sort((a, b) => a.dueAt - b.dueAt).slice(0, limit).map(({ id, request, attempts, dueAt, lastError }) => ({ id, request, attempts, dueAt, lastError }));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async lease(id: string, owner: string, now: number, until: number): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({ TableName: this.table.name, Key: key(id), UpdateExpression: 'SET leaseUntil = :u, leaseOwner = :o', ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)', ExpressionAttributeValues: { ':u': until, ':o': owner, ':now': now } }),
      );
      return true;
    } catch (err) {
      if (conditionFailed(err)) return false;
      throw unavailable(err);
    }
  }

  async complete(id: string): Promise<void> {
    try {
      await this.table.doc.send(new DeleteCommand({ TableName: this.table.name, Key: key(id) }));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async retry(id: string, dueAt: number, error: string): Promise<void> {
    try {
      await this.table.doc.send(new UpdateCommand({ TableName: this.table.name, Key: key(id), UpdateExpression: 'SET dueAt = :d, lastError = :e ADD attempts :one REMOVE leaseUntil', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':d': dueAt, ':e': error.slice(0, 300), ':one': 1 } }));
    } catch (err) {
      if (!conditionFailed(err)) throw unavailable(err);
    }
  }

  async size(): Promise<number> {
    try {
      const r = await this.table.doc.send(new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK }, Select: 'COUNT', ConsistentRead: true }));
      return r.Count ?? 0;
    } catch (err) {
      throw unavailable(err);
    }
  }
}
