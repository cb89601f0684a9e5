/**
 * receiveInboundEmail: subscribe or unsubscribe by sending an email. "subscribe" (to
 * subscribe+THEME@ or in the subject) starts double opt-in for the sender; "unsubscribe"
 * unsubscribes. Acts only when the From domain is vouched for (DMARC pass, or with no DMARC
 * policy an SPF or DKIM pass for an aligned domain: see dmarc-alignment.ts) and never on
 * auto-replies (Auto-Submitted, Precedence bulk/list/junk, MAILER-DAEMON, empty return path).
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { alignmentProblem } from '../domain/subscriptions/dmarc-alignment.ts';
import { normalizeEmail } from '../domain/subscriptions/email-address.ts';
import { startDoubleOptIn } from './subscribe.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'NONE';
export interface Verdicts {
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
}

export interface InboundResult {
  action: 'subscribe' | 'unsubscribe' | 'ignored';
  reason: string;
  themes: string[];
}

/** Reads verdicts from an Authentication-Results header (for a local .eml). */
export function verdictsFromHeader(value: string | undefined): Verdicts {
  const get = (k: string): Verdict => {
    const m = new RegExp(`\\b${k}=(\\w+)`, 'i').exec(value ?? '');
    return m ? (m[1].toUpperCase() === 'PASS' ? 'PASS' : m[1].toUpperCase() === 'NONE' ? 'GRAY' : 'FAIL') : 'NONE';
  };
  return { spf: get('spf'), dkim: get('dkim'), dmarc: get('dmarc') };
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '')).filter(Boolean);
}

/**
 * Handles one inbound message.
 * @param raw the message as received
 * @param verdicts SES receipt verdicts (or read from Authentication-Results locally)
 */
export async function receiveInboundEmail(deps: SubscriptionDeps, raw: Buffer, verdicts?: Verdicts): Promise<InboundResult> {
  const mail = await simpleParser(raw);
  const header = (name: string) => {
    const v = mail.headers.get(name);
    return typeof v === 'string' ? v : v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : v ? String(v) : undefined;
  };
  const ignore = (reason: string): InboundResult => ({ action: 'ignored', reason, themes: [] });
  const results = header('authentication-results');
  const v = verdicts ?? verdictsFromHeader(results);
  const fromAddress = addresses(mail.from)[0] ?? '';
  const fromDomain = fromAddress.split('@')[1] ?? '';
  const domainOf = (s: string | undefined | null) => (s ? (/@?([A-Za-z0-9.-]+\.[A-Za-z]{2,})>?\s*$/.exec(s.trim())?.[1] ?? null) : null);
  const spfDomain = domainOf(/smtp\.mailfrom=([^\s;]+)/i.exec(results ?? '')?.[1]) ?? domainOf(header('return-path'));
  const dkimDomain = domainOf(/header\.(?:d|i)=@?([^\s;]+)/i.exec(results ?? '')?.[1]) ?? domainOf(/\bd=([^\s;]+)/.exec(header('dkim-signature') ?? '')?.[1]);
  const problem = fromDomain ? alignmentProblem(fromDomain, { ...v, spfDomain, dkimDomain }) : 'no From address';
  if (problem) return ignore(`authentication did not vouch for the sender: ${problem}`);
  const auto = header('auto-submitted');
  if (auto && auto.toLowerCase() !== 'no') return ignore('auto-submitted message');
  if (/^(bulk|list|junk)$/i.test(header('precedence') ?? '')) return ignore('bulk, list or junk precedence');
  const from = addresses(mail.from)[0];
  if (!from || /^(mailer-daemon|postmaster)@/i.test(from)) return ignore('sent by a mail system');
  const returnPath = header('return-path');
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath.trim())) return ignore('empty return path (a bounce)');

  const to = addresses(mail.to);
  const plus = to.map((a) => /^(subscribe|unsubscribe)\+([a-z0-9-]+)@/i.exec(a)).find(Boolean);
  const subject = (mail.subject ?? '').toLowerCase();
  const intent = plus ? (plus[1].toLowerCase() as 'subscribe' | 'unsubscribe') : /\bunsubscribe\b/.test(subject) ? 'unsubscribe' : /\bsubscribe\b/.test(subject) ? 'subscribe' : null;
  if (!intent) return ignore('no subscribe or unsubscribe request');
  const named = plus ? [plus[2]] : deps.themes.map((t) => t.id).filter((id) => subject.includes(id));
  const themes = named.filter((id) => deps.themes.some((t) => t.id === id));
  const email = normalizeEmail(from);
  if (intent === 'subscribe') {
    if (!themes.length) return ignore('no known theme named (write to subscribe+THEME@ or put the theme id in the subject)');
    await startDoubleOptIn(deps, { email, themes, source: 'email', ip: null });
    return { action: 'subscribe', reason: 'confirmation mailed (double opt-in)', themes };
  }
  const sub = await deps.store.get(email);
  const removed = (sub?.themes ?? []).filter((t) => t.status !== 'unsubscribed' && (!themes.length || themes.includes(t.themeId))).map((t) => t.themeId);
  const now = deps.clock.now().toISOString();
  if (removed.length) {
    await deps.store.setThemes(email, removed.map((themeId) => ({ themeId, status: 'unsubscribed' as const })), now);
    await deps.store.recordConsent(email, { action: 'unsubscribe', themes: removed, source: 'email', at: now, ip: null });
  }
  return { action: 'unsubscribe', reason: removed.length ? 'unsubscribed' : 'nothing to unsubscribe', themes: removed };
}
