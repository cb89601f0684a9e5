/**
 * SuppressionList port: addresses that must never get mail again (hard bounce, complaint,
 * erasure), stored as a hash of the normalised address so erasure keeps no plain address.
 */
export type SuppressionReason = 'bounce' | 'complaint' | 'erased' | 'manual';

export interface SuppressionList {
  suppress(email: string, reason: SuppressionReason, at: string): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;
  /** Which of many addresses are suppressed (one batched read). */
  suppressedAmong(emails: string[]): Promise<Set<string>>;
  reason(email: string): Promise<SuppressionReason | null>;
}
