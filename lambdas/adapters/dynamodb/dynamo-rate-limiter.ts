/** DynamoDB RateLimiter: an atomic counter per key and window (`RATE#<key>`), with an expiresAt for TTL. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../ports/rate-limiter.ts';
import { unavailable, type Table } from './table.ts';

export class DynamoRateLimiter implements RateLimiter {
  constructor(private readonly table: Table) {}

  async hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean> {
    const window = Math.floor(now.getTime() / 1000 / windowSeconds);
    try {
      const r = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { pk: `RATE#${key}`, sk: String(window) },
          UpdateExpression: 'ADD #c :one SET expiresAt = :exp',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':exp': (window + 2) * windowSeconds },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return (r.Attributes?.count as number) <= limit;
    } catch (err) {
      throw unavailable(err);
    }
  }
}
