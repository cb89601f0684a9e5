/** Subscription services on memory adapters for unit tests: stores, limiter, mailer, outbox, a fixed clock and sample themes. */
import path from 'node:path';
import { MemoryMailer } from '../../lambdas/adapters/memory/memory-mailer.ts';
import { MemoryOutbox } from '../../lambdas/adapters/memory/memory-outbox.ts';
import { MemoryRateLimiter } from '../../lambdas/adapters/memory/memory-rate-limiter.ts';
import { MemorySubscriberStore } from '../../lambdas/adapters/memory/memory-subscriber-store.ts';
import { MemorySuppressionList } from '../../lambdas/adapters/memory/memory-suppression-list.ts';
import { loadConfig } from '../../lambdas/config.ts';
import type { Theme } from '../../lambdas/domain/types.ts';
import type { SubscriptionDeps } from '../../lambdas/services/subscription-deps.ts';

const ROOT = path.resolve(__dirname, '../..');

/** A theme with only the fields subscriptions read. */
export const testTheme = (id: string): Theme => ({ id, title: id.toUpperCase(), description: 'd', keywords: [], timezone: 'UTC', maxExcerpts: 5, paused: false });

/** The memory-backed deps, typed with their memory adapters. */
export type MemorySubscriptionDeps = SubscriptionDeps & { store: MemorySubscriberStore; mailer: MemoryMailer; outbox: MemoryOutbox };

/**
 * Fresh memory deps.
 * @param opts.themes theme ids (default junior-partner, regional-reach)
 * @param opts.now the clock (a function, so a test can move it)
 * @param opts.outbox false: no outbox (services mail directly)
 */
export function memorySubscriptionDeps(opts: { themes?: string[]; now?: () => Date; outbox?: boolean } = {}): MemorySubscriptionDeps {
  return {
    store: new MemorySubscriberStore(),
    suppression: new MemorySuppressionList(),
    limiter: new MemoryRateLimiter(),
    mailer: new MemoryMailer(),
    clock: { now: opts.now ?? (() => new Date('2026-11-24T10:00:00Z')) },
    themes: (opts.themes ?? ['junior-partner', 'regional-reach']).map(testTheme),
    config: loadConfig({ NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates') }),
    outbox: opts.outbox === false ? (undefined as unknown as MemoryOutbox) : new MemoryOutbox(),
  };
}
