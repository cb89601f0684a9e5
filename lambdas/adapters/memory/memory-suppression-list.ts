/** In-memory SuppressionList keyed by the hash of the normalised address. */
import { addressHash } from '../../domain/subscriptions/email-address.ts';
import type { SuppressionList, SuppressionReason } from '../../ports/suppression-list.ts';

export class MemorySuppressionList implements SuppressionList {
  private readonly entries = new Map<string, { reason: SuppressionReason; at: string }>();

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    if (!this.entries.has(addressHash(email))) this.entries.set(addressHash(email), { reason, at });
  }

  async isSuppressed(email: string): Promise<boolean> {
    return this.entries.has(addressHash(email));
  }

  async suppressedAmong(emails: string[]): Promise<Set<string>> {
    return new Set(emails.filter((e) => this.entries.has(addressHash(e))));
  }

  async reason(email: string): Promise<SuppressionReason | null> {
    return this.entries.get(addressHash(email))?.reason ?? null;
  }
}
