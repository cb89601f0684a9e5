/**
 * receiveInboundEmail: subscribe or unsubscribe by sending an email. "subscribe" (to
 * subscribe+THEME@ or in the subject) starts double opt-in for the sender; "unsubscribe"
 * unsubscribes. Acts only when the receiving server vouched for the From domain (DMARC pass,
 * or with no DMARC policy an SPF or DKIM pass for an aligned domain: see dmarc-alignment.ts),
 * from its own verdicts only: SES's receipt verdicts, or the topmost Authentication-Results
 * header when its authserv-id is the trusted one (see authentication-results.ts); headers the
 * sender wrote never count. Never acts on auto-replies (Auto-Submitted, Precedence
 * bulk/list/junk, MAILER-DAEMON, empty return path) or on a message without exactly one From.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { authenticationFacts, SES_AUTHSERV_ID, trustedAuthenticationResults, type ReceiptVerdicts } from '../domain/subscriptions/authentication-results.ts';
import { alignmentProblem } from '../domain/subscriptions/dmarc-alignment.ts';
import { emailProblem, normalizeEmail } from '../domain/subscriptions/email-address.ts';
import { startDoubleOptIn, subscribe } from './subscribe.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

export type { ReceiptVerdicts } from '../domain/subscriptions/authentication-results.ts';
export type { Verdict } from '../domain/subscriptions/dmarc-alignment.ts';

export interface InboundResult {
  action: 'subscribe' | 'unsubscribe' | 'ignored';
  reason: string;
  themes: string[];
}

export interface InboundOptions {
  /** SES's receipt verdicts and envelope sender (the receipt Lambda has them; a local .eml does not). */
  receipt?: ReceiptVerdicts;
  /** The authserv-id whose Authentication-Results header is trusted (default amazonses.com). */
  trustedAuthServId?: string;
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '')).filter(Boolean);
}

/**
 * The envelope sender from the topmost Return-Path (the receiving server writes it above the
 * sender's headers): '' for the null path `<>`, undefined when there is none. mailparser gives
 * it as an address object (an array of them when repeated).
 */
export function returnPathOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  if (typeof first === 'string') return first.trim().replace(/^<\s*|\s*>$/g, '');
  const v = (first as Partial<AddressObject>).value;
  return Array.isArray(v) ? (v[0]?.address ?? '') : String((first as { text?: unknown }).text ?? '');
}

/**
 * Handles one inbound message.
 * @param raw the message as received
 */
export async function receiveInboundEmail(deps: SubscriptionDeps, raw: Buffer, opts: InboundOptions = {}): Promise<InboundResult> {
  const mail = await simpleParser(raw);
  // A plain header's text; mailparser gives some as { value, params } and a repeated one as an array (the topmost first).
  const header = (name: string): string | undefined => {
    const value = mail.headers.get(name);
    const v = Array.isArray(value) ? value[0] : value;
    if (typeof v === 'string') return v;
    return v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string' ? (v as { value: string }).value : undefined;
  };
  const ignore = (reason: string): InboundResult => ({ action: 'ignored', reason, themes: [] });
  // One From line with one address: with two, DMARC may have judged one and we would act for the other.
  const fromLines = mail.headerLines.filter((h) => h.key === 'from').length;
  const fromAddresses = addresses(mail.from);
  if (fromLines !== 1 || fromAddresses.length !== 1) return ignore('the message must have exactly one From address');
  const from = fromAddresses[0];
  // The same rules as the form: no address the web form would refuse (e.g. `=cmd|...@x`) is stored from mail either.
  const invalid = emailProblem(from);
  if (invalid) return ignore(`the From address is refused: ${invalid}`);
  const fromDomain = from.slice(from.lastIndexOf('@') + 1);
  const trusted = trustedAuthenticationResults(mail.headerLines, opts.trustedAuthServId ?? SES_AUTHSERV_ID);
  if (!trusted && !opts.receipt) return ignore(`authentication did not vouch for the sender: no Authentication-Results from ${opts.trustedAuthServId ?? SES_AUTHSERV_ID} on top of the message`);
  const problem = alignmentProblem(fromDomain, authenticationFacts(trusted, opts.receipt));
  if (problem) return ignore(`authentication did not vouch for the sender: ${problem}`);
  const auto = header('auto-submitted');
  if (auto && auto.toLowerCase() !== 'no') return ignore('auto-submitted message');
  if (/^(bulk|list|junk)$/i.test(header('precedence') ?? '')) return ignore('bulk, list or junk precedence');
  if (/^(mailer-daemon|postmaster)@/i.test(from)) return ignore('sent by a mail system');
  const returnPath = opts.receipt?.envelopeFrom ?? returnPathOf(mail.headers.get('return-path'));
  if (typeof returnPath === 'string' && !returnPath.trim().replace(/^<\s*>$/, '')) return ignore('empty return path (a bounce)');

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
    // Through the outbox where there is one (on AWS, and beside the local API), like a form
    // subscribe: SES down at this moment delays the confirmation instead of losing it.
    if (deps.outbox) {
      await subscribe(deps, { email, themes, source: 'email', ip: null });
      return { action: 'subscribe', reason: 'confirmation queued (double opt-in)', themes };
    }
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
