/**
 * An issue mail's list identity: `List-Id` (RFC 2919) and `Feedback-ID` (Gmail's Feedback
 * Loop), both fixed per issue, so they are built once into the issue's message template.
 * The values come out as finished header text (printable ASCII, no CR/LF) for
 * composeMessage's `preparedHeaders`: MailComposer would otherwise encode a value holding a
 * quote as one RFC 2047 word, angle brackets and all, and break the list id.
 *
 * The theme title is the List-Id's display phrase: control characters (CR/LF included) become
 * spaces, runs of spaces one, and it is cut to TITLE_MAX characters. A printable-ASCII title
 * goes in a quoted-string with `\` and `"` escaped; a title with any other character is
 * RFC 2047-encoded (UTF-8, Q, as a phrase allows: RFC 2047 5(3)) rather than stripped, so a
 * reader's client can still show "Café Society" by name. Encoded words are not quoted, as
 * RFC 2047 forbids them inside a quoted-string.
 */
import { domainToASCII } from 'node:url';
import { encodeWord } from 'nodemailer/lib/mime-funcs';

/** The longest theme title kept in List-Id (characters), so the header stays a sensible size. */
export const TITLE_MAX = 150;

/** What the headers are built from: the issue (its theme as it was built) and the sender. */
export interface ListIdentity {
  issue: { id: string; themeId: string; digest: { theme: { title: string } } };
  fromAddress: string;
  /** Feedback-ID's sender id (NEWSLETTER_FEEDBACK_SENDER_ID); the From domain when null. */
  feedbackSenderId?: string | null;
}

/** The domain of a From value (`Name <a@b.example>` or `a@b.example`), lower-case ASCII; `newsletter.invalid` when it has none. */
export function fromDomain(from: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(from);
  const address = angle ? angle[1] : from;
  const at = address.lastIndexOf('@');
  const raw = at >= 0 ? address.slice(at + 1).trim() : '';
  const ascii = (raw && domainToASCII(raw)) || raw;
  const clean = ascii.toLowerCase().replace(/[^a-z0-9.-]/g, '').replace(/^[.-]+|[.-]+$/g, '');
  return clean || 'newsletter.invalid';
}

/** The list id's label from a theme id: lower-case letters, digits and single hyphens. */
function listLabel(themeId: string): string {
  return themeId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-|-$/g, '') || 'newsletter';
}

/** The display phrase of a title: quoted when printable ASCII, else RFC 2047 words; '' when nothing is left. */
export function listPhrase(title: string): string {
  const oneLine = title.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const cut = Array.from(oneLine).slice(0, TITLE_MAX).join('').trim();
  if (!cut) return '';
  if (/^[\x20-\x7e]*$/.test(cut)) return `"${cut.replace(/["\\]/g, '\\$&')}"`;
  return encodeWord(cut, 'Q', 52);
}

/** `List-Id: "<title>" <theme.list-id.domain>` (RFC 2919). */
export function listIdValue(themeId: string, title: string, domain: string): string {
  const phrase = listPhrase(title);
  const id = `<${listLabel(themeId)}.list-id.${domain}>`;
  return phrase ? `${phrase} ${id}` : id;
}

/** One Feedback-ID field: visible ASCII without ':' (the separator), each other character a '-'. */
const feedbackField = (s: string): string => s.replace(/[^\x21-\x7e]|:/g, '-') || '-';

/** `Feedback-ID: ISSUE:THEME:newsletter:SENDER`. */
export function feedbackIdValue(issueId: string, themeId: string, senderId: string): string {
  return [issueId, themeId, 'newsletter', senderId].map(feedbackField).join(':');
}

/** Both headers of an issue mail, as finished header text for composeMessage's `preparedHeaders`. */
export function issueListHeaders({ issue, fromAddress, feedbackSenderId }: ListIdentity): Record<'List-Id' | 'Feedback-ID', string> {
  const domain = fromDomain(fromAddress);
  return {
    'List-Id': listIdValue(issue.themeId, issue.digest.theme.title, domain),
    'Feedback-ID': feedbackIdValue(issue.id, issue.themeId, feedbackSenderId || domain),
  };
}
