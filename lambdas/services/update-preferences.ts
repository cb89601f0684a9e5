/**
 * Preferences by signed link: read the reader's themes; leaving themes takes effect at once,
 * while an added theme gets a confirmation mail first (the link stands in every forwarded
 * issue, so it may only lower consent). The link expires (PREFERENCES_TTL_DAYS); one made
 * before links expired is refused.
 */
import { tokenKeysOf } from '../domain/subscriptions/links.ts';
import { verifyToken } from '../domain/subscriptions/tokens.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';
import { startDoubleOptIn, validThemes } from './subscribe.ts';
import { InvalidTokenError } from '../errors.ts';

/** The reader's address and active themes. */
export async function readPreferences(deps: SubscriptionDeps, token: string): Promise<{ email: string; active: string[] }> {
  const p = verifyToken(token, tokenKeysOf(deps.config), { purpose: 'preferences', now: deps.clock.now() });
  if (p.expiresAt === null) throw new InvalidTokenError('this preferences link has expired; use the one in your latest email');
  const sub = await deps.store.get(p.email);
  return { email: p.email, active: (sub?.themes ?? []).filter((t) => t.status === 'active').map((t) => t.themeId) };
}

/**
 * Leaves the themes not in `themes` at once, and mails a confirmation link for the themes
 * added (an empty list unsubscribes from all).
 * @returns the themes active now, and those awaiting the reader's confirmation
 */
export async function updatePreferences(deps: SubscriptionDeps, input: { token: string; themes: unknown; ip: string | null }): Promise<{ email: string; active: string[]; confirming: string[] }> {
  const { email, active } = await readPreferences(deps, input.token);
  const wanted = Array.isArray(input.themes) && input.themes.length === 0 ? [] : validThemes(deps, input.themes);
  if (await deps.suppression.isSuppressed(email)) return { email, active: [], confirming: [] };
  const now = deps.clock.now().toISOString();
  const leaving = active.filter((id) => !wanted.includes(id));
  if (leaving.length) {
    await deps.store.setThemes(email, leaving.map((themeId) => ({ themeId, status: 'unsubscribed' as const })), now);
    await deps.store.recordConsent(email, { action: 'preferences', themes: wanted.filter((id) => active.includes(id)), source: 'web', at: now, ip: input.ip });
  }
  const adding = wanted.filter((id) => !active.includes(id));
  const mailed = adding.length ? await startDoubleOptIn(deps, { email, themes: adding, source: 'web', ip: input.ip }) : { mailed: false };
  return { email, active: active.filter((id) => wanted.includes(id)), confirming: mailed.mailed ? adding : [] };
}
