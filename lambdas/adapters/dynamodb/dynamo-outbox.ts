/**
 * DynamoDB Outbox: one `OUTBOX` / `JOB#<id>` item per subscribe request, leased with a
 * conditional update so two workers never deliver the same job, deleted when delivered.
 * Requests that arrive together are written together (one BatchWriteItem for up to 25: a
 * group commit), so a busy API spends one write per request on the rate limit and a share of
 * one on the queue. On AWS the table's stream starts the worker on each new job.
 */
import { BatchWriteCommand, DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Outbox, OutboxJob, SubscribeRequest } from '../../ports/outbox.ts';
import { unavailable, type Table } from './table.ts';
import { untilProcessed } from './until-processed.ts';

const PK = 'OUTBOX';
const key = (id: string) => ({ pk: PK, sk: `JOB#${id}` });
const conditionFailed = (err: unknown) => (err as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoOutbox implements Outbox {
  private pending: { item: Record<string, unknown>; done: (err?: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly table: Table) {}

  /** Queues a request; resolves once it is durably written (ids are random: no overwrite). */
  enqueue(id: string, request: SubscribeRequest, now: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item: { ...key(id), id, request, attempts: 0, dueAt: now }, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let i = 0; i < all.length; i += 25) {
      const group = all.slice(i, i + 25);
      try {
        const requests = group.map((g) => ({ PutRequest: { Item: g.item } }));
        const write = async (pending: typeof requests) => {
          const r = await this.table.doc.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: pending } }));
          return (r.UnprocessedItems?.[this.table.name] ?? []) as typeof requests;
        };
        await untilProcessed(requests, write, 'outbox writes', { baseMs: 10, capMs: 500 });
        for (const g of group) g.done();
      } catch (err) {
        const e = unavailable(err);
        for (const g of group) g.done(e);
      }
    }
  }

  async due(now: number, limit: number): Promise<OutboxJob[]> {
    try {
      const out: OutboxJob[] = [];
      let start: Record<string, unknown> | undefined;
      // Pages of a bounded size: a backlog of thousands is not read whole on every tick (job
      // ids start with their time, so the first pages hold the oldest jobs).
      do {
        const r = await this.table.doc.send(
          new QueryCommand({
            TableName: this.table.name,
            KeyConditionExpression: 'pk = :pk',
            FilterExpression: 'dueAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            ExpressionAttributeValues: { ':pk': PK, ':now': now },
            ExclusiveStartKey: start,
            ConsistentRead: true,
            Limit: Math.max(limit * 2, 20),
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
