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
import { deliverSubscribeRequests, MIN_JOBS_PER_RUN } from '../../lambdas/services/deliver-subscribe-requests.ts';
import { MemoryOutbox } from '../../lambdas/adapters/memory/memory-outbox.ts';
import { MailerError } from '../../lambdas/ports/mailer.ts';
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
    outbox: new MemoryOutbox(),
  };
});

describe('subscribe', () => {
  it('answers the same for a suppressed address but mails nothing (no enumeration)', async () => {
    await deps.suppression.suppress('gone@example.com', 'bounce', 'x');
    expect(await subscribe(deps, { email: 'gone@example.com', themes: ['junior-partner'], source: 'api', ip: '1.2.3.4' })).toEqual({ queued: true });
    await deliverSubscribeRequests(deps);
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it('does the same work for a new, a pending and an active address: one rate-limit hit and one queued request', async () => {
    // Prepare: count every port call subscribe makes
    await deps.store.setThemes('active@example.com', [{ themeId: 'junior-partner', status: 'active' }], 'x');
    await deps.store.setThemes('pending@example.com', [{ themeId: 'junior-partner', status: 'pending' }], 'x');
    const calls: string[] = [];
    const spy = <T extends object>(name: string, o: T): T => new Proxy(o, { get: (t, k) => (typeof (t as Record<string | symbol, unknown>)[k] === 'function' ? (...a: unknown[]) => (calls.push(`${name}.${String(k)}`), (t as Record<string | symbol, (...x: unknown[]) => unknown>)[k](...a)) : (t as Record<string | symbol, unknown>)[k]) });
    const counted = { ...deps, store: spy('store', deps.store), suppression: spy('suppression', deps.suppression), limiter: spy('limiter', deps.limiter), outbox: spy('outbox', deps.outbox!), mailer: spy('mailer', deps.mailer) };
    const work: string[][] = [];
    // Act
    for (const email of ['new@example.com', 'pending@example.com', 'active@example.com']) {
      calls.length = 0;
      await subscribe(counted, { email, themes: ['junior-partner'], source: 'api', ip: '1.2.3.4' });
      work.push([...calls]);
    }
    // Assess
    expect(work[0]).toEqual(['limiter.hit', 'outbox.enqueue']);
    expect(work[1]).toEqual(work[0]);
    expect(work[2]).toEqual(work[0]);
  });

  it('limits mails per mailbox (plus-tags and Gmail dots folded) and requests per network (IPv6 /64)', async () => {
    // Act: 5 requests for one address, then 60 plus-tag and dotted variants of one Gmail inbox
    for (let i = 0; i < 5; i++) await subscribe(deps, { email: 'a@example.com', themes: ['junior-partner'], source: 'api', ip: `10.0.0.${i}` });
    for (let i = 0; i < 20; i++) await subscribe(deps, { email: `ada.l+${i}@gmail.com`, themes: ['junior-partner'], source: 'api', ip: `10.1.${i}.1` });
    for (let i = 0; i < 20; i++) await subscribe(deps, { email: `a.d.a.l+x${i}@googlemail.com`, themes: ['junior-partner'], source: 'api', ip: `10.2.${i}.1` });
    await deliverSubscribeRequests(deps, { limit: 100 });
    // Assess
    expect(deps.mailer.sent.filter((m) => m.to === 'a@example.com')).toHaveLength(3);
    expect(deps.mailer.sent.filter((m) => /gmail/.test(m.to))).toHaveLength(3);
    const flood = async (ip: (i: number) => string) => {
      for (let i = 0; i < 40; i++) await subscribe(deps, { email: `u${i}@example.com`, themes: ['junior-partner'], source: 'api', ip: ip(i) });
    };
    await expect(flood(() => '9.9.9.9')).rejects.toThrow(/too many requests/);
    await expect(flood((i) => `2001:db8:aa:bb::${i.toString(16)}`)).rejects.toThrow(/too many requests/);
  });

  it('keeps a request while SES is down and mails it once SES is back', async () => {
    // Prepare: SES refuses connections for the first try
    deps.mailer.failures.push(new MailerError('transient', 'SES is not reachable'));
    // Act
    expect(await subscribe(deps, { email: 'later@example.com', themes: ['junior-partner'], source: 'api', ip: '1.2.3.4' })).toEqual({ queued: true });
    const first = await deliverSubscribeRequests(deps);
    const laterDeps = { ...deps, clock: { now: () => new Date('2026-11-24T11:00:00Z') } };
    const second = await deliverSubscribeRequests(laterDeps);
    // Assess
    expect(first).toMatchObject({ delivered: 0, retried: 1 });
    expect(second).toMatchObject({ delivered: 1 });
    expect(deps.mailer.sent.map((m) => m.to)).toEqual(['later@example.com']);
    expect(await deps.outbox!.size()).toBe(0);
  });

  it('delivers a backlog in lanes, one address always in order in its lane', async () => {
    // Prepare: 40 requests, two of them (one theme, then another) for the same address
    for (let i = 0; i < 38; i++) await subscribe(deps, { email: `lane${i}@example.com`, themes: ['junior-partner'], source: 'api', ip: `10.3.${i}.1` });
    await subscribe(deps, { email: 'same@example.com', themes: ['junior-partner'], source: 'api', ip: '10.4.0.1' });
    await subscribe(deps, { email: 'same@example.com', themes: ['regional-reach'], source: 'api', ip: '10.4.0.2' });
    // The first mail to that address is slow: a second lane would overtake it.
    const order: string[] = [];
    const slow = { send: async (m: Parameters<MemoryMailer['send']>[0]) => {
      const first = m.to === 'same@example.com' && !order.includes('first');
      if (m.to === 'same@example.com') order.push(first ? 'first' : 'second');
      if (first) await new Promise((r) => setTimeout(r, 30));
      const out = await deps.mailer.send(m);
      if (m.to === 'same@example.com') order.push(first ? 'first sent' : 'second sent');
      return out;
    } };
    // Act
    const r = await deliverSubscribeRequests({ ...deps, mailer: slow }, { lanes: 8 });
    // Assess
    expect(r).toMatchObject({ delivered: 40, gaveWay: false });
    expect(order).toEqual(['first', 'first sent', 'second', 'second sent']);
    expect(deps.mailer.sent).toHaveLength(40);
    expect((await deps.store.get('same@example.com'))?.themes.map((t) => t.themeId).sort()).toEqual(['junior-partner', 'regional-reach']);
    expect(await deps.outbox!.size()).toBe(0);
  });

  it('gives way to a busy API after a few jobs and delivers the rest on the next run', async () => {
    // Prepare
    for (let i = 0; i < 10; i++) await subscribe(deps, { email: `busy${i}@example.com`, themes: ['junior-partner'], source: 'api', ip: `10.5.${i}.1` });
    // Act: the API is busy for the first run, quiet for the second
    const first = await deliverSubscribeRequests(deps, { giveWay: () => true });
    const second = await deliverSubscribeRequests(deps, { giveWay: () => false });
    // Assess
    expect(first).toMatchObject({ delivered: MIN_JOBS_PER_RUN, gaveWay: true });
    expect(second).toMatchObject({ delivered: 10 - MIN_JOBS_PER_RUN, gaveWay: false });
    expect(new Set(deps.mailer.sent.map((m) => m.to)).size).toBe(10);
  });

  it('stores nothing and answers 503 when the queue cannot take the request', async () => {
    const down = { ...deps, outbox: { ...deps.outbox!, enqueue: async () => Promise.reject(Object.assign(new Error('DynamoDB is not reachable'), { httpStatus: 503 })) } as never };
    await expect(subscribe(down, { email: 'x@example.com', themes: ['junior-partner'], source: 'api', ip: null })).rejects.toThrow(/not reachable/);
    expect(await deps.store.get('x@example.com')).toBeNull();
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it.each([[{ toString: 1 }], [['junior-partner', { toString: 1 }]], [[['junior-partner']]], [123]])('refuses themes %j with a 4xx, not a crash', async (themes) => {
    await expect(subscribe(deps, { email: 'x@example.com', themes, source: 'api', ip: null })).rejects.toMatchObject({ httpStatus: 400 });
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
      "line 5: status must be pending, active or empty, got 'maybe'",
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

  it('starts double opt-in for a subscribe+THEME message that passed SPF, DKIM and DMARC, through the outbox', async () => {
    // Act: the message is taken while nothing is mailed yet; the outbox worker then mails it
    const r = await receiveInboundEmail(deps, eml('subscribe.eml'));
    const mailedAtOnce = deps.mailer.sent.length;
    const delivered = await deliverSubscribeRequests(deps);
    // Assess
    expect(r).toMatchObject({ action: 'subscribe', reason: 'confirmation queued (double opt-in)', themes: ['junior-partner'] });
    expect(mailedAtOnce).toBe(0);
    expect(delivered).toMatchObject({ delivered: 1 });
    expect(deps.mailer.to('grace@example.net')).toHaveLength(1);
    expect((await deps.store.get('grace@example.net'))?.themes[0].status).toBe('pending');
  });

  it('mails the confirmation at once where there is no outbox', async () => {
    const { outbox: _none, ...direct } = deps;
    const r = await receiveInboundEmail({ ...direct, mailer: deps.mailer }, eml('subscribe.eml'));
    expect(r).toMatchObject({ action: 'subscribe', reason: 'confirmation mailed (double opt-in)' });
    expect(deps.mailer.to('grace@example.net')).toHaveLength(1);
  });

  it('ignores auto-replies and messages that failed authentication', async () => {
    expect((await receiveInboundEmail(deps, eml('auto-reply.eml'))).action).toBe('ignored');
    expect((await receiveInboundEmail(deps, eml('dkim-fail.eml'))).reason).toMatch(/authentication did not vouch for the sender/);
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it.each([
    ['SPF and DKIM pass for another domain, no DMARC policy', 'spf=pass smtp.mailfrom=attacker.example; dkim=pass header.d=attacker.example; dmarc=none header.from=victim.example', 'ignored'],
    ['DKIM passes for the From domain, no DMARC policy', 'spf=fail smtp.mailfrom=attacker.example; dkim=pass header.d=mail.victim.example; dmarc=none header.from=victim.example', 'subscribe'],
    ['SPF passes for the From organization, no DMARC policy', 'spf=pass smtp.mailfrom=bounces.victim.example; dkim=none; dmarc=none header.from=victim.example', 'subscribe'],
    ['DMARC fails', 'spf=pass smtp.mailfrom=victim.example; dkim=pass header.d=victim.example; dmarc=fail header.from=victim.example', 'ignored'],
  ])('inbound mail with %s is %s', async (_name, results, action) => {
    // Prepare: a subscribe request "from" victim.example with the given authentication
    const raw = Buffer.from(eml('subscribe.eml').toString().replace(/^Authentication-Results: .*$/m, `Authentication-Results: amazonses.com; ${results}`).replace('From: Grace <grace@example.net>', 'From: Victim <someone@victim.example>').replace('Return-Path: <grace@example.net>', 'Return-Path: <x@attacker.example>'));
    // Act
    const r = await receiveInboundEmail(deps, raw);
    // Assess
    expect(r.action).toBe(action);
  });

  it('unsubscribes the sender on "unsubscribe" in the subject', async () => {
    await deps.store.setThemes('grace@example.net', [{ themeId: 'junior-partner', status: 'active' }], 'x');
    const raw = Buffer.from(eml('subscribe.eml').toString().replace('To: subscribe+junior-partner@news.example.org', 'To: news@news.example.org').replace('Subject: please add me', 'Subject: unsubscribe'));
    const r = await receiveInboundEmail(deps, raw);
    expect(r).toMatchObject({ action: 'unsubscribe', themes: ['junior-partner'] });
    expect((await deps.store.get('grace@example.net'))?.themes[0].status).toBe('unsubscribed');
  });
});

describe('undo after unsubscribe', () => {
  it('restores only the confirmed themes that one unsubscribe removed, and expires after 7 days', async () => {
    // Prepare: active on one theme, never confirmed on the other
    const { unsubscribe, undoUnsubscribe } = await import('../../lambdas/services/unsubscribe.ts');
    const { recipientLinks, tokenKeysOf } = await import('../../lambdas/domain/subscriptions/links.ts');
    await deps.store.setThemes('r@example.com', [{ themeId: 'junior-partner', status: 'active' }, { themeId: 'regional-reach', status: 'pending' }], 'x');
    const link = recipientLinks({ publicBaseUrl: 'https://n.example', tokenKeys: tokenKeysOf(deps.config) }, 'r@example.com', 'junior-partner', deps.clock.now()).unsubscribeUrl;
    const token = new URL(link).searchParams.get('token')!;
    // Act: leave everything, then undo
    const left = await unsubscribe(deps, { token, ip: null, scope: 'all' });
    const undoToken = new URL(left.undoUrl!).searchParams.get('token')!;
    const restored = await undoUnsubscribe(deps, { token: undoToken, ip: null });
    // Assess
    expect(left.removed.sort()).toEqual(['junior-partner', 'regional-reach']);
    expect(restored.restored).toEqual(['junior-partner']);
    expect((await deps.store.get('r@example.com'))?.themes.map((t) => [t.themeId, t.status])).toEqual([['junior-partner', 'active'], ['regional-reach', 'unsubscribed']]);
    const eightDaysLater = { ...deps, clock: { now: () => new Date(deps.clock.now().getTime() + 8 * 86_400_000) } };
    await expect(undoUnsubscribe(eightDaysLater, { token: undoToken, ip: null })).rejects.toThrow(/expired/);
  });

  it('never lets add or import put back a reader who left every theme', async () => {
    await deps.store.setThemes('left@example.com', [{ themeId: 'junior-partner', status: 'unsubscribed' }], 'x');
    expect(await addSubscriber(deps, { email: 'left@example.com', themes: ['regional-reach'], status: 'active', source: 'import' })).toBe('refused-unsubscribed');
    expect(await addSubscriber(deps, { email: 'left@example.com', themes: ['regional-reach'], status: 'pending', source: 'cli' })).toBe('refused-unsubscribed');
    expect((await deps.store.get('left@example.com'))?.themes.map((t) => t.status)).toEqual(['unsubscribed']);
  });
});

describe('cross-site form posts', () => {
  it('refuses another site, takes the public site and a trusted archive origin', async () => {
    const { crossSite } = await import('../../lambdas/handlers/http/routes.ts');
    const req = (headers: Record<string, string>) => ({ method: 'POST', path: '/subscribe', query: new URLSearchParams(), headers, body: '', ip: null });
    expect(crossSite(req({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), 'https://news.example.org')).toBe(true);
    expect(crossSite(req({ origin: 'https://news.example.org', 'sec-fetch-site': 'same-origin' }), 'https://news.example.org')).toBe(false);
    expect(crossSite(req({ origin: 'https://d111.cloudfront.net', 'sec-fetch-site': 'cross-site' }), 'https://news.example.org', ['https://d111.cloudfront.net'])).toBe(false);
    expect(crossSite(req({}), 'https://news.example.org')).toBe(false);
    expect(crossSite(req({ origin: 'null' }), 'https://news.example.org')).toBe(true);
  });
});
