/** In-memory SendLedger with the same conditional semantics as the DynamoDB one. */
import type { ClaimResult, LedgerEntry, SendLedger } from '../../ports/send-ledger.ts';
import { claimOutcome, isUncertain } from '../../domain/sending/ledger-rules.ts';

export class MemorySendLedger implements SendLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private key = (i: string, r: string) => `${i}\u0000${r}`;

  async claim(issueId: string, recipient: string, owner: string, now: number, leaseUntil: number, opts: { attempt?: boolean } = {}): Promise<ClaimResult> {
    const existing = this.entries.get(this.key(issueId, recipient)) ?? null;
    const outcome = claimOutcome(existing, now);
    if (outcome === 'claimed') this.entries.set(this.key(issueId, recipient), { issueId, recipient, state: 'claimed', owner, leaseUntil, ...(opts.attempt ? { attemptedAt: now } : {}) });
    return outcome;
  }

  async getMany(issueId: string, recipients: string[]): Promise<Map<string, LedgerEntry>> {
    const out = new Map<string, LedgerEntry>();
    for (const r of recipients) {
      const e = this.entries.get(this.key(issueId, r));
      if (e) out.set(r, { ...e });
    }
    return out;
  }

  async markUncertain(issueId: string, recipient: string, owner: string, reason: string): Promise<void> {
    const e = this.owned(issueId, recipient, owner);
    if (e && e.state === 'claimed') Object.assign(e, { state: 'uncertain', error: reason });
  }

  async resetUncertain(issueId: string, now: number): Promise<string[]> {
    const out: string[] = [];
    for (const [k, e] of this.entries) if (e.issueId === issueId && isUncertain(e, now)) (this.entries.delete(k), out.push(e.recipient));
    return out;
  }

  private owned(issueId: string, recipient: string, owner: string): LedgerEntry | null {
    const e = this.entries.get(this.key(issueId, recipient));
    return e && e.owner === owner ? e : null;
  }

  async markAttempt(issueId: string, recipient: string, owner: string, now: number): Promise<void> {
    const e = this.owned(issueId, recipient, owner);
    if (e) e.attemptedAt = now;
  }

  async markSent(issueId: string, recipient: string, owner: string, messageId: string): Promise<void> {
    const e = this.owned(issueId, recipient, owner);
    if (e) Object.assign(e, { state: 'sent', messageId });
  }

  async markFailed(issueId: string, recipient: string, owner: string, error: string): Promise<void> {
    const e = this.owned(issueId, recipient, owner);
    if (e) Object.assign(e, { state: 'failed', error });
  }

  async release(issueId: string, recipient: string, owner: string): Promise<void> {
    const e = this.owned(issueId, recipient, owner);
    if (e && e.state === 'claimed') this.entries.delete(this.key(issueId, recipient));
  }

  async get(issueId: string, recipient: string): Promise<LedgerEntry | null> {
    return this.entries.get(this.key(issueId, recipient)) ?? null;
  }

  async list(issueId: string): Promise<LedgerEntry[]> {
    return [...this.entries.values()].filter((e) => e.issueId === issueId);
  }
}
