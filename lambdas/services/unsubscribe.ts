/**
 * unsubscribe: one-click (RFC 8058) removal from one theme or all, from a signed token that
 * never expires; records consent withdrawal and returns an undo link (valid 7 days).
 * undoUnsubscribe puts back exactly the confirmed themes that one unsubscribe removed: a
 * theme that was still pending is never activated by an undo (no double opt-in bypass), and
 * an undo link replayed after a later unsubscribe does nothing (consent-rules.ts).
 */
import { restorableThemes } from '../domain/subscriptions/consent-rules.ts';
import { issuedAtMs, tokenKeysOf, UNDO_TTL_DAYS, undoLink } from '../domain/subscriptions/links.ts';
import { verifyToken } from '../domain/subscriptions/tokens.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

/** Reads an unsubscribe token without changing anything (for the GET page). */
export function readUnsubscribeToken(deps: SubscriptionDeps, token: string): { email: string; theme: string | null } {
  const p = verifyToken(token, tokenKeysOf(deps.config), { purpose: 'unsubscribe', now: deps.clock.now() });
  return { email: p.email, theme: p.theme };
}

/**
 * Unsubscribes.
 * @param input.scope 'all' widens a theme link to every theme
 */
export async function unsubscribe(deps: SubscriptionDeps, input: { token: string; ip: string | null; scope?: 'theme' | 'all' }): Promise<{ email: string; removed: string[]; undoUrl: string | null }> {
  const { email, theme } = readUnsubscribeToken(deps, input.token);
  const now = deps.clock.now().toISOString();
  const sub = await deps.store.get(email);
  const all = input.scope === 'all' || theme === null;
  const leaving = (sub?.themes ?? []).filter((t) => t.status !== 'unsubscribed' && (all || t.themeId === theme));
  const removed = leaving.map((t) => t.themeId);
  if (!removed.length) return { email, removed, undoUrl: null };
  await deps.store.setThemes(email, removed.map((themeId) => ({ themeId, status: 'unsubscribed' as const })), now);
  await deps.store.recordConsent(email, { action: 'unsubscribe', themes: removed, source: 'web', at: now, ip: input.ip });
  const confirmed = leaving.filter((t) => t.status === 'active').map((t) => t.themeId);
  return { email, removed, undoUrl: confirmed.length ? undoLink({ publicBaseUrl: deps.config.publicBaseUrl, tokenKeys: tokenKeysOf(deps.config) }, email, confirmed, deps.clock.now()) : null };
}

/** Re-subscribes the themes an unsubscribe removed (never a suppressed address). */
export async function undoUnsubscribe(deps: SubscriptionDeps, input: { token: string; ip: string | null }): Promise<{ email: string; restored: string[] }> {
  const p = verifyToken(input.token, tokenKeysOf(deps.config), { purpose: 'undo', now: deps.clock.now() });
  if (await deps.suppression.isSuppressed(p.email)) return { email: p.email, restored: [] };
  const linked = (p.theme ?? '').split(',').filter((id) => deps.themes.some((t) => t.id === id));
  const current = (await deps.store.get(p.email))?.themes ?? [];
  const restored = restorableThemes(current, linked, issuedAtMs(p, UNDO_TTL_DAYS * 86_400));
  if (!restored.length) return { email: p.email, restored };
  const now = deps.clock.now().toISOString();
  await deps.store.setThemes(p.email, restored.map((themeId) => ({ themeId, status: 'active' as const })), now);
  await deps.store.recordConsent(p.email, { action: 'resubscribe', themes: restored, source: 'web', at: now, ip: input.ip });
  return { email: p.email, restored };
}
