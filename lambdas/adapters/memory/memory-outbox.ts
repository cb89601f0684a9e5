/** In-memory Outbox with the same lease semantics as the DynamoDB one. */
import type { Outbox, OutboxJob, SubscribeRequest } from '../../ports/outbox.ts';

export class MemoryOutbox implements Outbox {
  private readonly jobs = new Map<string, OutboxJob & { leaseUntil?: number }>();

  async enqueue(id: string, request: SubscribeRequest, now: number): Promise<void> {
    if (!this.jobs.has(id)) this.jobs.set(id, { id, request, attempts: 0, dueAt: now });
  }

  async due(now: number, limit: number): Promise<OutboxJob[]> {
    return [...this.jobs.values()].filter((j) => j.dueAt <= now && !(j.leaseUntil && j.leaseUntil > now)).sort((a, b) => a.dueAt - b.dueAt).slice(0, limit).map((j) => structuredClone(j));
  }

  async lease(id: string, _owner: string, now: number, until: number): Promise<boolean> {
    const j = this.jobs.get(id);
    if (!j || (j.leaseUntil && j.leaseUntil > now)) return false;
    j.leaseUntil = until;
    return true;
  }

  async complete(id: string): Promise<void> {
    this.jobs.delete(id);
  }

  async retry(id: string, dueAt: number, error: string): Promise<void> {
    const j = this.jobs.get(id);
    if (j) Object.assign(j, { dueAt, attempts: j.attempts + 1, lastError: error, leaseUntil: undefined });
  }

  async size(): Promise<number> {
    return this.jobs.size;
  }
}
