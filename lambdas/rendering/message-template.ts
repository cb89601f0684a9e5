/**
 * A reader's message from a template built once per issue. MailComposer (nodemailer) builds
 * the whole MIME message once, with sentinels where the reader's parts go (the To address,
 * the List-Unsubscribe value, the Message-ID and both bodies, base64-encoded). A reader's
 * message is then the template's segments joined with that reader's values: no MIME
 * library work per reader, only the string fill and base64 of the two bodies.
 */
import { randomBytes } from 'node:crypto';
import { cleanHeader, composeMessage } from './compose-message.ts';

/** Sentinels (the bodies' hold one non-ASCII letter, so MailComposer base64-encodes them). */
const TO = 'nl-to-sentinel-7f3a@recipient.invalid';
const LIST_UNSUBSCRIBE = '<https://list-unsubscribe.invalid/sentinel-7f3a>';
const MESSAGE_ID = 'nlmsgidsentinel7f3a';
const TEXT = 'NLTEXTSENTINEL7F3A\u00e9';
const HTML = 'NLHTMLSENTINEL7F3A\u00e9';
const b64 = (s: string) => Buffer.from(s).toString('base64');

export interface TemplateInput {
  from: string;
  subject: string;
  headers?: Record<string, string>;
  /** Whether the message carries List-Unsubscribe (and the one-click header). */
  listUnsubscribe: boolean;
}

export interface ReaderParts {
  to: string;
  html: string;
  text: string;
  listUnsubscribe?: string;
}

export interface MessageTemplate {
  /** The reader's complete RFC 5322 message. */
  fill(parts: ReaderParts): Buffer;
}

/** Base64 in lines of 76 characters, as MIME wants it. */
export function base64Lines(text: string): string {
  const s = Buffer.from(text, 'utf8').toString('base64');
  if (s.length <= 76) return s;
  const lines: string[] = new Array(Math.ceil(s.length / 76));
  for (let i = 0, j = 0; i < s.length; i += 76, j++) lines[j] = s.slice(i, i + 76);
  return lines.join('\r\n');
}

/**
 * Builds the template of an issue's message.
 * @throws Error when MailComposer's output does not hold every sentinel once (never silently wrong)
 */
export async function compileMessageTemplate(input: TemplateInput): Promise<MessageTemplate> {
  const raw = (
    await composeMessage({
      from: input.from,
      to: TO,
      subject: input.subject,
      html: HTML,
      text: TEXT,
      headers: input.headers,
      listUnsubscribe: input.listUnsubscribe ? LIST_UNSUBSCRIBE : undefined,
      messageId: `<${MESSAGE_ID}@${(/@([^>\s]+)/.exec(input.from)?.[1] ?? 'newsletter.invalid').replace(/[^A-Za-z0-9.-]/g, '')}>`,
      encoding: 'base64',
    })
  ).toString('latin1');
  const marks = [
    { key: 'to', at: TO },
    { key: 'text', at: b64(TEXT) },
    { key: 'html', at: b64(HTML) },
    { key: 'id', at: MESSAGE_ID },
    ...(input.listUnsubscribe ? [{ key: 'unsub', at: LIST_UNSUBSCRIBE }] : []),
  ] as const;
  const found: { key: string; index: number; length: number }[] = [];
  for (const m of marks) {
    let from = 0;
    for (let i = raw.indexOf(m.at, from); i >= 0; i = raw.indexOf(m.at, from)) {
      found.push({ key: m.key, index: i, length: m.at.length });
      from = i + m.at.length;
    }
  }
  for (const k of ['to', 'text', 'html', 'id']) if (!found.some((f) => f.key === k)) throw new Error(`message template: ${k} sentinel not found in the composed message`);
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
      if (!/^[\x21-\x7e]+$/.test(to)) throw new Error('message template: the address is not plain ASCII; compose it in full instead');
      const values: Record<string, string> = {
        to,
        text: base64Lines(parts.text),
        html: base64Lines(parts.html),
        id: randomBytes(12).toString('hex'),
        unsub: cleanHeader(parts.listUnsubscribe ?? ''),
      };
      let out = segments[0];
      for (let i = 0; i < keys.length; i++) out += values[keys[i]] + segments[i + 1];
      return Buffer.from(out, 'latin1');
    },
  };
}
