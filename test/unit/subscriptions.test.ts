import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryMailer } from '../../lambdas/adapters/memory/memory-mailer.ts';
import { MemoryRateLimiter } from '../../lambdas/adapters/memory/memory-rate-limiter.ts';
import { MemorySubscriberStore } from '../../lambdas/adapters/memory/memory-subscriber-store.ts';
import { MemorySuppressionList } from '../../lambdas/adapters/memory/memory-suppression-list.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { parseSubscribersCsv, formatSubscribersCsv } from '../../lambdas/domain/subscriptions/subscribers-csv.ts';
import type { Theme } from '../../lambdas/domain/types.ts';
import { eraseSubscriber } from '../../lambdas/services/erase-subscriber.ts';
import { addSubscriber, exportRows, allSubscribers } from '../../lambdas/services/manage-subscribers.ts';
import { receiveInboundEmail } from '../../lambdas/services/receive-inbound-email.ts';
import { subscribe } from '../../lambdas/services/subscribe.ts';
import type { SubscriptionDeps } from '../../lambdas/services/subscription-deps.ts';

const ROOT = path.resolve(__dirname, '../..');
const theme = (id: string): Theme => ({ id, title: id.toUpperCase(), description: 'd', keywords: [], timezone: 'UTC', maxExcerpts: 5, paused: false });
let deps: SubscriptionDeps & { mailer: MemoryMailer };

beforeEach(() => {
  deps = {
    store: new MemorySubscriberStore(),
    suppression: new MemorySuppressionList(),
    limiter: new MemoryRateLimiter(),
    mailer: new MemoryMailer(),
    clock: { now: () => new Date('2026-11-24T10:00:00Z') },
    themes: [theme('junior-partner'), theme('regional-reach')],
    config: loadConfig({ NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates') }),
  };
});

describe('subscribe', () => {
  it('answers the same for a suppressed address but mails nothing (no enumeration)', async () => {
    await deps.suppression.suppress('gone@example.com', 'bounce', 'x');
    expect(await subscribe(deps, { email: 'gone@example.com', themes: ['junior-partner'], source: 'api', ip: '1.2.3.4' })).toEqual({ mailed: false });
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it('limits mails per address and requests per IP', async () => {
    for (let i = 0; i < 5; i++) await subscribe(deps, { email: 'a@example.com', themes: ['junior-partner'], source: 'api', ip: `10.0.0.${i}` });
    expect(deps.mailer.sent).toHaveLength(3);
    const flood = async () => {
      for (let i = 0; i < 40; i++) await subscribe(deps, { email: `u${i}@example.com`, themes: ['junior-partner'], source: 'api', ip: '9.9.9.9' });
    };
    await expect(flood()).rejects.toThrow(/too many requests/);
  });
});

describe('subscriber management', () => {
  it('never re-activates an unsubscribed, bounced or erased address', async () => {
    await deps.store.setThemes('u@example.com', [{ themeId: 'junior-partner', status: 'unsubscribed' }], 'x');
    await deps.suppression.suppress('b@example.com', 'bounce', 'x');
    await deps.store.setThemes('e@example.com', [{ themeId: 'junior-partner', status: 'active' }], 'x');
    await eraseSubscriber(deps, 'e@example.com');
    expect(await addSubscriber(deps, { email: 'u@example.com', themes: ['junior-partner'], status: 'active', source: 'import' })).toBe('refused-unsubscribed');
    expect(await addSubscriber(deps, { email: 'b@example.com', themes: ['junior-partner'], status: 'active', source: 'import' })).toBe('refused-suppressed');
    expect(await addSubscriber(deps, { email: 'e@example.com', themes: ['junior-partner'], status: 'pending', source: 'cli' })).toBe('refused-suppressed');
    expect(await deps.store.get('e@example.com')).toBeNull();
  });

  it('activates rows the editor holds consent for and mails pending ones', async () => {
    expect(await addSubscriber(deps, { email: 'act@example.com', themes: ['junior-partner'], status: 'active', source: 'import' })).toBe('activated');
    expect(await addSubscriber(deps, { email: 'pen@example.com', themes: ['junior-partner'], status: 'pending', source: 'import' })).toBe('mailed');
    expect(deps.mailer.to('pen@example.com')).toHaveLength(1);
    expect(exportRows(await allSubscribers(deps))).toEqual([
      { email: 'act@example.com', themes: ['junior-partner'], status: 'active' },
      { email: 'pen@example.com', themes: ['junior-partner'], status: 'pending' },
    ]);
  });
});

describe('subscribers CSV', () => {
  it('validates every row and reports all the bad ones', () => {
    const csv = 'email,themes,status\nok@example.com,junior-partner;regional-reach,active\nbad-address,junior-partner,active\nx@example.com,nope,pending\ny@example.com,junior-partner,maybe\nok@example.com,junior-partner,active\n';
    const { rows, problems } = parseSubscribersCsv(csv, ['junior-partner', 'regional-reach']);
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([
      "line 3: 'bad-address' is not a valid email address",
      "line 4: unknown theme 'nope'",
      "line 5: status must be pending or active, got 'maybe'",
      'line 6: ok@example.com appears twice',
    ]);
  });

  it('round-trips through export', () => {
    const text = formatSubscribersCsv([{ email: 'a@example.com', themes: ['junior-partner', 'regional-reach'], status: 'active' }]);
    expect(parseSubscribersCsv(text, ['junior-partner', 'regional-reach']).rows[0]).toMatchObject({ email: 'a@example.com', themes: ['junior-partner', 'regional-reach'], status: 'active' });
  });

  it('refuses a wrong header', () => {
    expect(parseSubscribersCsv('mail,topics\n', []).problems[0]).toMatch(/header must be email,themes,status/);
  });
});

describe('subscribe by email', () => {
  const eml = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/inbound', name));

  it('starts double opt-in for a subscribe+THEME message that passed SPF, DKIM and DMARC', async () => {
    const r = await receiveInboundEmail(deps, eml('subscribe.eml'));
    expect(r).toMatchObject({ action: 'subscribe', themes: ['junior-partner'] });
    expect(deps.mailer.to('grace@example.net')).toHaveLength(1);
    expect((await deps.store.get('grace@example.net'))?.themes[0].status).toBe('pending');
  });

  it('ignores auto-replies and messages that failed authentication', async () => {
    expect((await receiveInboundEmail(deps, eml('auto-reply.eml'))).action).toBe('ignored');
    expect((await receiveInboundEmail(deps, eml('dkim-fail.eml'))).reason).toMatch(/authentication did not pass/);
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it('unsubscribes the sender on "unsubscribe" in the subject', async () => {
    await deps.store.setThemes('grace@example.net', [{ themeId: 'junior-partner', status: 'active' }], 'x');
    const raw = Buffer.from(eml('subscribe.eml').toString().replace('To: subscribe+junior-partner@news.example.org', 'To: news@news.example.org').replace('Subject: please add me', 'Subject: unsubscribe'));
    const r = await receiveInboundEmail(deps, raw);
    expect(r).toMatchObject({ action: 'unsubscribe', themes: ['junior-partner'] });
    expect((await deps.store.get('grace@example.net'))?.themes[0].status).toBe('unsubscribed');
  });
});
