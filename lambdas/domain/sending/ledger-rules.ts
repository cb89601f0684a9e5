/**
 * The send ledger's rules, shared by every adapter: a recipient may be claimed when nobody
 * holds it, or when a claim lapsed before the mail call was attempted. A lapsed claim whose
 * call was attempted is `uncertain` (SES may have accepted it): never resent silently.
 */
import type { ClaimResult, LedgerEntry } from '../../ports/send-ledger.ts';

/** What claiming would give, against the current entry. */
export function claimOutcome(existing: LedgerEntry | null, now: number): ClaimResult {
  if (!existing) return 'claimed';
  if (existing.state === 'sent') return 'already-sent';
  if (existing.state === 'failed') return 'failed';
  if (existing.leaseUntil > now) return 'held';
  return existing.attemptedAt !== undefined ? 'uncertain' : 'claimed';
}
