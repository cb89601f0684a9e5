/** In-memory SuppressionList keyed by hashes of the address and its mailbox (see suppression-keys.ts). */
import { suppressionKeys } from '../../domain/subscriptions/suppression-keys.ts';
import type { SuppressionList, SuppressionReason } from '../../ports/suppression-list.ts';

export class MemorySuppressionList implements SuppressionList {
  private readonly entries = new Map<string, { reason: SuppressionReason; at: string }>();

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    for (const key of suppressionKeys(email).write) if (!this.entries.has(key)) this.entries.set(key, { reason, at });
  }

  async isSuppressed(email: string): Promise<boolean> {
    return (await this.reason(email)) !== null;
  }

  async suppressedAmong(emails: string[]): Promise<Set<string>> {
    return new Set(emails.filter((e) => suppressionKeys(e).check.some((k) => this.entries.has(k))));
  }

  async reason(email: string): Promise<SuppressionReason | null> {
    for (const key of suppressionKeys(email).check) {
      const entry = this.entries.get(key);
      if (entry) return entry.reason;
    }
    return null;
  }
}
