/** EngagementStore in memory (tests and the in-process stack). */
import { ENGAGEMENT_KINDS, type EngagementKind, type EngagementStore } from '../../ports/engagement-store.ts';

export class MemoryEngagementStore implements EngagementStore {
  private readonly seen = new Map<string, Set<string>>();
  async record(issueId: string, kind: EngagementKind, recipientHash: string): Promise<void> {
    const k = `${issueId}\u0000${kind}`;
    if (!this.seen.has(k)) this.seen.set(k, new Set());
    this.seen.get(k)!.add(recipientHash);
  }
  async counts(issueId: string): Promise<Record<EngagementKind, number>> {
    return Object.fromEntries(ENGAGEMENT_KINDS.map((kind) => [kind, this.seen.get(`${issueId}\u0000${kind}`)?.size ?? 0])) as Record<EngagementKind, number>;
  }
}
