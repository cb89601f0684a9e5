/**
 * DynamoDB SendLedger: one item per (issue, recipient) under `LEDGER#<issue>` / `TO#<email>`.
 * Every transition is a conditional write: claim only when absent or lapsed before any
 * attempt; later marks only by the owner. A failed condition is then read to say why.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { claimOutcome, isUncertain } from '../../domain/sending/ledger-rules.ts';
import { batchGet } from './batch-get.ts';
import type { ClaimResult, LedgerEntry, SendLedger } from '../../ports/send-ledger.ts';
import { unavailable, type Table } from './table.ts';

const key = (issueId: string, recipient: string) => ({ pk: `LEDGER#${issueId}`, sk: `TO#${recipient}` });
const conditionFailed = (err: unknown) => (err as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoSendLedger implements SendLedger {
  constructor(private readonly table: Table) {}

  async claim(issueId: string, recipient: string, owner: string, now: number, leaseUntil: number, opts: { attempt?: boolean } = {}): Promise<ClaimResult> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...key(issueId, recipient), issueId, recipient, state: 'claimed', owner, leaseUntil, ...(opts.attempt ? { attemptedAt: now } : {}) },
          ConditionExpression: 'attribute_not_exists(pk) OR (#s = :claimed AND leaseUntil < :now AND attribute_not_exists(attemptedAt))',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!conditionFailed(err)) throw unavailable(err);
      const outcome = claimOutcome(await this.get(issueId, recipient), now);
      // The item changed between the write and the read: another owner won; treat as held.
      return outcome === 'claimed' ? 'held' : outcome;
    }
  }

  private async ownerUpdate(issueId: string, recipient: string, owner: string, expr: string, values: Record<string, unknown>, names: Record<string, string> = {}): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({ TableName: this.table.name, Key: key(issueId, recipient), UpdateExpression: expr, ConditionExpression: '#o = :owner', ExpressionAttributeNames: { '#o': 'owner', ...names }, ExpressionAttributeValues: { ':owner': owner, ...values } }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw unavailable(err);
    }
  }

  async markAttempt(issueId: string, recipient: string, owner: string, now: number): Promise<void> {
    await this.ownerUpdate(issueId, recipient, owner, 'SET attemptedAt = :t', { ':t': now });
  }

  async markSent(issueId: string, recipient: string, owner: string, messageId: string): Promise<void> {
    await this.ownerUpdate(issueId, recipient, owner, 'SET #s = :sent, messageId = :m', { ':sent': 'sent', ':m': messageId }, { '#s': 'state' });
  }

  async markFailed(issueId: string, recipient: string, owner: string, error: string): Promise<void> {
    await this.ownerUpdate(issueId, recipient, owner, 'SET #s = :failed, #e = :e', { ':failed': 'failed', ':e': error.slice(0, 500) }, { '#s': 'state', '#e': 'error' });
  }

  async markUncertain(issueId: string, recipient: string, owner: string, reason: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({ TableName: this.table.name, Key: key(issueId, recipient), UpdateExpression: 'SET #s = :u, #e = :e', ConditionExpression: '#o = :owner AND #s = :claimed', ExpressionAttributeNames: { '#o': 'owner', '#s': 'state', '#e': 'error' }, ExpressionAttributeValues: { ':owner': owner, ':claimed': 'claimed', ':u': 'uncertain', ':e': reason.slice(0, 500) } }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw unavailable(err);
    }
  }

  async getMany(issueId: string, recipients: string[]): Promise<Map<string, LedgerEntry>> {
    const items = await batchGet(this.table, recipients.map((r) => key(issueId, r)));
    return new Map(items.map((i) => [i.recipient as string, i as unknown as LedgerEntry]));
  }

  async resetUncertain(issueId: string, now: number): Promise<string[]> {
    const out: string[] = [];
    for (const e of await this.list(issueId)) {
      if (!isUncertain(e, now)) continue;
      try {
        // Only the entry as read: a send that completed meanwhile is never forgotten.
        await this.table.doc.send(
          new DeleteCommand({ TableName: this.table.name, Key: key(issueId, e.recipient), ConditionExpression: '#s = :s AND #o = :o', ExpressionAttributeNames: { '#s': 'state', '#o': 'owner' }, ExpressionAttributeValues: { ':s': e.state, ':o': e.owner } }),
        );
        out.push(e.recipient);
      } catch (err) {
        if (!conditionFailed(err)) throw unavailable(err);
      }
    }
    return out;
  }

  async release(issueId: string, recipient: string, owner: string): Promise<void> {
    try {
      await this.table.doc.send(
        new DeleteCommand({ TableName: this.table.name, Key: key(issueId, recipient), ConditionExpression: '#o = :owner AND #s = :claimed', ExpressionAttributeNames: { '#o': 'owner', '#s': 'state' }, ExpressionAttributeValues: { ':owner': owner, ':claimed': 'claimed' } }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw unavailable(err);
    }
  }

  async get(issueId: string, recipient: string): Promise<LedgerEntry | null> {
    const r = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: key(issueId, recipient), ConsistentRead: true }));
    return (r.Item as LedgerEntry | undefined) ?? null;
  }

  async list(issueId: string): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.table.doc.send(new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `LEDGER#${issueId}` }, ExclusiveStartKey: start, ConsistentRead: true }));
      out.push(...((r.Items ?? []) as LedgerEntry[]));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
