/**
 * SuppressionList port: addresses that must never get mail again (hard bounce, complaint,
 * erasure), stored as hashes so erasure keeps no plain address. A suppression covers the
 * address's mailbox (x+again@gmail.com and x.@gmail.com after x@gmail.com) as far as the
 * address speaks for it; adapters key entries by suppression-keys.ts, so callers pass
 * addresses as they are.
 */
export type SuppressionReason = 'bounce' | 'complaint' | 'erased' | 'manual';

export interface SuppressionList {
  suppress(email: string, reason: SuppressionReason, at: string): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;
  /** Which of many addresses are suppressed (one batched read). */
  suppressedAmong(emails: string[]): Promise<Set<string>>;
  reason(email: string): Promise<SuppressionReason | null>;
}
