/**
 * Preferences by signed link: read the reader's themes, and set exactly the themes they
 * keep (the link comes from their own mailbox, so it counts as consent for added themes).
 */
import { tokenKeysOf } from '../domain/subscriptions/links.ts';
import { verifyToken } from '../domain/subscriptions/tokens.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';
import { validThemes } from './subscribe.ts';

/** The reader's address and active themes. */
export async function readPreferences(deps: SubscriptionDeps, token: string): Promise<{ email: string; active: string[] }> {
  const p = verifyToken(token, tokenKeysOf(deps.config), { purpose: 'preferences', now: deps.clock.now() });
  const sub = await deps.store.get(p.email);
  return { email: p.email, active: (sub?.themes ?? []).filter((t) => t.status === 'active').map((t) => t.themeId) };
}

/** Keeps exactly `themes` active (an empty list unsubscribes from all). */
export async function updatePreferences(deps: SubscriptionDeps, input: { token: string; themes: unknown; ip: string | null }): Promise<{ email: string; active: string[] }> {
  const { email, active } = await readPreferences(deps, input.token);
  const wanted = Array.isArray(input.themes) && input.themes.length === 0 ? [] : validThemes(deps, input.themes);
  if (await deps.suppression.isSuppressed(email)) return { email, active: [] };
  const now = deps.clock.now().toISOString();
  const changes = [
    ...wanted.filter((id) => !active.includes(id)).map((themeId) => ({ themeId, status: 'active' as const })),
    ...active.filter((id) => !wanted.includes(id)).map((themeId) => ({ themeId, status: 'unsubscribed' as const })),
  ];
  if (changes.length) {
    await deps.store.setThemes(email, changes, now);
    await deps.store.recordConsent(email, { action: 'preferences', themes: wanted, source: 'web', at: now, ip: input.ip });
  }
  return { email, active: wanted };
}
