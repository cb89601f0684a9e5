/**
 * The outbox worker under a long SES outage: one rate-limit hit and one consent record per
 * request whatever the number of tries, retries for a day, then one error line with a metric.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryMailer } from '../../lambdas/adapters/memory/memory-mailer.ts';
import { MemoryOutbox } from '../../lambdas/adapters/memory/memory-outbox.ts';
import { MemoryRateLimiter } from '../../lambdas/adapters/memory/memory-rate-limiter.ts';
import { MemorySubscriberStore } from '../../lambdas/adapters/memory/memory-subscriber-store.ts';
import { MemorySuppressionList } from '../../lambdas/adapters/memory/memory-suppression-list.ts';
import { loadConfig } from '../../lambdas/config.ts';
import type { Theme } from '../../lambdas/domain/types.ts';
import { MailerError } from '../../lambdas/ports/mailer.ts';
import { deliverSubscribeRequests, GIVE_UP_AFTER_MS } from '../../lambdas/services/deliver-subscribe-requests.ts';
import { subscribe } from '../../lambdas/services/subscribe.ts';
import type { SubscriptionDeps } from '../../lambdas/services/subscription-deps.ts';

const ROOT = path.resolve(__dirname, '../..');
const theme: Theme = { id: 'junior-partner', title: 'The junior partner', description: 'd', keywords: [], timezone: 'UTC', maxExcerpts: 5, paused: false };
let now: number;
let sesUp: boolean;
let sent: string[];
let logged: string[];
let limiterHits: number;
let deps: SubscriptionDeps & { store: MemorySubscriberStore; outbox: MemoryOutbox };

beforeEach(() => {
  now = Date.parse('2026-12-02T10:00:00Z');
  sesUp = false;
  sent = [];
  logged = [];
  limiterHits = 0;
  const mailer = new MemoryMailer();
  const limiter = new MemoryRateLimiter();
  deps = {
    store: new MemorySubscriberStore(),
    suppression: new MemorySuppressionList(),
    limiter: { hit: (...a: Parameters<MemoryRateLimiter['hit']>) => (limiterHits++, limiter.hit(...a)) },
    mailer: {
      send: async (m: Parameters<MemoryMailer['send']>[0]) => {
        if (!sesUp) throw new MailerError('transient', 'SES is not reachable (ECONNREFUSED); nothing was sent');
        sent.push(m.to);
        return mailer.send(m);
      },
    } as MemoryMailer,
    clock: { now: () => new Date(now) },
    themes: [theme],
    config: loadConfig({ NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates') }),
    outbox: new MemoryOutbox(),
  };
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
});
afterEach(() => vi.restoreAllMocks());

/** Runs the worker whenever a job is due, moving the clock to it, `times` times. */
async function runTries(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const [next] = await deps.outbox.due(Number.MAX_SAFE_INTEGER, 1);
    if (!next) return;
    now = Math.max(now, next.dueAt);
    await deliverSubscribeRequests(deps);
  }
}

describe('the outbox while SES is down', () => {
  it('counts the mailbox limit once and records consent once, however many tries it takes', async () => {
    // Prepare
    await subscribe(deps, { email: 'reader@example.com', themes: ['junior-partner'], source: 'api', ip: null });
    // Act: ten failed tries, then SES is back
    await runTries(10);
    sesUp = true;
    await runTries(1);
    // Assess
    expect(sent).toEqual(['reader@example.com']);
    expect(limiterHits).toBe(1);
    expect((await deps.store.listConsent('reader@example.com')).filter((c) => c.action === 'subscribe')).toHaveLength(1);
    expect(logged.filter((l) => l.includes('"event":"subscribe_request_retry"'))).toHaveLength(10);
    expect(await deps.outbox.size()).toBe(0);
  });

  it('retries for a day, then gives up with one error line carrying a metric', async () => {
    // Prepare
    await subscribe(deps, { email: 'reader@example.com', themes: ['junior-partner'], source: 'api', ip: null });
    // Act
    await runTries(500);
    // Assess
    const dropped = logged.filter((l) => l.includes('"event":"subscribe_request_dropped"')).map((l) => JSON.parse(l));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ level: 'error', dropped: 1, to: 'r***@example.com' });
    expect(dropped[0]._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Newsletter/Outbox', Metrics: [{ Name: 'dropped', Unit: 'Count' }] });
    expect(now - Date.parse('2026-12-02T10:00:00Z')).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
    expect(dropped[0].attempts).toBeGreaterThan(90);
    expect(sent).toEqual([]);
    expect(await deps.outbox.size()).toBe(0);
  });
});
