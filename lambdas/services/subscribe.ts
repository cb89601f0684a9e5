/**
 * subscribe: starts double opt-in. Validates the address and themes, applies per-IP and
 * per-address rate limits, records consent, marks the themes pending and mails a
 * confirmation link. Answers the same whatever the address's state (no enumeration):
 * suppressed addresses and already active themes get no mail.
 */
import { normalizeEmail, emailProblem } from '../domain/subscriptions/email-address.ts';
import { confirmLink, tokenKeysOf } from '../domain/subscriptions/links.ts';
import type { ConsentRecord } from '../ports/subscriber-store.ts';
import { RateLimitedError, ValidationError } from '../errors.ts';
import { sendTransactional } from './send-transactional.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

export const LIMITS = { perIpPerHour: 30, perAddressPerHour: 3 } as const;

export interface SubscribeInput {
  email: unknown;
  themes: unknown;
  source: ConsentRecord['source'];
  ip: string | null;
}

/** Checks the requested theme ids against themes.yaml. */
export function validThemes(deps: Pick<SubscriptionDeps, 'themes'>, themes: unknown): string[] {
  const list = Array.isArray(themes) ? themes : typeof themes === 'string' ? themes.split(/[;,]/) : [];
  const ids = [...new Set(list.map((t) => String(t).trim()).filter(Boolean))];
  if (!ids.length) throw new ValidationError('choose at least one theme', `known: ${deps.themes.map((t) => t.id).join(', ')}`);
  const unknown = ids.filter((id) => !deps.themes.some((t) => t.id === id));
  if (unknown.length) throw new ValidationError(`unknown theme '${unknown[0]}'`, `known: ${deps.themes.map((t) => t.id).join(', ')}`);
  return ids;
}

/**
 * Starts a subscription.
 * @returns whether a confirmation mail was sent (for logs and tests, never shown to the caller)
 */
export async function subscribe(deps: SubscriptionDeps, input: SubscribeInput): Promise<{ mailed: boolean }> {
  const problem = emailProblem(input.email);
  if (problem) throw new ValidationError(problem);
  const email = normalizeEmail(input.email as string);
  const themes = validThemes(deps, input.themes);
  const now = deps.clock.now();
  if (input.ip && !(await deps.limiter.hit(`ip:${input.ip}`, LIMITS.perIpPerHour, 3600, now))) throw new RateLimitedError('this network');
  if (!(await deps.limiter.hit(`addr:${email}`, LIMITS.perAddressPerHour, 3600, now))) return { mailed: false };
  if (await deps.suppression.isSuppressed(email)) return { mailed: false };
  const existing = await deps.store.get(email);
  const pending = themes.filter((id) => existing?.themes.find((t) => t.themeId === id)?.status !== 'active');
  if (!pending.length) return { mailed: false };
  await deps.store.setThemes(email, pending.map((themeId) => ({ themeId, status: 'pending' as const })), now.toISOString());
  await deps.store.recordConsent(email, { action: 'subscribe', themes: pending, source: input.source, at: now.toISOString(), ip: input.ip });
  const link = confirmLink({ publicBaseUrl: deps.config.publicBaseUrl, tokenKeys: tokenKeysOf(deps.config), confirmTokenTtlHours: deps.config.confirmTokenTtlHours }, email, pending, now);
  await sendTransactional(deps, 'confirm', email, { themes: pending.map((id) => deps.themes.find((t) => t.id === id)!.title), links: { confirm: link }, ttlHours: deps.config.confirmTokenTtlHours });
  return { mailed: true };
}
