/**
 * Mailbox folding (issue #26): the rate limits and the suppression list fold an address to
 * its mailbox the same way (one function, mailbox.ts), and a suppression never reaches a
 * mailbox the suppressed address does not speak for.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memorySubscriptionDeps, type MemorySubscriptionDeps } from '../support/memory-subscription-deps.ts';
import { foldMailbox } from '../../lambdas/domain/subscriptions/mailbox.ts';
import { mailboxKey } from '../../lambdas/domain/subscriptions/rate-keys.ts';
import { suppressionKeys } from '../../lambdas/domain/subscriptions/suppression-keys.ts';
import { deliverSubscribeRequests } from '../../lambdas/services/deliver-subscribe-requests.ts';
import { eraseSubscriber } from '../../lambdas/services/erase-subscriber.ts';
import { addSubscriber } from '../../lambdas/services/manage-subscribers.ts';
import { subscribe } from '../../lambdas/services/subscribe.ts';

let deps: MemorySubscriptionDeps;

beforeEach(() => {
  deps = memorySubscriptionDeps({ themes: ['junior-partner'] });
});

describe('folding an address to its mailbox', () => {
  it.each([
    ['Ada.L+news@GoogleMail.com', 'adal@gmail.com', true],
    ['x.@gmail.com', 'x@gmail.com', true],
    ['ada+news@outlook.com', 'ada@outlook.com', true],
    ['anything@ada.fastmail.com', 'ada@fastmail.com', true],
    ['a+b@ada.fastmail.com', 'ada@fastmail.com', true],
    ['ada+x@fastmail.com', 'ada@fastmail.com', true],
    ['x@a.b.fastmail.com', 'x@a.b.fastmail.com', true],
    ['base-shop@yahoo.com', 'base-@yahoo.com', false],
    ['ada@yahoo.com', 'ada@yahoo.com', true],
    ['ada+x@corp.example', 'ada@corp.example', false],
    ['j.smith@corp.example', 'j.smith@corp.example', true],
    ['a-b@corp.example', 'a-b@corp.example', true],
    ['+tag@corp.example', '+tag@corp.example', true],
  ])('%s is mailbox %s (certain: %s)', (email, key, certain) => {
    expect(foldMailbox(email)).toEqual({ key, certain });
    expect(mailboxKey(email)).toBe(key);
  });

  it('writes a mailbox key only when the address certainly speaks for the mailbox', () => {
    expect(suppressionKeys('x+a@gmail.com').write).toHaveLength(2);
    expect(suppressionKeys('x+a@corp.example').write).toHaveLength(1);
    expect(suppressionKeys('x+a@corp.example').check).toHaveLength(2);
    expect(suppressionKeys('x@corp.example')).toEqual({ check: [expect.any(String)], write: [expect.any(String)] });
  });
});

describe('the per-mailbox limit', () => {
  it('counts Fastmail subdomain addresses and Yahoo `-` keywords as their mailbox', async () => {
    // Act: 20 spellings of each mailbox, from 20 networks
    for (let i = 0; i < 20; i++) await subscribe(deps, { email: `x${i}@ada.fastmail.com`, themes: ['junior-partner'], source: 'api', ip: `10.6.${i}.1` });
    for (let i = 0; i < 20; i++) await subscribe(deps, { email: `adabase-k${i}@yahoo.com`, themes: ['junior-partner'], source: 'api', ip: `10.7.${i}.1` });
    await deliverSubscribeRequests(deps, { limit: 100 });
    // Assess: the per-mailbox limit (3 an hour) holds for each
    expect(deps.mailer.sent.filter((m) => /fastmail/.test(m.to))).toHaveLength(3);
    expect(deps.mailer.sent.filter((m) => /yahoo/.test(m.to))).toHaveLength(3);
  });
});

describe('suppression folds addresses as the limits do', () => {
  it('after `subscribers remove x@gmail.com` the form mails neither x+again@ nor x.@gmail.com', async () => {
    // Prepare: the editor erased x@gmail.com
    await deps.store.setThemes('x@gmail.com', [{ themeId: 'junior-partner', status: 'active' }], '2026-11-01T00:00:00Z');
    await eraseSubscriber(deps, 'x@gmail.com');
    // Act: the form, then the editor's add
    for (const [i, email] of ['x+again@gmail.com', 'x.@gmail.com', 'X@GoogleMail.com'].entries()) await subscribe(deps, { email, themes: ['junior-partner'], source: 'api', ip: `10.8.${i}.1` });
    await deliverSubscribeRequests(deps, { limit: 10 });
    const added = await addSubscriber(deps, { email: 'x+import@gmail.com', themes: ['junior-partner'], status: 'active', source: 'import' });
    // Assess
    expect(deps.mailer.sent).toHaveLength(0);
    expect(added).toBe('refused-suppressed');
  });

  it('a bounce of victim+junk@corp.example does not stop mail to victim@corp.example', async () => {
    // Prepare: someone subscribed a made-up tag of the victim's address and it bounced
    await deps.suppression.suppress('victim+junk@corp.example', 'bounce', '2026-11-24T09:00:00Z');
    // Act
    await subscribe(deps, { email: 'victim@corp.example', themes: ['junior-partner'], source: 'api', ip: '10.9.0.1' });
    await deliverSubscribeRequests(deps);
    // Assess
    expect(deps.mailer.to('victim@corp.example')).toHaveLength(1);
  });
});
