/**
 * Consent rules: consent moves forward only by the owner's action. A stranger's subscribe
 * never changes a theme the reader left; a confirmation or undo link acts only on the state it
 * was issued in (a theme whose status changed after the link was made is out of its reach, so
 * each link works once and a replay after a later unsubscribe does nothing).
 */
import type { SubscriptionStatus, ThemeSubscription } from '../../ports/subscriber-store.ts';

/** The status a subscribe request may set: pending for a new or pending theme; a theme the reader left or holds stays as it is. */
export function statusAfterSubscribe(current: SubscriptionStatus | undefined): SubscriptionStatus | null {
  return current === undefined || current === 'pending' ? 'pending' : null;
}

/** Whether a theme's status was last set at or before `issuedAtMs` (the link saw this state). */
function unchangedSince(t: ThemeSubscription | undefined, issuedAtMs: number): boolean {
  return !t || Date.parse(t.updatedAt) <= issuedAtMs;
}

/**
 * The themes a confirmation link activates: named by the link, not already active, and
 * unchanged since the link was issued (a reader who left after it was sent stays out).
 */
export function confirmableThemes(current: readonly ThemeSubscription[], linked: readonly string[], issuedAtMs: number): string[] {
  return linked.filter((id) => {
    const t = current.find((x) => x.themeId === id);
    return t?.status !== 'active' && unchangedSince(t, issuedAtMs);
  });
}

/**
 * The themes an undo link restores: named by it, still unsubscribed, and left by the
 * unsubscribe that issued the link (not by a later one).
 */
export function restorableThemes(current: readonly ThemeSubscription[], linked: readonly string[], issuedAtMs: number): string[] {
  return linked.filter((id) => {
    const t = current.find((x) => x.themeId === id);
    return t?.status === 'unsubscribed' && unchangedSince(t, issuedAtMs);
  });
}
