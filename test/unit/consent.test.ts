/**
 * Consent moves forward only by the owner's action (issue #26, item 4): each reproduction of
 * the adversarial pass, replayed against the services.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { confirmLink, recipientLinks, tokenKeysOf } from '../../lambdas/domain/subscriptions/links.ts';
import { signToken } from '../../lambdas/domain/subscriptions/tokens.ts';
import { confirmSubscription } from '../../lambdas/services/confirm-subscription.ts';
import { deliverSubscribeRequests } from '../../lambdas/services/deliver-subscribe-requests.ts';
import { addSubscriber } from '../../lambdas/services/manage-subscribers.ts';
import { subscribe } from '../../lambdas/services/subscribe.ts';
import { undoUnsubscribe, unsubscribe } from '../../lambdas/services/unsubscribe.ts';
import { memorySubscriptionDeps, type MemorySubscriptionDeps } from '../support/memory-subscription-deps.ts';
import { readPreferences, updatePreferences } from '../../lambdas/services/update-preferences.ts';

const READER = 'reader@example.com';
let now: number;
let deps: MemorySubscriptionDeps;
const tick = (ms = 60_000) => (now += ms);
const tokenOf = (url: string) => decodeURIComponent(new URL(url).searchParams.get('token')!);
const status = async (id: string) => (await deps.store.get(READER))?.themes.find((t) => t.themeId === id)?.status;
const welcomes = () => deps.mailer.sent.filter((m) => /welcome/i.test(Buffer.from(m.raw).toString('utf8').split('\r\n\r\n')[0])).length;

/** Subscribes and confirms a reader to themes, returning the confirmation link's token. */
async function activeReader(themes: string[]): Promise<string> {
  await subscribe(deps, { email: READER, themes, source: 'web', ip: null });
  await deliverSubscribeRequests(deps);
  tick();
  const token = tokenOf(confirmLink({ publicBaseUrl: 'https://n.example', tokenKeys: tokenKeysOf(deps.config) }, READER, themes, new Date(now)));
  await confirmSubscription(deps, { token, ip: null });
  tick();
  return token;
}

function unsubscribeToken(themeId: string | null): string {
  return signToken({ purpose: 'unsubscribe', email: READER, theme: themeId, expiresAt: null }, tokenKeysOf(deps.config));
}

beforeEach(() => {
  now = Date.parse('2026-12-02T10:00:00Z');
  deps = memorySubscriptionDeps({ themes: ['junior-partner', 'regional-reach', 'common-adversary'], now: () => new Date(now) });
});

describe("a stranger's subscribe", () => {
  it('never turns a theme the reader left back to pending, so add --status active cannot re-activate it', async () => {
    // Prepare
    await activeReader(['junior-partner']);
    await unsubscribe(deps, { token: unsubscribeToken('junior-partner'), ip: null });
    tick();
    // Act: someone else types the reader's address into the form, then the editor adds them as active
    await subscribe(deps, { email: READER, themes: ['junior-partner'], source: 'web', ip: '203.0.113.5' });
    await deliverSubscribeRequests(deps);
    const added = await addSubscriber(deps, { email: READER, themes: ['junior-partner'], status: 'active', source: 'cli' });
    // Assess
    expect(await status('junior-partner')).toBe('unsubscribed');
    expect(added).toBe('refused-unsubscribed');
  });

  it('still mails the reader a link with which they alone can come back', async () => {
    // Prepare
    await activeReader(['junior-partner']);
    await unsubscribe(deps, { token: unsubscribeToken('junior-partner'), ip: null });
    tick();
    // Act
    await subscribe(deps, { email: READER, themes: ['junior-partner'], source: 'web', ip: null });
    await deliverSubscribeRequests(deps);
    tick();
    const fresh = tokenOf(confirmLink({ publicBaseUrl: 'https://n.example', tokenKeys: tokenKeysOf(deps.config) }, READER, ['junior-partner'], new Date(now)));
    const r = await confirmSubscription(deps, { token: fresh, ip: null });
    // Assess
    expect(r.activated).toEqual(['junior-partner']);
    expect(await status('junior-partner')).toBe('active');
  });
});

