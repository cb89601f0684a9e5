/**
 * confirmSubscription: the second step of double opt-in (POST only; GET shows a button).
 * Verifies the signed, unexpired confirmation token, activates the themes, records consent
 * and sends the welcome mail with the unsubscribe and preferences links. Confirming twice
 * changes nothing and sends no second welcome; a link acts only on the state it was issued
 * in, so one replayed after the reader left does nothing (consent-rules.ts).
 * resendConfirmation mails a fresh link for an expired one.
 */
import { nextPeriod } from '../domain/schedule/period.ts';
import type { Theme } from '../domain/types.ts';
import { mailboxKey } from '../domain/subscriptions/rate-keys.ts';
import { confirmableThemes } from '../domain/subscriptions/consent-rules.ts';
import { confirmLink, issuedAtMs, listUnsubscribeHeader, recipientLinks, tokenKeysOf } from '../domain/subscriptions/links.ts';
import { verifyToken } from '../domain/subscriptions/tokens.ts';
import { InvalidTokenError, RateLimitedError } from '../errors.ts';
import { sendTransactional } from './send-transactional.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';
import { LIMITS } from './subscribe.ts';

/** Reads a confirmation token without changing anything (for the GET page). */
export function readConfirmToken(deps: SubscriptionDeps, token: string): { email: string; themes: string[]; issuedAt: number } {
  const p = verifyToken(token, tokenKeysOf(deps.config), { purpose: 'confirm', now: deps.clock.now() });
  const themes = (p.theme ?? '').split(',').filter((id) => deps.themes.some((t) => t.id === id));
  return { email: p.email, themes, issuedAt: issuedAtMs(p, deps.config.confirmTokenTtlHours * 3600) };
}

/**
 * Activates the themes of a confirmation link that are still as they were when it was sent.
 * @returns `activated`, and `stale`: themes the link names but may no longer change (the reader left since)
 */
export async function confirmSubscription(deps: SubscriptionDeps, input: { token: string; ip: string | null }): Promise<{ email: string; themes: string[]; activated: string[]; stale: string[] }> {
  const { email, themes, issuedAt } = readConfirmToken(deps, input.token);
  const now = deps.clock.now();
  if (await deps.suppression.isSuppressed(email)) throw new InvalidTokenError('this address can no longer be subscribed');
  const existing = await deps.store.get(email);
  const current = existing?.themes ?? [];
  const activated = confirmableThemes(current, themes, issuedAt);
  const stale = themes.filter((id) => !activated.includes(id) && current.find((t) => t.themeId === id)?.status !== 'active');
  if (!activated.length) return { email, themes, activated, stale };
  await deps.store.setThemes(email, activated.map((themeId) => ({ themeId, status: 'active' as const })), now.toISOString());
  await deps.store.recordConsent(email, { action: 'confirm', themes: activated, source: 'web', at: now.toISOString(), ip: input.ip });
  const linkCfg = { publicBaseUrl: deps.config.publicBaseUrl, tokenKeys: tokenKeysOf(deps.config), inboundAddress: deps.config.inboundAddress };
  const links = recipientLinks(linkCfg, email, activated.length === 1 ? activated[0] : null, now);
  await sendTransactional(
    deps,
    'welcome',
    email,
    { themes: activated.map((id) => deps.themes.find((t) => t.id === id)!.title), firstIssues: activated.map((id) => firstIssueLine(deps.themes.find((t) => t.id === id)!, now)), links: { unsubscribe: activated.length === 1 ? links.unsubscribeUrl : links.unsubscribeAllUrl, preferences: links.preferencesUrl } },
    listUnsubscribeHeader(linkCfg, links),
  );
  return { email, themes, activated, stale };
}

/** Mails a new confirmation link when the old one expired (its signature must still be valid). */
export async function resendConfirmation(deps: SubscriptionDeps, input: { token: string; ip: string | null }): Promise<void> {
  // Verify as of a moment inside the token's lifetime: signature and purpose still count.
  const p = verifyToken(input.token, tokenKeysOf(deps.config), { purpose: 'confirm', now: new Date(0) });
  const now = deps.clock.now();
  if (!(await deps.limiter.hit(`addr:${mailboxKey(p.email)}`, LIMITS.perAddressPerHour, 3600, now))) throw new RateLimitedError('this address');
  if (await deps.suppression.isSuppressed(p.email)) return;
  const themes = (p.theme ?? '').split(',').filter((id) => deps.themes.some((t) => t.id === id));
  const link = confirmLink({ publicBaseUrl: deps.config.publicBaseUrl, tokenKeys: tokenKeysOf(deps.config), confirmTokenTtlHours: deps.config.confirmTokenTtlHours }, p.email, themes, now);
  await sendTransactional(deps, 'confirm', p.email, { themes: themes.map((id) => deps.themes.find((t) => t.id === id)!.title), links: { confirm: link }, ttlHours: deps.config.confirmTokenTtlHours });
}

/** "The junior partner: Monday 7 December" from the theme's schedule (or "when the editor sends it"). */
export function firstIssueLine(theme: Theme, now: Date): string {
  const next = nextPeriod(theme, now);
  if (!theme.schedule || !next.at) return `${theme.title}: when the editor sends the next one`;
  return `${theme.title}: ${next.at.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: theme.timezone })}`;
}
