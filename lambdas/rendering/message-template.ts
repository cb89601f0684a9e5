/**
 * A reader's message from a template built once per issue. MailComposer (nodemailer) builds
 * the whole MIME message once (the issue's fixed headers, List-Id and Feedback-ID among
 * them), with sentinels where the reader's parts go (the To address,
 * the List-Unsubscribe value, the Message-ID and both bodies, base64-encoded). A reader's
 * message is then the template's segments joined with that reader's values: no MIME
 * library work per reader, only the string fill; the bodies come encoded from their
 * base64-body templates (compileIssueMessageTemplate puts the two together).
 */
import { createHash, randomBytes } from 'node:crypto';
import { compileBase64Body, type Base64Body } from './base64-body.ts';
import type { CompiledIssue } from './compiled-issue.ts';
import { personalSlots, slotValues, type PersonalLinks } from './personalize.ts';
import { cleanHeader, composeMessage } from './compose-message.ts';
import { issueListHeaders, type ListIdentity } from './list-headers.ts';

/**
 * The sentinels of one template. A fresh random nonce per template makes them unguessable, so
 * no subject, address or corpus text can hold one and be replaced per reader (the bodies' hold
 * one non-ASCII letter, so MailComposer base64-encodes them).
 */
function sentinelsFor(nonce: string) {
  return {
    to: `nl-to-${nonce}@recipient.invalid`,
    listUnsubscribe: `<https://list-unsubscribe.invalid/${nonce}>`,
    messageId: `nlmsgid${nonce}`,
    text: `NLTEXT${nonce}\u00e9`,
    html: `NLHTML${nonce}\u00e9`,
  };
}
const randomNonce = () => randomBytes(12).toString('hex');
const b64 = (s: string) => Buffer.from(s).toString('base64');

export interface TemplateInput {
  from: string;
  subject: string;
  headers?: Record<string, string>;
  /** Finished header text written as it is (see composeMessage). */
  preparedHeaders?: Record<string, string>;
  /** Whether the message carries List-Unsubscribe (and the one-click header). */
  listUnsubscribe: boolean;
}

/** A reader's parts, the bodies already in base64 lines (see base64-body.ts). */
export interface ReaderParts {
  to: string;
  listUnsubscribe?: string;
  htmlBase64: string;
  textBase64: string;
}

export interface MessageTemplate {
  /** The reader's complete RFC 5322 message. */
  fill(parts: ReaderParts): Buffer;
}

/** Whether a template can take this address (else compose the message in full). */
export const fillsAddress = (to: string): boolean => /^[\x21-\x7e]+$/.test(to);

/**
 * Builds the template of an issue's message.
 * @param nonce makes the sentinels (random unless a test passes its own)
 * @throws Error when MailComposer's output does not hold every sentinel exactly once (never silently wrong)
 */
