/** What the subscription services need: stores, mailer, clock, themes and config. */
import type { Config } from '../config.ts';
import type { Theme } from '../domain/types.ts';
import type { Clock } from '../ports/clock.ts';
import type { ArchiveStore } from '../ports/archive-store.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { Outbox } from '../ports/outbox.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { SubscriberStore } from '../ports/subscriber-store.ts';
import type { SuppressionList } from '../ports/suppression-list.ts';

export interface SubscriptionDeps {
  store: SubscriberStore;
  suppression: SuppressionList;
  limiter: RateLimiter;
  mailer: Mailer;
  clock: Clock;
  themes: Theme[];
  config: Config;
  /** The durable queue of subscribe requests (the API writes, a worker delivers). */
  outbox?: Outbox;
  /** Wakes the local outbox worker after a request was queued (local stack only). */
  outboxWake?: () => void;
  /** The public archive, served under /archive/ by the local API (CloudFront on AWS). */
  archive?: ArchiveStore;
  /** On-demand sends for POST /sends, when the sending side is wired in. */
  sends?: (input: { themeId: string; to?: string; dryRun?: boolean }) => Promise<unknown>;
}
