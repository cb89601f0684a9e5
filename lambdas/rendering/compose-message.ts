/**
 * MIME composition with nodemailer's MailComposer: HTML and plain-text alternatives, the
 * one-click unsubscribe headers (RFC 8058), and header values that can never carry CR/LF.
 * No mjml or handlebars here: the send worker imports this.
 */
import MailComposer from 'nodemailer/lib/mail-composer';

export interface MessageInput {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** List-Unsubscribe value (angle-bracketed URLs); adds List-Unsubscribe-Post one-click. */
  listUnsubscribe?: string;
  headers?: Record<string, string>;
  /**
   * Headers whose values are finished header text (printable ASCII, e.g. List-Id's quoted
   * phrase, see list-headers.ts): folded but never re-encoded. MailComposer would encode a
   * value holding a quote as a whole RFC 2047 word.
   * @throws Error (from composeMessage) when a value holds anything but printable ASCII
   */
  preparedHeaders?: Record<string, string>;
  messageId?: string;
  date?: Date;
  /** Transfer encoding of the bodies (default quoted-printable). */
  encoding?: 'quoted-printable' | 'base64';
}

/** Removes CR, LF and other control characters from a header value. */
export function cleanHeader(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * Builds a complete RFC 5322 message.
 * @returns the raw message bytes, ready for SES (raw content)
 */
export async function composeMessage(input: MessageInput): Promise<Buffer> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[cleanHeader(k).replace(/[^A-Za-z0-9-]/g, '')] = cleanHeader(v);
  if (input.listUnsubscribe) {
    headers['List-Unsubscribe'] = cleanHeader(input.listUnsubscribe);
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const prepared: Record<string, { prepared: boolean; value: string }> = {};
  for (const [k, v] of Object.entries(input.preparedHeaders ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(k) || !/^[\x20-\x7e]*$/.test(v)) throw new Error(`compose message: the prepared header '${k.replace(/[^\x20-\x7e]/g, '?').slice(0, 40)}' is not printable ASCII`);
    // foldLines: MailComposer folds a long line at the value's spaces (read by nodemailer at run time; not in its
    // types). A value without spaces (Feedback-ID) could only be folded after the colon: it stays on its line.
    prepared[k] = { prepared: true, foldLines: / /.test(v), value: v } as { prepared: boolean; value: string };
  }
  const composer = new MailComposer({
    from: cleanHeader(input.from),
    to: cleanHeader(input.to),
    subject: cleanHeader(input.subject),
    text: input.text,
    html: input.html,
    headers: { ...prepared, ...headers },
    messageId: input.messageId ? cleanHeader(input.messageId) : undefined,
    date: input.date,
    textEncoding: input.encoding ?? 'quoted-printable',
  });
  return new Promise((resolve, reject) => composer.compile().build((err, message) => (err ? reject(err) : resolve(message))));
}