export async function compileMessageTemplate(input: TemplateInput, nonce: () => string = randomNonce): Promise<MessageTemplate> {
  // The message's own text (subject, From, headers) must hold no sentinel: draw again if it does.
  const own = [input.from, input.subject, ...Object.entries({ ...input.headers, ...input.preparedHeaders }).flat()].join('\n');
  let s = sentinelsFor(nonce());
  for (let tries = 1; Object.values(s).some((v) => own.includes(v) || own.includes(b64(v))); tries++) {
    if (tries >= 5) throw new Error('message template: the message text holds the sentinels');
    s = sentinelsFor(nonce());
  }
  const raw = (
    await composeMessage({
      from: input.from,
      to: s.to,
      subject: input.subject,
      html: s.html,
      text: s.text,
      headers: input.headers,
      preparedHeaders: input.preparedHeaders,
      listUnsubscribe: input.listUnsubscribe ? s.listUnsubscribe : undefined,
      messageId: `<${s.messageId}@${(/@([^>\s]+)/.exec(input.from)?.[1] ?? 'newsletter.invalid').replace(/[^A-Za-z0-9.-]/g, '')}>`,
      encoding: 'base64',
    })
  ).toString('latin1');
  const marks = [
    { key: 'to', at: s.to },
    { key: 'text', at: b64(s.text) },
    { key: 'html', at: b64(s.html) },
    { key: 'id', at: s.messageId },
    ...(input.listUnsubscribe ? [{ key: 'unsub', at: s.listUnsubscribe }] : []),
  ] as const;
  const found: { key: string; index: number; length: number }[] = [];
  for (const m of marks) {
    let from = 0;
    for (let i = raw.indexOf(m.at, from); i >= 0; i = raw.indexOf(m.at, from)) {
      found.push({ key: m.key, index: i, length: m.at.length });
      from = i + m.at.length;
    }
    const n = found.filter((f) => f.key === m.key).length;
    if (n !== 1) throw new Error(`message template: the ${m.key} sentinel is ${n ? `${n} times` : 'not'} in the composed message`);
  }
  found.sort((a, b) => a.index - b.index);
  const segments: string[] = [];
  const keys: string[] = [];
  let pos = 0;
  for (const f of found) {
    segments.push(raw.slice(pos, f.index));
    keys.push(f.key);
    pos = f.index + f.length;
  }
  segments.push(raw.slice(pos));
  return {
    fill(parts: ReaderParts): Buffer {
      const to = cleanHeader(parts.to);
      if (!fillsAddress(to)) throw new Error('message template: the address is not plain ASCII; compose it in full instead');
      const values: Record<string, string> = {
        to,
        text: parts.textBase64,
        html: parts.htmlBase64,
        id: randomBytes(12).toString('hex'),
        unsub: cleanHeader(parts.listUnsubscribe ?? ''),
      };
      let out = segments[0];
      for (let i = 0; i < keys.length; i++) out += values[keys[i]] + segments[i + 1];
      return Buffer.from(out, 'latin1');
    },
  };
}

/** An issue's whole message, compiled once: headers with the reader's slots, and both bodies in base64 with the link slots. */
export interface IssueMessageTemplate {
  /** Content fingerprint of what it was compiled from (id, theme, subject, bodies). */
  key: string;
  /** The reader's complete message; `to` must be plain ASCII (check with `fillsAddress`). */
  fill(reader: { to: string; listUnsubscribe?: string; links: PersonalLinks }): Buffer;
}

/** What an issue's message template is compiled from: the compiled issue, its id and its theme (for List-Id and Feedback-ID). */
export type TemplateIssue = { subject: string } & ListIdentity['issue'] & Pick<CompiledIssue, 'html' | 'text' | 'placeholders'>;

/** The fingerprint an issue's message template is cached under. */
export function issueTemplateKey(issue: Omit<TemplateIssue, 'placeholders'>): string {
  return createHash('sha1').update(`${issue.id}\u0000${issue.themeId}\u0000${issue.digest.theme.title}\u0000${issue.subject}\u0000${issue.html}\u0000${issue.text}`).digest('base64');
}

/**
 * Compiles an issue's message template: MailComposer once for the headers and structure
 * (List-Id and Feedback-ID included: they are fixed per issue), and the HTML and text bodies
 * with their fixed parts in base64 already.
 * @param opts.feedbackSenderId Feedback-ID's sender id (config feedbackSenderId; the From domain when null)
 */
export async function compileIssueMessageTemplate(from: string, issue: TemplateIssue, opts: { feedbackSenderId?: string | null } = {}): Promise<IssueMessageTemplate> {
  const preparedHeaders = issueListHeaders({ issue, fromAddress: from, feedbackSenderId: opts.feedbackSenderId });
  const message = await compileMessageTemplate({ from, subject: issue.subject, headers: { 'X-Newsletter-Issue': issue.id }, preparedHeaders, listUnsubscribe: true });
  const slots = personalSlots(issue);
  const html: Base64Body = compileBase64Body(issue.html, slots);
  const text: Base64Body = compileBase64Body(issue.text, slots);
  return {
    key: issueTemplateKey(issue),
    fill({ to, listUnsubscribe, links }) {
      const values = slotValues(links);
      return message.fill({ to, listUnsubscribe, htmlBase64: html.fill(values.html), textBase64: text.fill(values.text) });
    },
  };
}
