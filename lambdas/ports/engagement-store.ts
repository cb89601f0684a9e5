/**
 * EngagementStore port: per issue, which readers the SES events say were delivered, bounced,
 * complained and (only for themes that opted in) opened or clicked: each reader once per kind,
 * kept as a hash of the address. Adapters: DynamoEngagementStore, MemoryEngagementStore.
 */
export type EngagementKind = 'delivered' | 'bounced' | 'complained' | 'opened' | 'clicked';
export const ENGAGEMENT_KINDS: readonly EngagementKind[] = ['delivered', 'bounced', 'complained', 'opened', 'clicked'];

export interface EngagementStore {
  /** Records one event (idempotent per issue, kind and reader). */
  record(issueId: string, kind: EngagementKind, recipientHash: string, at: string): Promise<void>;
  /** Unique readers per kind. */
  counts(issueId: string): Promise<Record<EngagementKind, number>>;
}
