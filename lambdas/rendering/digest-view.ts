/**
 * The digest's view: the data its template is filled with (subject, preheader, heading,
 * summary, excerpts with safe links, footer with link placeholders), and the plain-text
 * part built from the same data.
 */
import type { Digest } from '../domain/types.ts';
import { safeHttpUrl } from './safe-url.ts';

export interface IssueOptions {
  publicBaseUrl: string;
  postalAddress: string;
  newsletterName?: string;
  lang?: string;
  /** The day the issue is for (its period), YYYY-MM-DD; defaults to the digest's date. */
  issueDate?: string;
}

export interface DigestView {
  lang: string;
  subject: string;
  preheader: string;
  heading: string;
  newsletterName: string;
  themeTitle: string;
  dateLabel: string;
  summary: { text: string; sourceTitle: string }[];
  /** `byline`: author, site and date of the source, as far as known ("Jane Doe · The Site · 2020-07-01"). */
  excerpts: { text: string; sourceTitle: string; sourceDate: string | null; sourceUrl: string | null; byline: string }[];
  postalAddress: string;
  links: { unsubscribe: string; preferences: string };
}

export const DEFAULT_NEWSLETTER_NAME = 'The Themed Newsletter';
const SUBJECT_MIN = 30;
const SUBJECT_MAX = 90;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** One line, no control characters: safe for a mail header. */
export function headerSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A subject of 30-90 characters: the theme and the issue date. */
export function digestSubject(digest: Digest, dateLabel: string, newsletterName: string): string {
  let subject = headerSafe(`${digest.theme.title}: your digest for ${dateLabel}`);
  if (subject.length < SUBJECT_MIN) subject = `${subject} | ${newsletterName}`;
  return clip(subject, SUBJECT_MAX);
}

/** Author, site and date of an excerpt's source, those that are known, joined by " · ". */
export function bylineOf(e: { sourceAuthor?: string | null; sourceSite?: string | null; sourceDate: string | null }): string {
  return [e.sourceAuthor, e.sourceSite, e.sourceDate].filter((x): x is string => !!x && !!x.trim()).map((x) => headerSafe(x)).join(' · ');
}

/**
 * Builds the view of a digest.
 * @param placeholders per-recipient link placeholders filled in later by personalize()
 */
export function digestView(digest: Digest, opts: IssueOptions, placeholders: { unsubscribe: string; preferences: string }): DigestView {
  const newsletterName = opts.newsletterName ?? DEFAULT_NEWSLETTER_NAME;
  const day = opts.issueDate && /^\d{4}-\d{2}-\d{2}/.test(opts.issueDate) ? `${opts.issueDate.slice(0, 10)}T12:00:00Z` : digest.generatedAt;
  const dateLabel = new Date(day).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const titleOf = (id: string) => digest.sources.find((s) => s.id === id)?.title ?? digest.excerpts.find((e) => e.sourceId === id)?.sourceTitle ?? id;
  const first = digest.summary.sentences[0]?.text ?? digest.excerpts[0]?.text ?? `The latest passages on ${digest.theme.title}.`;
  return {
    lang: opts.lang ?? 'en',
    subject: digestSubject(digest, dateLabel, newsletterName),
    preheader: clip(headerSafe(first), 110),
    heading: digest.theme.title,
    newsletterName,
    themeTitle: digest.theme.title,
    dateLabel,
    summary: digest.summary.sentences.map((s) => ({ text: s.text, sourceTitle: titleOf(s.sourceId) })),
    excerpts: digest.excerpts.map((e) => ({ text: e.text, sourceTitle: e.sourceTitle, sourceDate: e.sourceDate, sourceUrl: safeHttpUrl(e.sourceUrl), byline: bylineOf(e) })),
    postalAddress: opts.postalAddress,
    links: placeholders,
  };
}

/** The plain-text part of a digest, from the same view. */
export function digestText(view: DigestView): string {
  const lines: string[] = [view.heading, `${view.newsletterName} · ${view.dateLabel}`, ''];
  if (view.summary.length) {
    lines.push('IN BRIEF', '');
    for (const s of view.summary) lines.push(`- "${s.text}" (${s.sourceTitle})`);
    lines.push('');
  }
  view.excerpts.forEach((e, i) => {
    lines.push(`${i + 1}. ${e.sourceTitle}${e.byline ? ` (${e.byline})` : ''}`, '', e.text);
    if (e.sourceUrl) lines.push(`Read at the source: ${e.sourceUrl}`);
    lines.push('');
  });
  if (!view.excerpts.length) lines.push('Nothing new on this theme this time.', '');
  lines.push('--', `Unsubscribe from ${view.themeTitle}: ${view.links.unsubscribe}`, `Change your email preferences: ${view.links.preferences}`, view.postalAddress);
  return lines.join('\n');
}
