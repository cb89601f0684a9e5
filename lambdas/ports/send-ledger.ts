/**
 * SendLedger port: per (issue, recipient), a claim with owner and lease before the mail call
 * and a mark after it, written with conditional writes so nothing is sent twice.
 * Owned by the sending issue.
 */
export type LedgerState = 'claimed' | 'sent' | 'failed' | 'uncertain';

export interface LedgerEntry {
  issueId: string;
  recipient: string;
  state: LedgerState;
  owner: string;
  /** Epoch ms until which a claim is held. */
  leaseUntil: number;
  /** Set once the claim attempted the mail call (the uncertain window). */
  attemptedAt?: number;
  messageId?: string;
  error?: string;
}

export type ClaimResult = 'claimed' | 'already-sent' | 'held' | 'failed' | 'uncertain';

export interface SendLedger {
  /**
   * Claims a recipient for `owner` until `leaseUntil` unless sent, failed, uncertain, or held
   * by a live lease. With `attempt`, the claim also records that the mail call follows at
   * once (one write instead of two): a claim that then lapses is uncertain, never resent.
   */
  claim(issueId: string, recipient: string, owner: string, now: number, leaseUntil: number, opts?: { attempt?: boolean }): Promise<ClaimResult>;
  /** The entries of many recipients at once (absent ones are left out). */
  getMany(issueId: string, recipients: string[]): Promise<Map<string, LedgerEntry>>;
  /** Records that the mail call's outcome is unknown (a lost reply): never retried automatically. */
  markUncertain(issueId: string, recipient: string, owner: string, reason: string): Promise<void>;
  /**
   * The operator's explicit choice: forgets uncertain entries (and attempted claims whose
   * lease lapsed) so the next send tries those recipients again. Returns them.
   */
  resetUncertain(issueId: string, now: number): Promise<string[]>;
  /** Records that the mail call is about to happen (opens the uncertain window). */
  markAttempt(issueId: string, recipient: string, owner: string, now: number): Promise<void>;
  markSent(issueId: string, recipient: string, owner: string, messageId: string): Promise<void>;
  markFailed(issueId: string, recipient: string, owner: string, error: string): Promise<void>;
  /** Releases a claim without sending (e.g. throttled before the call). */
  release(issueId: string, recipient: string, owner: string): Promise<void>;
  get(issueId: string, recipient: string): Promise<LedgerEntry | null>;
  list(issueId: string): Promise<LedgerEntry[]>;
}
