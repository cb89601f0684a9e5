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
  if (existing.state === 'uncertain') return 'uncertain';
  if (existing.leaseUntil > now) return 'held';
  return existing.attemptedAt !== undefined ? 'uncertain' : 'claimed';
}

/** Whether an entry is uncertain now: marked so, or an attempted claim whose lease lapsed. */
export function isUncertain(e: LedgerEntry, now: number): boolean {
  return e.state === 'uncertain' || (e.state === 'claimed' && e.attemptedAt !== undefined && e.leaseUntil <= now);
}

/** Counts of a ledger, as `issues show` prints them (held: a live claim). */
export function ledgerCounts(entries: LedgerEntry[], now: number): { sent: number; failed: number; uncertain: number; held: number; heldUntil: number | null } {
  const c = { sent: 0, failed: 0, uncertain: 0, held: 0, heldUntil: null as number | null };
  for (const e of entries) {
    if (e.state === 'sent') c.sent++;
    else if (e.state === 'failed') c.failed++;
    else if (isUncertain(e, now)) c.uncertain++;
    else if (e.state === 'claimed' && e.leaseUntil > now) {
      c.held++;
      c.heldUntil = Math.max(c.heldUntil ?? 0, e.leaseUntil);
    }
  }
  return c;
}
