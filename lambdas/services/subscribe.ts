/**
 * subscribe: takes a subscribe request from the public API. Validates the address and the
 * themes, applies the per-network rate limit, and puts the request on the outbox: the same
 * work whatever the address's state, so neither the answer nor its timing tells whether the
 * address is known, and SES being down loses nothing (the mail leaves once it is back).
 * startDoubleOptIn is the delivery (the outbox worker, and trusted callers such as the CLI
 * and inbound mail): per-mailbox limit, suppression, pending status, consent, confirmation
 * mail; suppressed addresses and already active themes get no mail.
 */
import { statusAfterSubscribe } from '../domain/subscriptions/consent-rules.ts';
import { randomUUID } from 'node:crypto';
import { normalizeEmail, emailProblem } from '../domain/subscriptions/email-address.ts';
import { confirmLink, tokenKeysOf } from '../domain/subscriptions/links.ts';
import { mailboxKey, networkKey } from '../domain/subscriptions/rate-keys.ts';
import type { ConsentRecord } from '../ports/subscriber-store.ts';
import type { SubscribeRequest } from '../ports/outbox.ts';
import { RateLimitedError, ServiceUnavailableError, ValidationError } from '../errors.ts';
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
  const list: unknown[] = Array.isArray(themes) ? themes : typeof themes === 'string' ? themes.split(/[;,]/) : [];
  // Only strings: an object such as {"toString": 1} is bad input, not something to convert.
  if (list.length > 50 || list.some((t) => typeof t !== 'string')) throw new ValidationError('themes must be a list of theme ids', `known: ${deps.themes.map((t) => t.id).join(', ')}`);
  const ids = [...new Set((list as string[]).map((t) => t.trim()).filter(Boolean))];
  if (!ids.length) throw new ValidationError('choose at least one theme', `known: ${deps.themes.map((t) => t.id).join(', ')}`);
  const unknown = ids.filter((id) => !deps.themes.some((t) => t.id === id));
  if (unknown.length) throw new ValidationError(`unknown theme '${unknown[0]}'`, `known: ${deps.themes.map((t) => t.id).join(', ')}`);
  return ids;
}

/** An outbox job id that sorts by time (so the outbox's first pages hold the oldest requests), then random. */
export function outboxJobId(now: Date): string {
  return `${now.getTime().toString(36).padStart(10, '0')}${randomUUID().replaceAll('-', '')}`;
}

/**
 * Takes a subscribe request (the public API): validated, rate-limited per network, queued.
 * @throws ValidationError, RateLimitedError, ServiceUnavailableError (nothing stored)
 */
export async function subscribe(deps: SubscriptionDeps, input: SubscribeInput): Promise<{ queued: true }> {
  const problem = emailProblem(input.email);
  if (problem) throw new ValidationError(problem);
  const email = normalizeEmail(input.email as string);
  const themes = validThemes(deps, input.themes);
  const now = deps.clock.now();
  if (!deps.outbox) throw new ServiceUnavailableError('the subscription queue', 'the outbox is not wired in this deployment');
  if (input.ip && !(await deps.limiter.hit(`ip:${networkKey(input.ip)}`, LIMITS.perIpPerHour, 3600, now))) throw new RateLimitedError('this network');
  const request: SubscribeRequest = { email, themes, source: input.source as SubscribeRequest['source'], ip: input.ip, at: now.toISOString() };
  const id = outboxJobId(now);
  await deps.outbox.enqueue(id, request, now.getTime());
  deps.outboxWake?.();
  return { queued: true };
}

/**
 * Delivers a subscribe request: marks the themes pending, records consent and mails the
 * confirmation link. Safe to repeat (a retried delivery writes the same state; with a
 * `consentKey` the same consent record).
 * @param opts.countRate whether this delivery counts against the mailbox's hourly limit (a
 *   retry of a request already counted does not)
 * @returns whether a confirmation mail was sent, and whether the mailbox's limit stopped it
 *   (for logs and tests, never shown to the caller)
 * @throws MailerError when the mail could not go (the outbox retries)
 */
export async function startDoubleOptIn(deps: SubscriptionDeps, request: Omit<SubscribeRequest, 'at'> & { at?: string; consentKey?: string }, opts: { countRate?: boolean } = {}): Promise<{ mailed: boolean; limited?: boolean }> {
  const email = normalizeEmail(request.email);
  const themes = validThemes(deps, request.themes);
  const now = request.at ? new Date(request.at) : deps.clock.now();
  const counted = opts.countRate ?? true;
  if (counted && !(await deps.limiter.hit(`addr:${mailboxKey(email)}`, LIMITS.perAddressPerHour, 3600, deps.clock.now()))) return { mailed: false, limited: true };
  if (await deps.suppression.isSuppressed(email)) return { mailed: false };
  const existing = await deps.store.get(email);
  const statusOf = (id: string) => existing?.themes.find((t) => t.themeId === id)?.status;
  const pending = themes.filter((id) => statusOf(id) !== 'active');
  if (!pending.length) return { mailed: false };
  // A theme the reader left stays left: only the link in their mailbox brings it back.
  const marked = pending.filter((id) => statusAfterSubscribe(statusOf(id)) === 'pending');
  if (marked.length) await deps.store.setThemes(email, marked.map((themeId) => ({ themeId, status: 'pending' as const })), now.toISOString());
  await deps.store.recordConsent(email, { action: 'subscribe', themes: pending, source: request.source, at: now.toISOString(), ip: request.ip, key: request.consentKey });
  const link = confirmLink({ publicBaseUrl: deps.config.publicBaseUrl, tokenKeys: tokenKeysOf(deps.config), confirmTokenTtlHours: deps.config.confirmTokenTtlHours }, email, pending, deps.clock.now());
  await sendTransactional(deps, 'confirm', email, { themes: pending.map((id) => deps.themes.find((t) => t.id === id)!.title), links: { confirm: link }, ttlHours: deps.config.confirmTokenTtlHours });
  return { mailed: true };
}