describe('a confirmation link', () => {
  it('replayed after an unsubscribe re-activates nothing and sends no second welcome', async () => {
    // Prepare
    const first = await activeReader(['junior-partner']);
    await unsubscribe(deps, { token: unsubscribeToken(null), ip: null });
    tick();
    const welcomesBefore = welcomes();
    expect(welcomesBefore).toBe(1);
    // Act
    const r = await confirmSubscription(deps, { token: first, ip: null });
    // Assess
    expect(r.activated).toEqual([]);
    expect(r.stale).toEqual(['junior-partner']);
    expect(await status('junior-partner')).toBe('unsubscribed');
    expect(welcomes()).toBe(welcomesBefore);
  });
});

describe('an undo link', () => {
  it('replayed after a later unsubscribe re-activates nothing', async () => {
    // Prepare: leave, undo, leave again
    await activeReader(['junior-partner']);
    const left = await unsubscribe(deps, { token: unsubscribeToken('junior-partner'), ip: null });
    tick();
    const undo = tokenOf(left.undoUrl!);
    expect((await undoUnsubscribe(deps, { token: undo, ip: null })).restored).toEqual(['junior-partner']);
    tick();
    await unsubscribe(deps, { token: unsubscribeToken('junior-partner'), ip: null });
    tick();
    // Act
    const replay = await undoUnsubscribe(deps, { token: undo, ip: null });
    // Assess
    expect(replay.restored).toEqual([]);
    expect(await status('junior-partner')).toBe('unsubscribed');
  });
});

describe('a preferences link', () => {
  it('after "unsubscribe from all" switches nothing on: added themes get a confirmation mail first', async () => {
    // Prepare
    await activeReader(['junior-partner']);
    const prefs = tokenOf(recipientLinks({ publicBaseUrl: 'https://n.example', tokenKeys: tokenKeysOf(deps.config) }, READER, 'junior-partner', new Date(now)).preferencesUrl);
    await unsubscribe(deps, { token: unsubscribeToken(null), ip: null });
    tick();
    const mailsBefore = deps.mailer.sent.length;
    // Act: a forwarded issue's link ticks every theme
    const r = await updatePreferences(deps, { token: prefs, themes: ['junior-partner', 'regional-reach', 'common-adversary'], ip: '198.51.100.4' });
    // Assess
    expect(r.active).toEqual([]);
    expect(r.confirming).toEqual(['junior-partner', 'regional-reach', 'common-adversary']);
    for (const id of ['junior-partner', 'regional-reach', 'common-adversary']) expect(await status(id)).not.toBe('active');
    expect(deps.mailer.sent.length).toBe(mailsBefore + 1);
  });

  it('lowers consent at once', async () => {
    // Prepare
    await activeReader(['junior-partner', 'regional-reach']);
    const prefs = tokenOf(recipientLinks({ publicBaseUrl: 'https://n.example', tokenKeys: tokenKeysOf(deps.config) }, READER, null, new Date(now)).preferencesUrl);
    // Act
    const r = await updatePreferences(deps, { token: prefs, themes: ['regional-reach'], ip: null });
    // Assess
    expect(r).toMatchObject({ active: ['regional-reach'], confirming: [] });
    expect(await status('junior-partner')).toBe('unsubscribed');
  });

  it('expires, and one made before links expired is refused', async () => {
    // Prepare
    await activeReader(['junior-partner']);
    const prefs = tokenOf(recipientLinks({ publicBaseUrl: 'https://n.example', tokenKeys: tokenKeysOf(deps.config) }, READER, null, new Date(now)).preferencesUrl);
    const forever = signToken({ purpose: 'preferences', email: READER, theme: null, expiresAt: null }, tokenKeysOf(deps.config));
    // Act / Assess
    await expect(readPreferences(deps, forever)).rejects.toThrow(/expired/);
    tick(61 * 86_400_000);
    await expect(readPreferences(deps, prefs)).rejects.toThrow(/expired/);
  });
});
